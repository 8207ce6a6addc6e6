import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubesim } from '../support/cli.js';
import { ensureBuilt, repoRoot } from '../support/compiled.js';

/** What kubectl 1.32 did with each file (test/golden/yaml-errors/README.md says how it was captured). */
interface Run {
  verb: 'create' | 'apply';
  file: string;
  stdin?: boolean;
  code: number;
  stdout: string;
  stderr: string;
}
const golden = JSON.parse(readFileSync(join(repoRoot, 'test/golden/yaml-errors/goldens.json'), 'utf8')) as { runs: Run[] };
const cases = (name: string) => `test/golden/yaml-errors/cases/${name}`;
const kubectlRun = (verb: Run['verb'], file: string, stdin = false) => golden.runs.find((r) => r.verb === verb && r.file === file && !!r.stdin === stdin)!;

let home: string;
beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-manifests-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('kubesim create --dry-run=client -o json -f FILE prints what kubectl 1.32 prints, byte for byte', () => {
  it.each([
    [cases('error-missing-colon.yaml')],
    [cases('error-tab-indent.yaml')],
    [cases('error-over-indented-key.yaml')],
    [cases('error-under-indented-key-in-list.yaml')],
    [cases('error-unclosed-flow-sequence.yaml')],
    [cases('error-unclosed-double-quote.yaml')],
    [cases('error-second-document.yaml')],
    [cases('error-separator-with-content.yaml')],
    [cases('error-control-character.yaml')],
    [cases('json-trailing-comma.json')],
    [cases('json-truncated.json')],
    [cases('not-an-object-second-document.yaml')],
    [cases('missing-apiversion-and-kind.yaml')],
    [cases('pod-configmap-volume-octal-modes.yaml')],
    [cases('pod-env-value-yes.yaml')],
    [cases('scalars-booleans.yaml')],
    [cases('scalars-keys.yaml')],
    [cases('latin1-byte-becomes-replacement-character.yaml')],
    [cases('multi-document-with-leading-separator-and-empty-documents.yaml')],
    [cases('empty-file.yaml')],
    ['test/fixtures/seeds/pod-static-web-missing-colon.yaml'],
    ['test/fixtures/seeds/pods-multischeduler.yaml'],
  ])('%s', (file) => {
    const want = kubectlRun('create', file);
    const path = join(repoRoot, file);
    const got = kubesim(home, ['create', '--dry-run=client', '-o', 'json', '-f', path]);
    expect(got).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr.replaceAll(file, path) });
  });

  it('reads STDIN with `-f -` and names it STDIN', () => {
    const file = cases('error-second-document.yaml');
    const want = kubectlRun('create', file, true);
    expect(kubesim(home, ['create', '--dry-run=client', '-o', 'json', '-f', '-'], { stdin: readFileSync(join(repoRoot, file), 'utf8') })).toEqual({
      code: want.code,
      stdout: want.stdout,
      stderr: want.stderr,
    });
  });
});

describe('kubesim apply -f with manifests as kubectl reads them', () => {
  it.each([[cases('error-missing-colon.yaml')], [cases('error-flow-map-missing-comma.yaml')], ['test/fixtures/seeds/pod-random-generator-tabs.yaml']])(
    'a file that is not YAML is refused with kubectl apply\'s error and exit 1: %s',
    (file) => {
      const path = join(repoRoot, file);
      const want = kubectlRun('apply', file);
      expect(kubesim(home, ['apply', '-f', path])).toEqual({ code: 1, stdout: '', stderr: want.stderr.replaceAll(file, path) });
    },
  );

  it('the documents before a broken one are applied, then the error is reported', () => {
    const file = cases('error-third-document-after-good-ones.yaml');
    const path = join(repoRoot, file);
    expect(kubesim(home, ['apply', '-f', path])).toEqual({
      code: 1,
      stdout: 'configmap/one created\nconfigmap/two created\n',
      stderr: kubectlRun('apply', file).stderr.replaceAll(file, path),
    });
  });

  it('octal file modes in a configMap volume are stored as kubectl sends them (0644 is 420)', () => {
    const path = join(repoRoot, cases('pod-configmap-volume-octal-modes.yaml'));
    expect(kubesim(home, ['apply', '-f', path])).toEqual({ code: 0, stdout: 'pod/octal created\n', stderr: '' });
    const modes = '{.spec.volumes[0].configMap.defaultMode} {.spec.volumes[0].configMap.items[0].mode} {.spec.volumes[1].secret.defaultMode}';
    expect(kubesim(home, ['get', 'pod', 'octal', '-o', `jsonpath=${modes}`])).toEqual({ code: 0, stdout: '420 493 256', stderr: '' });
  });

  it('`value: yes` in an env var reaches the server as true and is refused by its typed decoding', () => {
    // kubectl sends `"value": true` (goldens: pod-env-value-yes.yaml); the API server's words for it.
    const path = join(repoRoot, cases('pod-env-value-yes.yaml'));
    expect(kubesim(home, ['apply', '-f', path])).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (BadRequest): error when creating "${path}": Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string\n`,
    });
  });
});
