/**
 * What `kubesim logs` asks of the cluster (the API server's pods/log and the kubelet's ReadLogs): the log file of a
 * container instance in its node's folder, found through the pod's status, with the kubelet's errors
 * (validateContainerLogStatus), the read options, and following a running container until it stops.
 */
import { existsSync, readlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import { badRequest } from '../api/errors.js';
import type { Client } from '../client/client.js';
import { Pods } from '../client/resources.js';
import { containerLogLink, formatRecords, readAppended, readLogFile, readLogRecords, type ReadLogOptions } from '../kubelet/container-log.js';
import type { TimerClock } from '../util/clock.js';
import type { KubesimHome } from './home.js';

export interface PodLogRequest extends ReadLogOptions {
  container: string;
  previous?: boolean;
}

/** A node's folder in a cluster's home. */
export const nodeDirOf = (home: KubesimHome, nodeName: string) => join(home.nodesDir, nodeName);

function findStatus(pod: Pod, name: string): ContainerStatus | undefined {
  const s = pod.status;
  return [...(s?.containerStatuses ?? []), ...(s?.initContainerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])].find((c) => c.name === name);
}

/** validateContainerLogStatus: the container ID whose log to read, or the kubelet's error as a BadRequest. */
export function logContainerID(pod: Pod, container: string, previous: boolean): string {
  const podName = pod.metadata?.name ?? '';
  const status = findStatus(pod, container);
  if (!status) throw badRequest(`container "${container}" in pod "${podName}" is not available`);
  const last = status.lastState?.terminated;
  const { waiting, running, terminated } = status.state ?? {};
  if (previous) {
    if (!last?.containerID) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
    return last.containerID;
  }
  if (running) return status.containerID ?? '';
  if (terminated) {
    if (terminated.containerID) return terminated.containerID;
    if (last?.containerID) return last.containerID;
    throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
  }
  if (last) {
    if (!last.containerID) throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
    return last.containerID;
  }
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: image can't be pulled`);
    if (waiting.reason === 'ImagePullBackOff') throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: trying and failing to pull image`);
    throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${waiting.reason ?? ''}`);
  }
  throw badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** The log file of a container instance (through the kubelet's `var/log/containers` link), if it is still there. */
export function logFileOf(home: KubesimHome, pod: Pod, container: string, containerID: string): string | undefined {
  const node = pod.spec?.nodeName;
  if (!node || !containerID) return undefined;
  const id = containerID.replace(/^[a-z]+:\/\//, '');
  const link = containerLogLink(nodeDirOf(home, node), pod.metadata?.namespace ?? 'default', pod.metadata?.name ?? '', container, id);
  try {
    const target = resolve(dirname(link), readlinkSync(link));
    return existsSync(target) ? target : undefined;
  } catch {
    return undefined;
  }
}

/** The logs of one container as the API returns them (empty for a pod not yet on a node). */
export function readPodLog(home: KubesimHome, pod: Pod, req: PodLogRequest): string {
  if (!pod.spec?.nodeName) return '';
  const id = logContainerID(pod, req.container, req.previous === true);
  const file = logFileOf(home, pod, req.container, id);
  if (!file) return '';
  return formatRecords(readLogRecords(file, req.tail), req);
}

export interface FollowOptions {
  client: Client;
  clock: TimerClock;
  /** How often the file and the pod are looked at. */
  pollMs?: number;
  signal?: AbortSignal;
  write(text: string): void;
}

/**
 * `logs -f`: what is in the log now (with tail/since), then new lines as they are written, until the container
 * instance stops running (the kubelet's follow ends with the container) or the signal aborts.
 */
export async function followPodLog(home: KubesimHome, pod: Pod, req: PodLogRequest, opts: FollowOptions): Promise<void> {
  if (!pod.spec?.nodeName) return;
  const id = logContainerID(pod, req.container, req.previous === true);
  const file = logFileOf(home, pod, req.container, id);
  if (!file) return;
  const { records, bytes } = readLogFile(file, req.tail);
  let written = 0;
  const limit = req.limitBytes && req.limitBytes > 0 ? req.limitBytes : Infinity;
  const emit = (text: string) => {
    if (!text || written >= limit) return;
    const room = limit - written;
    const out = Buffer.byteLength(text) > room ? Buffer.from(text).subarray(0, room).toString('utf8') : text;
    written += Buffer.byteLength(out);
    opts.write(out);
  };
  emit(formatRecords(records, { ...req, limitBytes: undefined }));
  let offset = bytes;
  const pollMs = opts.pollMs ?? 250;
  const ns = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '';
  for (;;) {
    if (opts.signal?.aborted || written >= limit) return;
    const next = readAppended(file, offset);
    offset = next.offset;
    if (next.records.length) emit(formatRecords(next.records, { timestamps: req.timestamps, sinceTime: req.sinceTime }));
    let current: Pod | undefined;
    try {
      current = (await opts.client.resource(Pods).namespace(ns).get(name)) as unknown as Pod;
    } catch {
      current = undefined;
    }
    const status = current && current.metadata?.uid === pod.metadata?.uid ? findStatus(current, req.container) : undefined;
    const stillRunning = status?.state?.running !== undefined && status.containerID === id;
    if (!stillRunning) {
      const rest = readAppended(file, offset);
      if (rest.records.length) emit(formatRecords(rest.records, { timestamps: req.timestamps, sinceTime: req.sinceTime }));
      return;
    }
    try {
      await opts.clock.sleep(pollMs, opts.signal);
    } catch {
      return;
    }
  }
}
