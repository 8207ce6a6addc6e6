/** Daemon components log in klog's text format (`I1123 12:00:00.000000   12345 kubelet.go:42] message`), as the real ones do. */
import type { Clock } from './clock.js';

export type KlogSeverity = 'I' | 'W' | 'E';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** One klog header and message: local time with microseconds, the pid in 7 columns, the source file and line. */
export function klogLine(severity: KlogSeverity, source: string, message: string, now: Date, pid: number): string {
  const date = `${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds() * 1000, 6)}`;
  return `${severity}${date} ${time} ${String(pid).padStart(7)} ${source}] ${message}`;
}

/** klog's structured form: `"message" key="value" other=3`. */
export function structured(message: string, kv: Readonly<Record<string, unknown>> = {}): string {
  const parts = [JSON.stringify(message)];
  for (const [k, v] of Object.entries(kv)) parts.push(`${k}=${typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'null'}`);
  return parts.join(' ');
}

export interface Logger {
  info(message: string, kv?: Readonly<Record<string, unknown>>): void;
  warn(message: string, kv?: Readonly<Record<string, unknown>>): void;
  error(message: string, kv?: Readonly<Record<string, unknown>>): void;
  /** A logger whose lines name another source file (`kubelet.go`, `node_lifecycle_controller.go`). */
  withSource(source: string): Logger;
}

/** A Logger writing klog lines (one per call, newline-terminated) to a sink such as the daemon's log file. */
export function klogLogger(write: (line: string) => void, clock: Clock, source = 'kubesim.go', pid = process.pid): Logger {
  const log = (severity: KlogSeverity) => (message: string, kv?: Readonly<Record<string, unknown>>) =>
    write(`${klogLine(severity, source, structured(message, kv), clock.now(), pid)}\n`);
  return {
    info: log('I'),
    warn: log('W'),
    error: log('E'),
    withSource: (s) => klogLogger(write, clock, s, pid),
  };
}

/** A Logger that keeps its lines, for tests. */
export function memoryLogger(clock: Clock): Logger & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign(klogLogger((l) => lines.push(l.trimEnd()), clock, 'test.go', 1), { lines });
}
