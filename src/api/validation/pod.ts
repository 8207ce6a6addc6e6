/** Pods as core's ValidatePodCreate, ValidatePodUpdate, ValidatePodStatusUpdate, ValidatePodBinding and the ephemeral-containers update. */
import type { Container, NodeAffinity, Pod, PodSpec, Toleration } from 'kubernetes-types/core/v1.js';
import { FieldPath, GoRaw, duplicate, forbidden, internalError, invalid, notSupported, required, type FieldError } from '../field-error.js';
import type { KubeObject, ObjectMeta } from '../object.js';
import { isValidLabelValue, nameIsDNSSubdomain } from '../name-validation.js';
import { validateQualifiedName } from './common.js';
import { goStruct, goStr } from './go-format.js';
import { FieldImmutableErrorMsg, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import {
  MirrorPodAnnotationKey,
  validateAppArmorAnnotationsAndFieldsMatchOnCreate,
  validateContainersOnlyForPod,
  validatePodSpec,
  validatePodSpecificAnnotations,
  validateSeccompAnnotationsAndFields,
} from './pod-spec.js';
import { defaultPodValidationOptions, type PodValidationOptions } from './pod-validation-options.js';
import { validateTolerations } from './scheduling.js';
import { semanticEqual } from './semantic-equal.js';
import { inclusiveRangeError, parseIPSloppy, validateIP } from './value-checks.js';

type PodObj = KubeObject & Pod & { metadata: ObjectMeta };
const specOf = (pod: KubeObject): PodSpec => ((pod as Pod).spec ?? {}) as PodSpec;

export const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/**
 * The text of the Forbidden error for a pod update that touches other fields. Upstream appends a go-cmp diff of
 * the internal PodSpec structs after a newline; that diff is not reproduced, so the message ends at the sentence.
 */
export const podUpdateForbiddenMessage = `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}`;

const AppArmorAnnotationKeyPrefix = 'container.apparmor.security.beta.kubernetes.io/';
const PodDeletionCost = 'controller.kubernetes.io/pod-deletion-cost';

function hasInvalidDeletionCost(annotations: Record<string, string> | undefined): boolean {
  return validatePodSpecificAnnotations({ [PodDeletionCost]: annotations?.[PodDeletionCost] ?? '0' }, {}, FieldPath.root('x')).length > 0;
}

function affinityHasInvalidLabelValue(spec: PodSpec | undefined): boolean {
  const bad = (sel: { matchExpressions?: { values?: string[] }[] } | undefined) =>
    (sel?.matchExpressions ?? []).some((e) => (e.values ?? []).some((v) => isValidLabelValue(v).length > 0));
  const terms = [
    ...(spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []),
    ...(spec?.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
    ...(spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((w) => w.podAffinityTerm),
  ];
  return terms.some((t) => bad(t?.labelSelector as never) || bad(t?.namespaceSelector as never));
}

/** The options for validating a pod, lenient about what an old pod already had (GetValidationOptionsFromPodSpecAndMeta). */
export function podValidationOptions(newPod: KubeObject | undefined, oldPod: KubeObject | undefined, resourceIsPod = true): PodValidationOptions {
  const opts = defaultPodValidationOptions(resourceIsPod);
  if (oldPod) {
    const oldSpec = specOf(oldPod);
    opts.allowInvalidLabelValueInSelector = affinityHasInvalidLabelValue(oldSpec);
    opts.allowInvalidTopologySpreadConstraintLabelSelector = (oldSpec.topologySpreadConstraints ?? []).some((c) =>
      (c.labelSelector?.matchExpressions ?? []).some((e) => (e.values ?? []).some((v) => isValidLabelValue(v).length > 0)),
    );
    opts.allowInvalidPodDeletionCost = hasInvalidDeletionCost(oldPod.metadata.annotations);
  }
  void newPod;
  return opts;
}

/** What pod create and update both check: metadata, pod-specific annotations, the spec, and pod-only container rules. */
function validatePodMetadataAndSpec(pod: PodObj, opts: PodValidationOptions): FieldError[] {
  const metaPath = FieldPath.root('metadata');
  const specPath = FieldPath.root('spec');
  const spec = specOf(pod);
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain, metaPath);
  errs.push(...validatePodSpecificAnnotations(pod.metadata.annotations, spec, metaPath.child('annotations'), opts));
  errs.push(...validatePodSpec(spec, pod.metadata, specPath, opts));
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((v, vi) => {
      (v.projected?.sources ?? []).forEach((s, si) => {
        if (s.serviceAccountToken) {
          errs.push(forbidden(specPath.child('volumes').index(vi).child('projected', 'sources').index(si).child('serviceAccountToken'), 'must not be specified when serviceAccountName is not set'));
        }
      });
    });
  }
  errs.push(...validateContainersOnlyForPod(spec, specPath));
  return errs;
}

/** A new pod, as ValidatePodCreate. */
export function validatePod(podIn: KubeObject, opts: PodValidationOptions = podValidationOptions(podIn, undefined)): FieldError[] {
  const pod = podIn as PodObj;
  const spec = specOf(pod);
  const specPath = FieldPath.root('spec');
  const errs = validatePodMetadataAndSpec(pod, opts);
  if ((spec.ephemeralContainers ?? []).length) errs.push(forbidden(specPath.child('ephemeralContainers'), 'cannot be set on create'));
  if (spec.nodeName && ((spec as { schedulingGates?: unknown[] }).schedulingGates ?? []).length) {
    errs.push(forbidden(specPath.child('nodeName'), 'cannot be set until all schedulingGates have been cleared'));
  }
  errs.push(...validateSeccompAnnotationsAndFields(pod.metadata, spec, specPath));
  errs.push(...validateAppArmorAnnotationsAndFieldsMatchOnCreate(pod.metadata, spec, specPath));
  return errs;
}

/** Mirror-pod and AppArmor annotations may not be added, changed or removed; then the usual annotation checks. */
function validatePodSpecificAnnotationUpdates(newPod: PodObj, oldPod: PodObj, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const n = newPod.metadata.annotations ?? {};
  const o = oldPod.metadata.annotations ?? {};
  for (const k of Object.keys(o).sort()) {
    if (k in n && n[k] === o[k]) continue;
    if (k.startsWith(AppArmorAnnotationKeyPrefix)) errs.push(forbidden(fldPath.key(k), 'may not remove or update AppArmor annotations'));
    if (k === MirrorPodAnnotationKey) errs.push(forbidden(fldPath.key(k), 'may not remove or update mirror pod annotation'));
  }
  for (const k of Object.keys(n).sort()) {
    if (k in o) continue;
    if (k.startsWith(AppArmorAnnotationKeyPrefix)) errs.push(forbidden(fldPath.key(k), 'may not add AppArmor annotations'));
    if (k === MirrorPodAnnotationKey) errs.push(forbidden(fldPath.key(k), 'may not add mirror pod annotation'));
  }
  errs.push(...validatePodSpecificAnnotations(n, specOf(newPod), fldPath, opts));
  return errs;
}

function validateContainerUpdates(newC: Container[] | undefined, oldC: Container[] | undefined, fldPath: FieldPath): { errs: FieldError[]; stop: boolean } {
  const a = newC ?? [];
  const b = oldC ?? [];
  if (a.length !== b.length) return { errs: [forbidden(fldPath, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  a.forEach((ctr, i) => {
    const image = ctr.image ?? '';
    if (!image) errs.push(required(fldPath.index(i).child('image'), ''));
    if (image.trim().length !== image.length) errs.push(invalid(fldPath.index(i).child('image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

const tolerationKey = (t: Toleration) => [t.key ?? '', t.operator ?? '', t.value ?? '', t.effect ?? ''].join('\u0000');

function validateOnlyAddedTolerations(newT: Toleration[] | undefined, oldT: Toleration[] | undefined, fldPath: FieldPath): FieldError[] {
  for (const old of oldT ?? []) {
    // tolerationSeconds may change; everything else must survive as it was.
    if (!(newT ?? []).some((t) => tolerationKey(t) === tolerationKey(old))) {
      return [forbidden(fldPath, 'existing toleration can not be modified except its tolerationSeconds')];
    }
  }
  return validateTolerations(newT, fldPath);
}

function validateOnlyDeletedSchedulingGates(newG: { name?: string }[] | undefined, oldG: { name?: string }[] | undefined, fldPath: FieldPath): FieldError[] {
  if (!newG || newG.length === 0) return [];
  const old = new Set((oldG ?? []).map((g) => g.name ?? ''));
  const errs: FieldError[] = [];
  const lastIndex = new Map<string, number>();
  newG.forEach((g, i) => lastIndex.set(g.name ?? '', i));
  for (const [gate, i] of lastIndex) {
    if (!old.has(gate)) errs.push(forbidden(fldPath.index(i).child('name'), `only deletion is allowed, but found new scheduling gate '${gate}'`));
  }
  return errs;
}

function nodeSelectorTermHasOnlyAdditions(newTerm: { matchExpressions?: unknown[]; matchFields?: unknown[] } | undefined, oldTerm: { matchExpressions?: unknown[]; matchFields?: unknown[] }): boolean {
  const nme = newTerm?.matchExpressions ?? [];
  const nmf = newTerm?.matchFields ?? [];
  const ome = oldTerm.matchExpressions ?? [];
  const omf = oldTerm.matchFields ?? [];
  if (ome.length === 0 && omf.length === 0 && (nme.length > 0 || nmf.length > 0)) return false;
  if (ome.length > 0 && (nme.length < ome.length || !semanticEqual(nme.slice(0, ome.length), ome))) return false;
  if (omf.length > 0 && (nmf.length < omf.length || !semanticEqual(nmf.slice(0, omf.length), omf))) return false;
  return true;
}

const goNodeSelectorTerms = (terms: unknown[] | undefined) =>
  new GoRaw(terms === undefined ? '[]core.NodeSelectorTerm(nil)' : `[]core.NodeSelectorTerm{${terms.map(() => 'core.NodeSelectorTerm{...}').join(', ')}}`);

/**
 * A pod update, as ValidatePodUpdate: only container images, activeDeadlineSeconds (down), added tolerations,
 * removed scheduling gates (and, while gated, node selector/affinity additions) may change.
 */
export function validatePodUpdate(newIn: KubeObject, oldIn: KubeObject, opts: PodValidationOptions = podValidationOptions(newIn, oldIn)): FieldError[] {
  const newPod = newIn as PodObj;
  const oldPod = oldIn as PodObj;
  const metaPath = FieldPath.root('metadata');
  const specPath = FieldPath.root('spec');
  const ns = specOf(newPod);
  const os = specOf(oldPod);
  const errs = validateObjectMetaUpdate(newPod.metadata, oldPod.metadata, metaPath);
  errs.push(...validatePodMetadataAndSpec(newPod, opts));
  errs.push(...validatePodSpecificAnnotationUpdates(newPod, oldPod, metaPath.child('annotations'), opts));
  let r = validateContainerUpdates(ns.containers, os.containers, specPath.child('containers'));
  errs.push(...r.errs);
  if (r.stop) return errs;
  r = validateContainerUpdates(ns.initContainers, os.initContainers, specPath.child('initContainers'));
  errs.push(...r.errs);
  if (r.stop) return errs;
  const nad = ns.activeDeadlineSeconds;
  const oad = os.activeDeadlineSeconds;
  if (nad !== undefined && nad !== null) {
    if (nad < 0 || nad > 2147483647) {
      errs.push(invalid(specPath.child('activeDeadlineSeconds'), nad, inclusiveRangeError(0, 2147483647)));
      return errs;
    }
    if (oad !== undefined && oad !== null && oad < nad) {
      errs.push(invalid(specPath.child('activeDeadlineSeconds'), nad, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oad !== undefined && oad !== null) {
    errs.push(invalid(specPath.child('activeDeadlineSeconds'), null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(ns.tolerations, os.tolerations, specPath.child('tolerations')));
  const gates = (s: PodSpec) => (s as { schedulingGates?: { name?: string }[] }).schedulingGates;
  errs.push(...validateOnlyDeletedSchedulingGates(gates(ns), gates(os), specPath.child('schedulingGates')));
  if (semanticEqual(ns, os)) return errs;

  // Put the mutable fields back to their old values; anything still different is a forbidden change.
  const munged = structuredClone(ns) as PodSpec & Record<string, unknown>;
  const restore = (key: string, v: unknown) => {
    if (v === undefined) delete munged[key];
    else munged[key] = structuredClone(v);
  };
  munged.containers = (munged.containers ?? []).map((c, i) => withImage(c, os.containers?.[i]?.image));
  if (munged.initContainers) munged.initContainers = munged.initContainers.map((c, i) => withImage(c, os.initContainers?.[i]?.image));
  restore('activeDeadlineSeconds', os.activeDeadlineSeconds);
  restore('schedulingGates', gates(os));
  restore('tolerations', os.tolerations);
  if ((os.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1) restore('terminationGracePeriodSeconds', os.terminationGracePeriodSeconds);
  if ((gates(os) ?? []).length > 0) {
    if (!semanticEqual(munged.nodeSelector, os.nodeSelector)) {
      for (const [k, v] of Object.entries(os.nodeSelector ?? {})) {
        if (munged.nodeSelector?.[k] !== v) {
          errs.push(invalid(specPath.child('nodeSelector'), munged.nodeSelector ?? null, 'only additions to spec.nodeSelector are allowed (no mutations or deletions)'));
          break;
        }
      }
      restore('nodeSelector', os.nodeSelector);
    }
    const oldNA = os.affinity?.nodeAffinity;
    const newNA = munged.affinity?.nodeAffinity;
    if (!semanticEqual(oldNA, newNA)) {
      errs.push(...validateNodeAffinityMutation(specPath.child('affinity').child('nodeAffinity'), newNA, oldNA));
      if (!munged.affinity && oldNA) munged.affinity = { nodeAffinity: structuredClone(oldNA) };
      else if (munged.affinity && !os.affinity && !munged.affinity.podAntiAffinity && !munged.affinity.podAffinity) delete munged.affinity;
      else if (munged.affinity) {
        if (oldNA) munged.affinity.nodeAffinity = structuredClone(oldNA);
        else delete munged.affinity.nodeAffinity;
      }
    }
  }
  if (!semanticEqual(munged, os)) errs.push(forbidden(specPath, podUpdateForbiddenMessage));
  return errs;
}

function withImage(c: Container, image: string | undefined): Container {
  const copy = { ...c };
  if (image === undefined) delete copy.image;
  else copy.image = image;
  return copy;
}

function validateNodeAffinityMutation(p: FieldPath, newNA: NodeAffinity | undefined, oldNA: NodeAffinity | undefined): FieldError[] {
  const oldTerms = oldNA?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!oldNA || !oldNA.requiredDuringSchedulingIgnoredDuringExecution) return [];
  const newTerms = newNA?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const termsPath = p.child('requiredDuringSchedulingIgnoredDuringExecution').child('nodeSelectorTerms');
  if ((oldTerms ?? []).length > 0 && (oldTerms ?? []).length !== (newTerms ?? []).length) {
    return [invalid(termsPath, goNodeSelectorTerms(newTerms), 'no additions/deletions to non-empty NodeSelectorTerms list are allowed')];
  }
  const errs: FieldError[] = [];
  (oldTerms ?? []).forEach((ot, i) => {
    if (!nodeSelectorTermHasOnlyAdditions(newTerms?.[i], ot)) {
      errs.push(invalid(termsPath.index(i), new GoRaw('core.NodeSelectorTerm{...}'), 'only additions are allowed (no mutations or deletions)'));
    }
  });
  return errs;
}

interface ContainerStatus {
  name?: string;
  state?: { terminated?: { exitCode?: number } };
}

function validateContainerStateTransition(newS: ContainerStatus[] | undefined, oldS: ContainerStatus[] | undefined, fldPath: FieldPath, restartPolicy: string | undefined, restartable?: (name: string) => boolean): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  (oldS ?? []).forEach((old, i) => {
    const term = old.state?.terminated;
    if (!term) return;
    if ((term.exitCode ?? 0) !== 0 && restartPolicy === 'OnFailure') return;
    if (restartable?.(old.name ?? '')) return;
    for (const n of newS ?? []) {
      if (n.name === old.name && !n.state?.terminated) errs.push(forbidden(fldPath.index(i).child('state'), 'may not be transitioned to non-terminated state'));
    }
  });
  return errs;
}

function goPodIPs(ips: { ip?: string }[], type: string): GoRaw {
  return new GoRaw(`[]core.${type}{${ips.map((ip) => goStruct(`core.${type}`, [['IP', goStr(ip.ip)]])).join(', ')}}`);
}

function validateIPList(ips: { ip?: string }[] | undefined, fldPath: FieldPath, type: string, hostIPs: boolean): FieldError[] {
  const list = ips ?? [];
  const valid = list.flatMap((ip, i) => validateIP(fldPath.index(i), ip.ip ?? ''));
  if (list.length <= 1) return valid;
  const dupes: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((ip, i) => {
    if (seen.has(ip.ip ?? '')) dupes.push(duplicate(fldPath.index(i), new GoRaw(goStruct(`core.${type}`, [['IP', goStr(ip.ip)]]))));
    seen.add(ip.ip ?? '');
  });
  const families = list.map((ip) => parseIPSloppy(ip.ip ?? ''));
  const family: FieldError[] = [];
  if (families.some((f) => f === undefined)) family.push(internalError(fldPath, 'failed to check for dual stack with error:invalid IP'));
  const dualStack = families.includes(4) && families.includes(6) && !families.includes(undefined);
  if (!dualStack || list.length > 2) family.push(invalid(fldPath, goPodIPs(list, type), 'may specify no more than one IP for each IP family'));
  // Upstream checks pod IPs' families before duplicates, host IPs' duplicates first.
  return hostIPs ? [...valid, ...dupes, ...family] : [...valid, ...family, ...dupes];
}

/** A status write by the kubelet or scheduler: metadata rules, no nodeName change, immutable QoS, no restart of terminated containers, valid IPs. */
export function validatePodStatusUpdate(newIn: KubeObject, oldIn: KubeObject, opts: PodValidationOptions = podValidationOptions(newIn, oldIn)): FieldError[] {
  const newPod = newIn as PodObj;
  const oldPod = oldIn as PodObj;
  const metaPath = FieldPath.root('metadata');
  const errs = validateObjectMetaUpdate(newPod.metadata, oldPod.metadata, metaPath);
  errs.push(...validatePodSpecificAnnotationUpdates(newPod, oldPod, metaPath.child('annotations'), opts));
  const status = (newPod.status ?? {}) as NonNullable<Pod['status']> & { hostIPs?: { ip?: string }[] };
  const oldStatus = (oldPod.status ?? {}) as NonNullable<Pod['status']>;
  (status.conditions ?? []).forEach((c, i) => {
    if (c.type === 'PodScheduled' || c.type === 'Ready' || c.type === 'Initialized') return;
    errs.push(...validateQualifiedName(c.type ?? '', metaPath.child('conditions').index(i).child('Type')));
  });
  const statusPath = FieldPath.root('status');
  if ((specOf(newPod).nodeName ?? '') !== (specOf(oldPod).nodeName ?? '')) errs.push(forbidden(statusPath.child('nodeName'), 'may not be changed directly'));
  if (status.nominatedNodeName && status.nominatedNodeName !== oldStatus.nominatedNodeName) {
    for (const m of nameIsDNSSubdomain(status.nominatedNodeName, false)) errs.push(invalid(statusPath.child('nominatedNodeName'), status.nominatedNodeName, m));
  }
  if ((status.qosClass ?? '') !== (oldStatus.qosClass ?? '')) errs.push(invalid(statusPath.child('qosClass'), status.qosClass ?? '', FieldImmutableErrorMsg));
  const oldSpec = specOf(oldPod);
  errs.push(...validateContainerStateTransition(status.containerStatuses, oldStatus.containerStatuses, statusPath.child('containerStatuses'), oldSpec.restartPolicy));
  const restartableInit = (name: string) => (oldSpec.initContainers ?? []).some((c) => c.name === name && c.restartPolicy === 'Always');
  errs.push(...validateContainerStateTransition(status.initContainerStatuses, oldStatus.initContainerStatuses, statusPath.child('initContainerStatuses'), oldSpec.restartPolicy, restartableInit));
  errs.push(...validateContainerStateTransition(status.ephemeralContainerStatuses, oldStatus.ephemeralContainerStatuses, statusPath.child('ephemeralContainerStatuses'), 'Never'));
  errs.push(...validateIPList(status.podIPs, statusPath.child('podIPs'), 'PodIP', false));
  const hostIPs = status.hostIPs ?? [];
  if (hostIPs.length) {
    const hp = statusPath.child('hostIPs');
    if ((status.hostIP ?? '') !== (hostIPs[0]!.ip ?? '')) errs.push(invalid(hp.index(0).child('ip'), hostIPs[0]!.ip ?? '', 'must be equal to `hostIP`'));
    errs.push(...validateIPList(hostIPs, hp, 'HostIP', true));
  }
  return errs;
}

/** A binding (pods/binding): a target node name, and kind Node or empty. */
export function validatePodBinding(binding: { target?: { kind?: string; name?: string } }): FieldError[] {
  const errs: FieldError[] = [];
  const target = binding.target ?? {};
  if (target.kind && target.kind !== 'Node') errs.push(notSupported(FieldPath.root('target', 'kind'), target.kind, ['Node', '<empty>']));
  if (!target.name) errs.push(required(FieldPath.root('target', 'name'), ''));
  return errs;
}

/**
 * An update through the ephemeralcontainers subresource: the pod must stay valid, static pods take none, and
 * existing ephemeral containers may neither go nor change.
 */
export function validatePodEphemeralContainersUpdate(newIn: KubeObject, oldIn: KubeObject, opts: PodValidationOptions = podValidationOptions(newIn, oldIn)): FieldError[] {
  const newPod = newIn as PodObj;
  const oldPod = oldIn as PodObj;
  const metaPath = FieldPath.root('metadata');
  const errs = validateObjectMetaUpdate(newPod.metadata, oldPod.metadata, metaPath);
  errs.push(...validatePodMetadataAndSpec(newPod, opts));
  errs.push(...validatePodSpecificAnnotationUpdates(newPod, oldPod, metaPath.child('annotations'), opts));
  if (MirrorPodAnnotationKey in (oldPod.metadata.annotations ?? {})) return [forbidden('[]', 'static pods do not support ephemeral containers')];
  const p = FieldPath.root('spec').child('ephemeralContainers');
  const byName = new Map((specOf(newPod).ephemeralContainers ?? []).map((c) => [c.name ?? '', c]));
  for (const old of specOf(oldPod).ephemeralContainers ?? []) {
    const cur = byName.get(old.name ?? '');
    if (!cur) errs.push(forbidden(p, `existing ephemeral containers ${JSON.stringify(old.name ?? '')} may not be removed\n`));
    else if (!semanticEqual(old, cur)) errs.push(forbidden(p, `existing ephemeral containers ${JSON.stringify(old.name ?? '')} may not be changed`));
  }
  return errs;
}

export const podValidator = {
  validate: (obj: KubeObject) => validatePod(obj),
  validateUpdate: (obj: KubeObject, old: KubeObject) => validatePodUpdate(obj, old),
  validateStatusUpdate: (obj: KubeObject, old: KubeObject) => validatePodStatusUpdate(obj, old),
};
