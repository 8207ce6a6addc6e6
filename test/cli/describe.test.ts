import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

const seeds = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'seeds');

let home: string;
beforeAll(() => {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  home = mkdtempSync(join(tmpdir(), 'kubesim-cli-describe-'));
  for (const f of ['deployment-pi-web.yaml', 'pods-multischeduler.yaml']) expect(kubesim(home, ['apply', '-f', join(seeds, f)]).code).toBe(0);
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('kubesim describe', () => {
  it('describes a pod with what admission added, ending with its events', () => {
    const r = kubesim(home, ['describe', 'pod', 'annotation-second-scheduler']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Name:             annotation-second-scheduler\nNamespace:        default\nPriority:         0\nService Account:  default\n/);
    expect(r.stdout).toContain('Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n');
    expect(r.stdout.endsWith('Events:                      <none>\n')).toBe(true);
  });

  it('a name prefix describes every matching object, separated by a blank line', () => {
    const r = kubesim(home, ['describe', 'pods', 'annotation-']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^Name: /gm)).toHaveLength(2);
    expect(r.stdout).toContain('Events:                      <none>\n\n\nName:             annotation-second-scheduler\n');
  });

  it('a deployment shows its template and strategy', () => {
    const r = kubesim(home, ['describe', 'deploy/pi-web']);
    expect(r.stdout).toContain('RollingUpdateStrategy:  25% max unavailable, 25% max surge\n');
    expect(r.stdout).toContain('    Image:      kiamol/ch05-pi\n');
  });

  it.each([
    [['describe', 'pod', 'nope'], 'Error from server (NotFound): pods "nope" not found\n'],
    [['describe', 'podz', 'x'], 'error: the server doesn\'t have a resource type "podz"\n'],
  ])('kubesim %j fails as kubectl does', (args, stderr) => {
    expect(kubesim(home, args)).toEqual({ code: 1, stdout: '', stderr });
  });
});
