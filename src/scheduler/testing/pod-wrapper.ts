/** Test builders for pods and nodes, as upstream pkg/scheduler/testing's st.MakePod() / st.MakeNode(), so plugin tests read like upstream's tables. */
import type { Namespace, Node, Pod, PodAffinityTerm, Taint, Toleration, TopologySpreadConstraint, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.js';
import type { PodStatus } from 'kubernetes-types/core/v1.js';
import type { LabelSelector, ObjectMeta } from 'kubernetes-types/meta/v1.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Which pod (anti-)affinity terms a helper adds, as upstream's PodAffinityKind. */
export const PodAffinityKind = {
  NilPodAffinity: 0,
  PodAffinityWithRequiredReq: 1,
  PodAffinityWithPreferredReq: 2,
  PodAffinityWithRequiredPreferredReq: 3,
  PodAntiAffinityWithRequiredReq: 4,
  PodAntiAffinityWithPreferredReq: 5,
  PodAntiAffinityWithRequiredPreferredReq: 6,
} as const;
export type PodAffinityKind = (typeof PodAffinityKind)[keyof typeof PodAffinityKind];

/** metav1.LabelSelector builder (st.MakeLabelSelector()). */
export class LabelSelectorWrapper {
  readonly s: LabelSelector = {};
  label(k: string, v: string): this {
    this.s.matchLabels = { ...(this.s.matchLabels ?? {}), [k]: v };
    return this;
  }
  in(key: string, values: string[]): this {
    return this.expr(key, 'In', values);
  }
  notIn(key: string, values: string[]): this {
    return this.expr(key, 'NotIn', values);
  }
  exists(key: string): this {
    return this.expr(key, 'Exists');
  }
  notExist(key: string): this {
    return this.expr(key, 'DoesNotExist');
  }
  obj(): LabelSelector {
    return this.s;
  }
  private expr(key: string, operator: string, values?: string[]): this {
    (this.s.matchExpressions ??= []).push(values ? { key, operator, values } : { key, operator });
    return this;
  }
}

export const makeLabelSelector = (): LabelSelectorWrapper => new LabelSelectorWrapper();

let uidCounter = 0;

/** A pod builder: `makePod().name('p').node('n1').req({ cpu: '1' }).obj()`. */
export class PodWrapper {
  readonly p: Pod;
  constructor() {
    this.p = { apiVersion: 'v1', kind: 'Pod', metadata: { name: '', namespace: '' }, spec: { containers: [] } };
  }
  obj(): Pod {
    return this.p;
  }
  private meta(): Mutable<ObjectMeta> {
    return this.p.metadata as Mutable<ObjectMeta>;
  }
  private status(): Mutable<PodStatus> {
    const p = this.p as { status?: PodStatus };
    return (p.status ??= {}) as Mutable<PodStatus>;
  }
  name(n: string): this {
    this.p.metadata!.name = n;
    return this;
  }
  namespace(ns: string): this {
    this.p.metadata!.namespace = ns;
    return this;
  }
  uid(u: string): this {
    this.meta().uid = u;
    return this;
  }
  /** A UID from the name, so pods built without one still have distinct keys. */
  autoUID(): this {
    this.meta().uid = `uid-${++uidCounter}`;
    return this;
  }
  labels(l: Record<string, string>): this {
    this.p.metadata!.labels = { ...(this.p.metadata!.labels ?? {}), ...l };
    return this;
  }
  label(k: string, v: string): this {
    return this.labels({ [k]: v });
  }
  annotation(k: string, v: string): this {
    this.p.metadata!.annotations = { ...(this.p.metadata!.annotations ?? {}), [k]: v };
    return this;
  }
  ownerReference(name: string, kind: string, apiVersion = 'v1', controller = true): this {
    (this.p.metadata!.ownerReferences ??= []).push({ apiVersion, kind, name, uid: `${kind}-${name}`, controller });
    return this;
  }
  creationTimestamp(t: string): this {
    this.meta().creationTimestamp = t;
    return this;
  }
  terminating(at = '2024-01-01T00:00:00Z'): this {
    this.meta().deletionTimestamp = at;
    return this;
  }
  node(n: string): this {
    this.p.spec!.nodeName = n;
    return this;
  }
  nominatedNodeName(n: string): this {
    this.status().nominatedNodeName = n;
    return this;
  }
  schedulerName(n: string): this {
    this.p.spec!.schedulerName = n;
    return this;
  }
  priority(v: number): this {
    this.p.spec!.priority = v;
    return this;
  }
  preemptionPolicy(v: 'Never' | 'PreemptLowerPriority'): this {
    this.p.spec!.preemptionPolicy = v;
    return this;
  }
  startTime(t: string): this {
    this.status().startTime = t;
    return this;
  }
  phase(ph: string): this {
    this.status().phase = ph;
    return this;
  }
  condition(type: string, status: string, reason?: string): this {
    (this.status().conditions ??= []).push({ type, status, ...(reason ? { reason } : {}) });
    return this;
  }
  containerImage(image: string): this {
    this.p.spec!.containers.push({ name: `con${this.p.spec!.containers.length}`, image });
    return this;
  }
  /** A container with these requests (upstream Req). */
  req(requests: Record<string, string>): this {
    this.p.spec!.containers.push({ name: `con${this.p.spec!.containers.length}`, image: 'pause', resources: { requests: { ...requests } } });
    return this;
  }
  initReq(requests: Record<string, string>): this {
    (this.p.spec!.initContainers ??= []).push({ name: `init${this.p.spec!.initContainers?.length ?? 0}`, image: 'pause', resources: { requests: { ...requests } } });
    return this;
  }
  nodeSelector(sel: Record<string, string>): this {
    this.p.spec!.nodeSelector = { ...sel };
    return this;
  }
  /** A required node affinity term `key In values` (upstream NodeAffinityIn). */
  nodeAffinityIn(key: string, values: string[]): this {
    const aff = (this.p.spec!.affinity ??= {});
    const na = (aff.nodeAffinity ??= {});
    const req = (na.requiredDuringSchedulingIgnoredDuringExecution ??= { nodeSelectorTerms: [] });
    if (req.nodeSelectorTerms.length === 0) req.nodeSelectorTerms.push({ matchExpressions: [] });
    req.nodeSelectorTerms[0]!.matchExpressions!.push({ key, operator: 'In', values });
    return this;
  }
  nodeAffinityNotIn(key: string, values: string[]): this {
    const aff = (this.p.spec!.affinity ??= {});
    const na = (aff.nodeAffinity ??= {});
    const req = (na.requiredDuringSchedulingIgnoredDuringExecution ??= { nodeSelectorTerms: [] });
    if (req.nodeSelectorTerms.length === 0) req.nodeSelectorTerms.push({ matchExpressions: [] });
    req.nodeSelectorTerms[0]!.matchExpressions!.push({ key, operator: 'NotIn', values });
    return this;
  }
  toleration(key: string, effect = 'NoSchedule'): this {
    (this.p.spec!.tolerations ??= []).push({ key, operator: 'Exists', effect } as Toleration);
    return this;
  }
  tolerations(t: Toleration[]): this {
    this.p.spec!.tolerations = [...(this.p.spec!.tolerations ?? []), ...t];
    return this;
  }
  hostPort(port: number): this {
    this.p.spec!.containers.push({ name: `con${this.p.spec!.containers.length}`, image: 'pause', ports: [{ hostPort: port, containerPort: port }] });
    return this;
  }

  /** Adds a pod (anti-)affinity term of the given kind with topologyKey and selector (upstream PodAffinity / PodAntiAffinity). */
  podAffinity(topologyKey: string, labelSelector: LabelSelector | undefined, kind: PodAffinityKind): this {
    if (kind === PodAffinityKind.NilPodAffinity) return this;
    const anti = kind >= PodAffinityKind.PodAntiAffinityWithRequiredReq;
    const aff = (this.p.spec!.affinity ??= {});
    const target = anti ? (aff.podAntiAffinity ??= {}) : (aff.podAffinity ??= {});
    const term: PodAffinityTerm = { topologyKey };
    if (labelSelector) term.labelSelector = labelSelector;
    const required = kind === PodAffinityKind.PodAffinityWithRequiredReq || kind === PodAffinityKind.PodAntiAffinityWithRequiredReq || kind === PodAffinityKind.PodAffinityWithRequiredPreferredReq || kind === PodAffinityKind.PodAntiAffinityWithRequiredPreferredReq;
    const preferred = kind === PodAffinityKind.PodAffinityWithPreferredReq || kind === PodAffinityKind.PodAntiAffinityWithPreferredReq || kind === PodAffinityKind.PodAffinityWithRequiredPreferredReq || kind === PodAffinityKind.PodAntiAffinityWithRequiredPreferredReq;
    if (required) (target.requiredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
    if (preferred) (target.preferredDuringSchedulingIgnoredDuringExecution ??= []).push({ weight: 1, podAffinityTerm: term } as WeightedPodAffinityTerm);
    return this;
  }
  podAffinityExists(labelKey: string, topologyKey: string, kind: PodAffinityKind): this {
    return this.podAffinity(topologyKey, makeLabelSelector().exists(labelKey).obj(), kind);
  }
  podAntiAffinityExists(labelKey: string, topologyKey: string, kind: PodAffinityKind): this {
    return this.podAffinity(topologyKey, makeLabelSelector().exists(labelKey).obj(), kind);
  }
  podAffinityNotExists(labelKey: string, topologyKey: string, kind: PodAffinityKind): this {
    return this.podAffinity(topologyKey, makeLabelSelector().notExist(labelKey).obj(), kind);
  }
  podAffinityIn(labelKey: string, topologyKey: string, vals: string[], kind: PodAffinityKind): this {
    return this.podAffinity(topologyKey, makeLabelSelector().in(labelKey, vals).obj(), kind);
  }
  podAffinityNotIn(labelKey: string, topologyKey: string, vals: string[], kind: PodAffinityKind): this {
    return this.podAffinity(topologyKey, makeLabelSelector().notIn(labelKey, vals).obj(), kind);
  }
  podAntiAffinityIn(labelKey: string, topologyKey: string, vals: string[], kind: PodAffinityKind): this {
    return this.podAffinity(topologyKey, makeLabelSelector().in(labelKey, vals).obj(), kind);
  }
  podAntiAffinityNotIn(labelKey: string, topologyKey: string, vals: string[], kind: PodAffinityKind): this {
    return this.podAffinity(topologyKey, makeLabelSelector().notIn(labelKey, vals).obj(), kind);
  }

  /** Adds a topology spread constraint (upstream SpreadConstraint). */
  spreadConstraint(
    maxSkew: number,
    topologyKey: string,
    whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway',
    labelSelector: LabelSelector | undefined,
    minDomains?: number,
    nodeAffinityPolicy?: 'Honor' | 'Ignore',
    nodeTaintsPolicy?: 'Honor' | 'Ignore',
    matchLabelKeys?: string[],
  ): this {
    const c: TopologySpreadConstraint = { maxSkew, topologyKey, whenUnsatisfiable };
    if (labelSelector) c.labelSelector = labelSelector;
    if (minDomains !== undefined) c.minDomains = minDomains;
    if (nodeAffinityPolicy) c.nodeAffinityPolicy = nodeAffinityPolicy;
    if (nodeTaintsPolicy) c.nodeTaintsPolicy = nodeTaintsPolicy;
    if (matchLabelKeys) c.matchLabelKeys = matchLabelKeys;
    (this.p.spec!.topologySpreadConstraints ??= []).push(c);
    return this;
  }
}

export const makePod = (): PodWrapper => new PodWrapper();

/** A node builder: `makeNode().name('n1').label('zone', 'z1').capacity({ cpu: '4' }).obj()`. */
export class NodeWrapper {
  readonly n: Node = { apiVersion: 'v1', kind: 'Node', metadata: { name: '' }, spec: {}, status: {} };
  obj(): Node {
    return this.n;
  }
  name(name: string): this {
    this.n.metadata!.name = name;
    return this;
  }
  uid(u: string): this {
    (this.n.metadata as Mutable<ObjectMeta>).uid = u;
    return this;
  }
  label(k: string, v: string): this {
    this.n.metadata!.labels = { ...(this.n.metadata!.labels ?? {}), [k]: v };
    return this;
  }
  labels(l: Record<string, string>): this {
    this.n.metadata!.labels = { ...(this.n.metadata!.labels ?? {}), ...l };
    return this;
  }
  /** Capacity and allocatable both, with 32 pods unless given (upstream Capacity). */
  capacity(res: Record<string, string>): this {
    this.n.status!.capacity = { pods: '32', ...res };
    this.n.status!.allocatable = { pods: '32', ...res };
    return this;
  }
  taints(t: Taint[]): this {
    this.n.spec!.taints = t;
    return this;
  }
  unschedulable(u = true): this {
    this.n.spec!.unschedulable = u;
    return this;
  }
}

export const makeNode = (): NodeWrapper => new NodeWrapper();

/** The namespaces upstream's plugin tests register (team1 / team2), for namespaceSelector cases. */
export const upstreamTestNamespaces: Namespace[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'subteam1.team1', labels: { team: 'team1' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'subteam2.team1', labels: { team: 'team1' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'subteam1.team2', labels: { team: 'team2' } } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'subteam2.team2', labels: { team: 'team2' } } },
];
