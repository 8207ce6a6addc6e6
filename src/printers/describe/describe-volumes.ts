/** Pod volumes as describe prints them: one block per volume with its source type explained. */
import type { LocalObjectReference, PersistentVolumeClaim, Volume } from 'kubernetes-types/core/v1.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import { goSlice } from './go-text.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, nestedPrefixWriter, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import { quantityFrom, quantityText } from './quantity-text.js';
import type { DescribeContext } from './describe-context.js';
import { timestampSince } from './time-text.js';

/** `%v` of a *LocalObjectReference, through its generated String(): `nil` or `&LocalObjectReference{Name:x,}`. */
const secretRefText = (ref: LocalObjectReference | null | undefined) => (ref ? `&LocalObjectReference{Name:${ref.name ?? ''},}` : 'nil');

/** `%v` of a map[string]string: `map[k:v ...]` with sorted keys. */
const goMap = (m: Readonly<Record<string, string>> | null | undefined) =>
  `map[${Object.keys(m ?? {}).sort(compareGoStrings).map((k) => `${k}:${m![k]}`).join(' ')}]`;

/** Several `Label:\tvalue` lines in one write, the first at level 2 and the rest indented four spaces, as upstream. */
function writeFields(w: PrefixWriter, type: string, fields: ReadonlyArray<readonly [string, unknown]>): void {
  w.write(LEVEL_2, `Type:\t${type}\n${fields.map(([k, v]) => `    ${k}\t${String(v)}\n`).join('')}`);
}

const str = (v: string | null | undefined) => v ?? '';
const bool = (v: boolean | null | undefined) => v ?? false;
const int = (v: number | null | undefined) => v ?? 0;

export function describeVolumes(volumes: readonly Volume[] | undefined, w: PrefixWriter, space: string, ctx: DescribeContext): void {
  if (!volumes?.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space.length > 0 ? ' ' : ''}${v.name}:\n`);
    describeVolumeSource(v, w, ctx);
  }
}

/** The image volume source (1.31) is newer than the kubernetes-types package. */
export type VolumeWithImage = Volume & { image?: { reference?: string; pullPolicy?: string } };

/** The `Type:` block of one volume source, at level 2. */
export function describeVolumeSource(v: VolumeWithImage, w: PrefixWriter, ctx: DescribeContext): void {
  if (v.hostPath) {
    writeFields(w, 'HostPath (bare host directory volume)', [['Path:', v.hostPath.path], ['HostPathType:', v.hostPath.type ?? '<none>']]);
  } else if (v.emptyDir) {
    const size = v.emptyDir.sizeLimit;
    const sizeLimit = size !== undefined && size !== null && quantityFrom(size).sign() > 0 ? quantityText(size) : '<unset>';
    writeFields(w, "EmptyDir (a temporary directory that shares a pod's lifetime)", [['Medium:', str(v.emptyDir.medium)], ['SizeLimit:', sizeLimit]]);
  } else if (v.gcePersistentDisk) {
    const g = v.gcePersistentDisk;
    writeFields(w, 'GCEPersistentDisk (a Persistent Disk resource in Google Compute Engine)', [['PDName:', g.pdName], ['FSType:', str(g.fsType)], ['Partition:', int(g.partition)], ['ReadOnly:', bool(g.readOnly)]]);
  } else if (v.awsElasticBlockStore) {
    const a = v.awsElasticBlockStore;
    writeFields(w, 'AWSElasticBlockStore (a Persistent Disk resource in AWS)', [['VolumeID:', a.volumeID], ['FSType:', str(a.fsType)], ['Partition:', int(a.partition)], ['ReadOnly:', bool(a.readOnly)]]);
  } else if (v.gitRepo) {
    writeFields(w, 'GitRepo (a volume that is pulled from git when the pod is created)', [['Repository:', v.gitRepo.repository], ['Revision:', str(v.gitRepo.revision)]]);
  } else if (v.secret) {
    writeFields(w, 'Secret (a volume populated by a Secret)', [['SecretName:', str(v.secret.secretName)], ['Optional:', bool(v.secret.optional)]]);
  } else if (v.configMap) {
    writeFields(w, 'ConfigMap (a volume populated by a ConfigMap)', [['Name:', str(v.configMap.name)], ['Optional:', bool(v.configMap.optional)]]);
  } else if (v.nfs) {
    writeFields(w, 'NFS (an NFS mount that lasts the lifetime of a pod)', [['Server:', v.nfs.server], ['Path:', v.nfs.path], ['ReadOnly:', bool(v.nfs.readOnly)]]);
  } else if (v.iscsi) {
    const i = v.iscsi;
    writeFields(w, "ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)", [
      ['TargetPortal:', i.targetPortal], ['IQN:', i.iqn], ['Lun:', i.lun], ['ISCSIInterface', str(i.iscsiInterface)], ['FSType:', str(i.fsType)],
      ['ReadOnly:', bool(i.readOnly)], ['Portals:', goSlice(i.portals)], ['DiscoveryCHAPAuth:', bool(i.chapAuthDiscovery)], ['SessionCHAPAuth:', bool(i.chapAuthSession)],
      ['SecretRef:', secretRefText(i.secretRef)], ['InitiatorName:', i.initiatorName ?? '<none>'],
    ]);
  } else if (v.glusterfs) {
    writeFields(w, "Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", [['EndpointsName:', v.glusterfs.endpoints], ['Path:', v.glusterfs.path], ['ReadOnly:', bool(v.glusterfs.readOnly)]]);
  } else if (v.persistentVolumeClaim) {
    writeFields(w, 'PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [['ClaimName:', v.persistentVolumeClaim.claimName], ['ReadOnly:', bool(v.persistentVolumeClaim.readOnly)]]);
  } else if (v.ephemeral) {
    w.write(LEVEL_2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
    const t = v.ephemeral.volumeClaimTemplate;
    if (t) printPersistentVolumeClaim(nestedPrefixWriter(w, LEVEL_2), { metadata: t.metadata, spec: t.spec }, false, ctx);
  } else if (v.rbd) {
    const r = v.rbd;
    writeFields(w, "RBD (a Rados Block Device mount on the host that shares a pod's lifetime)", [
      ['CephMonitors:', goSlice(r.monitors)], ['RBDImage:', r.image], ['FSType:', str(r.fsType)], ['RBDPool:', r.pool ?? 'rbd'], ['RadosUser:', r.user ?? 'admin'],
      ['Keyring:', r.keyring ?? '/etc/ceph/keyring'], ['SecretRef:', secretRefText(r.secretRef)], ['ReadOnly:', bool(r.readOnly)],
    ]);
  } else if (v.quobyte) {
    writeFields(w, "Quobyte (a Quobyte mount on the host that shares a pod's lifetime)", [['Registry:', v.quobyte.registry], ['Volume:', v.quobyte.volume], ['ReadOnly:', bool(v.quobyte.readOnly)]]);
  } else if (v.downwardAPI) {
    w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.azureDisk) {
    const d = v.azureDisk;
    writeFields(w, 'AzureDisk (an Azure Data Disk mount on the host and bind mount to the pod)', [
      ['DiskName:', d.diskName], ['DiskURI:', d.diskURI], ['Kind: ', d.kind ?? 'Shared'], ['FSType:', d.fsType ?? 'ext4'], ['CachingMode:', d.cachingMode ?? 'ReadWrite'], ['ReadOnly:', bool(d.readOnly)],
    ]);
  } else if (v.vsphereVolume) {
    writeFields(w, 'vSphereVolume (a Persistent Disk resource in vSphere)', [['VolumePath:', v.vsphereVolume.volumePath], ['FSType:', str(v.vsphereVolume.fsType)], ['StoragePolicyName:', str(v.vsphereVolume.storagePolicyName)]]);
  } else if (v.cinder) {
    const c = v.cinder;
    writeFields(w, 'Cinder (a Persistent Disk resource in OpenStack)', [['VolumeID:', c.volumeID], ['FSType:', str(c.fsType)], ['ReadOnly:', bool(c.readOnly)], ['SecretRef:', secretRefText(c.secretRef)]]);
  } else if (v.photonPersistentDisk) {
    writeFields(w, 'PhotonPersistentDisk (a Persistent Disk resource in photon platform)', [['PdID:', v.photonPersistentDisk.pdID], ['FSType:', str(v.photonPersistentDisk.fsType)]]);
  } else if (v.portworxVolume) {
    writeFields(w, 'PortworxVolume (a Portworx Volume resource)', [['VolumeID:', v.portworxVolume.volumeID]]);
  } else if (v.scaleIO) {
    const s = v.scaleIO;
    writeFields(w, 'ScaleIO (a persistent volume backed by a block device in ScaleIO)', [
      ['Gateway:', s.gateway], ['System:', s.system], ['Protection Domain:', str(s.protectionDomain)], ['Storage Pool:', str(s.storagePool)],
      ['Storage Mode:', s.storageMode ?? 'ThinProvisioned'], ['VolumeName:', str(s.volumeName)], ['FSType:', s.fsType ?? 'xfs'], ['ReadOnly:', bool(s.readOnly)],
    ]);
  } else if (v.cephfs) {
    const c = v.cephfs;
    writeFields(w, "CephFS (a CephFS mount on the host that shares a pod's lifetime)", [
      ['Monitors:', goSlice(c.monitors)], ['Path:', str(c.path)], ['User:', str(c.user)], ['SecretFile:', str(c.secretFile)],
      ['SecretRef:', secretRefText(c.secretRef)], ['ReadOnly:', bool(c.readOnly)],
    ]);
  } else if (v.storageos) {
    const s = v.storageos;
    writeFields(w, 'StorageOS (a StorageOS Persistent Disk resource)', [['VolumeName:', str(s.volumeName)], ['VolumeNamespace:', str(s.volumeNamespace)], ['FSType:', str(s.fsType)], ['ReadOnly:', bool(s.readOnly)]]);
  } else if (v.fc) {
    const f = v.fc;
    writeFields(w, 'FC (a Fibre Channel disk)', [['TargetWWNs:', (f.targetWWNs ?? []).join(', ')], ['LUN:', f.lun ?? '<none>'], ['FSType:', str(f.fsType)], ['ReadOnly:', bool(f.readOnly)]]);
  } else if (v.azureFile) {
    writeFields(w, 'AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [['SecretName:', v.azureFile.secretName], ['ShareName:', v.azureFile.shareName], ['ReadOnly:', bool(v.azureFile.readOnly)]]);
  } else if (v.flexVolume) {
    const f = v.flexVolume;
    writeFields(w, 'FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)', [
      ['Driver:', f.driver], ['FSType:', str(f.fsType)], ['SecretRef:', secretRefText(f.secretRef)], ['ReadOnly:', bool(f.readOnly)], ['Options:', goMap(f.options)],
    ]);
  } else if (v.flocker) {
    writeFields(w, 'Flocker (a Flocker volume mounted by the Flocker agent)', [['DatasetName:', str(v.flocker.datasetName)], ['DatasetUUID:', str(v.flocker.datasetUUID)]]);
  } else if (v.projected) {
    w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
    for (const source of v.projected.sources ?? []) {
      // kubectl 1.32 prints these *bool fields with %v: `<nil>` when unset, a pointer address otherwise (the value here).
      if (source.secret) w.write(LEVEL_2, `SecretName:\t${str(source.secret.name)}\n    SecretOptionalName:\t${source.secret.optional ?? '<nil>'}\n`);
      else if (source.downwardAPI) w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      else if (source.configMap) w.write(LEVEL_2, `ConfigMapName:\t${str(source.configMap.name)}\n    ConfigMapOptional:\t${source.configMap.optional ?? '<nil>'}\n`);
      else if (source.serviceAccountToken) w.write(LEVEL_2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 3600}\n`);
    }
  } else if (v.csi) {
    const c = v.csi;
    writeFields(w, 'CSI (a Container Storage Interface (CSI) volume source)', [['Driver:', c.driver], ['FSType:', str(c.fsType)], ['ReadOnly:', bool(c.readOnly)]]);
    printCSIVolumeAttributes(w, c.volumeAttributes);
  } else if (v.image) {
    writeFields(w, 'Image (a container image or OCI artifact)', [['Reference:', str(v.image.reference)], ['PullPolicy:', str(v.image.pullPolicy)]]);
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

/** printCSIPersistentVolumeAttributesMultiline: `VolumeAttributes:` then `k=v` lines, each cut at 140 bytes. */
function printCSIVolumeAttributes(w: PrefixWriter, attributes: Readonly<Record<string, string>> | undefined): void {
  w.write(LEVEL_2, 'VolumeAttributes:\t');
  const keys = Object.keys(attributes ?? {}).sort(compareGoStrings);
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_2, '');
      w.write(LEVEL_2, '\t');
    }
    const line = `${key}=${attributes![key]}`;
    w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
  });
}

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export function persistentVolumeClaimClass(pvc: Pick<PersistentVolumeClaim, 'metadata' | 'spec'>): string {
  const annotated = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (annotated !== undefined) return annotated;
  return pvc.spec?.storageClassName ?? '';
}

/** storageutil.GetAccessModesAsString: `RWO,ROX,RWX,RWOP` in that order, duplicates dropped. */
export function accessModesText(modes: readonly string[] | undefined): string {
  const set = new Set(modes ?? []);
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** printPersistentVolumeClaim: a full claim (`describe pvc`) or a claim template (an ephemeral volume), which lacks some fields. */
export function printPersistentVolumeClaim(
  w: PrefixWriter,
  pvc: Pick<PersistentVolumeClaim, 'metadata' | 'spec' | 'status'>,
  isFull: boolean,
  ctx: DescribeContext,
): void {
  if (isFull) {
    w.write(LEVEL_0, `Name:\t${pvc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata?.namespace ?? ''}\n`);
  }
  w.write(LEVEL_0, `StorageClass:\t${persistentVolumeClaimClass(pvc)}\n`);
  if (isFull) {
    if (pvc.metadata?.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${timestampSince(pvc.metadata.deletionTimestamp, ctx)})\n`);
    else w.write(LEVEL_0, `Status:\t${pvc.status?.phase ?? ''}\n`);
  }
  w.write(LEVEL_0, `Volume:\t${pvc.spec?.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pvc.metadata?.labels);
  printAnnotationsMultiline(w, 'Annotations', pvc.metadata?.annotations);
  if (isFull) w.write(LEVEL_0, `Finalizers:\t${goSlice(pvc.metadata?.finalizers)}\n`);
  let capacity = '';
  let accessModes = '';
  if (pvc.spec?.volumeName) {
    accessModes = accessModesText(pvc.status?.accessModes);
    capacity = quantityText(pvc.status?.capacity?.storage);
  }
  w.write(LEVEL_0, `Capacity:\t${capacity}\n`);
  w.write(LEVEL_0, `Access Modes:\t${accessModes}\n`);
  if (pvc.spec?.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  const ds = pvc.spec?.dataSource;
  if (ds) {
    w.write(LEVEL_0, 'DataSource:\n');
    if (ds.apiGroup !== undefined && ds.apiGroup !== null) w.write(LEVEL_1, `APIGroup:\t${ds.apiGroup}\n`);
    w.write(LEVEL_1, `Kind:\t${ds.kind}\n`);
    w.write(LEVEL_1, `Name:\t${ds.name}\n`);
  }
}
