/** kubectl's GenericDescriber, for kinds without a describer of their own: every field of the object, labelled. */
import { compareGoStrings, goFloat, isJsonObject, type JsonObject } from '../../api/patch/json-value.js';
import type { KubeObject } from '../../api/object.js';
import type { DescribeContext } from './describe-context.js';
import { describeEvents } from './describe-events.js';
import { LEVEL_0, tabbedString, type PrefixWriter } from './prefix-writer.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './print-multiline.js';
import type { Related } from './related.js';

const skipped = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];


/** `%v` of a decoded JSON scalar or list: JSON integers decode as int64, other numbers as float64. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? BigInt(v).toString() : goFloat(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  const o = v as JsonObject;
  return `map[${Object.keys(o).sort(compareGoStrings).map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
}

const commonAcronyms = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** fatih/camelcase.Split: runs of lower, upper, digit and other characters; `PDFLoader` -> `PDF`, `Loader`. */
export function camelcaseSplit(src: string): string[] {
  const classOf = (ch: string) => (/\p{Ll}/u.test(ch) ? 1 : /\p{Lu}/u.test(ch) ? 2 : /\p{Nd}/u.test(ch) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const ch of src) {
    const c = classOf(ch);
    if (c === last) runs[runs.length - 1]!.push(ch);
    else runs.push([ch]);
    last = c;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (/\p{Lu}/u.test(runs[i]![0]!) && /\p{Ll}/u.test(runs[i + 1]![0]!)) {
      runs[i + 1]!.unshift(runs[i]!.pop()!);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}

/** smartLabelFor (kubectl 1.32): `creationTimestamp` -> `Creation Timestamp`, `uid` -> `UID`; odd names as they are. */
export function smartLabelFor(field: string): string {
  if ([...field].some((ch) => !/\p{L}/u.test(ch) && ch !== '-')) return field;
  return camelcaseSplit(field)
    .filter((part) => part !== '_')
    .map((part) => (commonAcronyms.includes(part.toUpperCase()) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1)))
    .join(' ');
}

function printUnstructuredContent(w: PrefixWriter, level: number, content: JsonObject, skipPrefix: string): void {
  for (const field of Object.keys(content).sort(compareGoStrings)) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (skipped.includes(skipExpr)) continue;
    if (isJsonObject(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value, skipExpr);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (isJsonObject(child)) printUnstructuredContent(w, level + 1, child, skipExpr);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export function describeGeneric(obj: KubeObject, related: Related, ctx: DescribeContext): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, obj as unknown as JsonObject, '');
    if (related.events) describeEvents(related.events, w, ctx);
  });
}
