/** resourcehelper.PodRequestsAndLimits as kubectl 1.32 sums them for describe node: containers added, init containers maxed, overhead added. */
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Quantity } from '../../util/quantity.js';
import { quantityFrom, type ResourceList } from './quantity-text.js';

export type QuantityMap = Map<string, Quantity>;

function addResourceList(into: QuantityMap, list: ResourceList | undefined): void {
  for (const [name, raw] of Object.entries(list ?? {})) {
    const q = quantityFrom(raw);
    const prev = into.get(name);
    into.set(name, prev ? prev.add(q) : q);
  }
}

function maxResourceList(into: QuantityMap, list: ResourceList | undefined): void {
  for (const [name, raw] of Object.entries(list ?? {})) {
    const q = quantityFrom(raw);
    const prev = into.get(name);
    if (!prev || q.cmp(prev) > 0) into.set(name, q);
  }
}

export function podRequestsAndLimits(pod: Pod): { requests: QuantityMap; limits: QuantityMap } {
  const requests: QuantityMap = new Map();
  const limits: QuantityMap = new Map();
  for (const c of pod.spec?.containers ?? []) {
    addResourceList(requests, c.resources?.requests);
    addResourceList(limits, c.resources?.limits);
  }
  for (const c of pod.spec?.initContainers ?? []) {
    maxResourceList(requests, c.resources?.requests);
    maxResourceList(limits, c.resources?.limits);
  }
  if (pod.spec?.overhead) {
    addResourceList(requests, pod.spec.overhead);
    for (const [name, raw] of Object.entries(pod.spec.overhead)) {
      const limit = limits.get(name);
      if (limit && !limit.isZero()) limits.set(name, limit.add(quantityFrom(raw)));
    }
  }
  return { requests, limits };
}

/** getPodsTotalRequestsAndLimits: the sums over all the node's pods. */
export function podsTotalRequestsAndLimits(pods: readonly Pod[]): { requests: QuantityMap; limits: QuantityMap } {
  const requests: QuantityMap = new Map();
  const limits: QuantityMap = new Map();
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    for (const [k, q] of r.requests) requests.set(k, requests.has(k) ? requests.get(k)!.add(q) : q);
    for (const [k, q] of r.limits) limits.set(k, limits.has(k) ? limits.get(k)!.add(q) : q);
  }
  return { requests, limits };
}
