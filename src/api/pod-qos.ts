/** A pod's QoS class, computed as upstream's qos.ComputePodQOS (after defaulting copied limits into requests). */
import { parseQuantity, type Quantity } from '../util/quantity.js';

export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

interface Resources {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}
interface PodForQOS {
  spec?: { containers?: Array<{ resources?: Resources }>; initContainers?: Array<{ resources?: Resources }> };
}

const qosResources = new Set(['cpu', 'memory']);
const zero = parseQuantity('0');

/** Sums positive cpu/memory quantities into `into`; returns the names found. */
function accumulate(list: Record<string, string | number> | undefined, into: Map<string, Quantity>): Set<string> {
  const found = new Set<string>();
  for (const [name, raw] of Object.entries(list ?? {})) {
    if (!qosResources.has(name)) continue;
    let q: Quantity;
    try {
      q = parseQuantity(raw);
    } catch {
      continue;
    }
    if (q.cmp(zero) !== 1) continue;
    found.add(name);
    const prev = into.get(name);
    into.set(name, prev ? prev.add(q) : q);
  }
  return found;
}

export function podQOSClass(pod: PodForQOS): PodQOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    accumulate(c.resources?.requests, requests);
    const limitsFound = accumulate(c.resources?.limits, limits);
    if (!limitsFound.has('cpu') || !limitsFound.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
