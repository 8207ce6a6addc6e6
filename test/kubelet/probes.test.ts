/** Liveness, readiness and startup probes against simulated containers, on a FakeClock. */
import { kubeletHarness, stateOf, type KubeletHarness } from './harness.js';

let h: KubeletHarness;
afterEach(async () => h?.close());

describe('liveness', () => {
  it('a failing exec liveness probe restarts the container after failureThreshold failures and the grace period', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({
      containers: [
        {
          name: 'liveness',
          image: 'registry.k8s.io/busybox',
          args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 32; rm -f /tmp/healthy; sleep 600'],
          livenessProbe: { exec: { command: ['cat', '/tmp/healthy'] }, initialDelaySeconds: 5, periodSeconds: 5 },
        },
      ],
    });
    await h.advance(1000);
    const started = Date.parse((await h.pod()).status!.containerStatuses![0]!.state!.running!.startedAt!);
    await h.advance(started + 44_000 - h.clock.now().getTime());
    expect((await h.events()).filter((e) => e.startsWith('Unhealthy') || e.startsWith('Killing'))).toEqual([
      "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n (x2)",
    ]);
    await h.advance(1_000);
    expect(await h.events()).toContain('Killing: Container liveness failed liveness probe, will be restarted');
    // sh as PID 1 ignores SIGTERM: the container dies when the 30 s grace period ends.
    await h.advance(29_000);
    expect((await h.pod()).status?.containerStatuses?.[0]?.restartCount).toBe(0);
    await h.advance(1_000);
    const pod = await h.pod();
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(pod.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(stateOf(pod)).toBe('running');
  });
});

describe('readiness', () => {
  it.each([
    ['an HTTP probe on a path nginx serves makes the pod ready', { httpGet: { path: '/', port: 80 } }, '1/1 Running 0', undefined],
    ['an HTTP probe on a path nginx does not have keeps it not ready', { httpGet: { path: '/healthz', port: 80 } }, '0/1 Running 0', 'Readiness probe failed: HTTP probe failed with statuscode: 404'],
    ['a TCP probe on a port nothing listens on keeps it not ready', { tcpSocket: { port: 8080 } }, '0/1 Running 0', 'Readiness probe failed: dial tcp 10.244.1.2:8080: connect: connection refused'],
    ['a named port resolves to the container port', { tcpSocket: { port: 'http' } }, '1/1 Running 0', undefined],
  ])('%s', async (_name, probe, row, failure) => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }], readinessProbe: { ...probe, periodSeconds: 2 } }] });
    await h.advance(5000);
    expect(await h.row()).toBe(row);
    const pod = await h.pod();
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe(row.startsWith('1/1') ? 'True' : 'False');
    if (failure) {
      expect(pod.status?.conditions?.find((c) => c.type === 'ContainersReady')).toMatchObject({ reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' });
      expect((await h.events()).some((e) => e.startsWith(`Unhealthy: ${failure}`))).toBe(true);
    }
  });

  it('nginx logs the kubelet probe requests it answers', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx', readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 10 } }] });
    await h.advance(1000);
    expect(h.containerLog('nginx')).toMatch(/stdout F 10\.244\.1\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "kube-probe\/1\.32" "-"\n/);
  });
});

describe('startup', () => {
  it('holds the other probes back until it succeeds, and restarts the container when it fails', async () => {
    h = await kubeletHarness();
    await h.createPod({
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          startupProbe: { httpGet: { path: '/started', port: 80 }, periodSeconds: 1, failureThreshold: 3 },
          livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 1 },
        },
      ],
    });
    await h.advance(1000);
    let pod = await h.pod();
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({ started: false, ready: false });
    await h.advance(3000);
    expect(await h.events()).toContain('Killing: Container nginx failed startup probe, will be restarted');
    await h.advance(1000);
    pod = await h.pod();
    // nginx stops at once on its stop signal and is started again.
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(pod.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});
