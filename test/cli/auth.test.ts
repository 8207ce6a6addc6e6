/**
 * `kubesim auth can-i` end to end through the compiled binary: the cluster's bootstrap RBAC policy, ServiceAccounts
 * bound with kubesim create, the seed's `kubectl edit clusterrole system:kube-scheduler`, and kubectl's words and exit codes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

const fakeEditor = join(dirname(fileURLToPath(import.meta.url)), '..', 'support', 'fake-editor.mjs');
const mySchedulerSA = '--as=system:serviceaccount:kube-system:my-scheduler';

let home: string;
beforeAll(() => {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  home = mkdtempSync(join(tmpdir(), 'kubesim-auth-'));
  // The seed's ServiceAccount and ClusterRoleBinding (with the roleRef's apiGroup spelt right).
  expect(kubesim(home, ['create', 'serviceaccount', 'my-scheduler', '-n', 'kube-system']).code).toBe(0);
  expect(kubesim(home, ['create', 'clusterrolebinding', 'my-scheduler-as-kube-scheduler', '--clusterrole=system:kube-scheduler', '--serviceaccount=kube-system:my-scheduler']).code).toBe(0);
}, 240_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const canI = (...args: string[]) => kubesim(home, ['auth', 'can-i', ...args]);

describe('kubesim auth can-i', () => {
  it.each([
    ['the CLI user (kubeadm admin) may create pods', ['create', 'pods'], 0, 'yes\n', ''],
    ['and do anything anywhere', ['*', '*', '-A'], 0, 'yes\n', ''],
    ['a ServiceAccount without bindings may not list pods', ['list', 'pods', '--as=system:serviceaccount:default:nobody'], 1, 'no\n', ''],
    ['but may read the discovery URLs, as every authenticated user', ['get', '/apis/apps', '--as=system:serviceaccount:default:nobody'], 0, 'yes\n', ''],
    ['and get /version', ['get', '/version', '--as=jane'], 0, 'yes\n', ''],
    ['the scheduler ServiceAccount may bind pods through system:kube-scheduler', ['create', 'pods', '--subresource=binding', mySchedulerSA], 0, 'yes\n', ''],
    ['TYPE/NAME names an object, not a subresource, as kubectl reads it', ['create', 'pods/binding', mySchedulerSA], 1, 'no\n', ''],
    ['may get the lease named kube-scheduler', ['get', 'leases/kube-scheduler', '-n', 'kube-system', mySchedulerSA], 0, 'yes\n', ''],
    ['may create leases of any name', ['create', 'leases', '-n', 'kube-system', mySchedulerSA], 0, 'yes\n', ''],
    ['may not get the lease named my-scheduler', ['get', 'leases/my-scheduler', '-n', 'kube-system', mySchedulerSA], 1, 'no\n', ''],
    ['--quiet prints nothing and keeps the exit status', ['get', 'leases/my-scheduler', '-n', 'kube-system', mySchedulerSA, '-q'], 1, '', ''],
    ['a resource the server does not have is warned about and asked as typed', ['get', 'foos'], 0, 'yes\n', "Warning: the server doesn't have a resource type 'foos'\n"],
    ['a cluster-scoped resource in a namespace is warned about', ['list', 'nodes', '-n', 'default', mySchedulerSA], 0, 'yes\n', "Warning: resource 'nodes' is not namespace scoped\n"],
    ['an unknown verb is warned about', ['frobnicate', 'pods', mySchedulerSA], 1, 'no\n', "Warning: verb 'frobnicate' is not a known verb\n"],
    ['the subresource flag names the pod subresource', ['get', 'pods', '--subresource=log', '--as=system:serviceaccount:default:nobody'], 1, 'no\n', ''],
  ])('%s', (_name, args, code, stdout, stderr) => {
    expect(canI(...args)).toEqual({ code, stdout, stderr });
  });

  it.each([
    ['one argument', ['get'], "error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubesim auth can-i -h' for help and examples.\n"],
    ['--list with arguments', ['--list', 'get', 'pods'], 'error: list option must be specified with no arguments\n'],
    ['--list with --quiet', ['--list', '-q'], "error: list option can't be specified with neither quiet, all-namespaces nor subresource options\n"],
    ['--no-headers without --list', ['get', 'pods', '--no-headers'], 'error: --no-headers cannot be set without --list specified\n'],
    ['a subresource of a URL', ['get', '/logs', '--subresource=x'], 'error: --subresource can not be used with NonResourceURL\n'],
  ])('refuses %s as kubectl does', (_name, args, stderr) => {
    expect(canI(...args)).toEqual({ code: 1, stdout: '', stderr });
  });

  it('--list prints what an unbound ServiceAccount may do: system:authenticated\'s rules', () => {
    const r = canI('--list', '--as=system:serviceaccount:default:nobody');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'Resources                                       Non-Resource URLs                     Resource Names   Verbs',
      'selfsubjectreviews.authentication.k8s.io        []                                    []               [create]',
      'selfsubjectaccessreviews.authorization.k8s.io   []                                    []               [create]',
      'selfsubjectrulesreviews.authorization.k8s.io    []                                    []               [create]',
    ]);
    expect(r.stdout).toContain('\n                                                [/.well-known/openid-configuration]   []               [get]\n');
    expect(r.stdout).toContain('\n                                                [/api/*]                              []               [get]\n');
  });

  it("after `kubesim edit clusterrole system:kube-scheduler` adds my-scheduler to the lease rule's resourceNames, the lease may be read", () => {
    const dir = mkdtempSync(join(home, 'editor-'));
    mkdirSync(join(home, 'tmp'), { recursive: true });
    writeFileSync(join(dir, 'script.json'), JSON.stringify([{ replace: [['  - kube-scheduler\n', '  - kube-scheduler\n  - my-scheduler\n']] }]));
    const edit = kubesim(home, ['edit', 'clusterrole', 'system:kube-scheduler'], {
      env: { KUBE_EDITOR: `${process.execPath} ${fakeEditor}`, FAKE_EDITOR_DIR: dir, TMPDIR: join(home, 'tmp') },
    });
    expect(edit).toMatchObject({ code: 0, stdout: 'clusterrole.rbac.authorization.k8s.io/system:kube-scheduler edited\n' });
    expect(readFileSync(join(dir, 'shown-0.txt'), 'utf8')).toContain('  resourceNames:\n  - kube-scheduler\n');
    expect(canI('get', 'leases/my-scheduler', '-n', 'kube-system', mySchedulerSA)).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
    expect(canI('update', 'leases/my-scheduler', '-n', 'kube-system', mySchedulerSA)).toEqual({ code: 0, stdout: 'yes\n', stderr: '' });
  });
});
