/**
 * kubectl's `-o name` (cli-runtime's NamePrinter): `<lowercase kind>[.<group>]/<name>` per object, e.g.
 * `pod/web`, `deployment.apps/web`, `horizontalpodautoscaler.autoscaling/x`. Upstream lowercases the object's
 * kind and takes the group from its apiVersion (it does not ask the RESTMapper), so kinds the table in
 * src/api/kinds.ts does not know print the same way. With an operation it is also the `created`/`deleted` line.
 */
import { parseApiVersion } from '../api/object.js';
import { assertTyped } from './json.js';

export interface NameOptions {
  /** The verb after the name (`pod/web created`). */
  operation?: string;
  /** --output=name with an operation: the name alone. */
  shortOutput?: boolean;
}

interface Named {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  items?: unknown;
}

/** unstructured's IsList: an object whose `items` is a list. */
export const isListObject = (obj: unknown): obj is { items: unknown[] } => Array.isArray((obj as Named | null)?.items);

/** The name line(s) kubectl prints for an object or each item of a List. */
export function toName(obj: unknown, options: NameOptions = {}): string {
  let out = '';
  new NamePrinter(options).printObj(obj, (text) => (out += text));
  return out;
}

export class NamePrinter {
  constructor(private readonly options: NameOptions = {}) {}

  /** Writes one line per object; stops with kubectl's error at an object without apiVersion and kind. */
  printObj(obj: unknown, write: (text: string) => void): void {
    if (isListObject(obj)) {
      for (const item of obj.items) this.printObj(item, write);
      return;
    }
    assertTyped(obj);
    const o = obj as Named;
    const name = o.metadata?.name || '<unknown>';
    // GetObjectGroupKind: without a kind the group kind is `<unknown>` (no group).
    const kind = o.kind || '<unknown>';
    const group = o.kind ? parseApiVersion(o.apiVersion ?? '').group : '';
    let line = group ? `${kind.toLowerCase()}.${group}/${name}` : `${kind.toLowerCase()}/${name}`;
    if (!this.options.shortOutput && this.options.operation) line += ` ${this.options.operation}`;
    write(`${line}\n`);
  }
}
