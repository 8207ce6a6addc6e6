/** What one save of the buffer came to (editoptions.go's editResults): the reasons to reopen it and the failures to report. */
import { StatusError } from '../../api/errors.js';
import { goQuote } from '../../api/field-error.js';
import type { KindInfo } from '../../api/kinds.js';
import type { EditReason } from './edit-header.js';

/** The object an error is about: its kind (for `deployments.apps`) and name. */
export interface ErrorSubject {
  kind: KindInfo;
  name: string;
}

export class EditResults {
  readonly reasons: EditReason[] = [];
  retryable = 0;
  notfound = 0;
  /** Objects the server found invalid: the buffer is opened again for them. */
  readonly edit: ErrorSubject[] = [];

  /** `file` is the saved buffer this result is about ('' before the first save). */
  constructor(readonly file = '') {}

  /** addError: files the error under its kind of outcome and returns the line kubectl prints for it. */
  addError(err: unknown, subject: ErrorSubject): string {
    const resource = subject.kind.group ? `${subject.kind.plural}.${subject.kind.group}` : subject.kind.plural;
    const name = goQuote(subject.name);
    const status = err instanceof StatusError ? err.status : undefined;
    if (status?.reason === 'Invalid') {
      this.edit.push(subject);
      this.reasons.push({
        head: `${resource} ${name} was not valid`,
        other: (status.details?.causes ?? []).map((c) => `${c.field ?? ''}: ${c.message ?? ''}`),
      });
      return `error: ${resource} ${name} is invalid`;
    }
    if (status?.reason === 'NotFound' || status?.code === 404) {
      this.notfound++;
      return `error: ${resource} ${name} could not be found on the server`;
    }
    this.retryable++;
    return `error: ${resource} ${name} could not be patched: ${err instanceof Error ? err.message : String(err)}`;
  }
}
