import type { KubeObject } from '../../api/object.js';
import { podPrinter } from './pod-printer.js';

const now = new Date('2025-03-01T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString().replace('.000Z', 'Z');

type Obj = Record<string, unknown>;
/** A pod created an hour ago with the given spec and status. */
const makePod = (spec: Obj = {}, status: Obj = {}, metadata: Obj = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default', creationTimestamp: ago(3600), ...metadata },
  spec: { containers: [{ name: 'app', image: 'app:1' }], ...spec },
  status,
});
const running = (extra: Obj = {}) => ({ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: ago(60) } }, ...extra });
const waiting = (reason: string, extra: Obj = {}) => ({ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason } }, ...extra });
const terminated = (t: Obj, extra: Obj = {}) => ({ name: 'app', ready: false, restartCount: 0, state: { terminated: t }, ...extra });

const cell = (pod: KubeObject, column: string) => {
  const i = podPrinter.columns.findIndex((c) => c.name === column);
  return podPrinter.cells(pod, now)[i];
};

describe('podPrinter', () => {
  it('has upstream columns, the wide ones at priority 1', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
    expect(podPrinter.columns[0]!.description).toMatch(/^Name must be unique within a namespace/);
  });

  it.each<[string, KubeObject, string]>([
    ['a pod with a running container shows its phase', makePod({}, { phase: 'Running', containerStatuses: [running()] }), 'Running'],
    ['a pod without status shows an empty status', makePod({}, {}), ''],
    ['status.reason wins over the phase', makePod({}, { phase: 'Failed', reason: 'Evicted' }), 'Evicted'],
    ['a container waiting in back-off shows the waiting reason', makePod({}, { phase: 'Running', containerStatuses: [waiting('CrashLoopBackOff')] }), 'CrashLoopBackOff'],
    ['a waiting container without a reason leaves the phase', makePod({}, { phase: 'Pending', containerStatuses: [{ name: 'app', state: { waiting: {} } }] }), 'Pending'],
    ['a container that completed shows Completed', makePod({}, { phase: 'Succeeded', containerStatuses: [terminated({ exitCode: 0, reason: 'Completed' })] }), 'Completed'],
    ['a terminated container without a reason shows its exit code', makePod({}, { phase: 'Failed', containerStatuses: [terminated({ exitCode: 3 })] }), 'ExitCode:3'],
    ['a container killed by a signal without a reason shows the signal', makePod({}, { phase: 'Failed', containerStatuses: [terminated({ exitCode: 137, signal: 9 })] }), 'Signal:9'],
    ['the first container decides when several have reasons (statuses are read last to first)', makePod({}, { phase: 'Running', containerStatuses: [waiting('ErrImagePull'), waiting('CrashLoopBackOff', { name: 'b' })] }), 'ErrImagePull'],
    ['a pod held by scheduling gates is SchedulingGated', makePod({}, { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), 'SchedulingGated'],
    ['a pod being deleted is Terminating', makePod({}, { phase: 'Running', containerStatuses: [running()] }, { deletionTimestamp: ago(-30) }), 'Terminating'],
    ['a completed pod being deleted still shows Completed', makePod({}, { phase: 'Succeeded', containerStatuses: [terminated({ exitCode: 0, reason: 'Completed' })] }, { deletionTimestamp: ago(1) }), 'Completed'],
    ['a pod being deleted on an unreachable node is Unknown', makePod({}, { phase: 'Running', reason: 'NodeLost' }, { deletionTimestamp: ago(1) }), 'Unknown'],
    ['a pod on an unreachable node not yet being deleted shows NodeLost', makePod({}, { phase: 'Running', reason: 'NodeLost' }), 'NodeLost'],
  ])('%s', (_name, pod, status) => {
    expect(cell(pod, 'Status')).toBe(status);
  });

  describe('init containers', () => {
    const init = (statuses: Obj[], extra: Obj = {}) =>
      makePod({ initContainers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] }, { phase: 'Pending', initContainerStatuses: statuses, containerStatuses: [waiting('PodInitializing')], ...extra });
    const done = (name: string) => ({ name, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } });

    it.each<[string, KubeObject, string]>([
      ['a pod running its first of two init containers is Init:0/2', init([{ name: 'a', state: { running: {} } }, { name: 'b', state: { waiting: { reason: 'PodInitializing' } } }]), 'Init:0/2'],
      ['a pod running its second init container is Init:1/2', init([done('a'), { name: 'b', state: { running: {} } }]), 'Init:1/2'],
      ['an init container waiting on PodInitializing counts as pending', init([done('a'), { name: 'b', state: { waiting: { reason: 'PodInitializing' } } }]), 'Init:1/2'],
      ['an init container that cannot pull its image shows Init:ImagePullBackOff', init([{ name: 'a', state: { waiting: { reason: 'ImagePullBackOff' } } }]), 'Init:ImagePullBackOff'],
      ['a failed init container shows its reason', init([{ name: 'a', state: { terminated: { exitCode: 1, reason: 'Error' } } }]), 'Init:Error'],
      ['a failed init container without a reason shows its exit code', init([{ name: 'a', state: { terminated: { exitCode: 2 } } }]), 'Init:ExitCode:2'],
      ['a killed init container without a reason shows its signal', init([{ name: 'a', state: { terminated: { exitCode: 137, signal: 9 } } }]), 'Init:Signal:9'],
      ['once every init container is done the main containers decide', init([done('a'), done('b')]), 'PodInitializing'],
    ])('%s', (_name, pod, status) => {
      expect(cell(pod, 'Status')).toBe(status);
    });

    it('counts the restarts of init containers while the pod initializes', () => {
      const pod = init([{ name: 'a', restartCount: 3, state: { terminated: { exitCode: 1, reason: 'Error' } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(125) } } }]);
      expect(cell(pod, 'Restarts')).toBe('3 (2m5s ago)');
    });

    it('counts only sidecar restarts once the pod is initialized', () => {
      const pod = makePod(
        { initContainers: [{ name: 'once', image: 'x' }, { name: 'side', image: 'y', restartPolicy: 'Always' }] },
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }],
          initContainerStatuses: [
            { name: 'once', restartCount: 4, state: { terminated: { exitCode: 0 } }, lastState: { terminated: { finishedAt: ago(10) } } },
            { name: 'side', restartCount: 1, started: true, ready: true, state: { running: {} }, lastState: { terminated: { finishedAt: ago(600) } } },
          ],
          containerStatuses: [running({ restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } } })],
        },
      );
      expect([cell(pod, 'Ready'), cell(pod, 'Status'), cell(pod, 'Restarts')]).toEqual(['2/2', 'Running', '3 (5m ago)']);
    });
  });

  describe('sidecars (init containers that always restart)', () => {
    const withSidecar = (mainState: Obj, podReady: boolean, sidecar: Obj = {}) =>
      makePod(
        { initContainers: [{ name: 'side', image: 'y', restartPolicy: 'Always' }] },
        {
          phase: 'Running',
          conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: podReady ? 'True' : 'False' }],
          initContainerStatuses: [{ name: 'side', restartCount: 0, started: true, ready: true, state: { running: {} }, ...sidecar }],
          containerStatuses: [{ name: 'app', restartCount: 0, ...mainState }],
        },
      );

    it('count among the containers and as ready once started and ready', () => {
      expect(cell(withSidecar({ ready: true, state: { running: {} } }, true), 'Ready')).toBe('2/2');
    });

    it('are not ready while they have not started', () => {
      expect(cell(withSidecar({ ready: true, state: { running: {} } }, true, { started: false, ready: false }), 'Ready')).toBe('1/2');
    });

    it('keep a pod whose only regular container completed showing Completed (only regular containers count as running)', () => {
      expect(cell(withSidecar({ ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, false), 'Status')).toBe('Completed');
    });
  });

  it.each<[string, boolean, string]>([
    ['a completed container beside a running one reads Running when the pod is ready', true, 'Running'],
    ['a completed container beside a running one reads NotReady when the pod is not ready', false, 'NotReady'],
  ])('%s', (_name, ready, status) => {
    const pod = makePod(
      { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] },
      {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
        containerStatuses: [terminated({ exitCode: 0, reason: 'Completed' }, { name: 'a' }), running({ name: 'b' })],
      },
    );
    expect([cell(pod, 'Status'), cell(pod, 'Ready')]).toEqual([status, '1/2']);
  });

  it.each<[string, Obj, string]>([
    ['restarts with a last termination say how long ago', { restartCount: 5, lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } } }, '5 (5m ago)'],
    ['restarts without a recorded last termination show only the count', { restartCount: 2 }, '2'],
    ['no restarts show 0 even with a last termination', { restartCount: 0, lastState: { terminated: { exitCode: 1, finishedAt: ago(300) } } }, '0'],
  ])('%s', (_name, extra, restarts) => {
    expect(cell(makePod({}, { phase: 'Running', containerStatuses: [running(extra)] }), 'Restarts')).toBe(restarts);
  });

  it('the latest termination of any container dates the restarts, and restarts add up', () => {
    const pod = makePod(
      { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] },
      {
        phase: 'Running',
        containerStatuses: [
          running({ name: 'a', restartCount: 1, lastState: { terminated: { finishedAt: ago(7200) } } }),
          running({ name: 'b', restartCount: 2, lastState: { terminated: { finishedAt: ago(90) } } }),
        ],
      },
    );
    expect(cell(pod, 'Restarts')).toBe('3 (90s ago)');
  });

  it('READY counts containers that are ready and running', () => {
    const pod = makePod(
      { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }, { name: 'c', image: 'z' }] },
      { phase: 'Running', containerStatuses: [running({ name: 'a' }), running({ name: 'b', ready: false }), { name: 'c', ready: true, state: {} }] },
    );
    expect(cell(pod, 'Ready')).toBe('1/3');
  });

  it('the wide columns show the first pod IP, the node, the nominated node and the readiness gates', () => {
    const pod = makePod(
      { nodeName: 'n1', readinessGates: [{ conditionType: 'g1' }, { conditionType: 'g2' }, { conditionType: 'g3' }] },
      {
        phase: 'Running',
        podIP: '10.0.0.9',
        podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }],
        nominatedNodeName: 'n2',
        conditions: [{ type: 'g1', status: 'True' }, { type: 'g2', status: 'False' }, { type: 'g1', status: 'False' }],
      },
    );
    expect(podPrinter.cells(pod, now).slice(5)).toEqual(['10.0.0.1', 'n1', 'n2', '1/3']);
  });

  it('the wide columns show <none> for what is not set (status.podIP alone is not read)', () => {
    expect(podPrinter.cells(makePod({}, { podIP: '10.0.0.9' }), now).slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('AGE is the time since creation, <unknown> without a creation time', () => {
    expect(cell(makePod(), 'Age')).toBe('60m');
    expect(cell(makePod({}, {}, { creationTimestamp: null }), 'Age')).toBe('<unknown>');
  });

  it.each<[string, string, ReturnType<NonNullable<typeof podPrinter.conditions>>]>([
    ['a succeeded pod row carries the Completed condition', 'Succeeded', [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]],
    ['a failed pod row carries the Completed condition with reason Failed', 'Failed', [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }]],
    ['a running pod row has no conditions', 'Running', undefined],
  ])('%s', (_name, phase, conditions) => {
    expect(podPrinter.conditions!(makePod({}, { phase }))).toEqual(conditions);
  });
});
