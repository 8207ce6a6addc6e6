/** `kubesim exec` against a running cluster: the simulated shell inside a container, sharing its filesystem. */
import { podYaml, startCluster, type RunningCluster } from '../support/running-cluster.js';

let c: RunningCluster;
const running = (p: { status?: { phase?: string; containerStatuses?: Array<{ ready?: boolean }> } }) => p.status?.phase === 'Running' && (p.status.containerStatuses ?? []).every((s) => s.ready);

beforeAll(async () => {
  c = startCluster();
  c.apply(
    [
      podYaml('web', {
        volumes: [{ name: 'cache', emptyDir: {} }],
        containers: [
          { name: 'nginx', image: 'nginx', env: [{ name: 'GREETING', value: 'hi there' }], volumeMounts: [{ name: 'cache', mountPath: '/cache' }] },
          { name: 'sidecar', image: 'busybox', command: ['sh', '-c', 'sleep 3600'], volumeMounts: [{ name: 'cache', mountPath: '/data' }] },
        ],
      }),
      podYaml('done', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['true'] }] }),
      podYaml('waiter', { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox', command: ['sh', '-c', 'until [ -f /tmp/go ]; do sleep 1; done; echo released'] }] }),
      podYaml('etcdlike', { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] }),
    ].join('\n---\n'),
  );
  await c.waitForPod('web', running);
  await c.waitForPod('done', (p) => p.status?.phase === 'Succeeded');
  await c.waitForPod('waiter', running);
  await c.waitForPod('etcdlike', running);
}, 240_000);

afterAll(() => c?.down());

describe('kubesim exec', () => {
  it.each([
    ['runs a command in the first container, with kubectl\'s note about the choice', ['exec', 'web', '--', 'cat', '/etc/resolv.conf'], 0, 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n', 'Defaulted container "nginx" out of: nginx, sidecar\n'],
    ['-c picks the container and -q drops the note', ['exec', 'web', '-q', '-c', 'sidecar', '--', 'hostname'], 0, 'web\n', ''],
    ['the container\'s environment is there', ['exec', 'web', '-c', 'nginx', '--', 'sh', '-c', 'echo $GREETING $NGINX_VERSION'], 0, 'hi there 1.27.3\n', ''],
    ['a failing command gives its exit code', ['exec', 'web', '-c', 'nginx', '--', 'sh', '-c', 'exit 3'], 3, '', 'command terminated with exit code 3\n'],
    ['a command the image does not have', ['exec', 'web', '-c', 'nginx', '--', 'nosuch'], 126, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown\r\n', 'command terminated with exit code 126\n'],
    ['an image without a shell has no sh', ['exec', 'etcdlike', '--', 'sh'], 126, 'OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown\r\n', 'command terminated with exit code 126\n'],
    ['a completed pod', ['exec', 'done', '--', 'ls'], 1, '', 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n'],
    ['a pod that does not exist', ['exec', 'nope', '--', 'ls'], 1, '', 'Error from server (NotFound): pods "nope" not found\n'],
    ['the old form without --', ['exec', 'web', 'ls'], 1, '', "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubesim exec -h' for help and examples\n"],
    ['no command', ['exec', 'web'], 1, '', 'error: you must specify at least one command for the container\n'],
  ])('%s', (_name, args, code, stdout, stderr) => {
    const r = c.run(args as string[]);
    expect(r.stdout).toBe(stdout);
    expect(r.stderr).toBe(stderr);
    expect(r.code).toBe(code);
  });

  it('-i passes stdin to the command', () => {
    const r = c.run(['exec', '-i', 'web', '-c', 'sidecar', '--', 'cat'], { stdin: 'piped in\n' });
    expect(r.stdout).toBe('piped in\n');
  });

  it('files written by exec are the pod\'s: an emptyDir is shared by its containers', () => {
    expect(c.run(['exec', 'web', '-c', 'nginx', '--', 'sh', '-c', 'echo shared > /cache/note']).code).toBe(0);
    expect(c.run(['exec', 'web', '-c', 'sidecar', '--', 'cat', '/data/note']).stdout).toBe('shared\n');
  });

  it('the container sees a file exec creates in its own filesystem', async () => {
    expect(c.run(['exec', 'waiter', '--', 'touch', '/tmp/go']).code).toBe(0);
    await c.waitForPod('waiter', (p) => p.status?.phase === 'Succeeded');
    expect(c.run(['logs', 'waiter']).stdout).toBe('released\n');
  });
});
