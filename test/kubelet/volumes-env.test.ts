/** Volumes and environment as containers see them: configMap/secret projections, emptyDir, hostPath, downward API, DNS. */
import { ConfigMaps, Secrets } from '../../src/client/resources.js';
import type { KubeObject } from '../../src/api/object.js';
import { kubeletHarness, stateOf, type KubeletHarness } from './harness.js';

let h: KubeletHarness;
afterEach(async () => h?.close());

const configMap = (name: string, data: Record<string, string>) =>
  h.client.resource(ConfigMaps).namespace('default').create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data } as KubeObject);

/** Runs a script in busybox with restartPolicy Never and returns its log's content lines. */
async function runScript(script: string, spec: Record<string, unknown> = {}, container: Record<string, unknown> = {}): Promise<string> {
  await h.createPod({ restartPolicy: 'Never', ...spec, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', script], ...container }] });
  await h.advance(2000);
  await h.until(async () => ['Succeeded', 'Failed'].includes((await h.pod()).status?.phase ?? ''), 'the script to finish');
  return h
    .containerLog('c')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^\S+ (stdout|stderr) F /, ''))
    .join('\n');
}

describe('volumes', () => {
  it('a configMap volume shows its keys as files (the seed notes game-volume pod)', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await configMap('game-config', { 'game.properties': 'enemies=aliens\nlives=3\n', 'ui.properties': 'color.good=purple\n' });
    const out = await runScript('cat /etc/config/game.properties; ls /etc/config', { volumes: [{ name: 'game-volume', configMap: { name: 'game-config' } }] }, { volumeMounts: [{ name: 'game-volume', mountPath: '/etc/config' }] });
    expect(out).toBe('enemies=aliens\nlives=3\ngame.properties\nui.properties');
  });

  it('a missing configMap keeps the pod ContainerCreating with FailedMount events', async () => {
    h = await kubeletHarness();
    await h.createPod({ volumes: [{ name: 'game-volume', configMap: { name: 'game-config' } }], containers: [{ name: 'c', image: 'nginx', volumeMounts: [{ name: 'game-volume', mountPath: '/etc/config' }] }] });
    await h.advance(3000);
    expect(await h.row()).toBe('0/1 ContainerCreating 0');
    expect((await h.events()).find((e) => e.startsWith('FailedMount'))).toMatch(/^FailedMount: MountVolume\.SetUp failed for volume "game-volume" : configmap "game-config" not found \(x\d+\)$/);
    await configMap('game-config', { a: 'b' });
    await h.advance(4000);
    expect(await h.row()).toBe('1/1 Running 0');
  });

  it('a secret volume holds the decoded values; emptyDir is shared by the containers of the pod', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.client.resource(Secrets).namespace('default').create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: Buffer.from('hunter2').toString('base64') } } as KubeObject);
    const out = await runScript('cat /etc/secret/password; echo; echo shared > /cache/x; cat /cache/x', {
      volumes: [
        { name: 'sec', secret: { secretName: 's' } },
        { name: 'cache', emptyDir: {} },
      ],
    }, {
      volumeMounts: [
        { name: 'sec', mountPath: '/etc/secret' },
        { name: 'cache', mountPath: '/cache' },
      ],
    });
    expect(out).toBe('hunter2\nshared');
  });

  it('a hostPath volume is a folder in the node folder, and writes outside the volume stay in the container', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    const out = await runScript('echo hi > /data/f; cat /data/../etc/hostname; ls /data', { volumes: [{ name: 'data', hostPath: { path: '/var/local/data', type: 'DirectoryOrCreate' } }] }, { volumeMounts: [{ name: 'data', mountPath: '/data' }] });
    expect(out).toBe('web\nf');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`${h.nodeDir}/var/local/data/f`, 'utf8')).toBe('hi\n');
  });
});

describe('environment', () => {
  it('env, envFrom, configMapKeyRef, fieldRef and $(VAR) expansion', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await configMap('monster-config', { MONSTER: 'dragon', LEVEL: '7' });
    const out = await runScript(
      'echo $GREETING $MONSTER $LEVEL $POD_NAME $POD_IP $NODE',
      {},
      {
        envFrom: [{ configMapRef: { name: 'monster-config' } }],
        env: [
          { name: 'WHO', value: 'world' },
          { name: 'GREETING', value: 'hello $(WHO)' },
          { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        ],
      },
    );
    expect(out).toBe('hello world dragon 7 web 10.244.1.2 node01');
  });

  it('a missing configMap for env is CreateContainerConfigError', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    await h.createPod({ containers: [{ name: 'c', image: 'nginx', env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }] }] });
    await h.advance(1000);
    const pod = await h.pod();
    expect(stateOf(pod)).toBe('waiting:CreateContainerConfigError');
    expect(pod.status?.containerStatuses?.[0]?.state?.waiting?.message).toBe('configmap "nope" not found');
    expect(await h.events()).toContain('Failed: Error: configmap "nope" not found');
  });

  it('/etc/resolv.conf points at kube-dns with the cluster search path, and /etc/hosts names the pod', async () => {
    h = await kubeletHarness({ config: { imageRepullMs: 0 } });
    const out = await runScript('cat /etc/resolv.conf; cat /etc/hosts | tail -1; hostname');
    expect(out).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n10.244.1.2\tweb\nweb');
  });
});
