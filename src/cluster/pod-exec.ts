/**
 * What `kubesim exec` asks of the cluster (the API server's pods/exec and the kubelet's exec): a command run by the
 * simulated shell inside a running container, in this process, over the container's filesystem as its node holds it
 * (its root folder and the pod's volumes in the node's folder), so what it changes the container sees and the reverse.
 */
import { existsSync } from 'node:fs';
import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import { badRequest } from '../api/errors.js';
import type { Client } from '../client/client.js';
import { Nodes, PersistentVolumeClaims, PersistentVolumes, Services } from '../client/resources.js';
import { ClusterDns } from '../kubelet/cluster-dns.js';
import { containerEnvironment } from '../kubelet/container-env.js';
import { podEtcFiles } from '../kubelet/pod-etc-files.js';
import { podVolumePaths } from '../kubelet/pod-volumes.js';
import type { ExecIO } from '../kubelet/runtime/container-runtime.js';
import { ImageCatalog } from '../kubelet/runtime/image-catalog.js';
import { PodNetwork } from '../kubelet/runtime/pod-network.js';
import { ContainerProcesses, containerFilesystem, containerRootfs, mergeEnv, runExec } from '../kubelet/runtime/simulated-runtime.js';
import { defaultKubeletConfig } from '../kubelet/kubelet-config.js';
import type { TimerClock } from '../util/clock.js';
import type { KubesimHome } from './home.js';
import { nodeDirOf } from './pod-logs.js';

export interface ExecRequest {
  container: string;
  argv: string[];
  io: ExecIO;
  signal?: AbortSignal;
}

export type ExecOutcome = { exitCode: number } | { error: string };

const getOrUndefined = async <T>(fn: () => Promise<unknown>): Promise<T | undefined> => {
  try {
    return (await fn()) as T;
  } catch {
    return undefined;
  }
};

/** Runs a command in a pod's container; API-level refusals throw (BadRequest), runtime ones come back as `error`. */
export async function execInPod(home: KubesimHome, client: Client, pod: Pod, req: ExecRequest, opts: { clock: TimerClock; catalogFiles?: string[] }): Promise<ExecOutcome> {
  const name = pod.metadata?.name ?? '';
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const container = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []), ...((pod.spec?.ephemeralContainers ?? []) as never[])].find(
    (c: { name: string }) => c.name === req.container,
  );
  if (!container) throw badRequest(`container ${req.container} is not valid for pod ${name}`);
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s) => s.name === req.container);
  const id = status?.state?.running ? (status.containerID ?? '').replace(/^[a-z]+:\/\//, '') : '';
  const nodeDir = nodeDirOf(home, nodeName);
  const rootfs = id ? containerRootfs(nodeDir, id) : '';
  if (!id || !existsSync(rootfs)) return { error: `unable to upgrade connection: container not found ("${req.container}")` };

  const catalog = ImageCatalog.load([...(opts.catalogFiles ?? []), `${home.root}/images.yaml`]);
  const lookup = catalog.lookup(container.image ?? '');
  if (!lookup.ok) return { error: `unable to upgrade connection: container not found ("${req.container}")` };
  const image = lookup.image;

  // The pod's volumes as its node holds them (a static pod's files are under its own UID, the mirror's config hash).
  const uid = pod.metadata?.annotations?.['kubernetes.io/config.mirror'] ?? pod.metadata?.uid ?? '';
  const podForPaths = { ...pod, metadata: { ...pod.metadata, uid } } as Pod;
  const volumes = await podVolumePaths(podForPaths, nodeDir, {
    persistentVolumeClaim: (ns, n) => getOrUndefined(() => client.resource(PersistentVolumeClaims).namespace(ns).get(n)),
    persistentVolume: (n) => getOrUndefined(() => client.resource(PersistentVolumes).get(n)),
  });

  // The process environment: what the container was started with.
  const node = await getOrUndefined<{ status?: { addresses?: Array<{ type: string; address: string }>; allocatable?: Record<string, string> } }>(() => client.resource(Nodes).get(nodeName));
  const hostIPs = (node?.status?.addresses ?? []).filter((a) => a.type === 'InternalIP').map((a) => a.address);
  const podIPs = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => Boolean(ip));
  const env = await containerEnvironment(
    pod,
    container,
    { podIP: podIPs[0] ?? '', podIPs, hostIP: hostIPs[0] ?? '', hostIPs },
    {
      configMap: async (ns, n) => (await getOrUndefined<{ data?: Record<string, string> }>(() => client.resource({ group: '', version: 'v1', resource: 'configmaps' }).namespace(ns).get(n)))?.data ?? undefined,
      secret: async (ns, n) => {
        const s = await getOrUndefined<{ data?: Record<string, string> }>(() => client.resource({ group: '', version: 'v1', resource: 'secrets' }).namespace(ns).get(n));
        return s ? Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')])) : undefined;
      },
      services: async (ns) => [
        ...((await client.resource(Services).namespace(ns).list()).items as unknown as Service[]),
        ...(ns === 'default' ? [] : ((await client.resource(Services).namespace('default').list({ fieldSelector: 'metadata.name=kubernetes' })).items as unknown as Service[])),
      ],
      nodeAllocatable: node?.status?.allocatable,
    },
  ).catch(() => []);
  const etc = podEtcFiles(pod, nodeName, podIPs, defaultKubeletConfig, nodeDir);
  const envPairs = mergeEnv(image.spec.env, env, etc.hostname);
  const fs = await containerFilesystem(rootfs, container, volumes, opts.clock, new Map(envPairs));
  const services = (await client.resource(Services).list()).items as unknown as Service[];
  const resolver = new ClusterDns(() => services);
  const processes = new ContainerProcesses(image, fs, { clock: opts.clock, network: new PodNetwork(), podIP: podIPs[0] ?? '', hostname: etc.hostname, container: container.name, resolver });
  const cwd = container.workingDir || image.spec.workingDir || '/';
  const result = await runExec(processes, envPairs, cwd, req.argv, req.io, { signal: req.signal }, opts.clock);
  if ('error' in result) {
    // runc's exec error reaches the terminal as the process's output, and the exec ends with status 126.
    req.io.stdout(`${result.error}\r\n`);
    return { exitCode: 126 };
  }
  return { exitCode: result.exitCode };
}
