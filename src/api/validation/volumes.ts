/** Pod volumes as core's ValidateVolumes and validateVolumeSource: one source each, unique DNS-label names, upstream's paths (typos included). */
import type {
  ConfigMapVolumeSource,
  DownwardAPIVolumeFile,
  DownwardAPIVolumeSource,
  KeyToPath,
  ProjectedVolumeSource,
  SecretVolumeSource,
  Volume,
} from 'kubernetes-types/core/v1.js';
import type { ObjectMeta } from '../object.js';
import { FieldPath, duplicate, forbidden, invalid, notSupported, required, tooLong, type FieldError } from '../field-error.js';
import { isDNS1123Subdomain, nameIsDNSSubdomain } from '../name-validation.js';
import { validateLabelSelector } from '../label-selector.js';
import { validateDNS1123Label } from './common.js';
import { validateObjectFieldSelector, validateContainerResourceFieldSelector } from './env.js';
import { tryParseQuantity } from '../../util/quantity.js';
import type { PodValidationOptions } from './pod-validation-options.js';
import { validatePersistentVolumeClaimSpec } from './persistent-volume-claim.js';
import { validateTemplateObjectMeta } from './object-meta.js';

const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';
const pdPartitionErrorMsg = 'must be between 1 and 255, inclusive';

type Sources = Record<string, unknown>;

/** The DNS-1123 label check upstream applies to volume names. */
const volumeNameErrors = (name: string, p: FieldPath) => validateDNS1123Label(name, p);

/**
 * The volumes of a pod spec: returns the valid volumes by name (what volumeMounts may reference) and the errors.
 * podMeta is the pod's metadata when validating a real pod (ephemeral volumes derive PVC names from it).
 */
export function validateVolumes(
  volumes: Volume[] | undefined,
  podMeta: ObjectMeta | undefined,
  fldPath: FieldPath,
  opts: PodValidationOptions,
): { volumes: Map<string, Volume>; errors: FieldError[] } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  const byName = new Map<string, Volume>();
  const createdPVCs = new Set<string>();
  if (podMeta?.name) for (const v of volumes ?? []) if (v.ephemeral) createdPVCs.add(`${podMeta.name}-${v.name}`);
  (volumes ?? []).forEach((vol, i) => {
    const idxPath = fldPath.index(i);
    const namePath = idxPath.child('name');
    const name = vol.name ?? '';
    const el = validateVolumeSource(vol as unknown as Sources, idxPath, name, podMeta, opts);
    if (!name) el.push(required(namePath, ''));
    else el.push(...volumeNameErrors(name, namePath));
    if (names.has(name)) el.push(duplicateName(namePath, name));
    if (el.length === 0) {
      names.add(name);
      byName.set(name, vol);
    } else errs.push(...el);
    if (vol.persistentVolumeClaim && createdPVCs.has(vol.persistentVolumeClaim.claimName)) {
      errs.push(
        invalid(idxPath.child('persistentVolumeClaim').child('claimName'), vol.persistentVolumeClaim.claimName, 'must not reference a PVC that gets created for an ephemeral volume'),
      );
    }
  });
  return { volumes: byName, errors: errs };
}

const duplicateName = (p: FieldPath, name: string) => duplicate(p, name);

// Each source in upstream's order, with the path it reports "more than 1 volume type" under (the child name
// upstream passes, including its "downwarAPI" typo) and its validator.
type SourceCheck = [key: string, conflictName: string, check: (src: never, p: FieldPath, ctx: SourceContext) => FieldError[], childName?: string];

interface SourceContext {
  volName: string;
  podMeta: ObjectMeta | undefined;
  opts: PodValidationOptions;
}

const requiredStr = (v: unknown, p: FieldPath): FieldError[] => (v ? [] : [required(p, '')]);

const sourceChecks: SourceCheck[] = [
  ['emptyDir', 'emptyDir', (src: { sizeLimit?: string }, p) => {
    if (src.sizeLimit !== undefined && src.sizeLimit !== null) {
      const q = tryParseQuantity(src.sizeLimit);
      if (q && q.sign() < 0) return [forbidden(p.child('sizeLimit'), 'SizeLimit field must be a valid resource quantity')];
    }
    return [];
  }],
  ['hostPath', 'hostPath', (src: { path?: string; type?: string }, p) => validateHostPathVolumeSource(src, p)],
  ['gitRepo', 'gitRepo', (src: { repository?: string; directory?: string }, p) => [
    ...requiredStr(src.repository, p.child('repository')),
    ...validateLocalDescendingPath(src.directory ?? '', p.child('directory')),
  ]],
  ['gcePersistentDisk', 'gcePersistentDisk', (src: { pdName?: string; partition?: number }, p) => [
    ...requiredStr(src.pdName, p.child('pdName')),
    ...((src.partition ?? 0) < 0 || (src.partition ?? 0) > 255 ? [invalid(p.child('partition'), src.partition, pdPartitionErrorMsg)] : []),
  ], 'persistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore', (src: { volumeID?: string; partition?: number }, p) => [
    ...requiredStr(src.volumeID, p.child('volumeID')),
    ...((src.partition ?? 0) < 0 || (src.partition ?? 0) > 255 ? [invalid(p.child('partition'), src.partition, pdPartitionErrorMsg)] : []),
  ]],
  ['secret', 'secret', (src: SecretVolumeSource, p) => validateSecretVolumeSource(src, p)],
  ['nfs', 'nfs', (src: { server?: string; path?: string }, p) => validateNFSVolumeSource(src, p)],
  ['iscsi', 'iscsi', (src: IscsiSource, p) => validateISCSIVolumeSource(src, p)],
  ['glusterfs', 'glusterfs', (src: { endpoints?: string; path?: string }, p) => [
    ...requiredStr(src.endpoints, p.child('endpoints')),
    ...requiredStr(src.path, p.child('path')),
  ]],
  ['flocker', 'flocker', (src: { datasetName?: string; datasetUUID?: string }, p) => validateFlockerVolumeSource(src, p)],
  ['persistentVolumeClaim', 'persistentVolumeClaim', (src: { claimName?: string }, p) => requiredStr(src.claimName, p.child('claimName'))],
  ['rbd', 'rbd', (src: { monitors?: string[]; image?: string }, p) => [
    ...((src.monitors ?? []).length === 0 ? [required(p.child('monitors'), '')] : []),
    ...requiredStr(src.image, p.child('image')),
  ]],
  ['cinder', 'cinder', (src: { volumeID?: string; secretRef?: { name?: string } }, p) => [
    ...requiredStr(src.volumeID, p.child('volumeID')),
    ...(src.secretRef && !src.secretRef.name ? [required(p.child('secretRef', 'name'), '')] : []),
  ]],
  ['cephfs', 'cephFS', (src: { monitors?: string[] }, p) => ((src.monitors ?? []).length === 0 ? [required(p.child('monitors'), '')] : []), 'cephfs'],
  ['quobyte', 'quobyte', (src: { registry?: string; tenant?: string; volume?: string }, p) => validateQuobyteVolumeSource(src, p)],
  ['downwardAPI', 'downwarAPI', (src: DownwardAPIVolumeSource, p, ctx) => validateDownwardAPIVolumeSource(src, p, ctx.opts)],
  ['fc', 'fc', (src: { targetWWNs?: string[]; wwids?: string[]; lun?: number }, p) => validateFCVolumeSource(src, p)],
  ['flexVolume', 'flexVolume', (src: { driver?: string; options?: Record<string, string> }, p) => validateFlexVolumeSource(src, p)],
  ['configMap', 'configMap', (src: ConfigMapVolumeSource, p) => validateConfigMapVolumeSource(src, p)],
  ['azureFile', 'azureFile', (src: { secretName?: string; shareName?: string }, p) => [
    ...requiredStr(src.secretName, p.child('secretName')),
    ...requiredStr(src.shareName, p.child('shareName')),
  ]],
  ['vsphereVolume', 'vsphereVolume', (src: { volumePath?: string }, p) => requiredStr(src.volumePath, p.child('volumePath'))],
  ['photonPersistentDisk', 'photonPersistentDisk', (src: { pdID?: string }, p) => requiredStr(src.pdID, p.child('pdID'))],
  ['portworxVolume', 'portworxVolume', (src: { volumeID?: string }, p) => requiredStr(src.volumeID, p.child('volumeID'))],
  ['azureDisk', 'azureDisk', (src: AzureDiskSource, p) => validateAzureDisk(src, p)],
  ['storageos', 'storageos', (src: { volumeName?: string; volumeNamespace?: string; secretRef?: { name?: string } }, p) => [
    ...(src.volumeName ? validateDNS1123Label(src.volumeName, p.child('volumeName')) : [required(p.child('volumeName'), '')]),
    ...(src.volumeNamespace ? validateDNS1123Label(src.volumeNamespace, p.child('volumeNamespace')) : []),
    ...(src.secretRef && !src.secretRef.name ? [required(p.child('secretRef', 'name'), '')] : []),
  ]],
  ['projected', 'projected', (src: ProjectedVolumeSource, p, ctx) => validateProjectedVolumeSource(src, p, ctx.opts)],
  ['scaleIO', 'scaleIO', (src: { gateway?: string; system?: string; volumeName?: string }, p) => [
    ...requiredStr(src.gateway, p.child('gateway')),
    ...requiredStr(src.system, p.child('system')),
    ...requiredStr(src.volumeName, p.child('volumeName')),
  ]],
  ['csi', 'csi', (src: { driver?: string; nodePublishSecretRef?: { name?: string } }, p) => validateCSIVolumeSource(src, p)],
  ['ephemeral', 'ephemeral', (src: { volumeClaimTemplate?: { metadata?: ObjectMeta; spec?: unknown } }, p) => validateEphemeralVolumeSource(src, p)],
  ['image', 'image', (src: { reference?: string; pullPolicy?: string }, p, ctx) => [
    ...(ctx.opts.resourceIsPod && !src.reference ? [required(p.child('reference'), '')] : []),
    ...validatePullPolicy(src.pullPolicy, p.child('pullPolicy')),
  ]],
];

/** One volume's source: exactly one type, each validated as upstream does. */
export function validateVolumeSource(source: Sources, fldPath: FieldPath, volName: string, podMeta: ObjectMeta | undefined, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  let num = 0;
  for (const [key, conflictName, check, childName] of sourceChecks) {
    const src = source[key];
    if (src === undefined || src === null) continue;
    if (num > 0) {
      errs.push(forbidden(fldPath.child(conflictName), 'may not specify more than 1 volume type'));
      continue;
    }
    num++;
    errs.push(...check(src as never, fldPath.child(childName ?? key), { volName, podMeta, opts }));
    if (key === 'iscsi') {
      const iscsi = src as IscsiSource;
      if (iscsi.initiatorName !== undefined && `${volName}:${iscsi.targetPortal ?? ''}`.length > 64) {
        errs.push(
          invalid(fldPath.child('name'), volName, 'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.'),
        );
      }
    }
    // The PVC an ephemeral volume creates is named <pod>-<volume>; that name must be valid too.
    if (key === 'ephemeral' && podMeta?.name && volName) {
      const pvcName = `${podMeta.name}-${volName}`;
      for (const msg of nameIsDNSSubdomain(pvcName, false)) errs.push(invalid(fldPath.child('name'), volName, `PVC name "${pvcName}": ${msg}`));
    }
  }
  if (num === 0) errs.push(required(fldPath, 'must specify a volume type'));
  return errs;
}

const supportedHostPathTypes = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

/** hostPath: a path without '..', and a known type. */
export function validateHostPathVolumeSource(src: { path?: string; type?: string }, p: FieldPath): FieldError[] {
  if (!src.path) return [required(p.child('path'), '')];
  const errs = validatePathNoBacksteps(src.path, p.child('path'));
  if (src.type !== undefined && src.type !== null && !supportedHostPathTypes.includes(src.type)) {
    errs.push(notSupported(p.child('type'), src.type, supportedHostPathTypes));
  }
  return errs;
}

/** No '..' element in a path (upstream splits on '/'). */
export function validatePathNoBacksteps(targetPath: string, p: FieldPath): FieldError[] {
  return targetPath.split('/').includes('..') ? [invalid(p, targetPath, "must not contain '..'")] : [];
}

/** A relative path without '..' elements. */
export function validateLocalDescendingPath(targetPath: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (targetPath.startsWith('/')) errs.push(invalid(p, targetPath, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(targetPath, p));
  return errs;
}

/** A relative path that neither contains nor starts with '..'. */
export function validateLocalNonReservedPath(targetPath: string, p: FieldPath): FieldError[] {
  const errs = validateLocalDescendingPath(targetPath, p);
  if (targetPath.startsWith('..') && !targetPath.startsWith('../')) errs.push(invalid(p, targetPath, "must not start with '..'"));
  return errs;
}

const validMode = (m: number | undefined) => m === undefined || m === null || (m >= 0 && m <= 0o777);

function validateKeyToPath(kp: KeyToPath, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(required(p.child('key'), ''));
  if (!kp.path) errs.push(required(p.child('path'), ''));
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', p.child('path')));
  if (!validMode(kp.mode)) errs.push(invalid(p.child('mode'), kp.mode, fileModeErrorMsg));
  return errs;
}

function validateSecretVolumeSource(src: SecretVolumeSource, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!src.secretName) errs.push(required(p.child('secretName'), ''));
  if (!validMode(src.defaultMode)) errs.push(invalid(p.child('defaultMode'), src.defaultMode, fileModeErrorMsg));
  (src.items ?? []).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child('items').index(i))));
  return errs;
}

function validateConfigMapVolumeSource(src: ConfigMapVolumeSource, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!src.name) errs.push(required(p.child('name'), ''));
  if (!validMode(src.defaultMode)) errs.push(invalid(p.child('defaultMode'), src.defaultMode, fileModeErrorMsg));
  (src.items ?? []).forEach((kp, i) => errs.push(...validateKeyToPath(kp, p.child('items').index(i))));
  return errs;
}

function validateNFSVolumeSource(src: { server?: string; path?: string }, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!src.server) errs.push(required(p.child('server'), ''));
  if (!src.path) errs.push(required(p.child('path'), ''));
  if (!(src.path ?? '').startsWith('/')) errs.push(invalid(p.child('path'), src.path ?? '', 'must be an absolute path'));
  return errs;
}

interface IscsiSource {
  targetPortal?: string;
  iqn?: string;
  lun?: number;
  chapAuthDiscovery?: boolean;
  chapAuthSession?: boolean;
  secretRef?: { name?: string };
  initiatorName?: string;
}

const iqnRe = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9\-.]+)(:[^,;*&$|\s]+)$/;
const euiRe = /^eui.[A-Za-z0-9]{16}$/;
const naaRe = /^naa.[A-Za-z0-9]{32}$/;

function validateISCSIVolumeSource(src: IscsiSource, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!src.targetPortal) errs.push(required(p.child('targetPortal'), ''));
  const iqn = src.iqn ?? '';
  if (!iqn) errs.push(required(p.child('iqn'), ''));
  else if (!iqn.startsWith('iqn') && !iqn.startsWith('eui') && !iqn.startsWith('naa')) {
    errs.push(invalid(p.child('iqn'), iqn, 'must be valid format starting with iqn, eui, or naa'));
  } else if ((iqn.startsWith('iqn') && !iqnRe.test(iqn)) || (iqn.startsWith('eui') && !euiRe.test(iqn)) || (iqn.startsWith('naa') && !naaRe.test(iqn))) {
    errs.push(invalid(p.child('iqn'), iqn, 'must be valid format'));
  }
  const lun = src.lun ?? 0;
  if (lun < 0 || lun > 255) errs.push(invalid(p.child('lun'), lun, 'must be between 0 and 255, inclusive'));
  if ((src.chapAuthDiscovery || src.chapAuthSession) && !src.secretRef) errs.push(required(p.child('secretRef'), ''));
  if (src.initiatorName !== undefined) {
    const ini = src.initiatorName;
    if (!ini.startsWith('iqn') && !ini.startsWith('eui') && !ini.startsWith('naa')) {
      errs.push(invalid(p.child('initiatorname'), ini, 'must be valid format starting with iqn, eui, or naa'));
    }
    if ((ini.startsWith('iqn') && !iqnRe.test(ini)) || (ini.startsWith('eui') && !euiRe.test(ini)) || (ini.startsWith('naa') && !naaRe.test(ini))) {
      errs.push(invalid(p.child('initiatorname'), ini, 'must be valid format'));
    }
  }
  return errs;
}

function validateFlockerVolumeSource(src: { datasetName?: string; datasetUUID?: string }, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!src.datasetName && !src.datasetUUID) errs.push(required(p, 'one of datasetName and datasetUUID is required'));
  if (src.datasetName && src.datasetUUID) errs.push(invalid(p, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
  if ((src.datasetName ?? '').includes('/')) errs.push(invalid(p.child('datasetName'), src.datasetName, "must not contain '/'"));
  return errs;
}

function validateQuobyteVolumeSource(src: { registry?: string; tenant?: string; volume?: string }, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const msg = 'must be a host:port pair or multiple pairs separated by commas';
  if (!src.registry) errs.push(required(p.child('registry'), msg));
  else if ((src.tenant ?? '').length >= 65) errs.push(required(p.child('tenant'), 'must be a UUID and may not exceed a length of 64 characters'));
  else for (const pair of src.registry.split(',')) if (!/^(\[[^\]]*\]|[^:[\]]*):[^:]*$/.test(pair)) errs.push(invalid(p.child('registry'), src.registry, msg));
  if (!src.volume) errs.push(required(p.child('volume'), ''));
  return errs;
}

function validateFCVolumeSource(src: { targetWWNs?: string[]; wwids?: string[]; lun?: number }, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const wwns = src.targetWWNs ?? [];
  const wwids = src.wwids ?? [];
  if (wwns.length < 1 && wwids.length < 1) errs.push(required(p.child('targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
  if (wwns.length && wwids.length) errs.push(invalid(p.child('targetWWNs'), wwns, 'targetWWNs and wwids can not be specified simultaneously'));
  if (wwns.length) {
    if (src.lun === undefined || src.lun === null) errs.push(required(p.child('lun'), 'lun is required if targetWWNs is specified'));
    else if (src.lun < 0 || src.lun > 255) errs.push(invalid(p.child('lun'), src.lun, 'must be between 0 and 255, inclusive'));
  }
  return errs;
}

function validateFlexVolumeSource(src: { driver?: string; options?: Record<string, string> }, p: FieldPath): FieldError[] {
  const errs = requiredStr(src.driver, p.child('driver'));
  for (const k of Object.keys(src.options ?? {}).sort()) {
    const ns = k.includes('/') ? k.slice(0, k.indexOf('/')) : k;
    const normalized = `.${ns.toLowerCase()}`;
    if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io')) {
      errs.push(invalid(p.child('options').key(k), k, 'kubernetes.io and k8s.io namespaces are reserved'));
    }
  }
  return errs;
}

interface AzureDiskSource {
  diskName?: string;
  diskURI?: string;
  cachingMode?: string;
  kind?: string;
}

function validateAzureDisk(src: AzureDiskSource, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!src.diskName) errs.push(required(p.child('diskName'), ''));
  if (!src.diskURI) errs.push(required(p.child('diskURI'), ''));
  if (src.cachingMode !== undefined && !['None', 'ReadOnly', 'ReadWrite'].includes(src.cachingMode)) {
    errs.push(notSupported(p.child('cachingMode'), src.cachingMode, ['None', 'ReadOnly', 'ReadWrite']));
  }
  if (src.kind !== undefined && !['Dedicated', 'Managed', 'Shared'].includes(src.kind)) {
    errs.push(notSupported(p.child('kind'), src.kind, ['Dedicated', 'Managed', 'Shared']));
  }
  const uri = src.diskURI ?? '';
  if (src.kind === 'Managed' && !uri.startsWith('/subscriptions/')) {
    errs.push(notSupported(p.child('diskURI'), uri, ['/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}']));
  }
  if (src.kind !== undefined && src.kind !== 'Managed' && !uri.startsWith('https://')) {
    errs.push(notSupported(p.child('diskURI'), uri, ['https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd']));
  }
  return errs;
}

/** As core's ValidateCSIDriverName. */
export function validateCSIDriverName(driver: string, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!driver) errs.push(required(p, ''));
  if (driver.length > 63) errs.push(tooLong(p, '', 63));
  for (const msg of isDNS1123Subdomain(driver.toLowerCase())) errs.push(invalid(p, driver, msg));
  return errs;
}

function validateCSIVolumeSource(src: { driver?: string; nodePublishSecretRef?: { name?: string } }, p: FieldPath): FieldError[] {
  const errs = validateCSIDriverName(src.driver ?? '', p.child('driver'));
  const ref = src.nodePublishSecretRef;
  if (ref) {
    if (!ref.name) errs.push(required(p.child('nodePublishSecretRef', 'name'), ''));
    else for (const msg of nameIsDNSSubdomain(ref.name, false)) errs.push(invalid(p.child('name'), ref.name, msg));
  }
  return errs;
}

function validateEphemeralVolumeSource(src: { volumeClaimTemplate?: { metadata?: ObjectMeta; spec?: unknown } }, p: FieldPath): FieldError[] {
  const t = src.volumeClaimTemplate;
  if (!t) return [required(p.child('volumeClaimTemplate'), '')];
  const tp = p.child('volumeClaimTemplate');
  return [...validateTemplateObjectMeta(t.metadata, tp.child('metadata')), ...validatePersistentVolumeClaimSpec((t.spec ?? {}) as never, tp.child('spec'), {})];
}

const validVolumeDownwardAPIFieldPaths = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

function validateDownwardAPIVolumeFile(file: DownwardAPIVolumeFile, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!file.path) errs.push(required(p.child('path'), ''));
  errs.push(...validateLocalNonReservedPath(file.path ?? '', p.child('path')));
  if (file.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, validVolumeDownwardAPIFieldPaths, p.child('fieldRef')));
    if (file.resourceFieldRef) errs.push(invalid(p, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (file.resourceFieldRef) {
    errs.push(...validateContainerResourceFieldSelector(file.resourceFieldRef, p.child('resourceFieldRef'), true));
  } else {
    errs.push(required(p, 'one of fieldRef and resourceFieldRef is required'));
  }
  if (!validMode(file.mode)) errs.push(invalid(p.child('mode'), file.mode, fileModeErrorMsg));
  return errs;
}

function validateDownwardAPIVolumeSource(src: DownwardAPIVolumeSource, p: FieldPath, _opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (!validMode(src.defaultMode)) errs.push(invalid(p.child('defaultMode'), src.defaultMode, fileModeErrorMsg));
  // Upstream validates every item against the source's own path, not an items[i] path.
  for (const file of src.items ?? []) errs.push(...validateDownwardAPIVolumeFile(file, p));
  return errs;
}

interface ProjectionSource {
  secret?: { name?: string; items?: KeyToPath[] };
  configMap?: { name?: string; items?: KeyToPath[] };
  downwardAPI?: { items?: DownwardAPIVolumeFile[] };
  serviceAccountToken?: { expirationSeconds?: number; path?: string };
  clusterTrustBundle?: { name?: string; signerName?: string; labelSelector?: unknown; path?: string };
}

function validateProjectedVolumeSource(src: ProjectedVolumeSource, p: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (!validMode(src.defaultMode)) errs.push(invalid(p.child('defaultMode'), src.defaultMode, fileModeErrorMsg));
  const allPaths = new Set<string>();
  ((src.sources ?? []) as ProjectionSource[]).forEach((source, i) => {
    let num = 0;
    const srcPath = p.child('sources').index(i);
    for (const kind of ['secret', 'configMap'] as const) {
      const s = source[kind];
      if (!s) continue;
      num++;
      const projPath = srcPath.child(kind);
      if (!s.name) errs.push(required(projPath.child('name'), ''));
      (s.items ?? []).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, projPath.child('items').index(j)));
        if (kp.path) {
          if (allPaths.has(kp.path)) errs.push(invalid(p, s.name ?? '', 'conflicting duplicate paths'));
          else allPaths.add(kp.path);
        }
      });
    }
    if (source.downwardAPI) {
      num++;
      const projPath = srcPath.child('downwardAPI');
      for (const file of source.downwardAPI.items ?? []) {
        errs.push(...validateDownwardAPIVolumeFile(file, projPath));
        if (file.path) {
          if (allPaths.has(file.path)) errs.push(invalid(p, file.path, 'conflicting duplicate paths'));
          else allPaths.add(file.path);
        }
      }
    }
    if (source.serviceAccountToken) {
      num++;
      const projPath = srcPath.child('serviceAccountToken');
      const sat = source.serviceAccountToken;
      const exp = sat.expirationSeconds ?? 0;
      if (exp < 600) errs.push(invalid(projPath.child('expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(projPath.child('expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'));
      if (!sat.path) errs.push(required(p.child('path'), ''));
      else if (!opts.allowNonLocalProjectedTokenPath) errs.push(...validateLocalNonReservedPath(sat.path, p.child('path')));
    }
    if (source.clusterTrustBundle) {
      num++;
      const projPath = srcPath.child('clusterTrustBundle');
      const ctb = source.clusterTrustBundle;
      const usingName = ctb.name !== undefined;
      const usingSigner = ctb.signerName !== undefined;
      if (usingName && usingSigner) errs.push(invalid(projPath, '', 'only one of name and signerName may be used'));
      else if (usingName) {
        if (!ctb.name) errs.push(required(projPath.child('name'), 'must be a valid object name'));
        if (ctb.labelSelector) errs.push(invalid(projPath.child('labelSelector'), '', 'labelSelector must be unset if name is specified'));
      } else if (usingSigner) {
        if (!ctb.signerName) errs.push(required(projPath.child('signerName'), 'must be a valid signer name'));
        errs.push(...validateLabelSelector(ctb.labelSelector as never, {}, projPath.child('labelSelector')));
      } else errs.push(required(projPath, 'either name or signerName must be specified'));
      if (!ctb.path) errs.push(required(projPath.child('path'), ''));
      errs.push(...validateLocalNonReservedPath(ctb.path ?? '', projPath.child('path')));
      if (allPaths.has(ctb.path ?? '')) errs.push(invalid(p, ctb.path ?? '', 'conflicting duplicate paths'));
      else allPaths.add(ctb.path ?? '');
    }
    if (num > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

const supportedPullPolicies = ['Always', 'IfNotPresent', 'Never'];

/** imagePullPolicy: required (defaulted) and one of Always, IfNotPresent, Never. */
export function validatePullPolicy(policy: string | undefined, p: FieldPath): FieldError[] {
  if (policy === 'Always' || policy === 'IfNotPresent' || policy === 'Never') return [];
  if (!policy) return [required(p, '')];
  return [notSupported(p, policy, supportedPullPolicies)];
}

/** Shared with persistent volume sources, which reuse these checks. */
export { validateNFSVolumeSource, validateISCSIVolumeSource, validateFlockerVolumeSource, validateQuobyteVolumeSource, validateFCVolumeSource, validateAzureDisk };
export type { IscsiSource };
