/** Nodes as printers.go's printNode: STATUS from the Ready condition (plus SchedulingDisabled when cordoned), ROLES from labels. */
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { sortedSet, str, translateTimestampSince } from './cell-formats.js';
import { ageColumn, column, fieldDoc, kindPrinter, nameColumn } from './kind-printer.js';
import type { TableCell } from './table.js';

/** A label prefix for node roles: `node-role.kubernetes.io/control-plane=""`. */
export const labelNodeRolePrefix = 'node-role.kubernetes.io/';
/** The older role label: `kubernetes.io/role=master`. */
export const nodeLabelRole = 'kubernetes.io/role';

/** findNodeRoles: roles named by role labels, sorted, without duplicates. */
export function findNodeRoles(labels: Readonly<Record<string, string>> | undefined): string[] {
  const roles: string[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith(labelNodeRolePrefix)) {
      const role = k.slice(labelNodeRolePrefix.length);
      if (role.length > 0) roles.push(role);
    } else if (k === nodeLabelRole && v !== '') {
      roles.push(v);
    }
  }
  return sortedSet(roles);
}

/** The first address of a type, or `<none>` (getNodeInternalIP / getNodeExternalIP). */
function nodeAddress(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

function nodeCells(obj: KubeObject, now: Date): TableCell[] {
  const node = obj as unknown as Node;
  // Only the Ready condition makes the status; a later duplicate of a type wins, as upstream's map does.
  const conditionMap = new Map<string, NodeCondition>();
  for (const c of node.status?.conditions ?? []) conditionMap.set(c.type, c);
  const status: string[] = [];
  for (const validCondition of ['Ready']) {
    const condition = conditionMap.get(validCondition);
    if (condition) status.push(condition.status === 'True' ? condition.type : `Not${condition.type}`);
  }
  if (status.length === 0) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');

  const roles = findNodeRoles(obj.metadata.labels).join(',') || '<none>';
  const info = node.status?.nodeInfo;
  return [
    str(obj.metadata.name),
    status.join(','),
    roles,
    translateTimestampSince(obj.metadata.creationTimestamp, now),
    str(info?.kubeletVersion),
    nodeAddress(node, 'InternalIP'),
    nodeAddress(node, 'ExternalIP'),
    str(info?.osImage) || '<unknown>',
    str(info?.kernelVersion) || '<unknown>',
    str(info?.containerRuntimeVersion) || '<unknown>',
  ];
}

const core = 'io.k8s.api.core.v1';

export const nodePrinter = kindPrinter(
  () => [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', fieldDoc(`${core}.NodeSystemInfo`, 'kubeletVersion')),
    column('Internal-IP', 'string', fieldDoc(`${core}.NodeStatus`, 'addresses'), { priority: 1 }),
    column('External-IP', 'string', fieldDoc(`${core}.NodeStatus`, 'addresses'), { priority: 1 }),
    column('OS-Image', 'string', fieldDoc(`${core}.NodeSystemInfo`, 'osImage'), { priority: 1 }),
    column('Kernel-Version', 'string', fieldDoc(`${core}.NodeSystemInfo`, 'kernelVersion'), { priority: 1 }),
    column('Container-Runtime', 'string', fieldDoc(`${core}.NodeSystemInfo`, 'containerRuntimeVersion'), { priority: 1 }),
  ],
  nodeCells,
);
