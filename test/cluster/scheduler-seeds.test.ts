/**
 * The seed notes' scheduling examples (000, 001, 003), applied as written to a running cluster through the compiled
 * CLI, with what a kubeadm v1.32 cluster does: which pods stay Pending (and with kube-scheduler's exact words), and
 * where they land once the nodes get the labels, taints or neighbours the examples ask for.
 */
import { readFileSync } from 'node:fs';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import { startCluster, type RunningCluster } from '../support/running-cluster.js';
import { eventually } from '../support/eventually.js';

const fixture = (name: string) => new URL(`../fixtures/seeds/${name}`, import.meta.url).pathname;
const fixtureText = (name: string) => readFileSync(fixture(name), 'utf8');

let c: RunningCluster;

interface PodEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
}

/** The events about one pod, oldest first, from `get events -o json`. */
function eventsOf(name: string, namespace = 'default'): PodEvent[] {
  const list = JSON.parse(c.run(['get', 'events', '-n', namespace, '-o', 'json']).stdout) as { items: Array<Record<string, any>> };
  return list.items
    .filter((e) => e.involvedObject.kind === 'Pod' && e.involvedObject.name === name)
    .map((e) => ({ type: e.type, reason: e.reason, message: e.message, count: e.count ?? e.series?.count ?? 1 }));
}

/** The Events table rows of `kubesim describe pod NAME`, without the header. */
function describedEvents(name: string): string[] {
  const out = c.run(['describe', 'pod', name]).stdout;
  const at = out.indexOf('\nEvents:');
  return out
    .slice(at + 1)
    .split('\n')
    .slice(3)
    .filter((l) => l.trim() !== '');
}

const scheduledCondition = (p: Pod) => p.status?.conditions?.find((x) => x.type === 'PodScheduled');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One `describe` Events row of the default scheduler, whatever its age column says. */
const describedRow = (type: string, reason: string, message: string) =>
  new RegExp(`^  ${type} +${reason} +\\S+(?: \\(x\\d+ over \\S+\\))? +default-scheduler  ${escape(message)}$`);

/** What kube-scheduler v1.32 says (FitError.Error) when no node of the four fits: the reasons, counted and sorted. */
const unschedulable = (reasons: string) =>
  `0/4 nodes are available: ${reasons}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.`;

async function waitForNode(name: string, check: (n: Node) => boolean): Promise<Node> {
  return eventually(
    () => JSON.parse(c.run(['get', 'node', name, '-o', 'json']).stdout || '{}') as Node,
    check,
    `node ${name}`,
  );
}

const isReady = (n: Node) => n.status?.conditions?.some((x) => x.type === 'Ready' && x.status === 'True') ?? false;
const taintKeys = (n: Node) => (n.spec?.taints ?? []).map((t) => t.key).sort();

beforeAll(async () => {
  c = startCluster();
  // Four nodes: the tainted control plane, node01, node02 in zone-b, and node03 dedicated to a database.
  for (const args of [
    ['node', 'add', 'node02', '--labels', 'topology.kubernetes.io/zone=zone-b'],
    ['node', 'add', 'node03', '--taints', 'dedicated=db:NoSchedule'],
  ]) {
    const r = c.run(args);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  await waitForNode('node02', (n) => isReady(n) && taintKeys(n).length === 0);
  await waitForNode('node03', (n) => isReady(n) && taintKeys(n).join() === 'dedicated');
}, 120_000);

afterAll(() => c?.down());

describe('the seed notes\' scheduling examples, applied as written', () => {
  it('rejects the GPU pod of note 000, whose typographic quotes make its nodeSelector value an invalid label value', () => {
    const r = c.run(['apply', '-f', fixture('pod-http-go-gpu-nodeselector.yaml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The Pod "http-go" is invalid: spec.nodeSelector: Invalid value: "“true”": a valid label must be an empty string or consist of alphanumeric ' +
        "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex " +
        "used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n",
    );
  });

  describe('pods the default scheduler must leave alone stay Pending without a condition or an event', () => {
    beforeAll(async () => {
      c.apply(fixtureText('pod-http-go-nodename.yaml'));
      c.apply(fixtureText('pods-multischeduler.yaml'));
      // The seed's other pod, for default-scheduler, shows the scheduler ran after both were created.
      await c.waitForPod('annotation-default-scheduler', (p) => !!p.spec?.nodeName);
      await eventually(() => eventsOf('annotation-default-scheduler'), (e) => e.some((x) => x.reason === 'Scheduled'), 'the Scheduled event');
    });

    it.each([
      ['http-go (nodeName: work1, a node that does not exist)', 'http-go', 'work1/'],
      ['annotation-second-scheduler (schedulerName: my-scheduler, which no scheduler serves)', 'annotation-second-scheduler', '<none>'],
    ])('%s', (_what, name, describedNode) => {
      const pod = c.pod(name);
      expect(pod.status?.phase).toBe('Pending');
      expect(pod.status?.conditions ?? []).toEqual([]);
      expect(eventsOf(name)).toEqual([]);
      const described = c.run(['describe', 'pod', name]).stdout;
      expect(described).toContain(`\nNode:             ${describedNode}\n`);
      expect(described).toMatch(/\nEvents: +<none>\n?$/);
    });
  });

  it.each([
    {
      what: "note 002's nodeSelector disktype: ssd, until node01 is labelled disktype=ssd",
      file: 'pod-node-selector.yaml',
      name: 'node-selector',
      label: 'disktype=ssd',
      reasons:
        '1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        "2 node(s) didn't match Pod's node affinity/selector",
    },
    {
      what: "note 003's required node affinity kubernetes.io/e2e-az-name In (e2e-az1, e2e-az2), until node01 is in e2e-az1",
      file: 'pod-with-node-affinity.yaml',
      name: 'with-node-affinity',
      label: 'kubernetes.io/e2e-az-name=e2e-az1',
      reasons:
        '1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        "2 node(s) didn't match Pod's node affinity/selector",
    },
  ])('keeps the pod of $what Pending with FailedScheduling, then runs it on node01', async ({ file, name, label, reasons }) => {
    c.apply(fixtureText(file));
    const message = unschedulable(reasons);
    const pending = await c.waitForPod(name, (p) => scheduledCondition(p)?.status === 'False');
    expect(pending.status?.phase).toBe('Pending');
    expect(scheduledCondition(pending)).toMatchObject({ reason: 'Unschedulable', message });
    expect(await eventually(() => eventsOf(name), (e) => e.length > 0, 'FailedScheduling')).toEqual([{ type: 'Warning', reason: 'FailedScheduling', message, count: 1 }]);
    expect(describedEvents(name)).toEqual([expect.stringMatching(describedRow('Warning', 'FailedScheduling', message))]);

    expect(c.run(['label', 'node', 'node01', label]).stdout).toBe('node/node01 labeled\n');
    const running = await c.waitForPod(name, (p) => p.status?.phase === 'Running');
    expect(running.spec?.nodeName).toBe('node01');
    expect(scheduledCondition(running)).toMatchObject({ status: 'True' });
    const events = await eventually(() => eventsOf(name), (e) => e.some((x) => x.reason === 'Scheduled'), 'Scheduled');
    expect(events.slice(0, 2).map(({ type, reason, message }) => ({ type, reason, message }))).toEqual([
      { type: 'Warning', reason: 'FailedScheduling', message },
      { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/${name} to node01` },
    ]);
  });

  it("keeps note 003's pod affinity pod Pending until a security=S1 pod runs in a zone, then runs it in that zone", async () => {
    expect(c.run(['label', 'node', 'node01', 'topology.kubernetes.io/zone=zone-a']).stdout).toBe('node/node01 labeled\n');
    c.apply(fixtureText('pod-with-pod-affinity.yaml'));
    // No pod matches security In (S1) and the pod does not match its own term: no zone will do.
    const message = unschedulable(
      '1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        "2 node(s) didn't match pod affinity rules",
    );
    const pending = await c.waitForPod('with-pod-affinity', (p) => scheduledCondition(p)?.status === 'False');
    expect(scheduledCondition(pending)).toMatchObject({ reason: 'Unschedulable', message });
    await eventually(() => eventsOf('with-pod-affinity'), (e) => e.length > 0, 'FailedScheduling');
    expect(describedEvents('with-pod-affinity')).toEqual([expect.stringMatching(describedRow('Warning', 'FailedScheduling', message))]);

    // The S1 pod runs on node02, in zone-b: the affinity pod must follow it there, not to node01 in zone-a.
    c.apply(
      ['apiVersion: v1', 'kind: Pod', 'metadata: {name: s1, labels: {security: S1}}', 'spec:', '  nodeSelector: {kubernetes.io/hostname: node02}',
        '  containers: [{name: c, image: nginx}]', ''].join('\n'),
    );
    const s1 = await c.waitForPod('s1', (p) => p.status?.phase === 'Running');
    expect(s1.spec?.nodeName).toBe('node02');
    const placed = await c.waitForPod('with-pod-affinity', (p) => p.status?.phase === 'Running');
    expect(placed.spec?.nodeName).toBe('node02');
    const events = await eventually(() => eventsOf('with-pod-affinity'), (e) => e.some((x) => x.reason === 'Scheduled'), 'Scheduled');
    expect(events.find((x) => x.reason === 'Scheduled')?.message).toBe('Successfully assigned default/with-pod-affinity to node02');
  });

  it("prefers, by the same example's weight-100 anti-affinity to security=S2, the zone without an S2 pod when both zones have S1", async () => {
    const pinnedPod = (name: string, security: string, node: string) =>
      ['apiVersion: v1', 'kind: Pod', `metadata: {name: ${name}, labels: {security: ${security}}}`, 'spec:',
        `  nodeSelector: {kubernetes.io/hostname: ${node}}`, '  containers: [{name: c, image: nginx}]', ''].join('\n');
    c.apply(pinnedPod('s1-zone-a', 'S1', 'node01'));
    c.apply(pinnedPod('s2-zone-b', 'S2', 'node02'));
    await c.waitForPod('s1-zone-a', (p) => p.status?.phase === 'Running');
    await c.waitForPod('s2-zone-b', (p) => p.status?.phase === 'Running');
    c.apply(fixtureText('pod-with-pod-affinity.yaml').replace('name: with-pod-affinity\n', 'name: with-pod-affinity-2\n'));
    const placed = await c.waitForPod('with-pod-affinity-2', (p) => !!p.spec?.nodeName);
    expect(placed.spec?.nodeName).toBe('node01');
  });

  it('keeps a pod off a NoSchedule-tainted node unless it tolerates the taint', async () => {
    const pinned = (name: string, tolerations: string) =>
      ['apiVersion: v1', 'kind: Pod', `metadata: {name: ${name}}`, 'spec:', '  nodeSelector: {kubernetes.io/hostname: node03}',
        `  tolerations: ${tolerations}`, '  containers: [{name: c, image: nginx}]', ''].join('\n');
    c.apply(pinned('db-intolerant', '[]'));
    c.apply(pinned('db', '[{key: dedicated, operator: Equal, value: db, effect: NoSchedule}]'));
    const message = unschedulable(
      '1 node(s) had untolerated taint {dedicated: db}, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        "2 node(s) didn't match Pod's node affinity/selector",
    );
    const tolerant = await c.waitForPod('db', (p) => p.status?.phase === 'Running');
    expect(tolerant.spec?.nodeName).toBe('node03');
    const intolerant = await c.waitForPod('db-intolerant', (p) => scheduledCondition(p)?.status === 'False');
    expect(scheduledCondition(intolerant)).toMatchObject({ reason: 'Unschedulable', message });
    expect(intolerant.spec?.nodeName).toBeUndefined();
  });

  describe("note 000's fluentd DaemonSet", () => {
    const daemonPods = (label: string) =>
      (JSON.parse(c.run(['get', 'pods', '-n', 'kube-system', '-l', `name=${label}`, '-o', 'json']).stdout) as { items: Pod[] }).items;
    const nodesOf = (pods: Pod[]) => pods.map((p) => p.spec?.nodeName).sort();
    const allRunning = (n: number) => (pods: Pod[]) => pods.length === n && pods.every((p) => p.status?.phase === 'Running');

    it('is refused as written: spec.slector is an unknown field', () => {
      const r = c.run(['apply', '-f', fixture('daemonset-fluentd-slector.yaml')]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `Error from server (BadRequest): error when creating "${fixture('daemonset-fluentd-slector.yaml')}": DaemonSet in version "v1" cannot be ` +
          'handled as a DaemonSet: strict decoding error: unknown field "spec.slector"\n',
      );
    });

    it.each([
      // Since v1.24 kubeadm taints node-role.kubernetes.io/control-plane; the seed's master toleration no longer covers it.
      { toleration: 'node-role.kubernetes.io/master (the seed\'s)', name: 'fluentd-elasticsearch', key: 'node-role.kubernetes.io/master', nodes: ['node01', 'node02'] },
      { toleration: 'node-role.kubernetes.io/control-plane', name: 'fluentd-cp', key: 'node-role.kubernetes.io/control-plane', nodes: ['controlplane', 'node01', 'node02'] },
    ])('with spec.selector spelled right and a toleration of $toleration runs on $nodes', async ({ name, key, nodes }) => {
      const yaml = fixtureText('daemonset-fluentd-slector.yaml')
        .replace('slector:', 'selector:')
        .replaceAll('name: fluentd-elasticsearch', `name: ${name}`)
        .replace('key: node-role.kubernetes.io/master', `key: ${key}`);
      c.apply(yaml);
      const pods = await eventually(() => daemonPods(name), allRunning(nodes.length), `${name}'s pods`);
      expect(nodesOf(pods)).toEqual(nodes);
      // node03's dedicated=db taint is tolerated by neither: the DaemonSet wants no pod there.
      const ds = JSON.parse(c.run(['get', 'ds', name, '-n', 'kube-system', '-o', 'json']).stdout) as { status?: { desiredNumberScheduled?: number } };
      expect(ds.status?.desiredNumberScheduled).toBe(nodes.length);
      for (const p of pods) {
        const scheduled = eventsOf(p.metadata!.name!, 'kube-system').find((e) => e.reason === 'Scheduled');
        expect(scheduled?.message).toBe(`Successfully assigned kube-system/${p.metadata!.name} to ${p.spec!.nodeName}`);
      }
    });
  });
});
