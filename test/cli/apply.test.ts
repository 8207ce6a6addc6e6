import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

const seeds = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'fixtures', 'seeds');

let home: string;
beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-cli-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('kubesim apply', () => {
  it('creates, then reports unchanged, then configured after the file changes', () => {
    const file = join(home, 'pi-web.yaml');
    writeFileSync(file, readFileSync(join(seeds, 'deployment-pi-web.yaml'), 'utf8'));
    expect(kubesim(home, ['apply', '-f', file])).toEqual({ code: 0, stdout: 'deployment.apps/pi-web created\n', stderr: '' });
    expect(kubesim(home, ['apply', '-f', file])).toEqual({ code: 0, stdout: 'deployment.apps/pi-web unchanged\n', stderr: '' });
    writeFileSync(file, readFileSync(file, 'utf8').replace('replicas: 2', 'replicas: 3'));
    expect(kubesim(home, ['apply', '-f', file])).toEqual({ code: 0, stdout: 'deployment.apps/pi-web configured\n', stderr: '' });
  });

  it('refuses the seed DaemonSet with `slector` with the server message and exit 1', () => {
    const file = join(seeds, 'daemonset-fluentd-slector.yaml');
    expect(kubesim(home, ['apply', '-f', file])).toEqual({
      code: 1,
      stdout: '',
      stderr: `Error from server (BadRequest): error when creating "${file}": DaemonSet in version "v1" cannot be handled as a DaemonSet: strict decoding error: unknown field "spec.slector"\n`,
    });
  });

  it('applies the good documents of a file and reports the bad one', () => {
    const r = kubesim(home, ['apply', '-f', join(seeds, 'my-scheduler.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('serviceaccount/my-scheduler created\n');
    expect(r.stderr.split('\n')[0]).toBe(
      'The ClusterRoleBinding "my-scheduler-as-kube-scheduler" is invalid: roleRef.apiGroup: Unsupported value: "rbac.autorization.k8s.io": supported values: "rbac.authorization.k8s.io"',
    );
  });

  it.each([
    ['pod-static-web-missing-colon.yaml', "yaml: line 6: could not find expected ':'"],
    ['pod-random-generator-tabs.yaml', 'yaml: line 6: found character that cannot start any token'],
  ])('%s is a YAML error naming the file and line', (name, reason) => {
    const file = join(seeds, name);
    expect(kubesim(home, ['apply', '-f', file])).toEqual({ code: 1, stdout: '', stderr: `error: error parsing ${file}: error converting YAML to JSON: ${reason}\n` });
  });

  it('reads manifests from stdin', () => {
    const r = kubesim(home, ['apply', '-f', '-'], { stdin: readFileSync(join(seeds, 'service-whoami-web.yaml'), 'utf8') });
    expect(r).toEqual({ code: 0, stdout: 'service/whoami-web created\n', stderr: '' });
  });
});

describe('kubesim label, annotate and delete', () => {
  beforeEach(() => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\n  labels:\n    env: test\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n';
    expect(kubesim(home, ['apply', '-f', '-'], { stdin: pod })).toEqual({ code: 0, stdout: 'pod/nginx created\n', stderr: '' });
  });

  it.each([
    [['label', 'pod', 'nginx', 'tier=web'], 0, 'pod/nginx labeled\n', ''],
    [['label', 'pod/nginx', 'env-'], 0, 'pod/nginx unlabeled\n', ''],
    [['label', 'pod/nginx', 'nope-'], 0, 'label "nope" not found.\npod/nginx not labeled\n', ''],
    [['label', 'pod/nginx', 'env=prod'], 1, '', "error: 'env' already has a value (test), and --overwrite is false\n"],
    [['label', 'pod/nginx', 'env=prod', '--overwrite'], 0, 'pod/nginx labeled\n', ''],
    [['annotate', 'pod', 'nginx', 'note=hello world'], 0, 'pod/nginx annotated\n', ''],
    [['label', 'pod', 'ghost', 'a=b'], 1, '', 'Error from server (NotFound): pods "ghost" not found\n'],
    [['label', 'podz', 'ghost', 'a=b'], 1, '', 'error: the server doesn\'t have a resource type "podz"\n'],
  ])('kubesim %j exits %i', (args, code, stdout, stderr) => {
    expect(kubesim(home, args)).toEqual({ code, stdout, stderr });
  });

  it('deletes by name and then reports NotFound', () => {
    expect(kubesim(home, ['delete', 'pod', 'nginx'])).toEqual({ code: 0, stdout: 'pod "nginx" deleted\n', stderr: '' });
    expect(kubesim(home, ['delete', 'pod', 'nginx'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nginx" not found\n' });
  });

  it('deletes by label selector, and says when nothing matched', () => {
    expect(kubesim(home, ['delete', 'pods', '-l', 'env=test'])).toEqual({ code: 0, stdout: 'pod "nginx" deleted\n', stderr: '' });
    expect(kubesim(home, ['delete', 'pods', '-l', 'env=test'])).toEqual({ code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' });
  });

  it('force deletion warns first', () => {
    expect(kubesim(home, ['delete', 'pod', 'nginx', '--grace-period=0', '--force'])).toEqual({
      code: 0,
      stdout: 'pod "nginx" force deleted\n',
      stderr: 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    });
  });
});

describe('kubesim version', () => {
  it('prints the client, kustomize and server versions', () => {
    expect(kubesim(home, ['version'])).toEqual({ code: 0, stdout: 'Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.4\n', stderr: '' });
  });
});
