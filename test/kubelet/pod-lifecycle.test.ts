/** The pod worker's state machine against a FakeClock: statuses, events and timings a user sees with kubectl. */
import { kubeletHarness, stateOf, type KubeletHarness } from './harness.js';

let h: KubeletHarness;
afterEach(async () => h?.close());

describe('starting a pod', () => {
  it('an nginx pod goes ContainerCreating while pulling, then Running with the kubelet events', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx' }] });
    let pod = await h.pod();
    expect(pod.status?.phase).toBe('Pending');
    expect(stateOf(pod)).toBe('waiting:ContainerCreating');
    expect(await h.row()).toBe('0/1 ContainerCreating 0');
    await h.advance(1000);
    pod = await h.pod();
    expect(pod.status?.phase).toBe('Running');
    expect(await h.row()).toBe('1/1 Running 0');
    expect(pod.status?.podIP).toBe('10.244.1.2');
    expect(pod.status?.hostIP).toBe('172.18.0.3');
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({ ready: true, started: true, restartCount: 0, image: 'docker.io/library/nginx:latest' });
    expect(pod.status?.containerStatuses?.[0]?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(pod.status?.containerStatuses?.[0]?.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(pod.status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    expect(await h.events()).toEqual([
      'Pulling: Pulling image "nginx"',
      'Pulled: Successfully pulled image "nginx" in 1s (1s including waiting). Image size: 72195292 bytes.',
      'Created: Created container: nginx',
      'Started: Started container nginx',
    ]);
    expect(h.containerLog('nginx')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z stdout F \/docker-entrypoint\.sh: \/docker-entrypoint\.d\/ is not empty/);
  });

  it('a second pod gets the next address, and an image already pulled is not pulled again', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }] }, { name: 'a' });
    await h.advance(1000);
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }] }, { name: 'b' });
    await h.advance(10);
    expect((await h.pod('b')).status?.podIP).toBe('10.244.1.3');
    expect(await h.events('b')).toEqual(['Pulled: Container image "nginx:1.27" already present on machine', 'Created: Created container: nginx', 'Started: Started container nginx']);
  });
  it('pods wanting an absent image at once pull it one after the other: the first downloads it, the next only ask the registry', async () => {
    h = await kubeletHarness({ config: { imagePullBaseMs: 400, imageRepullMs: 300, sandboxCreateMs: 0 } });
    const spec = { containers: [{ name: 'nginx', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' }] };
    await h.createPod(spec, { name: 'a' });
    await h.createPod(spec, { name: 'b' });
    await h.advance(2000);
    const pulled = [...(await h.events('a')), ...(await h.events('b'))].filter((e) => e.startsWith('Pulled:')).sort();
    expect(pulled).toEqual([
      'Pulled: Successfully pulled image "nginx:1.27" in 300ms (700ms including waiting). Image size: 72195292 bytes.',
      'Pulled: Successfully pulled image "nginx:1.27" in 400ms (400ms including waiting). Image size: 72195292 bytes.',
    ]);
    expect(await h.row('b')).toBe('1/1 Running 0');
  });
});

describe('containers that exit', () => {
  it.each([
    ['restartPolicy Never and exit 1 end in Error, phase Failed', 'Never', 'echo hello; exit 1', 'Failed', '0/1 Error 0', 'terminated:Error:1'],
    ['restartPolicy Never and exit 0 end in Completed, phase Succeeded', 'Never', 'echo hello', 'Succeeded', '0/1 Completed 0', 'terminated:Completed:0'],
    ['restartPolicy OnFailure and exit 0 end in Completed, phase Succeeded', 'OnFailure', 'echo hello; exit 0', 'Succeeded', '0/1 Completed 0', 'terminated:Completed:0'],
  ])('%s', async (_name, restartPolicy, script, phase, row, state) => {
    h = await kubeletHarness();
    await h.createPod({ restartPolicy, containers: [{ name: 'job', image: 'busybox', command: ['sh', '-c', script] }] });
    await h.advance(2000);
    await h.until(async () => (await h.pod()).status?.phase === phase, `phase ${phase}`);
    const pod = await h.pod();
    expect(pod.status?.phase).toBe(phase);
    expect(await h.row()).toBe(row);
    expect(stateOf(pod)).toBe(state);
    expect(h.containerLog('job')).toMatch(/^\S+ stdout F hello\n$/);
    const cond = pod.status?.conditions?.find((c) => c.type === 'Ready');
    expect(cond).toMatchObject({ status: 'False', reason: phase === 'Failed' ? 'PodFailed' : 'PodCompleted' });
  });

  it('busybox without a command under restartPolicy Always crash-loops with back-off 10s, 20s, 40s', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0, imagePullBaseMs: 0 } });
    await h.createPod({ containers: [{ name: 'busybox', image: 'busybox', imagePullPolicy: 'IfNotPresent' }] });
    await h.advance(100);
    let pod = await h.pod();
    const uid = pod.metadata?.uid;
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(1);
    expect(await h.row()).toBe('0/1 CrashLoopBackOff 1 (0s ago)');
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(`back-off 10s restarting failed container=busybox pod=web_default(${uid})`);
    expect(pod.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(pod.status?.phase).toBe('Running');
    const restartsAt = async (ms: number) => {
      await h.advance(ms);
      return (await h.pod()).status?.containerStatuses?.[0]?.restartCount;
    };
    expect(await restartsAt(9_800)).toBe(1);
    expect(await restartsAt(200)).toBe(2);
    expect((await h.pod()).status?.containerStatuses?.[0]?.state?.waiting?.message).toMatch(/^back-off 20s /);
    expect(await restartsAt(19_000)).toBe(2);
    expect(await restartsAt(1_000)).toBe(3);
    expect((await h.pod()).status?.containerStatuses?.[0]?.state?.waiting?.message).toMatch(/^back-off 40s /);
    expect(await restartsAt(40_000)).toBe(4);
    expect(await h.events()).toContain(`BackOff: Back-off restarting failed container busybox in pod web_default(${uid}) (x8)`);
  });

  it('the previous instance of a restarted container keeps its log; older ones are removed', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo run; exit 3'] }] });
    await h.advance(31_000);
    const pod = await h.pod();
    expect(pod.status?.containerStatuses?.[0]?.restartCount).toBe(3);
    expect(pod.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(h.containerLog('c', 3)).toMatch(/stdout F run\n$/);
    expect(h.containerLog('c', 2)).toMatch(/stdout F run\n$/);
    expect(h.containerLog('c', 1)).toBe('');
  });
});

describe('init containers', () => {
  it('run one at a time before the containers: Init:0/2, Init:1/2, PodInitializing, Running', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({
      initContainers: [
        { name: 'first', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 5'] },
        { name: 'second', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 5'] },
      ],
      containers: [{ name: 'nginx', image: 'nginx:1.27' }],
    });
    await h.advance(1000);
    expect(await h.row()).toBe('0/1 Init:0/2 0');
    expect((await h.pod()).status?.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [first second]' });
    await h.advance(5000);
    expect(await h.row()).toBe('0/1 Init:1/2 0');
    await h.advance(5000);
    const pod = await h.pod();
    expect(stateOf(pod, 'second')).toBe('terminated:Completed:0');
    expect(await h.row()).toBe('0/1 PodInitializing 0');
    await h.advance(1000);
    expect(await h.row()).toBe('1/1 Running 0');
  });

  it('a failing init container under restartPolicy Never fails the pod (Init:Error)', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ restartPolicy: 'Never', initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['sh', '-c', 'exit 2'] }], containers: [{ name: 'app', image: 'nginx:1.27' }] });
    await h.advance(1000);
    const pod = await h.pod();
    expect(pod.status?.phase).toBe('Failed');
    expect(await h.row()).toBe('0/1 Init:Error 0');
    expect(stateOf(pod, 'app')).toBe('waiting:PodInitializing');
  });

  it('a failing init container under restartPolicy Always is restarted with back-off (Init:CrashLoopBackOff)', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['sh', '-c', 'exit 2'] }], containers: [{ name: 'app', image: 'nginx:1.27' }] });
    await h.advance(2000);
    expect(await h.row()).toBe('0/1 Init:CrashLoopBackOff 1 (1s ago)');
    expect((await h.pod()).status?.phase).toBe('Pending');
  });
});

describe('images', () => {
  it('an image that does not exist gives ErrImagePull, then ImagePullBackOff', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'web', image: 'nginxx' }] });
    await h.advance(1000);
    let pod = await h.pod();
    const pullError =
      'failed to pull and unpack image "docker.io/library/nginxx:latest": failed to resolve reference "docker.io/library/nginxx:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';
    expect(stateOf(pod)).toBe('waiting:ErrImagePull');
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(pullError);
    await h.advance(1000);
    pod = await h.pod();
    expect(await h.row()).toBe('0/1 ImagePullBackOff 0');
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(`Back-off pulling image "nginxx": ErrImagePull: ${pullError}`);
    expect(await h.events()).toEqual([
      'Pulling: Pulling image "nginxx"',
      `Failed: Failed to pull image "nginxx": ${pullError}`,
      'Failed: Error: ErrImagePull',
      'BackOff: Back-off pulling image "nginxx"',
      'Failed: Error: ImagePullBackOff',
    ]);
  });

  it('a tag that does not exist of a known image is not found', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'web', image: 'nginx:nope' }] });
    await h.advance(1000);
    expect((await h.pod()).status?.containerStatuses?.[0]?.state?.waiting?.message).toBe(
      'failed to pull and unpack image "docker.io/library/nginx:nope": failed to resolve reference "docker.io/library/nginx:nope": docker.io/library/nginx:nope: not found',
    );
  });

  it('a command that is not in the image fails to start (StartError, RunContainerError)', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ containers: [{ name: 'c', image: 'busybox:1.36', command: ['nosuchcmd'] }] });
    await h.advance(1100);
    const pod = await h.pod();
    const status = pod.status?.containerStatuses?.[0];
    expect(status?.state?.waiting?.reason).toBe('RunContainerError');
    expect(status?.lastState?.terminated).toMatchObject({ exitCode: 128, reason: 'StartError', startedAt: '1970-01-01T00:00:00Z' });
    expect(status?.state?.waiting?.message).toBe(
      'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nosuchcmd": executable file not found in $PATH: unknown',
    );
  });
});

describe('changes to a running pod', () => {
  it('a new image restarts the container with it', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx:1.26' }] });
    await h.advance(1000);
    const { Pods } = await import('../../src/client/resources.js');
    await h.client.resource(Pods).namespace('default').patch('web', 'application/strategic-merge-patch+json', { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
    await h.advance(2000);
    const pod = await h.pod();
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({ restartCount: 1, image: 'docker.io/library/nginx:1.27', ready: true });
    expect(await h.events()).toContain('Killing: Container nginx definition changed, will be restarted');
  });

  it('activeDeadlineSeconds ends the pod with DeadlineExceeded', async () => {
    h = await kubeletHarness();
    await h.createPod({ activeDeadlineSeconds: 30, containers: [{ name: 'nginx', image: 'nginx' }] });
    await h.advance(29_000);
    expect(await h.row()).toBe('1/1 Running 0');
    await h.advance(1_000);
    const pod = await h.pod();
    expect(pod.status).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(await h.events()).toContain('DeadlineExceeded: Pod was active on the node longer than the specified deadline');
  });
});

describe('lifecycle hooks', () => {
  it('a postStart exec hook runs in the container before it counts as started', async () => {
    h = await kubeletHarness();
    await h.createPod({
      containers: [{ name: 'nginx', image: 'nginx', lifecycle: { postStart: { exec: { command: ['/bin/sh', '-c', 'echo Hello from the postStart handler > /usr/share/message'] } } } }],
    });
    await h.advance(1000);
    // The hook runs the container's shell on the host's event loop: wait for it (the clock stays put).
    await h.until(async () => (await h.row()) === '1/1 Running 0', 'the pod to run');
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const tasks = join(h.nodeDir, 'var/lib/containerd/io.containerd.runtime.v2.task/k8s.io');
    const [id] = readdirSync(tasks);
    expect(readFileSync(join(tasks, id!, 'rootfs/usr/share/message'), 'utf8')).toBe('Hello from the postStart handler\n');
  });

  it('a failing postStart hook kills the container: PostStartHookError', async () => {
    h = await kubeletHarness();
    await h.createPod({ containers: [{ name: 'nginx', image: 'nginx', lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } } }] });
    await h.advance(1000);
    const pod = await h.pod();
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting).toMatchObject({
      reason: 'PostStartHookError',
      message: `Exec lifecycle hook ([sh -c exit 1]) for Container "nginx" in Pod "web_default(${pod.metadata?.uid})" failed - error: command 'sh -c exit 1' exited with 1: , message: ""`,
    });
    expect(await h.events()).toEqual(expect.arrayContaining(['FailedPostStartHook: PostStartHook failed', 'Killing: FailedPostStartHook']));
  });
});
