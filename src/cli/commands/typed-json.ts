/**
 * Go's encoding/json for the objects kubectl builds as Go structs: struct fields in declaration order (the
 * generators insert them in that order), map keys sorted, `<`, `>`, `&` escaped. `-o json` and the
 * last-applied-configuration of generated objects are this text.
 */
import { compareGoStrings } from '../../api/patch/json-value.js';
import { goJsonNumber, goJsonString } from '../../printers/json.js';

const GO_MAP = Symbol.for('kubesim.goMap');

/** Marks a record as a Go map (labels, data, selector...), whose keys encoding/json sorts; struct fields keep their order. */
export function goMap<T extends object>(m: T): T {
  Object.defineProperty(m, GO_MAP, { value: true, enumerable: false });
  return m;
}

const isGoMap = (o: object) => (o as Record<symbol, unknown>)[GO_MAP] === true;

interface Style {
  indent: string;
  /** Sort every object's keys, as for unstructured objects (maps all the way down). */
  sortAll: boolean;
}

function encode(v: unknown, style: Style, prefix: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'number') return goJsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const inner = prefix + style.indent;
  const nl = style.indent ? '\n' : '';
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return `[${nl}${v.map((x) => inner + encode(x, style, inner)).join(`,${nl}`)}${nl}${prefix}]`;
  }
  const o = v as Record<string, unknown>;
  let keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (style.sortAll || isGoMap(o)) keys = keys.sort(compareGoStrings);
  if (!keys.length) return '{}';
  const sep = style.indent ? ': ' : ':';
  return `{${nl}${keys.map((k) => `${inner}${goJsonString(k)}${sep}${encode(o[k], style, inner)}`).join(`,${nl}`)}${nl}${prefix}}`;
}

/** json.MarshalIndent(obj, "", "    ") plus the newline kubectl's JSON printer adds. */
export function marshalIndent(v: unknown, opts: { sortAll?: boolean } = {}): string {
  return `${encode(v, { indent: '    ', sortAll: opts.sortAll ?? false }, '')}\n`;
}

/** json.Marshal: compact. */
export function marshalCompact(v: unknown, opts: { sortAll?: boolean } = {}): string {
  return encode(v, { indent: '', sortAll: opts.sortAll ?? false }, '');
}
