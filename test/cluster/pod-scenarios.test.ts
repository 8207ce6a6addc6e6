/**
 * Pods failing and healing on a running cluster, through the compiled CLI: a crash loop, a Job-like pod ending in
 * Error, a liveness-probe restart, and exec and hostPath staying inside the node folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { podYaml, startCluster, type RunningCluster } from '../support/running-cluster.js';
import { eventually } from '../support/eventually.js';

let c: RunningCluster;

/** The pod's row of `kubesim get pods`: NAME READY STATUS RESTARTS, without AGE (and the "(Xs ago)" of RESTARTS). */
const podRow = (name: string) => {
  const line = c.run(['get', 'pod', name]).stdout.split('\n')[1] ?? '';
  return line.replace(/ \(\S+ ago\)/, '').split(/ +/).slice(0, 4).join(' ');
};

beforeAll(() => {
  // A short crash back-off (10 s doubling on a real kubelet) so a crash loop shows in seconds.
  c = startCluster({ simulation: { containerBackOffInitialMs: 1000, containerBackOffMaxMs: 2000 } });
}, 120_000);

afterAll(() => c?.down());

describe('pods on a running cluster', () => {
  it('busybox without a command exits at once and reaches CrashLoopBackOff with restarts', async () => {
    c.apply(podYaml('bb', { containers: [{ name: 'bb', image: 'busybox' }] }, { run: 'bb' }));
    const row = await eventually(() => podRow('bb'), (r) => /^bb 0\/1 CrashLoopBackOff [2-9]$/.test(r), 'bb in CrashLoopBackOff after two restarts');
    expect(row).toMatch(/^bb 0\/1 CrashLoopBackOff \d$/);
    const status = c.pod('bb').status?.containerStatuses?.[0];
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    const events = c.run(['get', 'events', '--field-selector', 'involvedObject.name=bb', '-o', 'jsonpath={range .items[*]}{.reason}{"\\n"}{end}']).stdout;
    expect(events.split('\n')).toEqual(expect.arrayContaining(['Pulled', 'Created', 'Started', 'BackOff']));
  }, 40_000);

  it('a Job-like pod that prints hello and exits 1 with restartPolicy Never ends in Error, and logs prints hello', async () => {
    c.apply(podYaml('once', { restartPolicy: 'Never', containers: [{ name: 'once', image: 'busybox', command: ['sh', '-c', 'echo hello; exit 1'] }] }));
    await c.waitForPod('once', (p) => p.status?.phase === 'Failed');
    expect(podRow('once')).toBe('once 0/1 Error 0');
    const got = c.run(['get', 'pod', 'once', '-o', 'json']);
    expect(got).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(got.stdout).status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(c.run(['logs', 'once'])).toMatchObject({ code: 0, stdout: 'hello\n' });
  }, 30_000);

  it('a failing liveness probe restarts the container: RESTARTS goes up and describe shows Unhealthy and Killing', async () => {
    c.apply(
      podYaml('live', {
        terminationGracePeriodSeconds: 1,
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sh', '-c', 'touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 600'],
            livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, periodSeconds: 1, failureThreshold: 2 },
          },
        ],
      }),
    );
    await eventually(() => podRow('live'), (r) => /^live 1\/1 Running [1-9]$/.test(r), 'live restarted and running again', 30_000);
    const describe = c.run(['describe', 'pod', 'live']).stdout;
    expect(describe).toMatch(/Warning +Unhealthy +.+? +kubelet +Liveness probe failed: cat: can't open '\/tmp\/healthy': No such file or directory/);
    expect(describe).toMatch(/Normal +Killing +.+? +kubelet +Container app failed liveness probe, will be restarted/);
    expect(describe).toMatch(/Restart Count: +[1-9]/);
  }, 40_000);

  describe('exec and volumes stay inside the node folder', () => {
    let nodeDir: string;
    const marker = `kubesim-hostsafety-${process.pid}-${Date.now()}`;
    /** Every path under KUBESIM_HOME outside nodes/node01, to see that nothing appears there. */
    const outsideNode = () => {
      const paths: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, e.name);
          if (p === nodeDir) continue;
          paths.push(p);
          if (e.isDirectory()) walk(p);
        }
      };
      walk(c.home);
      return paths.filter((p) => !/\/(logs\/daemon\.log|state\.db(-wal|-shm)?)$/.test(p)).sort();
    };

    beforeAll(async () => {
      nodeDir = c.run(['node', 'path', 'node01']).stdout.trim();
      c.apply(
        podYaml('safe', {
          volumes: [{ name: 'host', hostPath: { path: '/', type: 'Directory' } }],
          containers: [{ name: 'sh', image: 'busybox', command: ['sh', '-c', 'sleep 3600'], volumeMounts: [{ name: 'host', mountPath: '/host' }] }],
        }),
      );
      await c.waitForPod('safe', (p) => p.status?.phase === 'Running');
    }, 30_000);

    it("exec's writes to /etc and /tmp land in the container, and /etc/passwd is the image's", () => {
      const before = outsideNode();
      const r = c.run(['exec', 'safe', '--', 'sh', '-c', `touch /etc/${marker}; echo hi > /tmp/${marker}; cat /etc/passwd; cat /tmp/${marker}`]);
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith('root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\n')).toBe(true);
      expect(r.stdout).toContain('nobody:x:65534:65534:nobody:/home:/bin/false\nhi\n');
      expect(r.stdout).not.toBe(readFileSync('/etc/passwd', 'utf8'));
      expect(existsSync(`/etc/${marker}`)).toBe(false);
      expect(existsSync(`/tmp/${marker}`)).toBe(false);
      expect(outsideNode()).toEqual(before);
      // A second exec sees the files: they are the container's.
      expect(c.run(['exec', 'safe', '--', 'ls', `/etc/${marker}`, `/tmp/${marker}`]).stdout).toBe(`/etc/${marker}\n/tmp/${marker}\n`);
    });

    it('a hostPath of /../../.. is refused as the API server refuses it', () => {
      const r = c.run(['apply', '-f', '-'], {
        stdin: podYaml('climb', {
          volumes: [{ name: 'host', hostPath: { path: '/../../..' } }],
          containers: [{ name: 'sh', image: 'busybox', volumeMounts: [{ name: 'host', mountPath: '/host' }] }],
        }),
      });
      expect(r).toMatchObject({ code: 1, stdout: '' });
      // As upstream, the refused volume is then missing for its mount.
      expect(r.stderr).toBe(
        'The Pod "climb" is invalid: \n* spec.volumes[0].hostPath.path: Invalid value: "/../../..": must not contain \'..\'\n* spec.containers[0].volumeMounts[0].name: Not found: "host"\n',
      );
      expect(c.run(['get', 'pod', 'climb']).code).toBe(1);
    });

    it('a hostPath volume of / is the node folder, and climbing out of it with .. stays there', () => {
      const before = outsideNode();
      const r = c.run(['exec', 'safe', '--', 'sh', '-c', `ls /host; echo out > /host/${marker}; echo out > /host/../../../${marker}-2`]);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')).toEqual(expect.arrayContaining(['etc', 'var']));
      expect(readFileSync(join(nodeDir, marker), 'utf8')).toBe('out\n');
      for (const dir of [c.home, dirname(c.home), '/', '/tmp']) {
        expect(existsSync(join(dir, marker))).toBe(false);
        expect(existsSync(join(dir, `${marker}-2`))).toBe(false);
      }
      expect(outsideNode()).toEqual(before);
    });
  });
});
