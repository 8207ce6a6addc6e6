/**
 * A pod's volumes on the node, where the kubelet keeps them: `var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>`
 * under the node's folder (emptyDir, configMap, secret, downwardAPI, projected), hostPath folders resolved inside the
 * node's folder, persistentVolumeClaims through their PersistentVolume. Errors read as the kubelet's FailedMount
 * events (`MountVolume.SetUp failed for volume "x" : configmap "y" not found`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigMap, Container, KeyToPath, PersistentVolume, PersistentVolumeClaim, Pod, Secret, Volume } from 'kubernetes-types/core/v1.js';
import { writeProjection, type ProjectedFile } from './atomic-writer.js';
import { fieldRefValue, resourceFieldValue, type PodAddresses } from './container-env.js';
import { resolveHostPath, type HostPathType } from './runtime/vfs/host-volume.js';

export interface VolumeSources {
  getConfigMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  getSecret(namespace: string, name: string): Promise<Secret | undefined>;
  persistentVolumeClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
  persistentVolume(name: string): Promise<PersistentVolume | undefined>;
}

/** A volume that could not be set up: the FailedMount event's message. */
export class VolumeSetupError extends Error {
  constructor(
    readonly volume: string,
    message: string,
  ) {
    super(message);
    this.name = 'VolumeSetupError';
  }
}

/** Where one of the pod's volumes is on the node, and whether the plugin mounts it read-only. */
export interface PodVolumePath {
  hostDir: string;
  readOnly: boolean;
}

export const podDir = (nodeDir: string, uid: string) => join(nodeDir, 'var', 'lib', 'kubelet', 'pods', uid);

const pluginDir = (nodeDir: string, uid: string, plugin: string, name: string) => join(podDir(nodeDir, uid), 'volumes', plugin, name);

/** The folder of a volume kind kept under the pod's directory; undefined for hostPath and PVCs (resolved elsewhere). */
function localPlugin(v: Volume): { plugin: string; readOnly: boolean } | undefined {
  if (v.emptyDir) return { plugin: 'kubernetes.io~empty-dir', readOnly: false };
  if (v.configMap) return { plugin: 'kubernetes.io~configmap', readOnly: true };
  if (v.secret) return { plugin: 'kubernetes.io~secret', readOnly: true };
  if (v.downwardAPI) return { plugin: 'kubernetes.io~downward-api', readOnly: true };
  if (v.projected) return { plugin: 'kubernetes.io~projected', readOnly: true };
  if (v.hostPath || v.persistentVolumeClaim) return undefined;
  // Network and cloud volumes (nfs, csi, iscsi, ...) are simulated as a folder of their own.
  const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
  return { plugin: `kubernetes.io~${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, readOnly: false };
}

const decode = (b64: string) => Buffer.from(b64, 'base64');

function keyFiles(
  volumeName: string,
  data: Record<string, string | Buffer>,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number,
  optional: boolean,
  kind: 'configmap' | 'secret',
): Record<string, ProjectedFile> {
  const files: Record<string, ProjectedFile> = {};
  if (!items?.length) {
    for (const [k, v] of Object.entries(data)) files[k] = { data: v, mode: defaultMode };
    return files;
  }
  for (const item of items) {
    if (!(item.key in data)) {
      if (optional) continue;
      throw new VolumeSetupError(volumeName, `${kind} references non-existent ${kind === 'configmap' ? 'config' : 'secret'} key: ${item.key}`);
    }
    files[item.path] = { data: data[item.key]!, mode: item.mode ?? defaultMode };
  }
  return files;
}

const configMapData = (cm: ConfigMap): Record<string, string | Buffer> => ({
  ...(cm.data ?? {}),
  ...Object.fromEntries(Object.entries(cm.binaryData ?? {}).map(([k, v]) => [k, decode(v)])),
});
const secretData = (s: Secret): Record<string, string | Buffer> => Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, decode(v)]));

/** A service account token as the TokenRequest API returns one (a JWT naming the pod, node and service account). */
export function serviceAccountToken(pod: Pod, nowMs: number, expirationSeconds = 3607): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const iat = Math.floor(nowMs / 1000);
  const ns = pod.metadata?.namespace ?? 'default';
  const sa = pod.spec?.serviceAccountName ?? 'default';
  const header = { alg: 'RS256', kid: createHash('sha256').update('kubesim-sa-key').digest('base64url').slice(0, 43) };
  const payload = {
    aud: ['https://kubernetes.default.svc.cluster.local'],
    exp: iat + expirationSeconds,
    iat,
    iss: 'https://kubernetes.default.svc.cluster.local',
    jti: randomUUIDLike(),
    'kubernetes.io': {
      namespace: ns,
      node: { name: pod.spec?.nodeName ?? '', uid: '' },
      pod: { name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' },
      serviceaccount: { name: sa, uid: '' },
      warnafter: iat + 3600,
    },
    nbf: iat,
    sub: `system:serviceaccount:${ns}:${sa}`,
  };
  return `${b64(header)}.${b64(payload)}.${randomBytes(256).toString('base64url')}`;
}

function randomUUIDLike(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface VolumeSetupContext {
  nodeDir: string;
  sources: VolumeSources;
  addresses: PodAddresses;
  now: Date;
  nodeAllocatable?: Record<string, string>;
  /** The pod's service account tokens, kept between syncs as the kubelet's token manager keeps them (by volume and path). */
  tokens?: Map<string, { token: string; iatMs: number }>;
}

/** The token manager's refresh rule: a token is renewed once 80% of its lifetime (at most 24 h) has passed. */
function cachedToken(ctx: VolumeSetupContext, key: string, expirationSeconds: number, make: () => string): string {
  const now = ctx.now.getTime();
  const cached = ctx.tokens?.get(key);
  const refreshAfterMs = Math.min(expirationSeconds * 800, 24 * 3600 * 1000);
  if (cached && now >= cached.iatMs && now < cached.iatMs + refreshAfterMs) return cached.token;
  const token = make();
  ctx.tokens?.set(key, { token, iatMs: now });
  return token;
}

/** The host folder of every volume of the pod, without touching anything (what `exec` rebuilds a container's view from). */
export async function podVolumePaths(pod: Pod, nodeDir: string, sources?: Pick<VolumeSources, 'persistentVolumeClaim' | 'persistentVolume'>): Promise<Map<string, PodVolumePath>> {
  const out = new Map<string, PodVolumePath>();
  const uid = pod.metadata?.uid ?? '';
  for (const v of pod.spec?.volumes ?? []) {
    const local = localPlugin(v);
    if (local) out.set(v.name, { hostDir: pluginDir(nodeDir, uid, local.plugin, v.name), readOnly: local.readOnly });
    else if (v.hostPath) out.set(v.name, { hostDir: await resolveHostPath(nodeDir, v.hostPath.path, (v.hostPath.type ?? '') as HostPathType), readOnly: false });
    else if (v.persistentVolumeClaim && sources) {
      const path = await persistentVolumePath(pod, v, nodeDir, sources);
      out.set(v.name, { hostDir: path, readOnly: v.persistentVolumeClaim.readOnly === true });
    }
  }
  return out;
}

async function persistentVolumePath(pod: Pod, v: Volume, nodeDir: string, sources: Pick<VolumeSources, 'persistentVolumeClaim' | 'persistentVolume'>): Promise<string> {
  const ns = pod.metadata?.namespace ?? 'default';
  const claimName = v.persistentVolumeClaim!.claimName;
  const pvc = await sources.persistentVolumeClaim(ns, claimName);
  if (!pvc) throw new VolumeSetupError(v.name, `persistentvolumeclaim "${claimName}" not found`);
  const pvName = pvc.spec?.volumeName;
  if (!pvName || pvc.status?.phase !== 'Bound') throw new VolumeSetupError(v.name, `error processing PVC ${ns}/${claimName}: PVC is not bound`);
  const pv = await sources.persistentVolume(pvName);
  if (!pv) throw new VolumeSetupError(v.name, `persistentvolume "${pvName}" not found`);
  const hostPath = pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
  if (hostPath) return resolveHostPath(nodeDir, hostPath, pv.spec?.hostPath ? ((pv.spec.hostPath.type ?? '') as HostPathType) : 'Directory');
  // Other volume sources (nfs, csi, ...): the PV's data lives in a folder of its own on the node.
  const dir = join(nodeDir, 'var', 'lib', 'kubelet', 'plugins', 'kubesim', 'volumes', pvName);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Sets up (or refreshes) every volume of the pod, as the volume manager's mount loop; throws VolumeSetupError. */
export async function setUpPodVolumes(pod: Pod, ctx: VolumeSetupContext): Promise<Map<string, PodVolumePath>> {
  const ns = pod.metadata?.namespace ?? 'default';
  const uid = pod.metadata?.uid ?? '';
  const out = new Map<string, PodVolumePath>();
  for (const v of pod.spec?.volumes ?? []) {
    const fail = (message: string): never => {
      throw new VolumeSetupError(v.name, `MountVolume.SetUp failed for volume "${v.name}" : ${message}`);
    };
    const local = localPlugin(v);
    try {
      if (v.hostPath) {
        const type = (v.hostPath.type ?? '') as HostPathType;
        out.set(v.name, { hostDir: await resolveHostPath(ctx.nodeDir, v.hostPath.path, type), readOnly: false });
        continue;
      }
      if (v.persistentVolumeClaim) {
        out.set(v.name, { hostDir: await persistentVolumePath(pod, v, ctx.nodeDir, ctx.sources), readOnly: v.persistentVolumeClaim.readOnly === true });
        continue;
      }
      const dir = pluginDir(ctx.nodeDir, uid, local!.plugin, v.name);
      if (v.configMap) {
        const cm = await ctx.sources.getConfigMap(ns, v.configMap.name ?? '');
        if (!cm && !v.configMap.optional) fail(`configmap "${v.configMap.name}" not found`);
        await writeProjection(dir, cm ? keyFiles(v.name, configMapData(cm), v.configMap.items, v.configMap.defaultMode ?? 0o644, v.configMap.optional === true, 'configmap') : {}, ctx.now);
      } else if (v.secret) {
        const s = await ctx.sources.getSecret(ns, v.secret.secretName ?? '');
        if (!s && !v.secret.optional) fail(`secret "${v.secret.secretName}" not found`);
        await writeProjection(dir, s ? keyFiles(v.name, secretData(s), v.secret.items, v.secret.defaultMode ?? 0o644, v.secret.optional === true, 'secret') : {}, ctx.now);
      } else if (v.downwardAPI) {
        const files: Record<string, ProjectedFile> = {};
        for (const item of v.downwardAPI.items ?? []) files[item.path] = { data: downwardValue(pod, item, ctx), mode: item.mode ?? v.downwardAPI.defaultMode ?? 0o644 };
        await writeProjection(dir, files, ctx.now);
      } else if (v.projected) {
        await writeProjection(dir, await projectedFiles(pod, v, ctx, fail), ctx.now);
      } else {
        mkdirSync(dir, { recursive: true });
      }
      out.set(v.name, { hostDir: dir, readOnly: local!.readOnly });
    } catch (e) {
      if (e instanceof VolumeSetupError) {
        if (e.message.startsWith('MountVolume.SetUp failed')) throw e;
        throw new VolumeSetupError(v.name, `MountVolume.SetUp failed for volume "${v.name}" : ${e.message}`);
      }
      throw new VolumeSetupError(v.name, `MountVolume.SetUp failed for volume "${v.name}" : ${(e as Error).message}`);
    }
  }
  return out;
}

function downwardValue(pod: Pod, item: { fieldRef?: { fieldPath: string }; resourceFieldRef?: { resource: string; containerName?: string; divisor?: string | number } }, ctx: VolumeSetupContext): string {
  if (item.fieldRef) return fieldRefValue(item.fieldRef, pod, ctx.addresses);
  if (item.resourceFieldRef) {
    const container = (pod.spec?.containers ?? []).find((c: Container) => c.name === item.resourceFieldRef!.containerName) ?? pod.spec?.containers[0];
    return resourceFieldValue(item.resourceFieldRef as never, container!, ctx.nodeAllocatable);
  }
  return '';
}

async function projectedFiles(pod: Pod, v: Volume, ctx: VolumeSetupContext, fail: (m: string) => never): Promise<Record<string, ProjectedFile>> {
  const ns = pod.metadata?.namespace ?? 'default';
  const mode = v.projected!.defaultMode ?? 0o644;
  const files: Record<string, ProjectedFile> = {};
  for (const source of v.projected!.sources ?? []) {
    if (source.serviceAccountToken) {
      const { path, audience, expirationSeconds = 3607 } = source.serviceAccountToken;
      const token = cachedToken(ctx, `${v.name}/${path}/${audience ?? ''}/${expirationSeconds}`, expirationSeconds, () => serviceAccountToken(pod, ctx.now.getTime(), expirationSeconds));
      files[path] = { data: token, mode };
    } else if (source.configMap) {
      const name = source.configMap.name ?? '';
      const cm = await ctx.sources.getConfigMap(ns, name);
      if (!cm) {
        if (source.configMap.optional) continue;
        fail(`configmap "${name}" not found`);
      }
      Object.assign(files, keyFiles(v.name, configMapData(cm!), source.configMap.items, mode, source.configMap.optional === true, 'configmap'));
    } else if (source.secret) {
      const name = source.secret.name ?? '';
      const s = await ctx.sources.getSecret(ns, name);
      if (!s) {
        if (source.secret.optional) continue;
        fail(`secret "${name}" not found`);
      }
      Object.assign(files, keyFiles(v.name, secretData(s!), source.secret.items, mode, source.secret.optional === true, 'secret'));
    } else if (source.downwardAPI) {
      for (const item of source.downwardAPI.items ?? []) files[item.path] = { data: downwardValue(pod, item, ctx), mode: item.mode ?? mode };
    }
  }
  return files;
}
