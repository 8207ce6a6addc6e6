/**
 * Liveness, readiness and startup probes as the kubelet's prober runs them (pkg/kubelet/prober: worker.go doProbe,
 * prober.go, pkg/probe/{exec,http,tcp}): one worker per container and probe, every periodSeconds after
 * initialDelaySeconds, results switching only after successThreshold / failureThreshold consecutive runs, startup
 * gating the others, and the failure texts the Unhealthy events carry.
 */
import type { Container, ContainerPort, Probe } from 'kubernetes-types/core/v1.js';
import type { Timer, TimerClock } from '../util/clock.js';
import { isLoopback, nodeLoopback, type PodNetwork } from './runtime/pod-network.js';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'success' | 'failure';

/** The probe type as its String() prints in event messages. */
export const probeTypeName: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export interface ExecOutcome {
  exitCode: number;
  output: string;
  timedOut?: boolean;
}

/** What running a probe needs from the pod: exec in the container, and the pod's network. */
export interface ProbeTarget {
  podIP: string;
  /** The node's address: probes to 127.0.0.1 reach the node's loopback (host-network pods' servers). */
  hostIP: string;
  network: PodNetwork;
  /** The node's address on the pod network, where probes come from (nginx logs it as the client). */
  sourceIP: string;
  exec(argv: string[], timeoutMs: number): Promise<ExecOutcome>;
}

export interface ProbeOutcome {
  result: ProbeResult | 'warning';
  output: string;
}

/** The kubelet's User-Agent for HTTP probes. */
export const probeUserAgent = 'kube-probe/1.32';

function findPort(container: Container, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return (container.ports ?? []).find((p: ContainerPort) => p.name === port)?.containerPort;
}

/** Runs a probe once (prober.runProbe). */
export async function runProbe(probe: Probe, container: Container, target: ProbeTarget): Promise<ProbeOutcome> {
  const timeoutMs = (probe.timeoutSeconds ?? 1) * 1000;
  if (probe.exec) {
    const argv = probe.exec.command ?? [];
    const out = await target.exec(argv, timeoutMs);
    if (out.timedOut) return { result: 'failure', output: `command ${JSON.stringify(argv.join(' '))} timed out` };
    return { result: out.exitCode === 0 ? 'success' : 'failure', output: out.output };
  }
  if (probe.httpGet) {
    const g = probe.httpGet;
    const port = findPort(container, g.port as number | string);
    if (port === undefined) throw new Error(`couldn't find port: ${String(g.port)} in ${container.name}`);
    const host = g.host || target.podIP;
    const scheme = (g.scheme ?? 'HTTP').toLowerCase();
    let path = g.path ?? '';
    if (!path.startsWith('/')) path = `/${path}`;
    const url = `${scheme}://${host}:${port}${path}`;
    const listener = target.network.connect(isLoopback(host) ? nodeLoopback(target.hostIP) : host, port);
    if (!listener) return { result: 'failure', output: `Get ${JSON.stringify(url)}: dial tcp ${host}:${port}: connect: connection refused` };
    if (!listener.http) return { result: 'failure', output: `Get ${JSON.stringify(url)}: EOF` };
    const headers: Record<string, string> = {};
    for (const h of g.httpHeaders ?? []) headers[h.name] = h.value;
    const res = await listener.http({ method: 'GET', path, headers, remote: target.sourceIP, userAgent: headers['User-Agent'] ?? probeUserAgent });
    if (res.status >= 200 && res.status < 400) {
      if (res.status >= 300) return { result: 'warning', output: `Probe terminated redirects, Response body: ${res.body}` };
      return { result: 'success', output: res.body };
    }
    return { result: 'failure', output: `HTTP probe failed with statuscode: ${res.status}` };
  }
  if (probe.tcpSocket) {
    const port = findPort(container, probe.tcpSocket.port as number | string);
    if (port === undefined) throw new Error(`couldn't find port: ${String(probe.tcpSocket.port)} in ${container.name}`);
    const host = probe.tcpSocket.host || target.podIP;
    if (!target.network.connect(isLoopback(host) ? nodeLoopback(target.hostIP) : host, port)) return { result: 'failure', output: `dial tcp ${host}:${port}: connect: connection refused` };
    return { result: 'success', output: '' };
  }
  if (probe.grpc) {
    const port = probe.grpc.port;
    if (!target.network.connect(target.podIP, port)) {
      return { result: 'failure', output: `timeout: failed to connect service "${target.podIP}:${port}" within ${probe.timeoutSeconds ?? 1}s` };
    }
    return { result: 'success', output: '' };
  }
  throw new Error('missing probe handler');
}

/** The container instance a probe worker looks at. */
export interface ProbedInstance {
  id: string;
  running: boolean;
  /** Epoch ms (second precision as the API stores it). */
  startedAt: number;
  /** The startup probe has succeeded (or there is none). */
  started: boolean;
  /** The pod is being deleted. */
  deleting: boolean;
}

export interface ProbeWorkerDeps {
  clock: TimerClock;
  /** The current instance of the container, if any. */
  current(): ProbedInstance | undefined;
  run(): Promise<ProbeOutcome>;
  /** Each failed run (the kubelet's Unhealthy event), below the threshold too. */
  onFailure(outcome: ProbeOutcome): void;
  onWarning(outcome: ProbeOutcome): void;
  /** The result changed for an instance. */
  onResult(instanceId: string, result: ProbeResult): void;
}

/** One probe of one container (prober/worker.go). */
export class ProbeWorker {
  private timer: Timer | undefined;
  private stopped = false;
  private instanceId: string | undefined;
  private lastResult: ProbeResult | undefined;
  private resultRun = 0;
  private onHold = false;
  private readonly results = new Map<string, ProbeResult>();
  private running = false;

  constructor(
    readonly type: ProbeType,
    readonly probe: Probe,
    private readonly deps: ProbeWorkerDeps,
  ) {}

  /** Whether a probe is running now. */
  get busy(): boolean {
    return this.running;
  }

  /** The result for an instance (undefined: the probe has not decided yet). */
  resultFor(id: string): ProbeResult | undefined {
    return this.results.get(id);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Probes now (the kubelet triggers an immediate readiness run when a container starts). */
  trigger(): void {
    if (this.stopped) return;
    this.schedule(0);
  }

  private schedule(ms: number): void {
    this.timer?.cancel();
    this.timer = this.deps.clock.setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.running) {
      this.schedule((this.probe.periodSeconds ?? 10) * 1000);
      return;
    }
    this.running = true;
    try {
      await this.doProbe();
    } finally {
      this.running = false;
    }
    if (!this.stopped) this.schedule((this.probe.periodSeconds ?? 10) * 1000);
  }

  private initialValue(): ProbeResult | undefined {
    // Readiness starts as failure, liveness as success, startup unknown.
    return this.type === 'readiness' ? 'failure' : this.type === 'liveness' ? 'success' : undefined;
  }

  private set(id: string, result: ProbeResult): void {
    const prev = this.results.get(id);
    this.results.set(id, result);
    if (prev !== result) this.deps.onResult(id, result);
  }

  private async doProbe(): Promise<void> {
    const c = this.deps.current();
    if (!c) return;
    if (this.instanceId !== c.id) {
      if (this.instanceId) this.results.delete(this.instanceId);
      this.instanceId = c.id;
      const initial = this.initialValue();
      if (initial) this.set(c.id, initial);
      this.onHold = false;
      this.lastResult = undefined;
      this.resultRun = 0;
    }
    if (this.onHold) return;
    if (!c.running) {
      this.set(c.id, 'failure');
      return;
    }
    if (c.deleting && (this.type === 'liveness' || this.type === 'startup')) {
      this.set(c.id, 'success');
      return;
    }
    const now = this.deps.clock.now().getTime();
    if (Math.floor((now - c.startedAt) / 1000) < (this.probe.initialDelaySeconds ?? 0)) return;
    if (c.started) {
      if (this.type === 'startup') return;
    } else if (this.type !== 'startup') return;

    let outcome: ProbeOutcome;
    try {
      outcome = await this.deps.run();
    } catch {
      // A prober error: the result is thrown away.
      return;
    }
    if (this.stopped || this.deps.current()?.id !== c.id) return;
    if (outcome.result === 'warning') {
      this.deps.onWarning(outcome);
      outcome = { ...outcome, result: 'success' };
    } else if (outcome.result === 'failure') this.deps.onFailure(outcome);
    const result = outcome.result as ProbeResult;
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    if ((result === 'failure' && this.resultRun < (this.probe.failureThreshold ?? 3)) || (result === 'success' && this.resultRun < (this.probe.successThreshold ?? 1))) return;
    this.set(c.id, result);
    if ((this.type === 'liveness' || this.type === 'startup') && result === 'failure') {
      // The container will be restarted: stop probing until a new instance appears.
      this.onHold = true;
      this.resultRun = 0;
    }
  }
}
