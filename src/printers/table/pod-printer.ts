/** Pods as printers.go's printPod: READY, the STATUS kubectl users read (Init:1/2, CrashLoopBackOff, Terminating...), RESTARTS. */
import type { Container, ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { int, str, timeMs, translateMsSince, translateTimestampSince, zeroTime } from './cell-formats.js';
import { ageColumn, column, fieldDoc, kindPrinter, nameColumn } from './kind-printer.js';
import type { TableCell, TableRowCondition } from './table.js';

/** The reason the node lifecycle controller gives pods on an unreachable node (pkg/util/node.NodeUnreachablePodReason). */
export const NodeUnreachablePodReason = 'NodeLost';

const podSuccessConditions: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
const podFailedConditions: TableRowCondition[] = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

/** A sidecar: an init container with restartPolicy Always (podutil.IsRestartableInitContainer). */
const isRestartableInitContainer = (c: Container | undefined) => c?.restartPolicy === 'Always';

const hasPodReadyCondition = (conditions: readonly PodCondition[]) => conditions.some((c) => c.type === 'Ready' && c.status === 'True');

/** isPodInitializedConditionTrue: the first Initialized condition decides. */
function isPodInitializedConditionTrue(conditions: readonly PodCondition[]): boolean {
  const c = conditions.find((x) => x.type === 'Initialized');
  return c !== undefined && c.status === 'True';
}

const finishedAt = (s: ContainerStatus) => (s.lastState?.terminated ? timeMs(s.lastState.terminated.finishedAt) : undefined);

/** The printPod computation; `now` dates AGE and the `(5m ago)` of RESTARTS. */
function podCells(obj: KubeObject, now: Date): TableCell[] {
  const pod = obj as unknown as Pod;
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  const conditions = status.conditions ?? [];
  const initSpecs = spec.initContainers ?? [];
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate = zeroTime;
  let lastRestartableInitContainerRestartDate = zeroTime;

  const podPhase = str(status.phase);
  let reason = podPhase;
  if (str(status.reason) !== '') reason = status.reason!;

  // A pod held by scheduling gates shows SchedulingGated rather than Pending.
  for (const condition of conditions) {
    if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of initSpecs) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    restarts += int(container.restartCount);
    const terminatedDate = finishedAt(container);
    if (terminatedDate !== undefined && lastRestartDate < terminatedDate) lastRestartDate = terminatedDate;
    const restartable = isRestartableInitContainer(initContainers.get(container.name));
    if (restartable) {
      restartableInitContainerRestarts += int(container.restartCount);
      if (terminatedDate !== undefined && lastRestartableInitContainerRestartDate < terminatedDate) lastRestartableInitContainerRestartDate = terminatedDate;
    }
    const state = container.state ?? {};
    if (state.terminated && int(state.terminated.exitCode) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    }
    if (state.terminated) {
      // initialization failed
      const t = state.terminated;
      if (str(t.reason) === '') reason = int(t.signal) !== 0 ? `Init:Signal:${int(t.signal)}` : `Init:ExitCode:${int(t.exitCode)}`;
      else reason = `Init:${t.reason}`;
    } else if (state.waiting && str(state.waiting.reason) !== '' && state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += int(container.restartCount);
      const terminatedDate = finishedAt(container);
      if (terminatedDate !== undefined && lastRestartDate < terminatedDate) lastRestartDate = terminatedDate;
      const state = container.state ?? {};
      if (state.waiting && str(state.waiting.reason) !== '') {
        reason = state.waiting.reason!;
      } else if (state.terminated && str(state.terminated.reason) !== '') {
        reason = state.terminated.reason!;
      } else if (state.terminated) {
        const t = state.terminated;
        reason = int(t.signal) !== 0 ? `Signal:${int(t.signal)}` : `ExitCode:${int(t.exitCode)}`;
      } else if (container.ready && state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose main container completed while a sidecar still runs is not Completed.
    if (reason === 'Completed' && hasRunning) reason = hasPodReadyCondition(conditions) ? 'Running' : 'NotReady';
  }

  const deleting = timeMs(pod.metadata?.deletionTimestamp) !== zeroTime;
  if (deleting && status.reason === NodeUnreachablePodReason) reason = 'Unknown';
  else if (deleting && podPhase !== 'Succeeded' && podPhase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== zeroTime) restartsStr = `${restarts} (${translateMsSince(lastRestartDate, now)} ago)`;

  const podIP = str(status.podIPs?.[0]?.ip) || '<none>';
  const nodeName = str(spec.nodeName) || '<none>';
  const nominatedNodeName = str(status.nominatedNodeName) || '<none>';
  let readinessGates = '<none>';
  const gates = spec.readinessGates ?? [];
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const condition = conditions.find((c) => c.type === gate.conditionType);
      if (condition?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }

  return [
    str(obj.metadata.name),
    `${readyContainers}/${totalContainers}`,
    reason,
    restartsStr,
    translateTimestampSince(obj.metadata.creationTimestamp, now),
    podIP,
    nodeName,
    nominatedNodeName,
    readinessGates,
  ];
}

function podConditions(obj: KubeObject): TableRowCondition[] | undefined {
  const phase = (obj as unknown as Pod).status?.phase;
  if (phase === 'Succeeded') return podSuccessConditions;
  if (phase === 'Failed') return podFailedConditions;
  return undefined;
}

const core = 'io.k8s.api.core.v1';

export const podPrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    ageColumn(),
    column('IP', 'string', fieldDoc(`${core}.PodStatus`, 'podIP'), { priority: 1 }),
    column('Node', 'string', fieldDoc(`${core}.PodSpec`, 'nodeName'), { priority: 1 }),
    column('Nominated Node', 'string', fieldDoc(`${core}.PodStatus`, 'nominatedNodeName'), { priority: 1 }),
    column('Readiness Gates', 'string', fieldDoc(`${core}.PodSpec`, 'readinessGates'), { priority: 1 }),
  ],
  podCells,
  podConditions,
);
