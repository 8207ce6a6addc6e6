/** `kubesim logs` against a running cluster: container logs from the node folders, kubectl's options and errors. */
import { podYaml, startCluster, type RunningCluster } from '../support/running-cluster.js';

let c: RunningCluster;

const finished = (p: { status?: { phase?: string } }) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

beforeAll(async () => {
  c = startCluster();
  c.apply(
    [
      podYaml('job', { restartPolicy: 'Never', containers: [{ name: 'job', image: 'busybox', command: ['sh', '-c', 'echo hello; echo oops >&2; exit 1'] }] }, { app: 'logs' }),
      podYaml('multi', { restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'busybox', command: ['sh', '-c', 'echo from init'] }], containers: [{ name: 'a', image: 'busybox', command: ['sh', '-c', 'echo from a'] }, { name: 'b', image: 'busybox', command: ['sh', '-c', 'echo from b'] }] }),
      podYaml('crash', { containers: [{ name: 'crash', image: 'busybox', command: ['sh', '-c', 'echo run at $(date +%s); exit 2'] }] }),
      podYaml('pull', { containers: [{ name: 'c', image: 'nginxx' }] }),
    ].join('\n---\n'),
  );
  await c.waitForPod('job', finished);
  await c.waitForPod('multi', finished);
  await c.waitForPod('crash', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1);
  await c.waitForPod('pull', (p) => /ImagePull/.test(p.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? ''));
}, 240_000);

afterAll(() => c?.down());

describe('kubesim logs', () => {
  it.each([
    ['prints what the container wrote to stdout and stderr', ['logs', 'job'], 0, 'hello\noops\n', ''],
    ['--tail keeps the last lines', ['logs', 'job', '--tail=1'], 0, 'oops\n', ''],
    ['--limit-bytes cuts the output', ['logs', 'job', '--limit-bytes=3'], 0, 'hel', ''],
    ['--prefix names the pod and container', ['logs', 'job', '--prefix'], 0, '[pod/job/job] hello\n[pod/job/job] oops\n', ''],
    ['the first container is the default, with kubectl\'s note', ['logs', 'multi'], 0, 'from a\n', 'Defaulted container "a" out of: a, b, init (init)\n'],
    ['-c picks a container, init containers too', ['logs', 'multi', '-c', 'init'], 0, 'from init\n', ''],
    ['a second argument names the container', ['logs', 'multi', 'b'], 0, 'from b\n', ''],
    ['--all-containers prints every container, init containers first', ['logs', 'multi', '--all-containers'], 0, 'from init\nfrom a\nfrom b\n', ''],
    ['a container the pod does not have', ['logs', 'multi', '-c', 'nope'], 1, '', 'error: container nope is not valid for pod multi\n'],
    ['a pod that does not exist', ['logs', 'nope'], 1, '', 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n'],
    ['--previous of a container that never restarted', ['logs', 'job', '-p'], 1, '', 'Error from server (BadRequest): previous terminated container "job" in pod "job" not found\n'],
    ['a container that cannot pull its image', ['logs', 'pull'], 1, '', /^Error from server \(BadRequest\): container "c" in pod "pull" is waiting to start: (image can't be pulled|trying and failing to pull image)\n$/],
    ['no pod named', ['logs'], 1, '', "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubesim logs -h' for help and examples\n"],
    ['--since with a bad duration', ['logs', 'job', '--since=1d'], 1, '', 'Error: invalid argument "1d" for "--since" flag: time: unknown unit "d" in duration "1d"\nSee \'kubesim logs --help\' for usage.\n'],
    ['--since and --since-time together', ['logs', 'job', '--since=5s', '--since-time=2024-01-01T00:00:00Z'], 1, '', 'error: at most one of `sinceTime` or `sinceSeconds` may be specified\n'],
  ])('%s', (_name, args, code, stdout, stderr) => {
    const r = c.run(args as string[]);
    expect(r.stdout).toBe(stdout);
    if (stderr instanceof RegExp) expect(r.stderr).toMatch(stderr);
    else expect(r.stderr).toBe(stderr);
    expect(r.code).toBe(code);
  });

  it('--timestamps prefixes each line with its RFC 3339 time in nanoseconds', () => {
    const r = c.run(['logs', 'job', '--timestamps']);
    expect(r.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z oops\n$/);
  });

  it('--previous shows the last run of a restarted container', () => {
    const r = c.run(['logs', 'crash', '--previous']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^run at \d+\n$/);
  });

  it('-l selects pods by label', () => {
    const r = c.run(['logs', '-l', 'app=logs']);
    expect(r.stdout).toBe('hello\noops\n');
  });

  it('-f follows the log until the container ends', async () => {
    c.apply(podYaml('counter', { restartPolicy: 'Never', containers: [{ name: 'count', image: 'busybox', command: ['sh', '-c', 'echo one; sleep 3; echo two'] }] }));
    await c.waitForPod('counter', (p) => Boolean(p.status?.containerStatuses?.[0]?.state?.running));
    const r = c.run(['logs', '-f', 'counter']);
    expect(r.stdout).toBe('one\ntwo\n');
    expect(r.code).toBe(0);
  });
});
