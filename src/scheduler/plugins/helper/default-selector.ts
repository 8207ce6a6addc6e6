/**
 * The selector of the pod's "group" for default spreading (upstream plugins/helper/spread.go DefaultSelector):
 * the selectors of the Services selecting the pod, plus those of its controlling ReplicaSet or StatefulSet.
 * ReplicationControllers are not served by kubesim, so they never contribute.
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { labelSelectorAsSelector, LabelSelectorError, selectorFromSet, type LabelSelector } from '../../../api/label-selector.js';
import type { KubeObject } from '../../../api/object.js';
import type { InformerFactory } from '../../../client/informer.js';
import { ReplicaSets, Services, StatefulSets } from '../../../client/resources.js';

/** Listers of the objects whose selectors define a pod's group. */
export interface SpreadListers {
  services(namespace: string): KubeObject[];
  replicaSet(namespace: string, name: string): KubeObject | undefined;
  statefulSet(namespace: string, name: string): KubeObject | undefined;
}

/** Listers over the handle's informers (started with the scheduler's factory). */
export function spreadListersFrom(informers: InformerFactory): SpreadListers {
  const svc = informers.forResource(Services);
  const rs = informers.forResource(ReplicaSets);
  const ss = informers.forResource(StatefulSets);
  return {
    services: (ns) => svc.listByNamespace(ns),
    replicaSet: (ns, name) => rs.get(ns, name),
    statefulSet: (ns, name) => ss.get(ns, name),
  };
}

/** The Services in the pod's namespace whose (non-nil) selector matches the pod (upstream GetPodServices). */
export function getPodServices(listers: SpreadListers, pod: Pod): KubeObject[] {
  const out: KubeObject[] = [];
  for (const s of listers.services(pod.metadata?.namespace ?? '')) {
    const sel = (s.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (sel == null) continue;
    if (selectorFromSet(sel).matches(pod.metadata?.labels)) out.push(s);
  }
  return out;
}

/** The pod's group selector; Everything-empty when nothing selects the pod. */
export function defaultSelector(pod: Pod, listers: SpreadListers): LabelSelector {
  let labelSet: Record<string, string> = {};
  // Services, RCs, RSs and SSs matching the pod cannot have conflicting labels: merging is safe.
  for (const s of getPodServices(listers, pod)) labelSet = { ...labelSet, ...((s.spec as { selector?: Record<string, string> }).selector ?? {}) };
  let selector = selectorFromSet(labelSet);
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (!owner) return selector;
  const ns = pod.metadata?.namespace ?? '';
  let ownerObj: KubeObject | undefined;
  if (owner.apiVersion === 'apps/v1' && owner.kind === 'ReplicaSet') ownerObj = listers.replicaSet(ns, owner.name);
  else if (owner.apiVersion === 'apps/v1' && owner.kind === 'StatefulSet') ownerObj = listers.statefulSet(ns, owner.name);
  if (ownerObj) {
    try {
      const other = labelSelectorAsSelector((ownerObj.spec as { selector?: never } | undefined)?.selector);
      selector = selector.add(...other.requirements());
    } catch (e) {
      if (!(e instanceof LabelSelectorError)) throw e;
    }
  }
  return selector;
}
