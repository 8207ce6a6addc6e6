/** The strategy of each served kind. */
import { kinds, type KindInfo } from '../../api/kinds.js';
import type { Strategy } from '../strategy.js';
import { daemonSetStrategy } from './daemonset.js';
import { genericStrategy } from './generic.js';
import { jobStrategy } from './job.js';
import { namespaceStrategy } from './namespace.js';
import { nodeStrategy } from './node.js';
import { podStrategy } from './pod.js';

const special: Record<string, (k: KindInfo) => Strategy> = {
  Pod: podStrategy,
  Namespace: namespaceStrategy,
  Node: nodeStrategy,
  Job: jobStrategy,
  DaemonSet: daemonSetStrategy,
};

/** Kinds a PUT may create, as upstream's AllowCreateOnUpdate. */
const createOnUpdate = new Set(['Service', 'Endpoints', 'Event', 'Lease', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'EndpointSlice', 'LimitRange']);

const strategies = new Map<string, Strategy>(
  kinds.map((k) => {
    const s = (special[k.kind] ?? genericStrategy)(k);
    return [`${k.group}/${k.kind}`, createOnUpdate.has(k.kind) ? { ...s, allowCreateOnUpdate: true } : s];
  }),
);

export function strategyFor(kind: KindInfo): Strategy {
  return strategies.get(`${kind.group}/${kind.kind}`)!;
}
