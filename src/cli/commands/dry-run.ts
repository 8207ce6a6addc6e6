/** kubectl's --dry-run flag (cmdutil.GetDryRunStrategy): none, client or server, with its deprecated spellings. */
import type { CliDeps } from '../context.js';
import { CliError } from '../errors.js';
import { klogLine } from './klog-line.js';

export type DryRunStrategy = 'none' | 'client' | 'server';

const goTrue = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const goFalse = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The strategy of a --dry-run value (`true` when given bare); deprecated forms warn on stderr as kubectl's klog does. */
export function dryRunStrategy(value: string | boolean | undefined, deps: CliDeps): DryRunStrategy {
  const warn = (line: string, msg: string) => deps.err.write(`${klogLine('W', line, msg, deps.now(), process.pid)}\n`);
  if (value === undefined || value === false) return 'none';
  if (value === true) {
    warn('helpers.go:702', '--dry-run is deprecated and can be replaced with --dry-run=client.');
    return 'client';
  }
  if (goTrue.has(value)) {
    warn('helpers.go:716', `--dry-run=${value} is deprecated (boolean value) and can be replaced with --dry-run=client.`);
    return 'client';
  }
  if (goFalse.has(value)) {
    warn('helpers.go:719', `--dry-run=${value} is deprecated (boolean value) and can be replaced with --dry-run=none.`);
    return 'none';
  }
  if (value === 'client' || value === 'server' || value === 'none') return value;
  throw new CliError(`error: Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}

/** What kubectl appends to `created` when nothing (or only a server dry run) was persisted. */
export const dryRunSuffix = (s: DryRunStrategy) => (s === 'client' ? ' (dry run)' : s === 'server' ? ' (server dry run)' : '');
