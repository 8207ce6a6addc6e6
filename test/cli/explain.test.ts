import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

/** kubectl 1.32's output for a case of test/golden/explain (see its README). */
const golden = (file: string) => readFileSync(join(fileURLToPath(new URL('.', import.meta.url)), '..', 'golden', 'explain', 'out', file), 'utf8');

let home: string;
beforeAll(() => {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  home = mkdtempSync(join(tmpdir(), 'kubesim-cli-explain-'));
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('kubesim explain', () => {
  it('prints a kind as kubectl does and exits 0', () => {
    expect(kubesim(home, ['explain', 'pods'])).toEqual({ code: 0, stdout: golden('a-kind-shows-its-description-and-its-fields.stdout'), stderr: '' });
  });

  it('-o is the short form of --output', () => {
    expect(kubesim(home, ['explain', 'configmaps.data', '-o', 'plaintext'])).toEqual({ code: 0, stdout: golden('o-is-the-short-form-of-output.stdout'), stderr: '' });
  });

  it('an unknown field prints the header, then fails with exit code 1', () => {
    const r = kubesim(home, ['explain', 'pods.spec.nope']);
    expect(r).toEqual({ code: 1, stdout: 'KIND:       Pod\nVERSION:    v1\n\n', stderr: 'error: field "nope" does not exist\n' });
  });

  it.each([
    [['explain', 'podz'], 'the server doesn\'t have a resource type "podz"\n'],
    [['explain'], 'error: You must specify the type of resource to explain. Use "kubesim api-resources" for a complete list of supported resources.\n'],
    [['explain', 'deployments', '--api-version=apps/v9'], 'error: couldn\'t find resource for "apps/v9, Resource=deployments"\n'],
  ])('kubesim %j fails as kubectl does, with exit code 1', (args, stderr) => {
    expect(kubesim(home, args)).toEqual({ code: 1, stdout: '', stderr });
  });

  it('--help describes the command, its flags and examples', () => {
    const r = kubesim(home, ['explain', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Describe fields and structure of various resources\.\n/);
    expect(r.stdout).toContain('Use "kubesim api-resources" for a complete list of supported resources.\n');
    expect(r.stdout).toContain('  # Get the documentation of a specific field of a resource\n  kubesim explain pods.spec.containers\n');
    for (const flag of ['--api-version', '-o, --output', '--recursive']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('kubesim explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2]');
  });
});
