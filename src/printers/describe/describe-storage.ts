/** kubectl describe pv, pvc and storageclass. */
import type { PersistentVolume, PersistentVolumeClaim, Pod, TopologySelectorTerm, VolumeNodeAffinity } from 'kubernetes-types/core/v1.js';
import type { StorageClass } from 'kubernetes-types/storage/v1.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { accessModesText, describeVolumeSource, persistentVolumeClaimClass, printPersistentVolumeClaim, type VolumeWithImage } from './describe-volumes.js';
import { formatLabels, goSlice, printBoolPtr } from './go-text.js';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import { quantityText } from './quantity-text.js';
import type { Related } from './related.js';
import { rfc1123z, timestampSince } from './time-text.js';

/** storageutil.GetPersistentVolumeClass: the beta annotation wins over spec.storageClassName. */
export function persistentVolumeClass(pv: PersistentVolume): string {
  const annotated = pv.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (annotated !== undefined) return annotated;
  return pv.spec?.storageClassName ?? '';
}

/** `%v` of a *SecretReference, through its generated String(): `nil` or `&SecretReference{Name:..,Namespace:..,}`. */
const secretReferenceText = (ref: { name?: string; namespace?: string } | undefined) =>
  ref ? `&SecretReference{Name:${ref.name ?? ''},Namespace:${ref.namespace ?? ''},}` : 'nil';

function printVolumeNodeAffinity(w: PrefixWriter, affinity: VolumeNodeAffinity | undefined): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  if (!affinity?.required) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms = affinity.required.nodeSelectorTerms ?? [];
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = term.matchExpressions ?? [];
    if (reqs.length === 0) {
      w.writeLine('<none>');
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_2, '\t');
      let expr = `${req.key} ${req.operator.toLowerCase()}`;
      if (req.values?.length) expr += ` [${req.values.join(', ')}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

/** The PV-only source kinds (persistent variants with secret namespaces and the like); the rest print as pod volumes. */
function describePersistentVolumeSource(pv: PersistentVolume, w: PrefixWriter, ctx: DescribeContext): void {
  const s = pv.spec ?? {};
  const fields = (type: string, rows: ReadonlyArray<readonly [string, unknown]>) =>
    w.write(LEVEL_2, `Type:\t${type}\n${rows.map(([k, v]) => `    ${k}\t${String(v)}\n`).join('')}`);
  if (s.iscsi) {
    const i = s.iscsi;
    fields("ISCSI (an ISCSI Disk resource that is attached to a kubelet's host machine and then exposed to the pod)", [
      ['TargetPortal:', i.targetPortal], ['IQN:', i.iqn], ['Lun:', i.lun], ['ISCSIInterface', i.iscsiInterface ?? ''], ['FSType:', i.fsType ?? ''],
      ['ReadOnly:', i.readOnly ?? false], ['Portals:', goSlice(i.portals)], ['DiscoveryCHAPAuth:', i.chapAuthDiscovery ?? false], ['SessionCHAPAuth:', i.chapAuthSession ?? false],
      ['SecretRef:', secretReferenceText(i.secretRef)], ['InitiatorName:', i.initiatorName ?? '<none>'],
    ]);
  } else if (s.glusterfs) {
    fields("Glusterfs (a Glusterfs mount on the host that shares a pod's lifetime)", [
      ['EndpointsName:', s.glusterfs.endpoints], ['EndpointsNamespace:', s.glusterfs.endpointsNamespace ?? '<unset>'], ['Path:', s.glusterfs.path], ['ReadOnly:', s.glusterfs.readOnly ?? false],
    ]);
  } else if (s.rbd) {
    const r = s.rbd;
    fields("RBD (a Rados Block Device mount on the host that shares a pod's lifetime)", [
      ['CephMonitors:', goSlice(r.monitors)], ['RBDImage:', r.image], ['FSType:', r.fsType ?? ''], ['RBDPool:', r.pool ?? 'rbd'], ['RadosUser:', r.user ?? 'admin'],
      ['Keyring:', r.keyring ?? '/etc/ceph/keyring'], ['SecretRef:', secretReferenceText(r.secretRef)], ['ReadOnly:', r.readOnly ?? false],
    ]);
  } else if (s.cinder) {
    fields('Cinder (a Persistent Disk resource in OpenStack)', [['VolumeID:', s.cinder.volumeID], ['FSType:', s.cinder.fsType ?? ''], ['ReadOnly:', s.cinder.readOnly ?? false], ['SecretRef:', secretReferenceText(s.cinder.secretRef)]]);
  } else if (s.scaleIO) {
    const x = s.scaleIO;
    fields('ScaleIO (a persistent volume backed by a block device in ScaleIO)', [
      ['Gateway:', x.gateway], ['System:', x.system], ['Protection Domain:', x.protectionDomain ?? ''], ['Storage Pool:', x.storagePool ?? ''], ['Storage Mode:', x.storageMode ?? 'ThinProvisioned'],
      ['VolumeName:', x.volumeName ?? ''], ['SecretName:', x.secretRef?.name ?? ''], ['SecretNamespace:', x.secretRef?.namespace ?? ''], ['FSType:', x.fsType ?? 'xfs'], ['ReadOnly:', x.readOnly ?? false],
    ]);
  } else if (s.local) {
    fields('LocalVolume (a persistent volume backed by local storage on a node)', [['Path:', s.local.path]]);
  } else if (s.cephfs) {
    const c = s.cephfs;
    fields("CephFS (a CephFS mount on the host that shares a pod's lifetime)", [
      ['Monitors:', goSlice(c.monitors)], ['Path:', c.path ?? ''], ['User:', c.user ?? ''], ['SecretFile:', c.secretFile ?? ''], ['SecretRef:', secretReferenceText(c.secretRef)], ['ReadOnly:', c.readOnly ?? false],
    ]);
  } else if (s.storageos) {
    fields('StorageOS (a StorageOS Persistent Disk resource)', [['VolumeName:', s.storageos.volumeName ?? ''], ['VolumeNamespace:', s.storageos.volumeNamespace ?? ''], ['FSType:', s.storageos.fsType ?? ''], ['ReadOnly:', s.storageos.readOnly ?? false]]);
  } else if (s.azureFile) {
    fields('AzureFile (an Azure File Service mount on the host and bind mount to the pod)', [
      ['SecretName:', s.azureFile.secretName], ['SecretNamespace:', s.azureFile.secretNamespace ?? ''], ['ShareName:', s.azureFile.shareName], ['ReadOnly:', s.azureFile.readOnly ?? false],
    ]);
  } else if (s.flexVolume) {
    const f = s.flexVolume;
    const options = `map[${Object.keys(f.options ?? {}).sort(compareGoStrings).map((k) => `${k}:${f.options![k]}`).join(' ')}]`;
    fields('FlexVolume (a generic volume resource that is provisioned/attached using an exec based plugin)', [
      ['Driver:', f.driver], ['FSType:', f.fsType ?? ''], ['SecretRef:', secretReferenceText(f.secretRef)], ['ReadOnly:', f.readOnly ?? false], ['Options:', options],
    ]);
  } else if (s.csi) {
    const c = s.csi;
    fields('CSI (a Container Storage Interface (CSI) volume source)', [['Driver:', c.driver], ['FSType:', c.fsType ?? ''], ['VolumeHandle:', c.volumeHandle], ['ReadOnly:', c.readOnly ?? false]]);
    w.write(LEVEL_2, 'VolumeAttributes:\t');
    const keys = Object.keys(c.volumeAttributes ?? {}).sort(compareGoStrings);
    if (keys.length === 0) w.writeLine('<none>');
    keys.forEach((key, i) => {
      if (i !== 0) {
        w.write(LEVEL_2, '');
        w.write(LEVEL_2, '\t');
      }
      const line = `${key}=${c.volumeAttributes![key]}`;
      w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
    });
  } else {
    // hostPath, gcePersistentDisk, awsElasticBlockStore, nfs, quobyte, vsphereVolume, azureDisk, photon, portworx, fc, flocker.
    const { hostPath, gcePersistentDisk, awsElasticBlockStore, nfs, quobyte, vsphereVolume, azureDisk, photonPersistentDisk, portworxVolume, fc, flocker } = s;
    const asVolume = { name: '', hostPath, gcePersistentDisk, awsElasticBlockStore, nfs, quobyte, vsphereVolume, azureDisk, photonPersistentDisk, portworxVolume, fc, flocker };
    describeVolumeSource(JSON.parse(JSON.stringify(asVolume)) as VolumeWithImage, w, ctx);
  }
}

export function describePersistentVolume(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const pv = obj as KubeObject & PersistentVolume;
  const spec = pv.spec ?? {};
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pv.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', pv.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(pv.metadata.finalizers)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${persistentVolumeClass(pv)}\n`);
    if (pv.metadata.deletionTimestamp) w.write(LEVEL_0, `Status:\tTerminating (lasts ${timestampSince(pv.metadata.deletionTimestamp, ctx)})\n`);
    else w.write(LEVEL_0, `Status:\t${pv.status?.phase ?? ''}\n`);
    w.write(LEVEL_0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModesText(spec.accessModes)}\n`);
    if (spec.volumeMode) w.write(LEVEL_0, `VolumeMode:\t${spec.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantityText(spec.capacity?.storage)}\n`);
    printVolumeNodeAffinity(w, spec.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${pv.status?.message ?? ''}\n`);
    w.write(LEVEL_0, 'Source:\n');
    describePersistentVolumeSource(pv, w, ctx);
    if (related.events) describeEvents(related.events, w, ctx);
  });
}

/** getPodsForPVC: pods mounting the claim, then pods owning it (an ephemeral volume's), each once. */
export function podsForPVC(pvc: PersistentVolumeClaim, pods: readonly Pod[]): Pod[] {
  const out: Pod[] = [];
  for (const pod of pods) {
    for (const v of pod.spec?.volumes ?? []) if (v.persistentVolumeClaim?.claimName === pvc.metadata?.name) out.push(pod);
  }
  for (const ref of pvc.metadata?.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = pods.find((p) => p.metadata?.uid === ref.uid);
    if (owner && !out.some((p) => p.metadata?.uid === owner.metadata?.uid)) out.push(owner);
  }
  return out;
}

export function describePersistentVolumeClaim(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const pvc = obj as KubeObject & PersistentVolumeClaim;
  const users = podsForPVC(pvc, (related.pods ?? []) as unknown as Pod[]);
  return tabbedString((w) => {
    printPersistentVolumeClaim(w, pvc, true, ctx);
    w.write(LEVEL_0, 'Used By:\t');
    if (users.length === 0) w.writeLine('<none>');
    const names = users.map((p) => p.metadata?.name ?? '').sort(compareGoStrings);
    names.forEach((name, i) => {
      if (i !== 0) w.write(LEVEL_0, '\t');
      w.write(LEVEL_0, `${name}\n`);
    });
    if (pvc.status?.conditions?.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of pvc.status.conditions) {
        w.write(LEVEL_1, `${c.type} \t${c.status} \t${rfc1123z(c.lastProbeTime, ctx)} \t${rfc1123z(c.lastTransitionTime, ctx)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
      }
    }
    if (related.events) describeEvents(related.events, w, ctx);
  });
}

function printAllowedTopologies(w: PrefixWriter, topologies: readonly TopologySelectorTerm[]): void {
  w.write(LEVEL_0, 'AllowedTopologies:\t');
  if (topologies.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  topologies.forEach((term, i) => {
    w.write(LEVEL_1, `Term ${i}:\t`);
    const reqs = term.matchLabelExpressions ?? [];
    if (reqs.length === 0) {
      w.writeLine('<none>');
      return;
    }
    reqs.forEach((req, j) => {
      if (j !== 0) w.write(LEVEL_1, '\t');
      let expr = `${req.key} in`;
      if (req.values.length) expr += ` [${req.values.join(', ')}]`;
      w.write(LEVEL_0, `${expr}\n`);
    });
  });
}

/** storageutil.IsDefaultAnnotationText: `Yes` when either is-default-class annotation is "true". */
function isDefaultClassText(sc: StorageClass): string {
  const a = sc.metadata?.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true' ? 'Yes' : 'No';
}

export function describeStorageClass(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  const sc = obj as KubeObject & StorageClass;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefaultClassText(sc)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(sc.metadata.annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${sc.provisioner}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
    if (!sc.mountOptions?.length) w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of sc.mountOptions) w.write(LEVEL_1, `${o}\n`);
    }
    if (sc.reclaimPolicy) w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (sc.volumeBindingMode) w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (sc.allowedTopologies) printAllowedTopologies(w, sc.allowedTopologies);
    if (related.events) describeEvents(related.events, w, ctx);
  });
}

export { persistentVolumeClaimClass };
