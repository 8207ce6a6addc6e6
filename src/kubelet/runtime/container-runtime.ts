/** What the pod worker asks of the simulated container runtime (the CRI, as far as the kubelet uses it). */
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import type { NameValue } from '../container-env.js';
import type { ContainerLogWriter } from '../container-log.js';
import type { PodVolumePath } from '../pod-volumes.js';
import type { ResolvedImage } from './image-catalog.js';

export interface ContainerStartSpec {
  pod: Pod;
  container: Container;
  /** 64 hex digits. */
  id: string;
  image: ResolvedImage;
  /** command + args as the runtime runs them (image entrypoint/cmd applied, $(VAR) expanded). */
  argv: string[];
  env: NameValue[];
  workingDir: string;
  hostname: string;
  /** The pod's volumes on the node, by volume name. */
  volumes: ReadonlyMap<string, PodVolumePath>;
  /** /etc/hosts and /etc/resolv.conf content. */
  etcHosts: string;
  resolvConf: string;
  podIP: string;
  hostIP: string;
  hostNetwork: boolean;
  log: ContainerLogWriter;
}

export interface ExitResult {
  exitCode: number;
  /** Completed, Error, OOMKilled (default: Completed for 0, Error otherwise). */
  reason?: string;
  message?: string;
}

export interface ExecIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Input for the command (exec -i); none means empty stdin. */
  stdin?: AsyncIterable<string> | string;
}

export interface ExecOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type ExecResult = { exitCode: number; timedOut?: boolean } | { error: string };

/** A started container. */
export interface ContainerHandle {
  readonly id: string;
  /** Resolves when the main process ends. */
  readonly exited: Promise<ExitResult>;
  /** Sends the image's stop signal (TERM) or KILL to the main process. */
  signal(sig: 'TERM' | 'KILL'): void;
  /** Runs a command inside the container (probes, lifecycle hooks). */
  exec(argv: string[], io: ExecIO, opts?: ExecOptions): Promise<ExecResult>;
}

/** The container's process could not start (containerd's StartError, exit code 128). */
export class ContainerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerStartError';
  }
}

export interface ContainerRuntime {
  /** Creates the container's root filesystem and starts its main process; throws ContainerStartError. */
  start(spec: ContainerStartSpec): Promise<ContainerHandle>;
  /** Removes a dead container's root filesystem. */
  remove(id: string): void | Promise<void>;
}
