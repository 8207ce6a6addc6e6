/** The one table of kinds that the CLI, the registry and the API server all read. */

export interface KindInfo {
  group: string;
  /** Served versions, preferred (and storage) version first. */
  versions: readonly string[];
  kind: string;
  /** The REST resource name, e.g. `deployments`. */
  plural: string;
  singular: string;
  shortNames: readonly string[];
  namespaced: boolean;
  categories: readonly string[];
  subresources: readonly string[];
  verbs: readonly string[];
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

type Row = [group: string, versions: string[], kind: string, plural: string, shortNames: string[], namespaced: boolean, categories: string[], subresources: string[]];

const rows: Row[] = [
  ['', ['v1'], 'Namespace', 'namespaces', ['ns'], false, [], ['status', 'finalize']],
  ['', ['v1'], 'Node', 'nodes', ['no'], false, [], ['status', 'proxy']],
  ['', ['v1'], 'Pod', 'pods', ['po'], true, ['all'], ['status', 'binding', 'eviction', 'log', 'exec', 'attach', 'portforward', 'proxy', 'ephemeralcontainers', 'resize']],
  ['', ['v1'], 'Service', 'services', ['svc'], true, ['all'], ['status', 'proxy']],
  ['', ['v1'], 'Endpoints', 'endpoints', ['ep'], true, [], []],
  ['', ['v1'], 'ConfigMap', 'configmaps', ['cm'], true, [], []],
  ['', ['v1'], 'Secret', 'secrets', [], true, [], []],
  ['', ['v1'], 'ServiceAccount', 'serviceaccounts', ['sa'], true, [], ['token']],
  ['', ['v1'], 'Event', 'events', ['ev'], true, [], []],
  ['', ['v1'], 'PersistentVolume', 'persistentvolumes', ['pv'], false, [], ['status']],
  ['', ['v1'], 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], true, [], ['status']],
  ['', ['v1'], 'ResourceQuota', 'resourcequotas', ['quota'], true, [], ['status']],
  ['', ['v1'], 'LimitRange', 'limitranges', ['limits'], true, [], []],
  ['apps', ['v1'], 'Deployment', 'deployments', ['deploy'], true, ['all'], ['status', 'scale']],
  ['apps', ['v1'], 'ReplicaSet', 'replicasets', ['rs'], true, ['all'], ['status', 'scale']],
  ['apps', ['v1'], 'DaemonSet', 'daemonsets', ['ds'], true, ['all'], ['status']],
  ['apps', ['v1'], 'StatefulSet', 'statefulsets', ['sts'], true, ['all'], ['status', 'scale']],
  ['apps', ['v1'], 'ControllerRevision', 'controllerrevisions', [], true, [], []],
  ['batch', ['v1'], 'Job', 'jobs', [], true, ['all'], ['status']],
  ['batch', ['v1'], 'CronJob', 'cronjobs', ['cj'], true, ['all'], ['status']],
  ['autoscaling', ['v2', 'v1'], 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], true, ['all'], ['status']],
  ['coordination.k8s.io', ['v1'], 'Lease', 'leases', [], true, [], []],
  ['rbac.authorization.k8s.io', ['v1'], 'Role', 'roles', [], true, [], []],
  ['rbac.authorization.k8s.io', ['v1'], 'ClusterRole', 'clusterroles', [], false, [], []],
  ['rbac.authorization.k8s.io', ['v1'], 'RoleBinding', 'rolebindings', [], true, [], []],
  ['rbac.authorization.k8s.io', ['v1'], 'ClusterRoleBinding', 'clusterrolebindings', [], false, [], []],
  ['scheduling.k8s.io', ['v1'], 'PriorityClass', 'priorityclasses', ['pc'], false, [], []],
  ['discovery.k8s.io', ['v1'], 'EndpointSlice', 'endpointslices', [], true, [], []],
  ['networking.k8s.io', ['v1'], 'Ingress', 'ingresses', ['ing'], true, [], ['status']],
  ['networking.k8s.io', ['v1'], 'IngressClass', 'ingressclasses', [], false, [], []],
  ['networking.k8s.io', ['v1'], 'NetworkPolicy', 'networkpolicies', ['netpol'], true, [], []],
  ['storage.k8s.io', ['v1'], 'StorageClass', 'storageclasses', ['sc'], false, [], []],
  ['policy', ['v1'], 'PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], true, [], ['status']],
];

export const kinds: readonly KindInfo[] = rows.map(([group, versions, kind, plural, shortNames, namespaced, categories, subresources]) => ({
  group,
  versions,
  kind,
  plural,
  singular: kind.toLowerCase(),
  shortNames,
  namespaced,
  categories,
  subresources,
  verbs: allVerbs,
}));

const byGroupKind = new Map(kinds.map((k) => [`${k.group}/${k.kind}`, k]));
const byGroupResource = new Map(kinds.map((k) => [`${k.group}/${k.plural}`, k]));

/** The kind served at apiVersion/kind, or undefined when the server does not serve it. */
export function kindFor(apiVersion: string, kind: string): KindInfo | undefined {
  const i = apiVersion.indexOf('/');
  const group = i < 0 ? '' : apiVersion.slice(0, i);
  const version = i < 0 ? apiVersion : apiVersion.slice(i + 1);
  const k = byGroupKind.get(`${group}/${kind}`);
  return k && k.versions.includes(version) ? k : undefined;
}

export function kindByGroupKind(group: string, kind: string): KindInfo | undefined {
  return byGroupKind.get(`${group}/${kind}`);
}

export function kindByResource(group: string, plural: string): KindInfo | undefined {
  return byGroupResource.get(`${group}/${plural}`);
}

/** Resolves what a user types (`po`, `pods`, `pod`, `deployments.apps`, `deploy.v1.apps`) as kubectl's RESTMapper does. */
export function resolveResource(typed: string): KindInfo | undefined {
  const name = typed.toLowerCase();
  const dot = name.indexOf('.');
  if (dot > 0) {
    const head = name.slice(0, dot);
    const rest = name.slice(dot + 1);
    // resource.version.group or resource.group
    const vDot = rest.indexOf('.');
    const maybeVersion = vDot > 0 ? rest.slice(0, vDot) : '';
    for (const k of kinds) {
      if (!matchesName(k, head)) continue;
      if (k.group === rest) return k;
      if (maybeVersion && k.versions.includes(maybeVersion) && k.group === rest.slice(vDot + 1)) return k;
    }
    return undefined;
  }
  return kinds.find((k) => k.plural === name || k.singular === name || k.shortNames.includes(name)) ?? kinds.find((k) => k.kind.toLowerCase() === name);
}

const matchesName = (k: KindInfo, name: string) => k.plural === name || k.singular === name || k.shortNames.includes(name) || k.kind.toLowerCase() === name;

export const preferredVersion = (k: KindInfo) => k.versions[0]!;
export const preferredApiVersion = (k: KindInfo) => (k.group ? `${k.group}/${k.versions[0]}` : k.versions[0]!);
