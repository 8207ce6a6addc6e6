/**
 * A pod's API status from what the simulated runtime knows, as the kubelet computes it: generateAPIPodStatus,
 * convertToAPIContainerStatuses, getPhase (pkg/kubelet/kubelet_pods.go), the probe manager's ready/started, the
 * condition generators (pkg/kubelet/status/generate.go) and the status manager's lastTransitionTime and startTime.
 */
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodStatus, VolumeMountStatus } from 'kubernetes-types/core/v1.js';
import { podQOSClass } from '../api/pod-qos.js';
import { rfc3339 } from '../util/clock.js';

/** One container instance the runtime created (a restart creates a new one). */
export interface ContainerInstance {
  /** 64 hex digits; containerStatuses[].containerID is `containerd://<id>`. */
  id: string;
  name: string;
  /** restartCount at creation (the log file is `<attempt>.log`). */
  attempt: number;
  /** docker.io/library/nginx:latest */
  image: string;
  imageID: string;
  state: 'created' | 'running' | 'exited';
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** Completed, Error, OOMKilled, StartError, ContainerStatusUnknown. */
  reason?: string;
  message?: string;
}

/** The waiting reason of a container's last failed start (the kubelet's reasonCache). */
export interface StartFailure {
  reason: string;
  message: string;
}

/** What the status is computed from: the pod sandbox, container instances (oldest first) and probe results. */
export interface RuntimePodView {
  sandboxReady: boolean;
  podIPs: string[];
  hostIPs: string[];
  instances: ReadonlyMap<string, readonly ContainerInstance[]>;
  reasons: ReadonlyMap<string, StartFailure>;
  /** Whether the container (by name) has a startup / readiness probe, and the results for its current instance id. */
  probes: {
    hasStartup(name: string): boolean;
    hasReadiness(name: string): boolean;
    startupSucceeded(id: string): boolean | undefined;
    ready(id: string): boolean | undefined;
  };
}

export const ContainerCreating = 'ContainerCreating';
export const PodInitializing = 'PodInitializing';
const kubeletConditions = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);

const isRestartableInit = (c: Container | undefined) => c?.restartPolicy === 'Always';
const time = (ms: number | undefined) => (ms === undefined ? null : rfc3339(new Date(ms)));
const cid = (id: string) => `containerd://${id}`;

/** ShouldContainerBeRestarted for the policy alone (the instance exited). */
export function shouldRestart(pod: Pod, container: Container, last: ContainerInstance | undefined, isInit: boolean): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  if (!last) return true;
  if (last.state !== 'exited') return false;
  if (isInit && isRestartableInit(container)) return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return last.exitCode !== 0;
  return true;
}

function volumeMountStatuses(container: Container): VolumeMountStatus[] | undefined {
  const mounts = container.volumeMounts ?? [];
  if (mounts.length === 0) return undefined;
  return mounts.map((m) => ({
    name: m.name,
    mountPath: m.mountPath,
    ...(m.readOnly ? { readOnly: true, recursiveReadOnly: m.recursiveReadOnly === 'Enabled' ? 'Enabled' : 'Disabled' } : {}),
  }));
}

function convertInstance(inst: ContainerInstance, container: Container): ContainerStatus {
  let state: ContainerState;
  if (inst.state === 'running') state = { running: { startedAt: time(inst.startedAt)! } };
  else if (inst.state === 'created') state = { waiting: {} };
  else {
    state = {
      terminated: {
        exitCode: inst.exitCode ?? 0,
        ...(inst.reason ? { reason: inst.reason } : {}),
        ...(inst.message ? { message: inst.message } : {}),
        startedAt: time(inst.startedAt) as string,
        finishedAt: time(inst.finishedAt) as string,
        containerID: cid(inst.id),
      },
    };
  }
  const status: ContainerStatus = {
    name: inst.name,
    state,
    lastState: {},
    ready: false,
    restartCount: inst.attempt,
    image: inst.image,
    imageID: inst.imageID,
    containerID: cid(inst.id),
  };
  const mounts = volumeMountStatuses(container);
  if (mounts) status.volumeMounts = mounts;
  return status;
}

/** convertToAPIContainerStatuses for one list (init or regular containers). */
function containerStatuses(pod: Pod, view: RuntimePodView, containers: readonly Container[], old: readonly ContainerStatus[] | undefined, isInit: boolean): ContainerStatus[] {
  const hasInit = (pod.spec?.initContainers ?? []).length > 0;
  const defaultWaiting: ContainerState = { waiting: { reason: hasInit ? PodInitializing : ContainerCreating } };
  const oldByName = new Map((old ?? []).map((s) => [s.name, s]));
  const statuses = new Map<string, ContainerStatus>();
  for (const c of containers) {
    let status: ContainerStatus = { name: c.name, state: structuredClone(defaultWaiting), lastState: {}, ready: false, restartCount: 0, image: c.image ?? '', imageID: '' };
    const prev = oldByName.get(c.name);
    if (prev) {
      if (prev.state?.terminated) status = structuredClone(prev);
      else {
        status.restartCount = prev.restartCount;
        status.lastState = structuredClone(prev.lastState ?? {});
      }
    }
    statuses.set(c.name, status);
  }
  for (const c of containers) {
    const instances = [...(view.instances.get(c.name) ?? [])].reverse().slice(0, 2);
    instances.forEach((inst, i) => {
      const converted = convertInstance(inst, c);
      if (i === 0) statuses.set(c.name, converted);
      else statuses.get(c.name)!.lastState = converted.state;
    });
  }
  // Containers that will be restarted by the next sync show why they are waiting.
  for (const c of containers) {
    const instances = view.instances.get(c.name) ?? [];
    const last = instances.at(-1);
    if (isInit && last?.state === 'exited' && last.exitCode === 0 && !isRestartableInit(c)) continue;
    if (!shouldRestart(pod, c, last, isInit)) continue;
    const reason = view.reasons.get(c.name);
    if (!reason) continue;
    const status = statuses.get(c.name)!;
    if (status.state?.terminated) status.lastState = status.state;
    status.state = { waiting: { reason: reason.reason, ...(reason.message ? { message: reason.message } : {}) } };
  }
  // The probe manager's started and ready.
  for (const c of containers) {
    const status = statuses.get(c.name)!;
    const instance = view.instances.get(c.name)?.at(-1);
    let started = false;
    if (status.state?.running && instance) {
      const startup = view.probes.startupSucceeded(instance.id);
      started = startup !== undefined ? startup : !view.probes.hasStartup(c.name);
    }
    status.started = started;
    if (isInit && !isRestartableInit(c)) {
      status.ready = Boolean(status.state?.terminated && status.state.terminated.exitCode === 0);
      continue;
    }
    let ready = false;
    if (started && status.state?.running && instance) {
      const result = view.probes.ready(instance.id);
      ready = result !== undefined ? result : !view.probes.hasReadiness(c.name);
    }
    status.ready = ready;
  }
  const list = containers.map((c) => normalizeOrder(statuses.get(c.name)!));
  // Regular containers are sorted by name (SortedContainerStatuses); init containers keep the spec's order.
  if (!isInit) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return list;
}

/** Field order as the Go struct serializes it (a YAML printer sorts anyway; JSON output keeps this). */
function normalizeOrder(s: ContainerStatus): ContainerStatus {
  const out: ContainerStatus = {
    name: s.name,
    state: s.state ?? {},
    lastState: s.lastState ?? {},
    ready: s.ready,
    restartCount: s.restartCount,
    image: s.image,
    imageID: s.imageID ?? '',
  };
  if (s.containerID) out.containerID = s.containerID;
  if (s.started !== undefined) out.started = s.started;
  if (s.volumeMounts) out.volumeMounts = s.volumeMounts;
  return out;
}

const hasAnyRegularContainerStarted = (pod: Pod, statuses: readonly ContainerStatus[]) =>
  (pod.spec?.containers ?? []).some((c) => {
    const s = statuses.find((x) => x.name === c.name);
    return Boolean(s?.state?.running || s?.state?.terminated);
  });

/** getPhase (kubelet_pods.go). */
export function getPhase(pod: Pod, initStatuses: readonly ContainerStatus[], statuses: readonly ContainerStatus[], podIsTerminal: boolean): string {
  const spec = pod.spec!;
  const all = [...statuses, ...initStatuses];
  const find = (name: string) => all.find((s) => s.name === name);
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of spec.initContainers ?? []) {
    if (isRestartableInit(c)) continue;
    const s = find(c.name);
    if (!s) {
      pendingInitialization++;
      continue;
    }
    if (s.state?.running) pendingInitialization++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!isRestartableInit(c)) continue;
    const s = find(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) {
      if (!s.started) pendingInitialization++;
      running++;
    } else if (s.state?.terminated) {
      // terminated restartable init containers are ignored
    } else if (s.state?.waiting) {
      if (!s.lastState?.terminated) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }
  for (const c of spec.containers) {
    const s = find(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const policy = spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  if ((pendingInitialization > 0 && !hasAnyRegularContainerStarted(pod, all)) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal && !isStaticPod(pod)) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

export const isStaticPod = (pod: Pod) => pod.metadata?.annotations?.['kubernetes.io/config.source'] !== undefined && pod.metadata.annotations['kubernetes.io/config.source'] !== 'api';

const goList = (names: readonly string[]) => `[${names.join(' ')}]`;

function containersReadyCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: string): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (name: string) => {
    const s = statuses.find((x) => x.name === name);
    if (!s) unknown.push(name);
    else if (!s.ready) unready.push(name);
  };
  for (const c of pod.spec?.initContainers ?? []) if (isRestartableInit(c)) check(c.name);
  for (const c of pod.spec?.containers ?? []) check(c.name);
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (unready.length) messages.push(`containers with unready status: ${goList(unready)}`);
  if (messages.length) return { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: messages.join(', ') };
  return { type: 'ContainersReady', status: 'True' };
}

function readyCondition(pod: Pod, conditions: readonly PodCondition[], statuses: readonly ContainerStatus[], phase: string): PodCondition {
  const cr = containersReadyCondition(pod, statuses, phase);
  if (cr.status !== 'True') return { type: 'Ready', status: cr.status, ...(cr.reason ? { reason: cr.reason } : {}), ...(cr.message ? { message: cr.message } : {}) };
  const messages: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (messages.length) return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: messages.join(', ') };
  return { type: 'Ready', status: 'True' };
}

function initializedCondition(pod: Pod, statuses: readonly ContainerStatus[], phase: string): PodCondition {
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of pod.spec?.initContainers ?? []) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) {
      unknown.push(c.name);
      continue;
    }
    if (isRestartableInit(c)) {
      if (!s.started) incomplete.push(c.name);
    } else if (!s.ready) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  if (hasAnyRegularContainerStarted(pod, statuses)) return { type: 'Initialized', status: 'True' };
  const messages: string[] = [];
  if (unknown.length) messages.push(`containers with unknown status: ${goList(unknown)}`);
  if (incomplete.length) messages.push(`containers with incomplete status: ${goList(incomplete)}`);
  if (messages.length) return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: messages.join(', ') };
  return { type: 'Initialized', status: 'True' };
}

export interface GenerateOptions {
  /** The pod is being terminated (deleted or finished): its containers will not be restarted. */
  podIsTerminal: boolean;
  now: Date;
}

/**
 * generateAPIPodStatus plus the status manager's merge: the status to write, given the pod as stored (its status is
 * the old status).
 */
export function generatePodStatus(pod: Pod, view: RuntimePodView, opts: GenerateOptions): PodStatus {
  const old = pod.status ?? {};
  const spec = pod.spec!;
  const initStatuses = containerStatuses(pod, view, spec.initContainers ?? [], old.initContainerStatuses, true);
  const statuses = containerStatuses(pod, view, spec.containers, old.containerStatuses, false);
  let phase = getPhase(pod, initStatuses, statuses, opts.podIsTerminal);
  if (phase !== 'Failed' && phase !== 'Succeeded' && (old.phase === 'Failed' || old.phase === 'Succeeded')) phase = old.phase;

  const all = [...initStatuses, ...statuses];
  const conditions: PodCondition[] = (old.conditions ?? []).filter((c) => !kubeletConditions.has(c.type));
  conditions.push({ type: 'PodReadyToStartContainers', status: view.sandboxReady ? 'True' : 'False' });
  conditions.push(initializedCondition(pod, all, phase));
  conditions.push(readyCondition(pod, conditions, all, phase));
  conditions.push(containersReadyCondition(pod, all, phase));
  conditions.push({ type: 'PodScheduled', status: 'True' });
  const nowText = rfc3339(opts.now);
  const withTimes = conditions.map((c) => {
    if (!kubeletConditions.has(c.type)) return c;
    const prev = (old.conditions ?? []).find((x) => x.type === c.type);
    const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : nowText;
    return { type: c.type, status: c.status, lastProbeTime: null, lastTransitionTime, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) } as unknown as PodCondition;
  });

  const status: PodStatus = { phase, conditions: withTimes };
  if (phase === old.phase) {
    if (old.message) status.message = old.message;
    if (old.reason) status.reason = old.reason;
  }
  if (old.nominatedNodeName) status.nominatedNodeName = old.nominatedNodeName;
  if (view.hostIPs.length) {
    status.hostIP = view.hostIPs[0];
    status.hostIPs = view.hostIPs.map((ip) => ({ ip }));
  }
  const podIPs = view.podIPs.length ? view.podIPs : (old.podIPs ?? []).map((p) => p.ip);
  if (podIPs.length) {
    status.podIP = podIPs[0];
    status.podIPs = podIPs.map((ip) => ({ ip }));
  }
  status.startTime = old.startTime ?? nowText;
  if (initStatuses.length) status.initContainerStatuses = initStatuses;
  status.containerStatuses = statuses;
  status.qosClass = old.qosClass ?? podQOSClass(pod as never);
  if (old.ephemeralContainerStatuses) status.ephemeralContainerStatuses = old.ephemeralContainerStatuses;
  if (old.resourceClaimStatuses) status.resourceClaimStatuses = old.resourceClaimStatuses;
  return status;
}
