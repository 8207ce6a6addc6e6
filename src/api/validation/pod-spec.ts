/** Pod specs and pod templates as core's ValidatePodSpec and ValidatePodTemplateSpec; workload kinds validate their templates with these. */
import type { Container, PodDNSConfig, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import { FieldPath, GoRaw, duplicate, forbidden, invalid, notSupported, required, type FieldError } from '../field-error.js';
import type { ObjectMeta } from '../object.js';
import { nameIsDNSSubdomain, validateLabels } from '../name-validation.js';
import { validateDNS1123Label, validateDNS1123Subdomain, validateQualifiedName, sortedKeys } from './common.js';
import { validateContainerOnlyForPod, validateContainers, validateEphemeralContainers, validateInitContainers, type ContainerContext } from './containers.js';
import { goStringSlice } from './go-format.js';
import { validateAnnotations, validateServiceAccountName } from './object-meta.js';
import { defaultPodValidationOptions, type PodValidationOptions } from './pod-validation-options.js';
import { validateContainerResourceRequirements } from './resources.js';
import { validateAffinity, validateTolerations, validateTopologySpreadConstraints } from './scheduling.js';
import { validateHostUsers, validatePodSpecSecurityContext } from './security-context.js';
import { inclusiveRangeError, validateIP } from './value-checks.js';
import { validateLocalDescendingPath, validateVolumes } from './volumes.js';

export type { PodValidationOptions } from './pod-validation-options.js';
export { defaultPodValidationOptions } from './pod-validation-options.js';

export const MirrorPodAnnotationKey = 'kubernetes.io/config.mirror';
const TolerationsAnnotationKey = 'scheduler.alpha.kubernetes.io/tolerations';
const PodDeletionCost = 'controller.kubernetes.io/pod-deletion-cost';
const SeccompPodAnnotationKey = 'seccomp.security.alpha.kubernetes.io/pod';
const SeccompContainerAnnotationKeyPrefix = 'container.seccomp.security.alpha.kubernetes.io/';
const AppArmorAnnotationKeyPrefix = 'container.apparmor.security.beta.kubernetes.io/';

type Json = Record<string, unknown>;
const asSpec = (spec: unknown): PodSpec => (spec && typeof spec === 'object' ? (spec as PodSpec) : ({} as PodSpec));

/** Every container of a spec with its path, in upstream's VisitContainersWithPath order (init, regular, ephemeral). */
function visitContainers(spec: PodSpec, specPath: FieldPath, fn: (c: Container, p: FieldPath) => void): void {
  (spec.initContainers ?? []).forEach((c, i) => fn(c, specPath.child('initContainers').index(i)));
  (spec.containers ?? []).forEach((c, i) => fn(c, specPath.child('containers').index(i)));
  (spec.ephemeralContainers ?? []).forEach((c, i) => fn(c as Container, specPath.child('ephemeralContainers').index(i)));
}

function validSeccompAnnotationProfile(p: string, fldPath: FieldPath): FieldError[] {
  if (p === 'runtime/default' || p === 'docker/default' || p === 'unconfined') return [];
  if (p.startsWith('localhost/')) return validateLocalDescendingPath(p.slice('localhost/'.length), fldPath);
  return [invalid(fldPath, p, 'must be a valid seccomp profile')];
}

// helper.GetDeletionCostFromPodAnnotations: an int32 without '+' or leading zeros.
function validDeletionCost(value: string): boolean {
  if (value.length === 0) return false;
  const first = value[0]!;
  if (!(first === '-' || value === '0' || (first >= '1' && first <= '9'))) return false;
  if (!/^-?[0-9]+$/.test(value)) return false;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647;
}

/**
 * The annotations a pod (or template) gives meaning to: the mirror-pod marker needs spec.nodeName, the old
 * tolerations annotation must hold valid tolerations, the deletion cost an int32, seccomp/AppArmor valid profiles.
 */
export function validatePodSpecificAnnotations(
  annotations: Record<string, string> | undefined,
  specIn: unknown,
  fldPath: FieldPath,
  opts: PodValidationOptions = defaultPodValidationOptions(),
): FieldError[] {
  const spec = asSpec(specIn);
  const a = annotations ?? {};
  const errs: FieldError[] = [];
  if (MirrorPodAnnotationKey in a && !spec.nodeName) {
    errs.push(invalid(fldPath.key(MirrorPodAnnotationKey), a[MirrorPodAnnotationKey], 'must set spec.nodeName if mirror pod annotation is set'));
  }
  if (a[TolerationsAnnotationKey]) {
    let tolerations: unknown;
    try {
      tolerations = JSON.parse(a[TolerationsAnnotationKey]);
    } catch (e) {
      errs.push(invalid(fldPath, TolerationsAnnotationKey, (e as Error).message));
    }
    if (Array.isArray(tolerations) && tolerations.length) errs.push(...validateTolerations(tolerations, fldPath.child(TolerationsAnnotationKey)));
  }
  if (!opts.allowInvalidPodDeletionCost && PodDeletionCost in a && !validDeletionCost(a[PodDeletionCost]!)) {
    errs.push(invalid(fldPath.key(PodDeletionCost), a[PodDeletionCost], 'must be a 32bit integer'));
  }
  if (SeccompPodAnnotationKey in a) errs.push(...validSeccompAnnotationProfile(a[SeccompPodAnnotationKey]!, fldPath.child(SeccompPodAnnotationKey)));
  for (const k of sortedKeys(a)) {
    if (k.startsWith(SeccompContainerAnnotationKeyPrefix)) errs.push(...validSeccompAnnotationProfile(a[k]!, fldPath.child(k)));
  }
  for (const k of sortedKeys(a)) {
    if (!k.startsWith(AppArmorAnnotationKeyPrefix)) continue;
    const containerName = k.slice(AppArmorAnnotationKeyPrefix.length);
    let found = false;
    visitContainers(spec, FieldPath.root('spec'), (c) => (found ||= c.name === containerName));
    if (!found) errs.push(invalid(fldPath.key(k), containerName, 'container not found'));
    const profile = a[k]!;
    if (profile !== '' && profile !== 'runtime/default' && profile !== 'unconfined' && !profile.startsWith('localhost/')) {
      errs.push(invalid(fldPath.key(k), profile, `invalid AppArmor profile name: ${JSON.stringify(profile)}`));
    }
  }
  return errs;
}

/** When both a seccomp annotation and the field are set, they must agree (create only). */
export function validateSeccompAnnotationsAndFields(meta: ObjectMeta | undefined, spec: PodSpec, specPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const a = meta?.annotations ?? {};
  const check = (annotation: string, field: { type?: string; localhostProfile?: string } | undefined, p: FieldPath) => {
    if (!field) return;
    const mismatch = () => errs.push(forbidden(p.child('type'), 'seccomp type in annotation and field must match'));
    switch (field.type) {
      case 'Unconfined':
        if (annotation !== 'unconfined') mismatch();
        break;
      case 'RuntimeDefault':
        if (annotation !== 'runtime/default' && annotation !== 'docker/default') mismatch();
        break;
      case 'Localhost':
        if (!annotation.startsWith('localhost/')) mismatch();
        else if (field.localhostProfile === undefined || annotation.slice('localhost/'.length) !== field.localhostProfile) {
          errs.push(forbidden(p.child('localhostProfile'), 'seccomp profile in annotation and field must match'));
        }
    }
  };
  if (spec.securityContext?.seccompProfile && SeccompPodAnnotationKey in a) {
    check(a[SeccompPodAnnotationKey]!, spec.securityContext.seccompProfile, specPath.child('securityContext').child('seccompProfile'));
  }
  visitContainers(spec, specPath, (c, p) => {
    const key = SeccompContainerAnnotationKeyPrefix + (c.name ?? '');
    if (c.securityContext?.seccompProfile && key in a) check(a[key]!, c.securityContext.seccompProfile, p.child('securityContext').child('seccompProfile'));
  });
  return errs;
}

/** When both an AppArmor annotation and the field are set, they must agree (create only, not for Windows pods). */
export function validateAppArmorAnnotationsAndFieldsMatchOnCreate(meta: ObjectMeta | undefined, spec: PodSpec, specPath: FieldPath): FieldError[] {
  if (spec.os?.name === 'windows') return [];
  const errs: FieldError[] = [];
  const a = meta?.annotations ?? {};
  const podProfile = (spec.securityContext as { appArmorProfile?: { type?: string; localhostProfile?: string } } | undefined)?.appArmorProfile;
  visitContainers(spec, specPath, (c, p) => {
    const profile = (c.securityContext as { appArmorProfile?: { type?: string; localhostProfile?: string } } | undefined)?.appArmorProfile ?? podProfile;
    if (!profile) return;
    const key = AppArmorAnnotationKeyPrefix + (c.name ?? '');
    if (!(key in a)) return;
    const annotation = a[key]!;
    const ap = p.child('securityContext').child('appArmorProfile');
    const mismatch = () => errs.push(forbidden(ap.child('type'), 'apparmor type in annotation and field must match'));
    switch (profile.type) {
      case 'Unconfined':
        if (annotation !== 'unconfined') mismatch();
        break;
      case 'RuntimeDefault':
        if (annotation !== 'runtime/default') mismatch();
        break;
      case 'Localhost':
        if (!annotation.startsWith('localhost/')) mismatch();
        else if (profile.localhostProfile === undefined || annotation.slice('localhost/'.length) !== profile.localhostProfile) {
          errs.push(forbidden(ap.child('localhostProfile'), 'apparmor profile in annotation and field must match'));
        }
    }
  });
  return errs;
}

function validatePodDNSConfig(dnsConfig: PodDNSConfig | undefined, dnsPolicy: string | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (dnsPolicy === 'None') {
    if (!dnsConfig) return [required(fldPath, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((dnsConfig.nameservers ?? []).length === 0) return [required(fldPath.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!dnsConfig) return errs;
  const ns = dnsConfig.nameservers ?? [];
  if (ns.length > 3) errs.push(invalid(fldPath.child('nameservers'), new GoRaw(goStringSlice(ns)), 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => errs.push(...validateIP(fldPath.child('nameservers').index(i), n)));
  const searches = dnsConfig.searches ?? [];
  if (searches.length > 32) errs.push(invalid(fldPath.child('searches'), new GoRaw(goStringSlice(searches)), 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) {
    errs.push(invalid(fldPath.child('searches'), new GoRaw(goStringSlice(searches)), 'must not have more than 2048 characters (including spaces) in the search list'));
  }
  searches.forEach((s, i) => errs.push(...validateDNS1123Subdomain(s.endsWith('.') ? s.slice(0, -1) : s, fldPath.child('searches').index(i))));
  (dnsConfig.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(required(fldPath.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

function validatePodHostNetworkDeps(spec: PodSpec, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  if (!spec.hostNetwork) return [];
  const errs: FieldError[] = [];
  (spec.containers ?? []).forEach((c, i) => {
    (c.ports ?? []).forEach((port, j) => {
      const hp = port.hostPort ?? 0;
      const cp = port.containerPort ?? 0;
      if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
        errs.push(invalid(fldPath.child('containers').index(i).child('ports').index(j).child('hostPort'), hp, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errs;
}

const restartPolicies = ['Always', 'OnFailure', 'Never'];
const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function validateEnum(value: string | undefined, valid: string[], p: FieldPath): FieldError[] {
  if (value && valid.includes(value)) return [];
  if (!value) return [required(p, '')];
  return [notSupported(p, value, valid)];
}

// Fields Windows pods may not set (pod level), in upstream's order.
function validateWindows(spec: PodSpec, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const sc = (spec.securityContext ?? {}) as Json;
  const scPath = fldPath.child('securityContext');
  const no = (p: FieldPath) => errs.push(forbidden(p, 'cannot be set for a windows pod'));
  if (sc['appArmorProfile'] !== undefined) no(scPath.child('appArmorProfile'));
  if (sc['seLinuxOptions'] !== undefined) no(scPath.child('seLinuxOptions'));
  if (spec.hostUsers !== undefined) no(fldPath.child('hostUsers'));
  if (spec.hostPID) no(fldPath.child('hostPID'));
  if (spec.hostIPC) no(fldPath.child('hostIPC'));
  if (sc['seccompProfile'] !== undefined) no(scPath.child('seccompProfile'));
  if (sc['fsGroup'] !== undefined) no(scPath.child('fsGroup'));
  if (sc['fsGroupChangePolicy'] !== undefined) no(scPath.child('fsGroupChangePolicy'));
  if (((sc['sysctls'] as unknown[]) ?? []).length) no(scPath.child('sysctls'));
  if (spec.shareProcessNamespace !== undefined) no(fldPath.child('shareProcessNamespace'));
  if (sc['runAsUser'] !== undefined) no(scPath.child('runAsUser'));
  if (sc['runAsGroup'] !== undefined) no(scPath.child('runAsGroup'));
  if (sc['supplementalGroups'] !== undefined) no(scPath.child('supplementalGroups'));
  if (sc['supplementalGroupsPolicy'] !== undefined) no(scPath.child('supplementalGroupsPolicy'));
  visitContainers(spec, fldPath, (c, p) => {
    const csc = c.securityContext as Json | undefined;
    if (!csc) return;
    const cp = p.child('securityContext');
    for (const f of ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup']) {
      if (csc[f] !== undefined && csc[f] !== null) no(cp.child(f));
    }
  });
  return errs;
}

function validateLinux(spec: PodSpec, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.securityContext?.windowsOptions) errs.push(forbidden(fldPath.child('securityContext').child('windowsOptions'), 'windows options cannot be set for a linux pod'));
  visitContainers(spec, fldPath, (c, p) => {
    if (c.securityContext?.windowsOptions) errs.push(forbidden(p.child('securityContext').child('windowsOptions'), 'windows options cannot be set for a linux pod'));
  });
  return errs;
}

function validateWindowsHostProcessPod(spec: PodSpec, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const podHP = spec.securityContext?.windowsOptions?.hostProcess;
  let count = 0;
  let hpCount = 0;
  visitContainers(spec, fldPath, (c, p) => {
    count++;
    const chp = c.securityContext?.windowsOptions?.hostProcess;
    if (podHP !== undefined && chp !== undefined && podHP !== chp) {
      errs.push(invalid(p.child('securityContext', 'windowsOptions', 'hostProcess'), chp, `pod hostProcess value must be identical if both are specified, was ${podHP}`));
    }
    if (chp === true || (chp === undefined && podHP === true)) hpCount++;
  });
  if (hpCount > 0) {
    if (hpCount !== count) errs.push(invalid(fldPath, '', 'If pod contains any hostProcess containers then all containers must be HostProcess containers'));
    if (!spec.hostNetwork) errs.push(invalid(fldPath.child('hostNetwork'), false, 'hostNetwork must be true if pod contains any hostProcess containers'));
  }
  return errs;
}

/**
 * A pod spec, as core's ValidatePodSpec: volumes, containers (regular, init, ephemeral), restart and DNS policy,
 * node selector, security context, affinity, DNS config, gates, topology spread, names of related objects,
 * deadlines, tolerations, host aliases, priority, overhead and OS. podMeta is set only for real pods.
 */
export function validatePodSpec(
  specIn: unknown,
  podMeta: ObjectMeta | undefined,
  fldPath: FieldPath,
  opts: PodValidationOptions = defaultPodValidationOptions(),
): FieldError[] {
  const spec = asSpec(specIn);
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    errs.push(required(fldPath.child('terminationGracePeriodSeconds'), ''));
  }
  const gracePeriod = spec.terminationGracePeriodSeconds ?? undefined;
  const hostUsers = spec.hostUsers !== false;
  const { volumes, errors } = validateVolumes(spec.volumes, podMeta, fldPath.child('volumes'), opts);
  errs.push(...errors);
  const podClaimNames = new Set(((spec as { resourceClaims?: { name?: string }[] }).resourceClaims ?? []).map((c) => c.name ?? '').filter(Boolean));
  const ctx: ContainerContext = { volumes, podClaimNames, gracePeriod, podRestartPolicy: spec.restartPolicy, hostUsers, opts };
  errs.push(...validateContainers(spec.containers, ctx, fldPath.child('containers')));
  errs.push(...validateInitContainers(spec.initContainers, spec.containers, ctx, fldPath.child('initContainers')));
  errs.push(...validateEphemeralContainers(spec.ephemeralContainers, spec.containers, spec.initContainers, ctx, fldPath.child('ephemeralContainers')));
  errs.push(...validatePodHostNetworkDeps(spec, fldPath, opts));
  errs.push(...validateEnum(spec.restartPolicy, restartPolicies, fldPath.child('restartPolicy')));
  errs.push(...validateEnum(spec.dnsPolicy, dnsPolicies, fldPath.child('dnsPolicy')));
  errs.push(...validateLabels(spec.nodeSelector, fldPath.child('nodeSelector')));
  errs.push(...validatePodSpecSecurityContext(spec, fldPath.child('securityContext'), opts));
  errs.push(...validateAffinity(spec.affinity, opts, fldPath.child('affinity')));
  errs.push(...validatePodDNSConfig(spec.dnsConfig, spec.dnsPolicy, fldPath.child('dnsConfig')));
  (spec.readinessGates ?? []).forEach((g, i) => errs.push(...validateQualifiedName(g.conditionType ?? '', fldPath.child('readinessGates').index(i).child('conditionType'))));
  const seenGates = new Set<string>();
  ((spec as { schedulingGates?: { name?: string }[] }).schedulingGates ?? []).forEach((g, i) => {
    const name = g.name ?? '';
    errs.push(...validateQualifiedName(name, fldPath.child('schedulingGates').index(i)));
    if (seenGates.has(name)) errs.push(duplicate(fldPath.child('schedulingGates').index(i), name));
    seenGates.add(name);
  });
  errs.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, fldPath.child('topologySpreadConstraints'), opts));
  errs.push(...validateWindowsHostProcessPod(spec, fldPath));
  errs.push(...validateHostUsers(spec, fldPath));
  if (spec.serviceAccountName) {
    for (const m of validateServiceAccountName(spec.serviceAccountName, false)) errs.push(invalid(fldPath.child('serviceAccountName'), spec.serviceAccountName, m));
  }
  if (spec.nodeName) for (const m of nameIsDNSSubdomain(spec.nodeName, false)) errs.push(invalid(fldPath.child('nodeName'), spec.nodeName, m));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > 2147483647) errs.push(invalid(fldPath.child('activeDeadlineSeconds'), v, inclusiveRangeError(1, 2147483647)));
  }
  if (spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, fldPath.child('hostname')));
  if (spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, fldPath.child('subdomain')));
  if ((spec.tolerations ?? []).length) errs.push(...validateTolerations(spec.tolerations, fldPath.child('tolerations')));
  (spec.hostAliases ?? []).forEach((ha, i) => {
    errs.push(...validateIP(fldPath.child('hostAliases').index(i).child('ip'), ha.ip ?? ''));
    (ha.hostnames ?? []).forEach((h, j) => errs.push(...validateDNS1123Subdomain(h, fldPath.child('hostAliases').index(i).child('hostnames').index(j))));
  });
  if (spec.priorityClassName) {
    for (const m of nameIsDNSSubdomain(spec.priorityClassName, false)) errs.push(invalid(fldPath.child('priorityClassName'), spec.priorityClassName, m));
  }
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null) {
    for (const m of nameIsDNSSubdomain(spec.runtimeClassName, false)) errs.push(invalid(fldPath.child('runtimeClassName'), spec.runtimeClassName, m));
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    errs.push(...validateEnum(spec.preemptionPolicy, ['PreemptLowerPriority', 'Never'], fldPath.child('preemptionPolicy')));
  }
  if (spec.overhead) errs.push(...validateContainerResourceRequirements({ limits: spec.overhead }, new Set(), fldPath.child('overhead'), opts));
  if (spec.os) {
    const osPath = fldPath.child('os');
    const name = spec.os.name ?? '';
    if (!name) errs.push(required(osPath.child('name'), 'cannot be empty'));
    else if (name !== 'linux' && name !== 'windows') errs.push(notSupported(osPath, name, ['linux', 'windows']));
    else if (name === 'linux') errs.push(...validateLinux(spec, fldPath));
    else errs.push(...validateWindows(spec, fldPath));
  }
  return errs;
}

/**
 * A pod template (Deployments, ReplicaSets, DaemonSets, StatefulSets, Jobs), as core's ValidatePodTemplateSpec.
 * Upstream reports template labels and annotations at `<path>.labels`, not `<path>.metadata.labels`.
 */
export function validatePodTemplateSpec(
  templateIn: unknown,
  fldPath: FieldPath,
  opts: PodValidationOptions = defaultPodValidationOptions(),
): FieldError[] {
  const template = (templateIn && typeof templateIn === 'object' ? templateIn : {}) as PodTemplateSpec;
  const meta = (template.metadata ?? {}) as ObjectMeta;
  const spec = asSpec(template.spec);
  const errs: FieldError[] = [];
  errs.push(...validateLabels(meta.labels, fldPath.child('labels')));
  errs.push(...validateAnnotations(meta.annotations, fldPath.child('annotations')));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, fldPath.child('annotations'), opts));
  errs.push(...validatePodSpec(spec, undefined, fldPath.child('spec'), opts));
  errs.push(...validateSeccompAnnotationsAndFields(meta, spec, fldPath.child('spec')));
  errs.push(...validateAppArmorAnnotationsAndFieldsMatchOnCreate(meta, spec, fldPath.child('spec')));
  if ((spec.ephemeralContainers ?? []).length) errs.push(forbidden(fldPath.child('spec', 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errs;
}

/** The pod-only container checks (image whitespace) for regular and init containers. */
export function validateContainersOnlyForPod(spec: PodSpec, specPath: FieldPath): FieldError[] {
  return [
    ...(spec.containers ?? []).flatMap((c, i) => validateContainerOnlyForPod(c, specPath.child('containers').index(i))),
    ...(spec.initContainers ?? []).flatMap((c, i) => validateContainerOnlyForPod(c, specPath.child('initContainers').index(i))),
  ];
}
