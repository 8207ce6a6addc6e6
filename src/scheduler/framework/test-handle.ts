/**
 * A framework Handle for plugin tests (like upstream's frameworkruntime.NewFramework with a snapshot lister and a
 * fake clientset): a snapshot of the given pods and nodes, informers pre-filled with the given objects, a fake
 * client recording what plugins do, and Filter/PreFilter runners over the given plugins.
 */
import type { Namespace, Node, Pod } from 'kubernetes-types/core/v1.js';
import type { GroupVersionResource } from '../../api/group-version.js';
import type { KubeObject } from '../../api/object.js';
import type { Client, ResourceInterface, ResourceOps } from '../../client/client.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { InformerFactory } from '../../client/informer.js';
import * as res from '../../client/resources.js';
import { FakeClock, type TimerClock } from '../../util/clock.js';
import { Framework } from './runtime/framework.js';
import type { Handle, PluginFactory } from './interface.js';
import { Snapshot } from './snapshot.js';
import { PodInfo } from './types.js';

export interface TestHandleOptions {
  pods?: Pod[];
  nodes?: Node[];
  namespaces?: Namespace[];
  /** Other objects the plugins list through the informers (PriorityClasses, PVCs, PVs, StorageClasses, PDBs...). */
  objects?: KubeObject[];
  /** Pods nominated to nodes (status.nominatedNodeName set), seen by runFilterPluginsWithNominatedPods. */
  nominatedPods?: Pod[];
  /**
   * Plugins of the test framework, in order, with their args: the runners (runPreFilterPlugins,
   * runFilterPluginsWithNominatedPods...) run the ones implementing each extension point.
   */
  plugins?: Array<{ name: string; factory: PluginFactory; args?: unknown }>;
  client?: Client;
  clock?: TimerClock;
  parallelism?: number;
  snapshot?: Snapshot;
}

/** A call the plugins made through the fake client. */
export interface ClientAction {
  verb: 'get' | 'list' | 'create' | 'update' | 'patch' | 'delete' | 'createSubresource' | 'updateStatus';
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  body?: unknown;
}

export interface TestHandle extends Handle {
  /** What the plugins did through the fake client (when no client was given). */
  actions: ClientAction[];
  framework: Framework;
}

const resourcesByKind: Record<string, GroupVersionResource> = {
  Namespace: res.Namespaces,
  Pod: res.Pods,
  Node: res.Nodes,
  Service: res.Services,
  PersistentVolume: res.PersistentVolumes,
  PersistentVolumeClaim: res.PersistentVolumeClaims,
  StorageClass: res.StorageClasses,
  PriorityClass: res.PriorityClasses,
  PodDisruptionBudget: res.PodDisruptionBudgets,
  ReplicaSet: res.ReplicaSets,
  StatefulSet: res.StatefulSets,
  Deployment: res.Deployments,
};

/** A Handle over a fixed snapshot, for plugin tests. */
export function newTestHandle(opts: TestHandleOptions = {}): TestHandle {
  const clock = opts.clock ?? new FakeClock();
  const actions: ClientAction[] = [];
  const client = opts.client ?? recordingClient(actions);
  const informers = new InformerFactory({ client, clock });
  const byResource = new Map<GroupVersionResource, KubeObject[]>();
  const all: KubeObject[] = [
    ...((opts.namespaces ?? []) as KubeObject[]).map((o) => ({ ...o, apiVersion: 'v1', kind: 'Namespace' }) as KubeObject),
    ...((opts.pods ?? []) as KubeObject[]).map((o) => ({ ...o, apiVersion: 'v1', kind: 'Pod' }) as KubeObject),
    ...((opts.nodes ?? []) as KubeObject[]).map((o) => ({ ...o, apiVersion: 'v1', kind: 'Node' }) as KubeObject),
    ...(opts.objects ?? []),
  ];
  for (const o of all) {
    const gvr = resourcesByKind[o.kind];
    if (!gvr) throw new Error(`newTestHandle: no resource known for kind ${o.kind}`);
    const list = byResource.get(gvr) ?? [];
    list.push(o);
    byResource.set(gvr, list);
  }
  for (const [gvr, items] of byResource) seedInformer(informers, gvr, items);
  const snapshot = opts.snapshot ?? Snapshot.fromPodsAndNodes(opts.pods ?? [], opts.nodes ?? []);
  const nominated = (opts.nominatedPods ?? []).map((p) => PodInfo.of(p));
  const framework = new Framework({
    profileName: 'default-scheduler',
    client,
    clock,
    informers,
    eventRecorder: new EventRecorder({ client, clock, component: 'default-scheduler' }),
    parallelism: opts.parallelism ?? 16,
    snapshot: () => snapshot,
    nominatedPodsForNode: (nodeName) => nominated.filter((pi) => pi.pod.status?.nominatedNodeName === nodeName),
    plugins: opts.plugins ?? [],
  });
  const h = framework as unknown as TestHandle;
  h.actions = actions;
  h.framework = framework;
  return h;
}

/** Puts objects in an informer's cache as if its first list had returned them (tests only). */
function seedInformer(informers: InformerFactory, gvr: GroupVersionResource, items: KubeObject[]): void {
  const inf = informers.forResource(gvr) as unknown as { replace(items: KubeObject[]): void; synced: boolean };
  inf.replace(items);
  inf.synced = true;
}

/** A client that keeps created objects in memory and records every call. */
function recordingClient(actions: ClientAction[]): Client {
  const store = new Map<string, KubeObject>();
  const keyOf = (gvr: GroupVersionResource, ns: string | undefined, name: string) => `${gvr.group}/${gvr.resource}/${ns ?? ''}/${name}`;
  const notFound = (gvr: GroupVersionResource, name: string) =>
    Object.assign(new Error(`${gvr.resource} "${name}" not found`), { code: 404, reason: 'NotFound' });
  const ops = (gvr: GroupVersionResource, ns: string | undefined): ResourceOps => ({
    async get(name) {
      actions.push({ verb: 'get', resource: gvr.resource, namespace: ns, name });
      const o = store.get(keyOf(gvr, ns, name));
      if (!o) throw notFound(gvr, name);
      return o;
    },
    async list() {
      actions.push({ verb: 'list', resource: gvr.resource, namespace: ns });
      const prefix = keyOf(gvr, ns, '');
      return { apiVersion: 'v1', kind: 'List', metadata: {}, items: [...store].filter(([k]) => !ns || k.startsWith(prefix)).map(([, v]) => v) };
    },
    async watch() {
      return { stop() {} };
    },
    async create(obj) {
      actions.push({ verb: 'create', resource: gvr.resource, namespace: ns, name: obj.metadata.name, body: obj });
      store.set(keyOf(gvr, ns, obj.metadata.name ?? ''), obj);
      return obj;
    },
    async update(obj) {
      actions.push({ verb: 'update', resource: gvr.resource, namespace: ns, name: obj.metadata.name, body: obj });
      store.set(keyOf(gvr, ns, obj.metadata.name ?? ''), obj);
      return obj;
    },
    async updateStatus(obj) {
      actions.push({ verb: 'updateStatus', resource: gvr.resource, namespace: ns, name: obj.metadata.name, body: obj });
      store.set(keyOf(gvr, ns, obj.metadata.name ?? ''), obj);
      return obj;
    },
    async patch(name, _type, patch, o) {
      actions.push({ verb: 'patch', resource: gvr.resource, namespace: ns, name, subresource: o?.subresource, body: patch });
      return store.get(keyOf(gvr, ns, name)) ?? ({ apiVersion: 'v1', kind: '', metadata: { name, namespace: ns } } as KubeObject);
    },
    async delete(name) {
      actions.push({ verb: 'delete', resource: gvr.resource, namespace: ns, name });
      const o = store.get(keyOf(gvr, ns, name)) ?? ({ apiVersion: 'v1', kind: '', metadata: { name, namespace: ns } } as KubeObject);
      store.delete(keyOf(gvr, ns, name));
      return { object: o, deleted: true };
    },
    async deleteCollection() {
      return [];
    },
    async getSubresource(name) {
      throw notFound(gvr, name);
    },
    async updateSubresource(_name, _sub, obj) {
      return obj;
    },
    async createSubresource(name, subresource, obj) {
      actions.push({ verb: 'createSubresource', resource: gvr.resource, namespace: ns, name, subresource, body: obj });
      return undefined;
    },
  });
  return {
    resource(gvr: GroupVersionResource): ResourceInterface {
      return { ...ops(gvr, undefined), namespace: (ns: string) => ops(gvr, ns) };
    },
  };
}
