/** kubectl describe node: conditions, capacity, system info, the non-terminated pods and what they request of the node. */
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import type { KubeObject } from '../../api/object.js';
import type { Quantity } from '../../util/quantity.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { goBool } from './go-text.js';
import { podRequestsAndLimits, podsTotalRequestsAndLimits } from './pod-requests.js';
import { LEVEL_0, LEVEL_1, tabbedString, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline, printNodeTaintsMultiline } from './print-multiline.js';
import { quantityFrom, quantityOf, quantityText, sortedResourceNames, type ResourceList } from './quantity-text.js';
import type { Related } from './related.js';
import { rfc1123z, timestampSince } from './time-text.js';

export const LABEL_NODE_ROLE_PREFIX = 'node-role.kubernetes.io/';
export const NODE_LABEL_ROLE = 'kubernetes.io/role';

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted and deduplicated. */
export function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith(LABEL_NODE_ROLE_PREFIX)) {
      const role = k.slice(LABEL_NODE_ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === NODE_LABEL_ROLE && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(compareGoStrings);
}

function describeNodeLease(lease: Lease | undefined, w: PrefixWriter, ctx: DescribeContext): void {
  w.write(LEVEL_0, 'Lease:\n');
  const spec = lease?.spec;
  w.write(LEVEL_1, `HolderIdentity:\t${spec?.holderIdentity ?? '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${spec?.acquireTime ? rfc1123z(spec.acquireTime, ctx) : '<unset>'}\n`);
  w.write(LEVEL_1, `RenewTime:\t${spec?.renewTime ? rfc1123z(spec.renewTime, ctx) : '<unset>'}\n`);
}

/** float64(a)/float64(b)*100 truncated toward zero, as `int64(fraction)` (which is MinInt64 for NaN and ±Inf on amd64). */
function percent(a: number, b: number): string {
  const f = (a / b) * 100;
  return Number.isFinite(f) ? String(Math.trunc(f)) : '-9223372036854775808';
}

const isHugePages = (name: string) => name.startsWith('hugepages-');
const isStandardContainerResource = (name: string) => name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || isHugePages(name);

function describeNodeResource(pods: readonly Pod[], node: Node, w: PrefixWriter, ctx: DescribeContext): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocatable: ResourceList = Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status!.allocatable! : (node.status?.capacity ?? {});
  const allocCPU = quantityOf(allocatable, 'cpu').milliValue();
  const allocMemory = quantityOf(allocatable, 'memory').value();
  const zero = quantityFrom(0);
  const get = (m: Map<string, Quantity>, k: string) => m.get(k) ?? zero;

  for (const pod of pods) {
    const { requests, limits } = podRequestsAndLimits(pod);
    const cpuReq = get(requests, 'cpu');
    const cpuLim = get(limits, 'cpu');
    const memReq = get(requests, 'memory');
    const memLim = get(limits, 'memory');
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t` +
        `${cpuReq} (${percent(cpuReq.milliValue(), allocCPU)}%)\t${cpuLim} (${percent(cpuLim.milliValue(), allocCPU)}%)\t` +
        `${memReq} (${percent(memReq.value(), allocMemory)}%)\t${memLim} (${percent(memLim.value(), allocMemory)}%)\t` +
        `${timestampSince(pod.metadata?.creationTimestamp, ctx)}\n`,
    );
  }

  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const { requests, limits } = podsTotalRequestsAndLimits(pods);
  const row = (name: string, alloc: number, value: (q: Quantity) => number) => {
    const req = get(requests, name);
    const lim = get(limits, name);
    const fr = alloc !== 0 ? percent(value(req), alloc) : '0';
    const fl = alloc !== 0 ? percent(value(lim), alloc) : '0';
    w.write(LEVEL_1, `${name}\t${req} (${fr}%)\t${lim} (${fl}%)\n`);
  };
  row('cpu', allocCPU, (q) => q.milliValue());
  row('memory', allocMemory, (q) => q.value());
  row('ephemeral-storage', quantityOf(allocatable, 'ephemeral-storage').value(), (q) => q.value());

  const names = Object.keys(allocatable);
  const hugePages = names.filter(isHugePages).sort(compareGoStrings);
  const extended = names.filter((n) => !isHugePages(n) && !isStandardContainerResource(n) && n !== 'pods').sort(compareGoStrings);
  for (const name of hugePages) row(name, quantityOf(allocatable, name).value(), (q) => q.value());
  for (const name of extended) w.write(LEVEL_1, `${name}\t${get(requests, name)}\t${get(limits, name)}\n`);
}

export function describeNode(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const node = obj as KubeObject & Node;
  const status = node.status ?? {};
  const spec = node.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${node.metadata.name ?? ''}\n`);
    const roles = findNodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp, ctx)}\n`);
    printNodeTaintsMultiline(w, 'Taints', spec.taints);
    w.write(LEVEL_0, `Unschedulable:\t${goBool(spec.unschedulable)}\n`);
    const leaseError = related.errors?.lease;
    if (leaseError) w.write(LEVEL_0, `Lease:\tFailed to get lease: ${leaseError.message}\n`);
    else describeNodeLease(related.lease as Lease | undefined, w, ctx);

    if (status.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of status.conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime, ctx)} \t${rfc1123z(c.lastTransitionTime, ctx)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printResourceList = (list: ResourceList) => {
      for (const name of sortedResourceNames(list)) w.write(LEVEL_0, `  ${name}:\t${quantityText(list[name])}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResourceList(status.capacity!);
    }
    if (Object.keys(status.allocatable ?? {}).length) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResourceList(status.allocatable!);
    }
    const info = status.nodeInfo;
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
    if (spec.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${spec.podCIDR}\n`);
    if (spec.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
    if (spec.providerID) w.write(LEVEL_0, `ProviderID:\t${spec.providerID}\n`);
    if (related.errors?.pods || !related.pods) w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    else describeNodeResource(related.pods as Pod[], node, w, ctx);
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
