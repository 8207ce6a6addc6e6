/**
 * What `kubeadm init` leaves in a new cluster, created on the cluster's first start from the files in manifests/:
 * the control-plane static pod manifests (written into each control-plane node's static pod folder) and the
 * kube-system addons (CoreDNS with its kube-dns Service, kube-proxy, kubeadm-config). The kubeadm-config ConfigMap is
 * created last: its presence marks the cluster as initialized, so a restart never recreates what a learner deleted.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { isAlreadyExists, isNotFound } from '../api/errors.js';
import { gvrForObject } from '../api/group-version.js';
import type { KubeObject } from '../api/object.js';
import type { Client } from '../client/client.js';
import { ConfigMaps } from '../client/resources.js';
import type { ClusterConfig, NodeConfig } from './cluster-config.js';
import { kubeletConfiguration } from './node-folders.js';
import { packageRoot } from '../util/package-root.js';

export const manifestsDir = join(packageRoot, 'manifests');

/** The address and node name the shipped control-plane manifests are written for. */
const shippedAddress = '192.168.56.10';
const shippedNodeName = 'controlplane';

/** The control-plane static pod manifests for one node, its address and name put in place of the shipped ones. */
export function controlPlaneManifests(node: NodeConfig): Array<{ file: string; text: string }> {
  const dir = join(manifestsDir, 'control-plane');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => {
      let text = readFileSync(join(dir, file), 'utf8').split(shippedAddress).join(node.internalIP);
      if (file === 'etcd.yaml') text = text.replace(`--name=${shippedNodeName}`, `--name=${node.name}`).replace(`--initial-cluster=${shippedNodeName}=`, `--initial-cluster=${node.name}=`);
      return { file, text };
    });
}

/** The mirror pods the control-plane manifests of a node give (`etcd-controlplane`, ...), in kube-system. */
export function controlPlanePodNames(node: NodeConfig): string[] {
  return controlPlaneManifests(node).map(({ text }) => {
    const m = /^  name: (\S+)$/m.exec(text);
    return `${m![1]}-${node.name}`;
  });
}

/** The addon objects of manifests/system, in creation order (kubeadm-config last). */
export function systemObjects(cluster: ClusterConfig): KubeObject[] {
  const dir = join(manifestsDir, 'system');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort((a, b) => Number(a === 'kubeadm-config.yaml') - Number(b === 'kubeadm-config.yaml') || (a < b ? -1 : 1));
  const controlPlane = cluster.nodes.find((n) => n.role === 'control-plane');
  const objects: KubeObject[] = [];
  // kubeadm's upload-config phase: the cluster's KubeletConfiguration, which joining nodes download.
  if (controlPlane) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kubelet-config', namespace: 'kube-system' },
      data: { kubelet: dump(kubeletConfiguration(cluster, { ...controlPlane, kubeReserved: undefined, systemReserved: undefined, evictionHard: undefined }), { lineWidth: -1 }) },
    });
  }
  for (const f of files) {
    let text = readFileSync(join(dir, f), 'utf8');
    if (controlPlane) text = text.split(shippedAddress).join(controlPlane.internalIP);
    text = text.split('10.244.0.0/16').join(cluster.networking.podSubnet);
    for (const doc of loadAll(text)) if (doc) objects.push(doc as KubeObject);
  }
  return objects;
}

export const InitializedMarker = { namespace: 'kube-system', name: 'kubeadm-config' };

/** Whether the cluster's first start completed (kubeadm-config exists). */
export async function isInitialized(client: Client): Promise<boolean> {
  try {
    await client.resource(ConfigMaps).namespace(InitializedMarker.namespace).get(InitializedMarker.name);
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** Creates the addons that are missing (safe to repeat after a crash mid-way). */
export async function createSystemObjects(client: Client, cluster: ClusterConfig): Promise<void> {
  for (const obj of systemObjects(cluster)) {
    const gvr = gvrForObject(obj);
    const r = client.resource(gvr);
    try {
      await (obj.metadata.namespace ? r.namespace(obj.metadata.namespace) : r).create(obj);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
    }
  }
}
