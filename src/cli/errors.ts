/** Turns any error into what kubectl prints for it (cmdutil.CheckErr) and its exit status. */
import { NoKindMatchError, StatusError } from '../api/errors.js';

/** An error whose text is printed as is (already in kubectl's words). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Several errors of one command (apply of many documents), printed one per line as kubectl's aggregate. */
export class AggregateCliError extends Error {
  constructor(readonly errors: unknown[]) {
    super(errors.map((e) => formatError(e)).join('\n'));
    this.name = 'AggregateCliError';
  }
}

/** kubectl's text for an error, without a trailing newline. */
export function formatError(err: unknown): string {
  if (err instanceof AggregateCliError) {
    if (err.errors.length === 1) return formatError(err.errors[0]);
    return err.errors.map((e) => formatError(e)).join('\n');
  }
  if (err instanceof CliError) return err.message;
  if (err instanceof StatusError) {
    const s = err.status;
    if (s.reason === 'Invalid') {
      const d = s.details;
      let head = 'The request is invalid';
      if (d && (d.kind || d.name)) head = `The ${d.kind ?? ''} "${d.name ?? ''}" is invalid`;
      else if (d?.causes?.[0]?.message) head = `${head}: ${d.causes[0].message}`;
      const causes = (d?.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message}` : (c.message ?? '')));
      if (!causes.length) return head;
      if (causes.length === 1) return `${head}: ${causes[0]}`;
      return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    }
    if (s.reason === 'Unauthorized') return `error: You must be logged in to the server (${s.message})`;
    return s.reason ? `Error from server (${s.reason}): ${s.message}` : `Error from server: ${s.message}`;
  }
  if (err instanceof NoKindMatchError) return `error: ${err.message}`;
  const msg = err instanceof Error ? err.message : String(err);
  return msg.startsWith('error: ') ? msg : `error: ${msg}`;
}

export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : 1;
}
