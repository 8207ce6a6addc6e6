/**
 * The scheduler's view of nodes and pods (upstream pkg/scheduler/framework/types.go): resources, PodInfo with
 * its parsed affinity terms, NodeInfo with what is requested on a node, host ports, image states, and FitError.
 */
import type { Container, Node, Pod, PodAffinityTerm, Taint, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector, type Labels, type LabelSelector } from '../../api/label-selector.js';
import { parseQuantity } from '../../util/quantity.js';
import type { NodeToStatus } from './interface.js';

export const DefaultMilliCPURequest = 100;
export const DefaultMemoryRequest = 200 * 1024 * 1024;

type ResourceList = Record<string, string | number> | undefined;

/** upstream schedutil.IsScalarResourceName: extended, hugepages, prefixed-native and attachable-volume resources. */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  if (name.includes('kubernetes.io/')) return true; // prefixed native
  return name.includes('/') && !name.startsWith('requests.'); // extended
}

/**
 * Parsed quantities (upstream resource.Quantity.MilliValue / Value), memoized by their text: every pod and node
 * repeats a handful of strings (`100m`, `500Mi`, `110`), and parsing one (BigInt arithmetic) costs more than the
 * rest of a pod's accounting. Unparseable text is not memoized, so it throws each time as before.
 */
const milliMemo = new Map<string | number, number>();
const valueMemo = new Map<string | number, number>();
const maxMemo = 4096;

function memoized(memo: Map<string | number, number>, v: string | number, parse: (v: string | number) => number): number {
  let n = memo.get(v);
  if (n === undefined) {
    n = parse(v);
    if (memo.size >= maxMemo) memo.clear();
    memo.set(v, n);
  }
  return n;
}
const parseMilli = (v: string | number) => parseQuantity(v).milliValue();
const parseValue = (v: string | number) => parseQuantity(v).value();
function milliOf(v: string | number): number {
  return memoized(milliMemo, v, parseMilli);
}
function valueOf(v: string | number): number {
  return memoized(valueMemo, v, parseValue);
}

/** Compute resources in the units the scheduler uses (upstream framework.Resource). */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  scalarResources = new Map<string, number>();

  static fromList(list: ResourceList): Resource {
    const r = new Resource();
    r.add(list);
    return r;
  }

  add(list: ResourceList): void {
    if (!list) return;
    for (const [name, q] of Object.entries(list)) {
      if (q === undefined || q === null) continue;
      switch (name) {
        case 'cpu':
          this.milliCPU += milliOf(q);
          break;
        case 'memory':
          this.memory += valueOf(q);
          break;
        case 'pods':
          this.allowedPodNumber += valueOf(q);
          break;
        case 'ephemeral-storage':
          this.ephemeralStorage += valueOf(q);
          break;
        default:
          if (isScalarResourceName(name)) this.addScalar(name, valueOf(q));
      }
    }
  }

  /** Adds another Resource, sign times (1 or -1). */
  addResource(o: Resource, sign = 1): void {
    this.milliCPU += sign * o.milliCPU;
    this.memory += sign * o.memory;
    this.ephemeralStorage += sign * o.ephemeralStorage;
    this.allowedPodNumber += sign * o.allowedPodNumber;
    for (const [k, v] of o.scalarResources) this.scalarResources.set(k, (this.scalarResources.get(k) ?? 0) + sign * v);
  }

  addScalar(name: string, v: number): void {
    this.scalarResources.set(name, (this.scalarResources.get(name) ?? 0) + v);
  }

  setScalar(name: string, v: number): void {
    this.scalarResources.set(name, v);
  }

  clone(): Resource {
    const r = new Resource();
    r.milliCPU = this.milliCPU;
    r.memory = this.memory;
    r.ephemeralStorage = this.ephemeralStorage;
    r.allowedPodNumber = this.allowedPodNumber;
    r.scalarResources = new Map(this.scalarResources);
    return r;
  }

  /** Each resource becomes the max of its value and the list's (upstream SetMaxResource). */
  setMaxResource(list: ResourceList): void {
    if (!list) return;
    for (const [name, q] of Object.entries(list)) {
      switch (name) {
        case 'cpu':
          this.milliCPU = Math.max(this.milliCPU, milliOf(q));
          break;
        case 'memory':
          this.memory = Math.max(this.memory, valueOf(q));
          break;
        case 'ephemeral-storage':
          this.ephemeralStorage = Math.max(this.ephemeralStorage, valueOf(q));
          break;
        default:
          if (isScalarResourceName(name)) this.scalarResources.set(name, Math.max(this.scalarResources.get(name) ?? 0, valueOf(q)));
      }
    }
  }
}

/** A parsed pod affinity term (upstream AffinityTerm). */
export interface AffinityTerm {
  namespaces: Set<string>;
  selector: LabelSelector;
  topologyKey: string;
  namespaceSelector: LabelSelector;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** Whether a term selects a pod, given the labels of the pod's namespace (upstream AffinityTerm.Matches). */
export function affinityTermMatches(term: AffinityTerm, pod: Pod, nsLabels: Labels): boolean {
  if (term.namespaces.has(pod.metadata?.namespace ?? '') || term.namespaceSelector.matches(nsLabels)) {
    return term.selector.matches(pod.metadata?.labels);
  }
  return false;
}

function namespacesOfTerm(pod: Pod, term: PodAffinityTerm): Set<string> {
  if (!term.namespaces?.length && term.namespaceSelector == null) return new Set([pod.metadata?.namespace ?? '']);
  return new Set(term.namespaces ?? []);
}

/** upstream newAffinityTerm. */
export function newAffinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  return {
    namespaces: namespacesOfTerm(pod, term),
    selector: labelSelectorAsSelector(term.labelSelector),
    topologyKey: term.topologyKey,
    namespaceSelector: labelSelectorAsSelector(term.namespaceSelector),
  };
}

function affinityTerms(pod: Pod, terms: PodAffinityTerm[] | undefined, errs: Error[]): AffinityTerm[] {
  const out: AffinityTerm[] = [];
  for (const t of terms ?? []) {
    try {
      out.push(newAffinityTerm(pod, t));
    } catch (e) {
      errs.push(e as Error);
    }
  }
  return out;
}

function weightedTerms(pod: Pod, terms: WeightedPodAffinityTerm[] | undefined, errs: Error[]): WeightedAffinityTerm[] {
  const out: WeightedAffinityTerm[] = [];
  for (const t of terms ?? []) {
    try {
      out.push({ ...newAffinityTerm(pod, t.podAffinityTerm), weight: t.weight });
    } catch (e) {
      errs.push(e as Error);
    }
  }
  return out;
}

/** A pod with its affinity terms parsed once (upstream PodInfo); also caches its resource requests. */
export class PodInfo {
  pod!: Pod;
  requiredAffinityTerms: AffinityTerm[] = [];
  requiredAntiAffinityTerms: AffinityTerm[] = [];
  preferredAffinityTerms: WeightedAffinityTerm[] = [];
  preferredAntiAffinityTerms: WeightedAffinityTerm[] = [];
  /** Errors parsing the terms' selectors (upstream ParseError). */
  parseError?: Error;
  private cachedRequest?: PodResourceRequest;

  static of(pod: Pod): PodInfo {
    const pi = new PodInfo();
    pi.update(pod);
    return pi;
  }

  update(pod: Pod): void {
    if (this.pod === pod) return;
    this.pod = pod;
    this.cachedRequest = undefined;
    const errs: Error[] = [];
    const a = pod.spec?.affinity;
    this.requiredAffinityTerms = affinityTerms(pod, a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, errs);
    this.requiredAntiAffinityTerms = affinityTerms(pod, a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, errs);
    this.preferredAffinityTerms = weightedTerms(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, errs);
    this.preferredAntiAffinityTerms = weightedTerms(pod, a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, errs);
    this.parseError = errs.length ? new Error(errs.map((e) => e.message).join(', ')) : undefined;
  }

  /** The pod's requests as NodeInfo accounts them (computed once per pod object). */
  request(): PodResourceRequest {
    return (this.cachedRequest ??= computePodResourceRequest(this.pod));
  }
}

/** A pod in the scheduling queue (upstream QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was added to the queue (or last moved), used by the QueueSort plugin. */
  timestamp: Date;
  attempts: number;
  initialAttemptTimestamp?: Date;
  /** Plugins that rejected the pod in its last attempt (to decide which events may help it). */
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  /** A PreEnqueue plugin (SchedulingGates) keeps the pod out of activeQ. */
  gated: boolean;
}

export const DefaultBindAllHostIP = '0.0.0.0';

/** Host ports in use on a node: ip -> set of "protocol/port" (upstream HostPortInfo). */
export class HostPortInfo {
  readonly ports = new Map<string, Set<string>>();

  private static key(protocol: string, port: number): string {
    return `${protocol || 'TCP'}/${port}`;
  }

  add(ip: string, protocol: string, port: number): void {
    if (!(port > 0)) return;
    const i = ip || DefaultBindAllHostIP;
    let s = this.ports.get(i);
    if (!s) this.ports.set(i, (s = new Set()));
    s.add(HostPortInfo.key(protocol, port));
  }

  remove(ip: string, protocol: string, port: number): void {
    if (!(port > 0)) return;
    const i = ip || DefaultBindAllHostIP;
    const s = this.ports.get(i);
    if (!s) return;
    s.delete(HostPortInfo.key(protocol, port));
    if (s.size === 0) this.ports.delete(i);
  }

  len(): number {
    let n = 0;
    for (const s of this.ports.values()) n += s.size;
    return n;
  }

  /** Whether ip/protocol/port conflicts: 0.0.0.0 conflicts with every ip, and every ip with 0.0.0.0. */
  checkConflict(ip: string, protocol: string, port: number): boolean {
    if (!(port > 0)) return false;
    const i = ip || DefaultBindAllHostIP;
    const k = HostPortInfo.key(protocol, port);
    if (i === DefaultBindAllHostIP) {
      for (const s of this.ports.values()) if (s.has(k)) return true;
      return false;
    }
    return !!(this.ports.get(DefaultBindAllHostIP)?.has(k) || this.ports.get(i)?.has(k));
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, s] of this.ports) c.ports.set(ip, new Set(s));
    return c;
  }
}

/** An image's size and on how many nodes it is (upstream ImageStateSummary). */
export interface ImageStateSummary {
  size: number;
  numNodes: number;
}

let generation = 0;
/** A process-wide increasing generation, so the snapshot can copy only NodeInfos changed since last time. */
export function nextGeneration(): number {
  return ++generation;
}

export interface PodResourceRequest {
  res: Resource;
  non0CPU: number;
  non0Mem: number;
}

function hasAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  return !!a && (!!a.podAffinity || !!a.podAntiAffinity);
}

function hasRequiredAntiAffinity(pod: Pod): boolean {
  return !!pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length;
}

/** The namespace/name key of a PVC (upstream GetNamespacedName). */
export function getNamespacedName(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** Node-level aggregated information (upstream NodeInfo). */
export class NodeInfo {
  private _node: Node | undefined;
  /** The node's name, taints and spec.unschedulable, kept apart: the Filter and Score loops read them on every node. */
  private _name = '';
  private _taints: Taint[] | undefined;
  private _unschedulable = false;
  pods: PodInfo[] = [];
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  usedPorts = new HostPortInfo();
  requested = new Resource();
  nonZeroRequested = new Resource();
  allocatable = new Resource();
  imageStates = new Map<string, ImageStateSummary>();
  pvcRefCounts = new Map<string, number>();
  generation = nextGeneration();

  constructor(...pods: Pod[]) {
    for (const p of pods) this.addPod(p);
  }

  node(): Node | undefined {
    return this._node;
  }

  nodeName(): string {
    return this._name;
  }

  /** The node's spec.taints (undefined without a node). */
  taints(): Taint[] | undefined {
    return this._taints;
  }

  /** The node's spec.unschedulable (false without a node). */
  unschedulable(): boolean {
    return this._unschedulable;
  }

  setNode(node: Node): void {
    this._node = node;
    this._name = node.metadata?.name ?? '';
    this._taints = node.spec?.taints;
    this._unschedulable = !!node.spec?.unschedulable;
    this.allocatable = Resource.fromList(node.status?.allocatable as ResourceList);
    this.generation = nextGeneration();
  }

  removeNode(): void {
    this._node = undefined;
    this._name = '';
    this._taints = undefined;
    this._unschedulable = false;
    this.generation = nextGeneration();
  }

  addPod(pod: Pod): void {
    this.addPodInfo(PodInfo.of(pod));
  }

  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    if (hasAffinity(pi.pod)) this.podsWithAffinity.push(pi);
    if (hasRequiredAntiAffinity(pi.pod)) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Removes the pod with the same uid; throws when the node does not have it (as upstream returns an error). */
  removePod(pod: Pod): void {
    const uid = getPodKey(pod);
    removeFrom(this.podsWithAffinity, uid);
    removeFrom(this.podsWithRequiredAntiAffinity, uid);
    const i = this.pods.findIndex((p) => getPodKey(p.pod) === uid);
    if (i < 0) throw new Error(`no corresponding pod ${pod.metadata?.name} in pods of node ${this.nodeName()}`);
    const [pi] = this.pods.splice(i, 1);
    this.update(pi!, -1);
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    const { res, non0CPU, non0Mem } = pi.request();
    this.requested.addResource(res, sign);
    this.nonZeroRequested.milliCPU += sign * non0CPU;
    this.nonZeroRequested.memory += sign * non0Mem;
    const pod = pi.pod;
    for (const c of pod.spec?.containers ?? []) {
      for (const p of c.ports ?? []) {
        if (sign > 0) this.usedPorts.add(p.hostIP ?? '', p.protocol ?? '', p.hostPort ?? 0);
        else this.usedPorts.remove(p.hostIP ?? '', p.protocol ?? '', p.hostPort ?? 0);
      }
    }
    for (const v of pod.spec?.volumes ?? []) {
      if (!v.persistentVolumeClaim) continue;
      const key = getNamespacedName(pod.metadata?.namespace ?? '', v.persistentVolumeClaim.claimName);
      const n = (this.pvcRefCounts.get(key) ?? 0) + sign;
      if (n <= 0) this.pvcRefCounts.delete(key);
      else this.pvcRefCounts.set(key, n);
    }
    this.generation = nextGeneration();
  }

  /** Makes this NodeInfo equal to other, keeping its identity (upstream `*existing = *clone`). */
  copyFrom(o: NodeInfo): void {
    this._node = o._node;
    this._name = o._name;
    this._taints = o._taints;
    this._unschedulable = o._unschedulable;
    this.pods = o.pods;
    this.podsWithAffinity = o.podsWithAffinity;
    this.podsWithRequiredAntiAffinity = o.podsWithRequiredAntiAffinity;
    this.usedPorts = o.usedPorts;
    this.requested = o.requested;
    this.nonZeroRequested = o.nonZeroRequested;
    this.allocatable = o.allocatable;
    this.imageStates = o.imageStates;
    this.pvcRefCounts = o.pvcRefCounts;
    this.generation = o.generation;
  }

  clone(): NodeInfo {
    const c = new NodeInfo();
    c._node = this._node;
    c._name = this._name;
    c._taints = this._taints;
    c._unschedulable = this._unschedulable;
    c.pods = this.pods.slice();
    c.podsWithAffinity = this.podsWithAffinity.slice();
    c.podsWithRequiredAntiAffinity = this.podsWithRequiredAntiAffinity.slice();
    c.usedPorts = this.usedPorts.clone();
    c.requested = this.requested.clone();
    c.nonZeroRequested = this.nonZeroRequested.clone();
    c.allocatable = this.allocatable.clone();
    c.imageStates = new Map(this.imageStates);
    c.pvcRefCounts = new Map(this.pvcRefCounts);
    c.generation = this.generation;
    return c;
  }
}

function removeFrom(list: PodInfo[], uid: string): void {
  const i = list.findIndex((p) => getPodKey(p.pod) === uid);
  if (i >= 0) list.splice(i, 1);
}

/** The pod's uid, the key the cache uses (upstream GetPodKey; errors on an empty uid there). */
export function getPodKey(pod: Pod): string {
  const uid = pod.metadata?.uid;
  if (!uid) throw new Error('cannot get cache key for pod with empty UID');
  return uid;
}

const nonMissingDefaults: Record<string, number> = { cpu: DefaultMilliCPURequest, memory: DefaultMemoryRequest };

/**
 * The pod's effective requests (upstream resourcehelper.PodRequests): containers summed, sidecars (restartable
 * init containers) added, the max with each init container, plus overhead; non0 values count a missing cpu or
 * memory request as the defaults (100m, 200Mi), as upstream calculateResource does.
 */
export function computePodResourceRequest(pod: Pod): PodResourceRequest {
  let r = requestCache.get(pod);
  if (!r) {
    const res = aggregate(pod, false);
    const non0 = aggregate(pod, true);
    requestCache.set(pod, (r = { res, non0CPU: non0.milliCPU, non0Mem: non0.memory }));
  }
  return r;
}

/**
 * Requests by pod object: plugins ask for the pod being scheduled once per node, and parsing quantities each time
 * would dominate a cycle. Pods from the informers are never changed in place, so the result is shared: never mutate it.
 */
const requestCache = new WeakMap<Pod, PodResourceRequest>();

function containerRequests(c: Container, nonMissing: boolean): Resource {
  const r = Resource.fromList(c.resources?.requests as ResourceList);
  if (nonMissing) {
    const req = c.resources?.requests ?? {};
    if (!('cpu' in req)) r.milliCPU = nonMissingDefaults.cpu!;
    if (!('memory' in req)) r.memory = nonMissingDefaults.memory!;
  }
  return r;
}

function maxInto(into: Resource, o: Resource): void {
  into.milliCPU = Math.max(into.milliCPU, o.milliCPU);
  into.memory = Math.max(into.memory, o.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, o.ephemeralStorage);
  into.allowedPodNumber = Math.max(into.allowedPodNumber, o.allowedPodNumber);
  for (const [k, v] of o.scalarResources) into.scalarResources.set(k, Math.max(into.scalarResources.get(k) ?? 0, v));
}

function aggregate(pod: Pod, nonMissing: boolean): Resource {
  const reqs = new Resource();
  for (const c of pod.spec?.containers ?? []) reqs.addResource(containerRequests(c, nonMissing));
  const restartable = new Resource();
  const initMax = new Resource();
  for (const c of pod.spec?.initContainers ?? []) {
    let cr = containerRequests(c, nonMissing);
    if (c.restartPolicy === 'Always') {
      reqs.addResource(cr);
      restartable.addResource(cr);
      cr = restartable;
    } else {
      cr.addResource(restartable);
    }
    maxInto(initMax, cr);
  }
  maxInto(reqs, initMax);
  reqs.add(pod.spec?.overhead as ResourceList);
  return reqs;
}

/** Why the pod fits nowhere (upstream Diagnosis); nodeToStatus has an entry for every rejected node. */
export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set(), pendingPlugins: new Set(), preFilterMsg: '', postFilterMsg: '' };
}

export const NoNodeAvailableMsg = (n: number): string => `0/${n} nodes are available`;

/** The pod fits on no node (upstream FitError); message() is upstream's Error() text. */
export class FitError extends Error {
  constructor(
    readonly pod: Pod,
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {
    super('');
    this.name = 'FitError';
    this.message = fitErrorMessage(numAllNodes, diagnosis);
  }
}

/** upstream FitError.Error(): "0/N nodes are available: <counted reasons, sorted as strings>. <postfilter msg>" */
export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `${NoNodeAvailableMsg(numAllNodes)}:`;
  if (d.preFilterMsg) msg += ` ${d.preFilterMsg}.`;
  else {
    const reasons = new Map<string, number>();
    for (const st of d.nodeToStatus.values()) for (const r of st.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const list = [...reasons].map(([r, n]) => `${n} ${r}`);
    list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (list.length) msg += ` ${list.join(', ')}.`;
  }
  // v1.32 appends the PostFilter message as it is (` %v`, no period of its own: it ends in one already).
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
