/** kubectl's klog lines (`E1123 12:03:03.922052    2010 run.go:72] ...`): some of its errors and warnings are printed this way. */
import type { CliDeps } from '../context.js';

export type KlogSeverity = 'I' | 'W' | 'E' | 'F';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** One klog header and message, as klog's text format writes it: local time, microseconds, the pid in 7 columns. */
export function klogLine(severity: KlogSeverity, file: string, message: string, now: Date, pid: number): string {
  const date = `${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}.${pad(now.getMilliseconds() * 1000, 6)}`;
  return `${severity}${date} ${time} ${String(pid).padStart(7)} ${file}] ${message}`;
}

/** The line cobra's "required flag(s) ... not set" becomes in kubectl 1.32 (component-base's cli.run logs it). */
export function requiredFlagsError(flags: string[], deps: CliDeps): string {
  const names = flags.map((f) => `\\"${f}\\"`).join(', ');
  return klogLine('E', 'run.go:72', `"command failed" err="required flag(s) ${names} not set"`, deps.now(), process.pid);
}
