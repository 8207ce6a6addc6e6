import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

let home: string;
beforeAll(() => ensureBuilt('dist/src/cli/main.js', ['src']), 180_000);
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'kubesim-cli-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** What kubectl 1.32 prints for `config view` of the same kubeconfig (captured with /usr/bin/kubectl). */
const viewWithNamespace = `apiVersion: v1
clusters:
- cluster:
    server: http://127.0.0.1:6443
  name: kubesim
contexts:
- context:
    cluster: kubesim
    namespace: dev
    user: kubesim
  name: kubesim
current-context: kubesim
kind: Config
preferences: {}
users:
- name: kubesim
  user: {}
`;

describe('kubesim config', () => {
  it('sets the namespace of the current context and shows it as kubectl does', () => {
    expect(kubesim(home, ['config', 'set-context', '--current', '--namespace=dev'])).toEqual({ code: 0, stdout: 'Context "kubesim" modified.\n', stderr: '' });
    expect(kubesim(home, ['config', 'view'])).toEqual({ code: 0, stdout: viewWithNamespace, stderr: '' });
    expect(kubesim(home, ['config', 'current-context']).stdout).toBe('kubesim\n');
    expect(kubesim(home, ['config', 'get-contexts']).stdout).toBe('CURRENT   NAME      CLUSTER   AUTHINFO   NAMESPACE\n*         kubesim   kubesim   kubesim    dev\n');
  });

  it('commands then work in that namespace, which must exist', () => {
    kubesim(home, ['config', 'set-context', '--current', '--namespace=dev']);
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
    expect(kubesim(home, ['apply', '-f', '-'], { stdin: cm })).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): error when creating "STDIN": namespaces "dev" not found\n' });
    expect(kubesim(home, ['apply', '-f', '-', '-n', 'kube-system'], { stdin: cm })).toEqual({ code: 0, stdout: 'configmap/c created\n', stderr: '' });
  });

  it('the kubeconfig file is private to its owner', () => {
    kubesim(home, ['config', 'set-context', '--current', '--namespace=dev']);
    expect(statSync(join(home, 'kubeconfig')).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
  });
});
