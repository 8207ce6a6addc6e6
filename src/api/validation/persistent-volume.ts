/** PersistentVolumes as core's ValidatePersistentVolume(Spec/Update/StatusUpdate), with the source checks PVs share with pod volumes. */
import type { PersistentVolumeSpec } from 'kubernetes-types/core/v1.js';
import { FieldPath, GoRaw, forbidden, invalid, notSupported, required, type FieldError } from '../field-error.js';
import type { KubeObject } from '../object.js';
import { deepEqual } from '../object.js';
import { nameIsDNSSubdomain } from '../name-validation.js';
import { tryParseQuantity } from '../../util/quantity.js';
import { validateDNS1123Label, validateDNS1123Subdomain } from './common.js';
import { goQuantity } from './go-format.js';
import { FieldImmutableErrorMsg, validateNamespaceName, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { supportedVolumeModes, validateAccessModes } from './persistent-volume-claim.js';
import { validateBasicResource, validatePositiveQuantityValue } from './resources.js';
import { validateNodeSelector } from './scheduling.js';
import {
  validateAzureDisk,
  validateCSIDriverName,
  validateFCVolumeSource,
  validateFlockerVolumeSource,
  validateHostPathVolumeSource,
  validateNFSVolumeSource,
  validatePathNoBacksteps,
  validateQuobyteVolumeSource,
} from './volumes.js';

interface PV extends KubeObject {
  spec?: PersistentVolumeSpec;
}

const reclaimPolicies = ['Delete', 'Recycle', 'Retain'];
type Src = Record<string, unknown>;
const reqStr = (v: unknown, p: FieldPath): FieldError[] => (v ? [] : [required(p, '')]);
const partitionErr = 'must be between 1 and 255, inclusive';

function validatePVSecretReference(ref: { name?: string; namespace?: string }, p: FieldPath): FieldError[] {
  return [
    ...(ref.name ? validateDNS1123Subdomain(ref.name, p.child('name')) : [required(p.child('name'), '')]),
    ...(ref.namespace ? validateDNS1123Label(ref.namespace, p.child('namespace')) : [required(p.child('namespace'), '')]),
  ];
}

const iqnRe = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\s]+)$/;
const euiRe = /^eui.[A-Za-z0-9]{16}$/;
const naaRe = /^naa.[A-Za-z0-9]{32}$/;
const badIqnFormat = (v: string) => (v.startsWith('iqn') && !iqnRe.test(v)) || (v.startsWith('eui') && !euiRe.test(v)) || (v.startsWith('naa') && !naaRe.test(v));

function validateISCSIPersistentVolumeSource(s: Src, pvName: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const portal = (s['targetPortal'] as string) ?? '';
  if (!portal) errs.push(required(p.child('targetPortal'), ''));
  if (s['initiatorName'] !== undefined && `${pvName}:${portal}`.length > 64) {
    errs.push(invalid(p.child('targetportal'), portal, 'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.'));
  }
  const iqn = (s['iqn'] as string) ?? '';
  if (!iqn) errs.push(required(p.child('iqn'), ''));
  else if ((!iqn.startsWith('iqn') && !iqn.startsWith('eui') && !iqn.startsWith('naa')) || badIqnFormat(iqn)) errs.push(invalid(p.child('iqn'), iqn, 'must be valid format'));
  const lun = (s['lun'] as number) ?? 0;
  if (lun < 0 || lun > 255) errs.push(invalid(p.child('lun'), lun, 'must be between 0 and 255, inclusive'));
  if ((s['chapAuthDiscovery'] || s['chapAuthSession']) && !s['secretRef']) errs.push(required(p.child('secretRef'), ''));
  const ref = s['secretRef'] as { name?: string } | undefined;
  if (ref && !ref.name) errs.push(required(p.child('secretRef', 'name'), ''));
  const ini = s['initiatorName'] as string | undefined;
  if (ini !== undefined) {
    if (!ini.startsWith('iqn') && !ini.startsWith('eui') && !ini.startsWith('naa')) errs.push(invalid(p.child('initiatorname'), ini, 'must be valid format'));
    if (badIqnFormat(ini)) errs.push(invalid(p.child('initiatorname'), ini, 'must be valid format'));
  }
  return errs;
}

// PV sources in upstream's order: [json key, conflict path name, validator, validation path name].
const pvSources: [string, string, (s: Src, p: FieldPath, pvName: string) => FieldError[], string?][] = [
  ['hostPath', 'hostPath', (s, p) => validateHostPathVolumeSource(s, p)],
  ['gcePersistentDisk', 'gcePersistentDisk', (s, p) => [
    ...reqStr(s['pdName'], p.child('pdName')),
    ...(((s['partition'] as number) ?? 0) < 0 || ((s['partition'] as number) ?? 0) > 255 ? [invalid(p.child('partition'), s['partition'], partitionErr)] : []),
  ], 'persistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore', (s, p) => [
    ...reqStr(s['volumeID'], p.child('volumeID')),
    ...(((s['partition'] as number) ?? 0) < 0 || ((s['partition'] as number) ?? 0) > 255 ? [invalid(p.child('partition'), s['partition'], partitionErr)] : []),
  ]],
  ['glusterfs', 'glusterfs', (s, p) => {
    const errs = [...reqStr(s['endpoints'], p.child('endpoints')), ...reqStr(s['path'], p.child('path'))];
    const ns = s['endpointsNamespace'] as string | undefined;
    if (ns !== undefined) {
      if (ns === '') errs.push(invalid(p.child('endpointsNamespace'), ns, 'if the endpointnamespace is set, it must be a valid namespace name'));
      else for (const m of validateNamespaceName(ns, false)) errs.push(invalid(p.child('endpointsNamespace'), ns, m));
    }
    return errs;
  }],
  ['flocker', 'flocker', (s, p) => validateFlockerVolumeSource(s, p)],
  ['nfs', 'nfs', (s, p) => validateNFSVolumeSource(s, p)],
  ['rbd', 'rbd', (s, p) => [...(((s['monitors'] as unknown[]) ?? []).length ? [] : [required(p.child('monitors'), '')]), ...reqStr(s['image'], p.child('image'))]],
  ['quobyte', 'quobyte', (s, p) => validateQuobyteVolumeSource(s, p)],
  ['cephfs', 'cephFS', (s, p) => (((s['monitors'] as unknown[]) ?? []).length ? [] : [required(p.child('monitors'), '')]), 'cephfs'],
  ['iscsi', 'iscsi', (s, p, pvName) => validateISCSIPersistentVolumeSource(s, pvName, p)],
  ['cinder', 'cinder', (s, p) => {
    const errs = reqStr(s['volumeID'], p.child('volumeID'));
    const ref = s['secretRef'] as { name?: string; namespace?: string } | undefined;
    if (ref) {
      if (!ref.name) errs.push(required(p.child('secretRef', 'name'), ''));
      if (!ref.namespace) errs.push(required(p.child('secretRef', 'namespace'), ''));
    }
    return errs;
  }],
  ['fc', 'fc', (s, p) => validateFCVolumeSource(s, p)],
  ['flexVolume', '', (s, p) => reqStr(s['driver'], p.child('driver'))],
  ['azureFile', 'azureFile', (s, p) => [
    ...reqStr(s['secretName'], p.child('secretName')),
    ...reqStr(s['shareName'], p.child('shareName')),
    ...(s['secretNamespace'] !== undefined && !s['secretNamespace'] ? [required(p.child('secretNamespace'), '')] : []),
  ]],
  ['vsphereVolume', 'vsphereVolume', (s, p) => reqStr(s['volumePath'], p.child('volumePath'))],
  ['photonPersistentDisk', 'photonPersistentDisk', (s, p) => reqStr(s['pdID'], p.child('pdID'))],
  ['portworxVolume', 'portworxVolume', (s, p) => reqStr(s['volumeID'], p.child('volumeID'))],
  ['azureDisk', 'azureDisk', (s, p) => validateAzureDisk(s, p)],
  ['scaleIO', 'scaleIO', (s, p) => [...reqStr(s['gateway'], p.child('gateway')), ...reqStr(s['system'], p.child('system')), ...reqStr(s['volumeName'], p.child('volumeName'))]],
  ['local', 'local', (s, p) => (s['path'] ? validatePathNoBacksteps(s['path'] as string, p.child('path')) : [required(p.child('path'), '')])],
  ['storageos', 'storageos', (s, p) => {
    const errs = s['volumeName'] ? validateDNS1123Label(s['volumeName'] as string, p.child('volumeName')) : [required(p.child('volumeName'), '')];
    if (s['volumeNamespace']) errs.push(...validateDNS1123Label(s['volumeNamespace'] as string, p.child('volumeNamespace')));
    const ref = s['secretRef'] as { name?: string; namespace?: string } | undefined;
    if (ref) {
      if (!ref.name) errs.push(required(p.child('secretRef', 'name'), ''));
      if (!ref.namespace) errs.push(required(p.child('secretRef', 'namespace'), ''));
    }
    return errs;
  }],
  ['csi', 'csi', (s, p) => {
    const errs = validateCSIDriverName((s['driver'] as string) ?? '', p.child('driver'));
    if (!s['volumeHandle']) errs.push(required(p.child('volumeHandle'), ''));
    for (const k of ['controllerPublishSecretRef', 'controllerExpandSecretRef', 'nodePublishSecretRef', 'nodeExpandSecretRef']) {
      if (s[k]) errs.push(...validatePVSecretReference(s[k] as { name?: string }, p.child(k)));
    }
    return errs;
  }],
];

/** %#v of a core.ResourceList, as the capacity NotSupported error prints it. */
function goResourceList(capacity: Record<string, unknown> | undefined): GoRaw {
  if (capacity === undefined || capacity === null) return new GoRaw('core.ResourceList(nil)');
  const entries = Object.keys(capacity)
    .sort()
    .map((k) => `"${k}":${goQuantity(capacity[k]).text}`);
  return new GoRaw(`core.ResourceList{${entries.join(', ')}}`);
}

/** A PV's spec: access modes, a positive storage capacity only, a reclaim policy, node affinity and exactly one source. */
export function validatePersistentVolumeSpec(spec: PersistentVolumeSpec, pvName: string, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if ((spec.accessModes ?? []).length === 0) errs.push(required(fldPath.child('accessModes'), ''));
  errs.push(...validateAccessModes(spec.accessModes, fldPath.child('accessModes')));
  const capacity = spec.capacity as Record<string, unknown> | undefined;
  const capKeys = Object.keys(capacity ?? {});
  if (capKeys.length === 0) errs.push(required(fldPath.child('capacity'), ''));
  if (!capKeys.includes('storage') || capKeys.length > 1) errs.push(notSupported(fldPath.child('capacity'), goResourceList(capacity), ['storage']));
  for (const r of capKeys.sort()) {
    const p = fldPath.child('capacity').key(r);
    errs.push(...validateBasicResource(capacity![r], p));
    const q = tryParseQuantity(capacity![r]);
    if (q) errs.push(...validatePositiveQuantityValue(q, p));
  }
  if (spec.persistentVolumeReclaimPolicy && !reclaimPolicies.includes(spec.persistentVolumeReclaimPolicy)) {
    errs.push(notSupported(fldPath.child('persistentVolumeReclaimPolicy'), spec.persistentVolumeReclaimPolicy, reclaimPolicies));
  }
  let nodeAffinitySpecified = false;
  if (spec.nodeAffinity) {
    nodeAffinitySpecified = true;
    const p = fldPath.child('nodeAffinity');
    if (spec.nodeAffinity.required) errs.push(...validateNodeSelector(spec.nodeAffinity.required, p.child('required')));
    else errs.push(required(p.child('required'), 'must specify required node constraints'));
  }
  let num = 0;
  const src = spec as unknown as Record<string, Src | undefined>;
  for (const [key, conflict, check, childName] of pvSources) {
    const s = src[key];
    if (!s) continue;
    // Upstream never reports flexVolume as a second type.
    if (num > 0 && conflict) {
      errs.push(forbidden(fldPath.child(conflict), 'may not specify more than 1 volume type'));
      continue;
    }
    num++;
    errs.push(...check(s, fldPath.child(childName ?? key), pvName));
    if (key === 'local' && !nodeAffinitySpecified) errs.push(required(fldPath.child('nodeAffinity'), 'Local volume requires node affinity'));
  }
  if (num === 0) errs.push(required(fldPath, 'must specify a volume type'));
  const hostPath = spec.hostPath?.path;
  if (hostPath !== undefined && cleanPath(hostPath) === '/' && spec.persistentVolumeReclaimPolicy === 'Recycle') {
    errs.push(forbidden(fldPath.child('persistentVolumeReclaimPolicy'), "may not be 'recycle' for a hostPath mount of '/'"));
  }
  if (spec.storageClassName) {
    for (const m of nameIsDNSSubdomain(spec.storageClassName, false)) errs.push(invalid(fldPath.child('storageClassName'), spec.storageClassName, m));
  }
  if (spec.volumeMode !== undefined && spec.volumeMode !== null && !supportedVolumeModes.includes(spec.volumeMode)) {
    errs.push(notSupported(fldPath.child('volumeMode'), spec.volumeMode, supportedVolumeModes));
  }
  return errs;
}

// Go's path.Clean, enough to recognise "/" spelled differently ("//", "/.", "/a/..").
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return p.startsWith('/') ? `/${out.join('/')}` : out.join('/') || '.';
}

/** A new PV: cluster-scoped DNS-subdomain name and a valid spec. */
export function validatePersistentVolume(pv: PV): FieldError[] {
  const spec = pv.spec ?? {};
  const errs = [...validateObjectMeta(pv.metadata, false, nameIsDNSSubdomain), ...validatePersistentVolumeSpec(spec, pv.metadata?.name ?? '', FieldPath.root('spec'))];
  // pkg/volume/validation repeats the hostPath backstep check.
  if (spec.hostPath) errs.push(...validatePathNoBacksteps(spec.hostPath.path ?? '', FieldPath.root('spec', 'hostPath', 'path')));
  return errs;
}

const sourceKeys = pvSources.map(([k]) => k);

/**
 * A PV update: the volume source is immutable (a CSI volume may gain a controllerExpandSecretRef), and so are
 * volumeMode and a node affinity once set.
 */
export function validatePersistentVolumeUpdate(newPv: PV, oldPv: PV): FieldError[] {
  const errs = validatePersistentVolume(newPv);
  const pick = (pv: PV) => {
    const s = (pv.spec ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of sourceKeys) if (s[k] !== undefined && s[k] !== null) out[k] = structuredClone(s[k]);
    return out;
  };
  const newSrc = pick(newPv);
  const oldSrc = pick(oldPv);
  const oldCsi = oldSrc['csi'] as Record<string, unknown> | undefined;
  const newCsi = newSrc['csi'] as Record<string, unknown> | undefined;
  if (oldCsi && !oldCsi['controllerExpandSecretRef'] && newCsi?.['controllerExpandSecretRef']) delete newCsi['controllerExpandSecretRef'];
  if (!deepEqual(newSrc, oldSrc)) {
    errs.push(forbidden(FieldPath.root('spec', 'persistentvolumesource'), 'spec.persistentvolumesource is immutable after creation'));
  }
  if ((newPv.spec?.volumeMode ?? null) !== (oldPv.spec?.volumeMode ?? null)) {
    errs.push(invalid(FieldPath.root('volumeMode'), newPv.spec?.volumeMode ?? null, FieldImmutableErrorMsg));
  }
  if (oldPv.spec?.nodeAffinity && !deepEqual(withGALabels(newPv.spec?.nodeAffinity), withGALabels(oldPv.spec.nodeAffinity))) {
    const v = newPv.spec?.nodeAffinity
      ? new GoRaw(`core.VolumeNodeAffinity{Required:${newPv.spec.nodeAffinity.required ? '(*core.NodeSelector)(0xc000a1e0f0)' : '(*core.NodeSelector)(nil)'}}`)
      : null;
    errs.push(invalid(FieldPath.root('nodeAffinity'), v, `${FieldImmutableErrorMsg}, except for updating from beta label to GA`));
  }
  return errs;
}

const betaToGA: Record<string, string> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
  'beta.kubernetes.io/os': 'kubernetes.io/os',
  'beta.kubernetes.io/arch': 'kubernetes.io/arch',
  'beta.kubernetes.io/instance-type': 'node.kubernetes.io/instance-type',
};

// A beta topology label may be replaced by its GA name; compare with beta keys mapped to GA.
function withGALabels(na: unknown): unknown {
  const copy = structuredClone(na ?? null) as { required?: { nodeSelectorTerms?: { matchExpressions?: { key?: string }[] }[] } } | null;
  for (const t of copy?.required?.nodeSelectorTerms ?? []) for (const e of t.matchExpressions ?? []) if (e.key && betaToGA[e.key]) e.key = betaToGA[e.key];
  return copy;
}

/** A status write: metadata rules and a resourceVersion. */
export function validatePersistentVolumeStatusUpdate(newPv: PV, oldPv: PV): FieldError[] {
  const errs = validateObjectMetaUpdate(newPv.metadata, oldPv.metadata);
  if (!newPv.metadata.resourceVersion) errs.push(required(FieldPath.root('resourceVersion'), ''));
  return errs;
}

export const persistentVolumeValidator = {
  validate: (obj: KubeObject) => validatePersistentVolume(obj as PV),
  validateUpdate: (obj: KubeObject, old: KubeObject) => validatePersistentVolumeUpdate(obj as PV, old as PV),
  validateStatusUpdate: (obj: KubeObject, old: KubeObject) => validatePersistentVolumeStatusUpdate(obj as PV, old as PV),
};
