/**
 * Container logs as containerd writes them and the kubelet reads them: one file per container instance at
 * `var/log/pods/<namespace>_<pod>_<uid>/<container>/<restartCount>.log`, each line in the CRI format
 * `2026-11-23T12:00:00.123456789Z stdout F hello` (F a full line, P a part of a line longer than 16 KiB).
 */
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { appendFile, mkdir, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Clock } from '../util/clock.js';

export type LogStream = 'stdout' | 'stderr';

/** containerd splits lines longer than this into partial (P) records. */
const maxLineBytes = 16 * 1024;

/** `var/log/pods/<ns>_<pod>_<uid>` under a node's folder (kuberuntime BuildPodLogsDirectory). */
export function podLogDir(nodeDir: string, namespace: string, podName: string, uid: string): string {
  return join(nodeDir, 'var', 'log', 'pods', `${namespace}_${podName}_${uid}`);
}

/** `.../<container>/<restartCount>.log` (BuildContainerLogsDirectory + buildContainerLogsPath). */
export function containerLogPath(nodeDir: string, namespace: string, podName: string, uid: string, container: string, restartCount: number): string {
  return join(podLogDir(nodeDir, namespace, podName, uid), container, `${restartCount}.log`);
}

/** `var/log/containers/<pod>_<ns>_<container>-<id>.log`: the kubelet's link to a container's log, by container ID. */
export function containerLogLink(nodeDir: string, namespace: string, podName: string, container: string, id: string): string {
  return join(nodeDir, 'var', 'log', 'containers', `${podName}_${namespace}_${container}-${id}.log`);
}

/** Creates the container ID link to its log file (relative, so the node's folder can move). */
export async function linkContainerLog(nodeDir: string, namespace: string, podName: string, container: string, id: string, logPath: string): Promise<void> {
  const link = containerLogLink(nodeDir, namespace, podName, container, id);
  await mkdir(dirname(link), { recursive: true });
  await rm(link, { force: true });
  await symlink(relative(dirname(link), logPath), link);
}

/** RFC 3339 with exactly nine fraction digits (RFC3339NanoFixed), as containerd and the kubelet write log timestamps. */
export function criTimestamp(ms: number, nanosWithinMs = 0): string {
  const iso = new Date(ms).toISOString(); // 2026-11-23T12:00:00.123Z
  return `${iso.slice(0, 23)}${String(nanosWithinMs).padStart(6, '0')}Z`;
}

/** Writes a container's stdout and stderr to its log file, one CRI record per line. */
export class ContainerLogWriter {
  private readonly pending: Record<LogStream, string> = { stdout: '', stderr: '' };
  private lastMs = 0;
  private seq = 0;

  constructor(
    readonly path: string,
    private readonly clock: Clock,
    /** The file exists already (see open): the constructor does not create it. */
    created = false,
  ) {
    if (created) return;
    mkdirSync(join(path, '..'), { recursive: true });
    if (!existsSync(path)) appendFileSync(path, '');
  }

  /** A writer whose file is created off the event loop (a node starts many containers at once). */
  static async open(path: string, clock: Clock): Promise<ContainerLogWriter> {
    await mkdir(join(path, '..'), { recursive: true });
    await appendFile(path, '');
    return new ContainerLogWriter(path, clock, true);
  }

  write(stream: LogStream, text: string): void {
    let buf = this.pending[stream] + text;
    let out = '';
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      out += this.records(stream, buf.slice(0, nl), 'F');
      buf = buf.slice(nl + 1);
    }
    // A line that grew past containerd's buffer is written as partial records while it continues.
    while (Buffer.byteLength(buf) > maxLineBytes) {
      const head = sliceBytes(buf, maxLineBytes);
      out += this.record(stream, head, 'P');
      buf = buf.slice(head.length);
    }
    this.pending[stream] = buf;
    if (out) appendFileSync(this.path, out);
  }

  /** Flushes unterminated lines as full records (containerd does so when the stream closes). */
  close(): void {
    let out = '';
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream] !== '') out += this.record(stream, this.pending[stream], 'F');
      this.pending[stream] = '';
    }
    if (out) appendFileSync(this.path, out);
  }

  private records(stream: LogStream, line: string, tag: 'F'): string {
    let out = '';
    while (Buffer.byteLength(line) > maxLineBytes) {
      const head = sliceBytes(line, maxLineBytes);
      out += this.record(stream, head, 'P');
      line = line.slice(head.length);
    }
    return out + this.record(stream, line, tag);
  }

  private record(stream: LogStream, content: string, tag: 'F' | 'P'): string {
    const ms = this.clock.now().getTime();
    // Keep timestamps strictly increasing inside a millisecond, as a nanosecond clock would.
    if (ms === this.lastMs) this.seq++;
    else {
      this.lastMs = ms;
      this.seq = 0;
    }
    return `${criTimestamp(ms, this.seq)} ${stream} ${tag} ${content}\n`;
  }
}

function sliceBytes(s: string, bytes: number): string {
  let out = '';
  let n = 0;
  for (const ch of s) {
    const len = Buffer.byteLength(ch);
    if (n + len > bytes) break;
    out += ch;
    n += len;
  }
  return out;
}

export interface LogRecord {
  /** The timestamp text as written. */
  timestamp: string;
  /** Milliseconds since the epoch. */
  time: number;
  stream: LogStream;
  partial: boolean;
  content: string;
}

/** Parses one CRI log line; undefined when it is not one. */
export function parseCriLine(line: string): LogRecord | undefined {
  const m = /^(\S+) (stdout|stderr) ([FP]) ?(.*)$/s.exec(line);
  if (!m) return undefined;
  const time = Date.parse(m[1]!);
  if (Number.isNaN(time)) return undefined;
  return { timestamp: m[1]!, time, stream: m[2] as LogStream, partial: m[3] === 'P', content: m[4] ?? '' };
}

export interface ReadLogOptions {
  /** Only the last N lines (records) of the file; negative or absent: all. */
  tail?: number;
  /** Only records at or after this time (ms since the epoch). */
  sinceTime?: number;
  /** Prefix each line with its timestamp (RFC3339NanoFixed). */
  timestamps?: boolean;
  /** Stop after this many bytes of output. */
  limitBytes?: number;
}

/** What the kubelet's ReadLogs returns for a log file: the content lines, a newline after each full record. */
export function formatRecords(records: readonly LogRecord[], opts: ReadLogOptions = {}): string {
  let out = '';
  for (const r of records) {
    if (opts.sinceTime !== undefined && r.time < opts.sinceTime) continue;
    out += `${opts.timestamps ? `${r.timestamp} ` : ''}${r.content}${r.partial ? '' : '\n'}`;
  }
  if (opts.limitBytes !== undefined && opts.limitBytes > 0 && Buffer.byteLength(out) > opts.limitBytes) {
    out = Buffer.from(out).subarray(0, opts.limitBytes).toString('utf8');
  }
  return out;
}

/** Parses a whole log file into records (the last `tail` lines when tail >= 0). */
export function readLogRecords(path: string, tail?: number): LogRecord[] {
  return readLogFile(path, tail).records;
}

/** The complete lines of a log file as records (the last `tail` when tail >= 0), and the bytes they span. */
export function readLogFile(path: string, tail?: number): { records: LogRecord[]; bytes: number } {
  if (!existsSync(path)) return { records: [], bytes: 0 };
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n');
  const complete = end < 0 ? '' : text.slice(0, end);
  let lines = complete === '' ? [] : complete.split('\n');
  if (tail !== undefined && tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  return { records: lines.map(parseCriLine).filter((r): r is LogRecord => r !== undefined), bytes: end < 0 ? 0 : Buffer.byteLength(complete) + 1 };
}

/** Reads what was appended to a file after `offset`: complete lines only, and the offset to continue from. */
export function readAppended(path: string, offset: number): { records: LogRecord[]; offset: number } {
  if (!existsSync(path)) return { records: [], offset };
  const size = statSync(path).size;
  if (size <= offset) return { records: [], offset: size < offset ? 0 : offset };
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end < 0) return { records: [], offset };
    const complete = text.slice(0, end);
    const records = complete
      .split('\n')
      .map(parseCriLine)
      .filter((r): r is LogRecord => r !== undefined);
    return { records, offset: offset + Buffer.byteLength(complete) + 1 };
  } finally {
    closeSync(fd);
  }
}
