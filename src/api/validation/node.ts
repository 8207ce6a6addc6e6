/** Nodes as core's ValidateNode and ValidateNodeUpdate: taints, podCIDRs, resource quantities, immutable CIDRs and provider ID. */
import type { NodeSpec, NodeStatus, Taint } from 'kubernetes-types/core/v1.js';
import { ErrorType, FieldError, FieldPath, GoRaw, duplicate, forbidden, internalError, invalid, required } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { isValidLabelValue, nameIsDNSSubdomain, validateLabelName } from '../name-validation.js';
import { sortedKeys } from './common.js';
import { goStr, goStruct } from './go-format.js';
import { validateNamespaceName, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validateResourceQuantityValue } from './resources.js';
import { validateTaintEffect } from './scheduling.js';
import { isConfigMapKey, parseCIDRSloppy, validateCIDR } from './value-checks.js';

interface NodeLike extends KubeObject {
  spec?: NodeSpec & { configSource?: { configMap?: ConfigMapNodeConfigSource } };
  status?: NodeStatus & { config?: Record<string, { configMap?: ConfigMapNodeConfigSource } | undefined> };
}

interface ConfigMapNodeConfigSource {
  namespace?: string;
  name?: string;
  uid?: string;
  resourceVersion?: string;
  kubeletConfigKey?: string;
}

const TaintsAnnotationKey = 'scheduler.alpha.kubernetes.io/taints';
const PreferAvoidPodsAnnotationKey = 'scheduler.alpha.kubernetes.io/preferAvoidPods';

/** %#v of a core.Taint, as the duplicate-taint error prints it. */
function goTaint(t: Taint): GoRaw {
  const timeAdded = t.timeAdded ? '(*v1.Time)(0xc000a1e100)' : '(*v1.Time)(nil)';
  return new GoRaw(goStruct('core.Taint', [['Key', goStr(t.key)], ['Value', goStr(t.value)], ['Effect', goStr(t.effect)], ['TimeAdded', timeAdded]]));
}

/** Taints: qualified keys, label-like values, a known effect, unique by key and effect. */
export function validateNodeTaints(taints: Taint[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  (taints ?? []).forEach((t, i) => {
    const p = fldPath.index(i);
    errs.push(...validateLabelName(t.key ?? '', p.child('key')));
    const msgs = isValidLabelValue(t.value ?? '');
    if (msgs.length) errs.push(invalid(p.child('value'), t.value ?? '', msgs.join(';')));
    errs.push(...validateTaintEffect(t.effect, false, p.child('effect')));
    const effect = t.effect ?? '';
    const keys = unique.get(effect);
    if (keys?.has(t.key ?? '')) {
      errs.push(new FieldError(ErrorType.Duplicate, p.toString(), goTaint(t), 'taints must be unique by key and effect pair'));
      return;
    }
    if (!keys) unique.set(effect, new Set([t.key ?? '']));
    else keys.add(t.key ?? '');
  });
  return errs;
}

// The node annotations upstream reads JSON from (deprecated but still validated).
function validateNodeSpecificAnnotations(annotations: Record<string, string> | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const a = annotations ?? {};
  if (a[TaintsAnnotationKey]) {
    try {
      const taints = JSON.parse(a[TaintsAnnotationKey]) as Taint[];
      if (Array.isArray(taints) && taints.length) errs.push(...validateNodeTaints(taints, fldPath.child(TaintsAnnotationKey)));
    } catch (e) {
      errs.push(invalid(fldPath, TaintsAnnotationKey, (e as Error).message));
    }
  }
  if (a[PreferAvoidPodsAnnotationKey]) {
    try {
      const avoid = JSON.parse(a[PreferAvoidPodsAnnotationKey]) as { preferAvoidPods?: { podSignature?: { podController?: { controller?: boolean } } }[] };
      (avoid.preferAvoidPods ?? []).forEach((e, i) => {
        const p = fldPath.child(PreferAvoidPodsAnnotationKey).index(i);
        const pc = e.podSignature?.podController;
        if (!pc) errs.push(required(p.child('PodSignature'), ''));
        else if (!pc.controller) errs.push(invalid(p.child('PodSignature').child('PodController').child('Controller'), pc.controller ?? false, 'must point to a controller'));
      });
    } catch (e) {
      errs.push(invalid(fldPath.child('AvoidPods'), PreferAvoidPodsAnnotationKey, (e as Error).message));
    }
  }
  return errs;
}

// Upstream builds these paths with NewPath("status", "capacity", name): dots, not [name].
function validateNodeResources(node: NodeLike): FieldError[] {
  const errs: FieldError[] = [];
  for (const kind of ['capacity', 'allocatable'] as const) {
    const list = (node.status?.[kind] ?? {}) as Record<string, unknown>;
    for (const k of sortedKeys(list)) errs.push(...validateResourceQuantityValue(k, list[k], FieldPath.root('status', kind, k)));
  }
  return errs;
}

/** A node on create: cluster-scoped DNS-subdomain name, taints (reported under metadata.taints, as upstream does), resources, podCIDRs. */
export function validateNode(obj: KubeObject): FieldError[] {
  const node = obj as NodeLike;
  const metaPath = FieldPath.root('metadata');
  const errs = validateObjectMeta(node.metadata, false, nameIsDNSSubdomain, metaPath);
  errs.push(...validateNodeSpecificAnnotations(node.metadata.annotations, metaPath.child('annotations')));
  if ((node.spec?.taints ?? []).length) errs.push(...validateNodeTaints(node.spec!.taints, metaPath.child('taints')));
  errs.push(...validateNodeResources(node));
  const cidrs = node.spec?.podCIDRs ?? [];
  if (cidrs.length) {
    const p = FieldPath.root('spec', 'podCIDRs');
    cidrs.forEach((c, i) => errs.push(...validateCIDR(p.index(i), c)));
    if (cidrs.length > 1) {
      const fams = cidrs.map(parseCIDRSloppy);
      if (fams.includes(undefined)) errs.push(internalError(p, 'invalid PodCIDRs. failed to check with dual stack with error:invalid CIDR'));
      if (!(fams.includes(4) && fams.includes(6) && !fams.includes(undefined)) || cidrs.length > 2) {
        errs.push(invalid(p, new GoRaw(`[]string{${cidrs.map((c) => JSON.stringify(c)).join(', ')}}`), 'may specify no more than one CIDR for each IP family'));
      }
      const seen = new Set<string>();
      cidrs.forEach((c, i) => {
        if (seen.has(c)) errs.push(duplicate(p.index(i), c));
        seen.add(c);
      });
    }
  }
  return errs;
}

function validateConfigMapNodeConfigSource(src: ConfigMapNodeConfigSource, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!src.namespace) errs.push(required(p.child('namespace'), 'namespace must be set'));
  else for (const m of validateNamespaceName(src.namespace, false)) errs.push(invalid(p.child('namespace'), src.namespace, m));
  if (!src.name) errs.push(required(p.child('name'), 'name must be set'));
  else for (const m of nameIsDNSSubdomain(src.name, false)) errs.push(invalid(p.child('name'), src.name, m));
  if (!src.kubeletConfigKey) errs.push(required(p.child('kubeletConfigKey'), 'kubeletConfigKey must be set'));
  else for (const m of isConfigMapKey(src.kubeletConfigKey)) errs.push(invalid(p.child('kubeletConfigKey'), src.kubeletConfigKey, m));
  return errs;
}

const goNodeConfigSource = (src: { configMap?: unknown }) =>
  new GoRaw(goStruct('core.NodeConfigSource', [['ConfigMap', src.configMap ? '(*core.ConfigMapNodeConfigSource)(0xc000a1e110)' : '(*core.ConfigMapNodeConfigSource)(nil)']]));

/** A node update (also its status): metadata rules, resources, unique addresses, podCIDRs and providerID fixed once set, taints. */
export function validateNodeUpdate(obj: KubeObject, oldObj: KubeObject): FieldError[] {
  const node = obj as NodeLike;
  const old = oldObj as NodeLike;
  const metaPath = FieldPath.root('metadata');
  const errs = validateObjectMetaUpdate(node.metadata, old.metadata, metaPath);
  errs.push(...validateNodeSpecificAnnotations(node.metadata.annotations, metaPath.child('annotations')));
  errs.push(...validateNodeResources(node));
  const seen = new Set<string>();
  (node.status?.addresses ?? []).forEach((a, i) => {
    const key = `${a.type ?? ''}\u0000${a.address ?? ''}`;
    if (seen.has(key)) {
      errs.push(duplicate(FieldPath.root('status', 'addresses').index(i), new GoRaw(goStruct('core.NodeAddress', [['Type', goStr(a.type)], ['Address', goStr(a.address)]]))));
    }
    seen.add(key);
  });
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const newCIDRs = node.spec?.podCIDRs ?? [];
  const cidrMsg = 'node updates may not change podCIDR except from "" to valid';
  if (oldCIDRs.length) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(forbidden(FieldPath.root('spec', 'podCIDRs'), cidrMsg));
    else oldCIDRs.forEach((c, i) => c !== newCIDRs[i] && errs.push(forbidden(FieldPath.root('spec', 'podCIDRs'), cidrMsg)));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(forbidden(FieldPath.root('spec', 'providerID'), 'node updates may not change providerID except from "" to valid'));
  }
  const cs = node.spec?.configSource;
  if (cs) {
    const p = FieldPath.root('spec', 'configSource');
    if (cs.configMap) {
      const cm = p.child('configMap');
      if (cs.configMap.uid) errs.push(forbidden(cm.child('uid'), 'uid must not be set in spec'));
      if (cs.configMap.resourceVersion) errs.push(forbidden(cm.child('resourceVersion'), 'resourceVersion must not be set in spec'));
      errs.push(...validateConfigMapNodeConfigSource(cs.configMap, cm));
    } else errs.push(invalid(p, goNodeConfigSource(cs), 'exactly one reference subfield must be non-nil'));
  }
  const config = node.status?.config;
  if (config) {
    for (const k of ['assigned', 'active', 'lastKnownGood']) {
      const src = config[k];
      if (!src) continue;
      const p = FieldPath.root('status', 'config').child(k);
      if (src.configMap) {
        const cm = p.child('configMap');
        if (!src.configMap.uid) errs.push(required(cm.child('uid'), 'uid must be set in status'));
        if (!src.configMap.resourceVersion) errs.push(required(cm.child('resourceVersion'), 'resourceVersion must be set in status'));
        errs.push(...validateConfigMapNodeConfigSource(src.configMap, cm));
      } else errs.push(invalid(p, goNodeConfigSource(src), 'exactly one reference subfield must be non-nil'));
    }
  }
  if ((node.spec?.taints ?? []).length) errs.push(...validateNodeTaints(node.spec!.taints, metaPath.child('taints')));
  if ((node.spec?.externalID ?? '') !== (old.spec?.externalID ?? '')) errs.push(forbidden(FieldPath.root('spec', 'externalID'), 'may not be updated'));
  return errs;
}

export const nodeValidator = {
  validate: validateNode,
  validateUpdate: (obj: KubeObject, old: KubeObject) => [...validateNode(obj), ...validateNodeUpdate(obj, old)],
  validateStatusUpdate: validateNodeUpdate,
};

