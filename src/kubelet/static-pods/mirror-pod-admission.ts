/**
 * What the API server refuses when a kubelet creates a mirror pod: the ServiceAccount admission plugin keeps mirror
 * pods from referencing service accounts, secrets and token projections, and NodeRestriction (on in kubeadm
 * clusters) from referencing config maps, claims or resource claims. The in-process client carries no node
 * identity, so the kubelet asks this before creating; the static pod still runs, without a mirror, as on a real node.
 */
import type { KubeObject } from '../../api/object.js';

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Obj[]) : []);
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

/** Why the API server would refuse this mirror pod (the text after `pods "x" is forbidden: `), or undefined. */
export function mirrorPodRefusal(pod: KubeObject, nodeName: string): string | undefined {
  const spec = obj(pod.spec) ?? {};
  const node = JSON.stringify(nodeName);
  // ServiceAccount admission (it runs first).
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') return 'a mirror pod may not reference service accounts';
  if (referencesSecrets(spec)) return 'a mirror pod may not reference secrets';
  const volumes = list(spec.volumes);
  if (volumes.some((v) => list(obj(v.projected)?.sources).some((s) => s.serviceAccountToken))) {
    return 'a mirror pod may not use ServiceAccountToken volume projections';
  }
  // NodeRestriction.
  if (referencesConfigMaps(spec)) return `node ${node} can not create pods that reference configmaps`;
  if (volumes.some((v) => v.persistentVolumeClaim)) return `node ${node} can not create pods that reference persistentvolumeclaims`;
  if (list(spec.resourceClaims).length > 0) return `node ${node} can not create pods that reference resourceclaims`;
  return undefined;
}

const containersOf = (spec: Obj) => [...list(spec.initContainers), ...list(spec.containers), ...list(spec.ephemeralContainers)];

/** podutil.VisitPodSecretNames found at least one name. */
function referencesSecrets(spec: Obj): boolean {
  if (list(spec.imagePullSecrets).some((s) => s.name)) return true;
  for (const c of containersOf(spec)) {
    if (list(c.envFrom).some((e) => obj(e.secretRef))) return true;
    if (list(c.env).some((e) => obj(obj(e.valueFrom)?.secretKeyRef))) return true;
  }
  for (const v of list(spec.volumes)) {
    if (obj(v.secret)) return true;
    if (list(obj(v.projected)?.sources).some((s) => obj(s.secret))) return true;
    if (obj(v.azureFile)?.secretName) return true;
    for (const source of ['cephfs', 'cinder', 'flexVolume', 'iscsi', 'rbd', 'scaleIO', 'storageos']) {
      const ref = obj(obj(v[source])?.secretRef);
      if (ref?.name) return true;
    }
    if (obj(obj(v.csi)?.nodePublishSecretRef)?.name) return true;
  }
  return false;
}

/** podutil.VisitPodConfigmapNames found at least one name. */
function referencesConfigMaps(spec: Obj): boolean {
  for (const c of containersOf(spec)) {
    if (list(c.envFrom).some((e) => obj(e.configMapRef))) return true;
    if (list(c.env).some((e) => obj(obj(e.valueFrom)?.configMapKeyRef))) return true;
  }
  return list(spec.volumes).some((v) => obj(v.configMap) || list(obj(v.projected)?.sources).some((s) => obj(s.configMap)));
}
