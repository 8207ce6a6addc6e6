/**
 * The API server's strict decoding of a request body into its Go struct (sigs.k8s.io/json with unknown fields
 * disallowed), replayed against the generated schema so that refusals read exactly as upstream's:
 * `strict decoding error: unknown field "spec.slector"`, or Go's first type error, such as
 * `json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`.
 */
import { goQuote } from './field-error.js';
import { compareGoStrings } from './patch/json-value.js';
import { definitionFor, getDefinition, refName, type GroupVersionKind, type PropertySchema } from './schema.js';
import { parseQuantity, QuantityError } from '../util/quantity.js';

/** What decoding a body found: a fatal error stops decoding and always refuses; unknown fields refuse under fieldValidation=Strict. */
export interface DecodeProblems {
  /** Go's first type error, or an error from a custom unmarshaler (Quantity, Time, IntOrString, base64 bytes). */
  readonly fatal?: string;
  /** `unknown field "spec.slector"`, in the order the decoder met them (at most 100, as upstream keeps). */
  readonly strict: readonly string[];
}

export interface StrictDecodeOptions {
  /**
   * kubectl sends JSON marshalled from a map, so object keys arrive sorted and the first type error is the first
   * in sorted order ('sorted', the default); 'given' walks keys in the object's own order (a raw JSON body).
   */
  readonly keyOrder?: 'sorted' | 'given';
}

/**
 * The problems the API server's strict decoder reports for `obj` decoded as the given kind, with upstream's wording.
 * Throws if the schema has no such kind (the caller has resolved the kind already).
 */
export function decodeProblems(obj: unknown, gvk: GroupVersionKind, options: StrictDecodeOptions = {}): DecodeProblems {
  const found = definitionFor(gvk.group, gvk.version, gvk.kind);
  if (!found) throw new Error(`strict-decode: no schema for ${gvk.group || 'core'}/${gvk.version}, Kind=${gvk.kind}`);
  const state = new DecodeState(true, options.keyOrder !== 'given');
  try {
    decodeValue(obj, structCodec(found.name), state);
  } catch (e) {
    if (e instanceof Abort) return { fatal: errorMessage(e.error), strict: [] };
    throw e;
  }
  if (state.saved) return { fatal: errorMessage(state.saved), strict: [] };
  return { strict: state.strict };
}

/**
 * The decoding error the API server puts after `... cannot be handled as a Kind: ` when it refuses `obj` under
 * fieldValidation=Strict (kubectl's default), or undefined when the body decodes cleanly.
 */
export function strictDecode(obj: unknown, gvk: GroupVersionKind, options: StrictDecodeOptions = {}): string | undefined {
  const problems = decodeProblems(obj, gvk, options);
  if (problems.fatal !== undefined) return problems.fatal;
  return problems.strict.length > 0 ? strictDecodingError(problems.strict) : undefined;
}

/** runtime.NewStrictDecodingError's text. */
export const strictDecodingError = (errors: readonly string[]) => `strict decoding error: ${errors.join(', ')}`;

/**
 * The whole BadRequest message of the create and update handlers' transformDecodeError:
 * `DaemonSet in version "v1" cannot be handled as a DaemonSet: strict decoding error: unknown field "spec.slector"`.
 */
export const cannotBeHandledMessage = (gvk: GroupVersionKind, error: string) =>
  `${gvk.kind} in version ${goQuote(gvk.version)} cannot be handled as a ${gvk.kind}: ${error}`;

// ---------------------------------------------------------------------------------------------------------------
// Codecs: each definition compiled once into what the Go decoder would do with each field.

type ScalarKind =
  | 'string'
  | 'bool'
  | 'int32'
  | 'int64'
  | 'uint8'
  | 'float64'
  | 'bytes'
  | 'quantity'
  | 'intOrString'
  | 'time'
  | 'microTime'
  | 'raw'
  | 'schemaOrBool'
  | 'schemaOrArray'
  | 'schemaOrStringArray';

interface ScalarCodec {
  readonly kind: ScalarKind;
  /** The Go type Go's type errors print (`int32`, `v1.Protocol`). */
  readonly go: string;
}
interface ListCodec {
  readonly kind: 'slice' | 'map';
  readonly go: string;
  readonly elem: Codec;
}
interface StructCodec {
  readonly kind: 'struct';
  readonly go: string;
  /** The Go struct's name, which Go's type errors print before the field path (`DeploymentSpec`). */
  readonly structName: string;
  readonly definition: string;
  /** JSON field name -> codec, compiled on first use (definitions refer to themselves). */
  fields?: Map<string, Codec>;
}
type Codec = ScalarCodec | ListCodec | StructCodec;

const APIEXTENSIONS = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
const JSON_SCHEMA_PROPS = `${APIEXTENSIONS}.JSONSchemaProps`;

/** Definitions whose Go types have their own UnmarshalJSON. */
const CUSTOM: Readonly<Record<string, ScalarKind>> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': 'quantity',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': 'intOrString',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': 'time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': 'microTime',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': 'raw',
  'io.k8s.apimachinery.pkg.runtime.RawExtension': 'raw',
  [`${APIEXTENSIONS}.JSON`]: 'raw',
  [`${APIEXTENSIONS}.JSONSchemaPropsOrBool`]: 'schemaOrBool',
  [`${APIEXTENSIONS}.JSONSchemaPropsOrArray`]: 'schemaOrArray',
  [`${APIEXTENSIONS}.JSONSchemaPropsOrStringArray`]: 'schemaOrStringArray',
};

const structCodecs = new Map<string, StructCodec>();

/** `v1.PodSpec` for io.k8s.api.core.v1.PodSpec: Go prints a type as its package's name and the type's. */
function goTypeName(definition: string): string {
  const segments = definition.split('.');
  return `${segments[segments.length - 2]}.${segments[segments.length - 1]}`;
}

function structCodec(definition: string): StructCodec {
  let codec = structCodecs.get(definition);
  if (!codec) {
    const go = goTypeName(definition);
    codec = { kind: 'struct', go, structName: go.slice(go.indexOf('.') + 1), definition };
    structCodecs.set(definition, codec);
  }
  return codec;
}

function fieldsOf(codec: StructCodec): Map<string, Codec> {
  if (!codec.fields) {
    const fields = new Map<string, Codec>();
    for (const [name, property] of Object.entries(getDefinition(codec.definition)?.properties ?? {})) {
      fields.set(name, codecFor(property, goTypeOf(property)));
    }
    codec.fields = fields;
  }
  return codec.fields;
}

/** The Go type of a property: recorded when named, else derived as upstream's generator derived the schema. */
function goTypeOf(property: PropertySchema): string {
  const named = property['x-kubesim-go-type'];
  if (named !== undefined) return named;
  if (property.$ref !== undefined) return goTypeName(refName(property.$ref));
  switch (property.type) {
    case 'integer':
      return property.format === 'int64' ? 'int64' : 'int32';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${goTypeOf(property.items!)}`;
    case 'object':
      return property.additionalProperties ? `map[string]${goTypeOf(property.additionalProperties)}` : 'map[string]interface {}';
    default:
      return property.format === 'byte' ? '[]uint8' : 'string';
  }
}

function codecFor(property: PropertySchema, go: string): Codec {
  if (property.$ref !== undefined) {
    const definition = refName(property.$ref);
    const custom = CUSTOM[definition];
    return custom ? { kind: custom, go } : structCodec(definition);
  }
  switch (property.type) {
    case 'integer':
      return { kind: property.format === 'int64' ? 'int64' : 'int32', go };
    case 'number':
      return { kind: 'float64', go };
    case 'boolean':
      return { kind: 'bool', go };
    case 'array': {
      const items = property.items!;
      return { kind: 'slice', go, elem: codecFor(items, go.startsWith('[]') ? go.slice(2) : goTypeOf(items)) };
    }
    case 'object': {
      const values = property.additionalProperties;
      if (!values) return { kind: 'raw', go };
      return { kind: 'map', go, elem: codecFor(values, go.startsWith('map[') ? go.slice(go.indexOf(']') + 1) : goTypeOf(values)) };
    }
    default:
      return { kind: property.format === 'byte' ? 'bytes' : 'string', go };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding: one walk over the object, keeping the contexts Go's decoder keeps.

/** Go's *json.UnmarshalTypeError, or an error message returned as is (quantities, times, base64). */
type DecodeError =
  | { readonly type: 'type'; readonly value: string; readonly go: string; readonly struct?: string; readonly field?: string }
  | { readonly type: 'plain'; readonly message: string };

/** An error returned by a custom UnmarshalJSON: Go's decoder stops at once. */
class Abort {
  constructor(readonly error: DecodeError) {}
}

function errorMessage(error: DecodeError): string {
  if (error.type === 'plain') return error.message;
  if (error.struct !== undefined || error.field !== undefined) {
    return `json: cannot unmarshal ${error.value} into Go struct field ${error.struct ?? ''}.${error.field ?? ''} of type ${error.go}`;
  }
  return `json: cannot unmarshal ${error.value} into Go value of type ${error.go}`;
}

const MAX_STRICT_ERRORS = 100;

class DecodeState {
  /** The first type error (Go saves it and decodes on). */
  saved: DecodeError | undefined;
  readonly strict: string[] = [];
  private readonly seen = new Set<string>();
  /** errorContext.Struct: the struct whose field is being decoded. */
  structName: string | undefined;
  /** errorContext.FieldStack: JSON names of the struct fields on the way down (no indexes, no map keys). */
  readonly fieldStack: string[] = [];
  /** strictFieldStack: the path unknown fields are reported under (`spec.containers[0]`). */
  path = '';

  constructor(
    readonly disallowUnknownFields: boolean,
    readonly sortKeys: boolean,
  ) {}

  /** addErrorContext: a type error learns where it happened. */
  withContext(error: DecodeError): DecodeError {
    if (error.type !== 'type' || (this.structName === undefined && this.fieldStack.length === 0)) return error;
    return { ...error, struct: this.structName ?? '', field: this.fieldStack.join('.') };
  }

  save(error: DecodeError): void {
    this.saved ??= this.withContext(error);
  }

  saveStrict(message: string): void {
    if (this.strict.length >= MAX_STRICT_ERRORS || this.seen.has(message)) return;
    this.seen.add(message);
    this.strict.push(message);
  }

  keys(obj: Record<string, unknown>): string[] {
    const keys = Object.keys(obj);
    return this.sortKeys ? keys.sort(compareGoStrings) : keys;
  }
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How Go's UnmarshalTypeError names a JSON value. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

const typeError = (value: string, go: string): DecodeError => ({ type: 'type', value, go });

const INT_RANGES = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 255n],
} as const;

/** Go parses a JSON number into an integer field with ParseInt: no fraction, no exponent, within range. */
function integerFits(n: number, kind: keyof typeof INT_RANGES): boolean {
  const text = String(n);
  if (!/^-?\d+$/.test(text)) return false;
  const value = BigInt(text);
  const [min, max] = INT_RANGES[kind];
  return value >= min && value <= max;
}

function decodeValue(v: unknown, codec: Codec, st: DecodeState): void {
  // null sets pointers, slices and maps to nil and is ignored for other values; custom unmarshalers accept it.
  if (v === null || v === undefined) return;
  switch (codec.kind) {
    case 'struct':
      if (isObject(v)) decodeStruct(v, codec, st);
      else st.save(typeError(jsonKind(v), codec.go));
      return;
    case 'slice':
      if (!Array.isArray(v)) {
        st.save(typeError(jsonKind(v), codec.go));
        return;
      }
      decodeArray(v, codec.elem, st);
      return;
    case 'map': {
      if (!isObject(v)) {
        st.save(typeError(jsonKind(v), codec.go));
        return;
      }
      const path = st.path;
      for (const key of st.keys(v)) {
        st.path = path === '' ? key : `${path}.${key}`;
        decodeValue(v[key], codec.elem, st);
      }
      st.path = path;
      return;
    }
    case 'string':
      if (typeof v !== 'string') st.save(typeError(jsonKind(v), codec.go));
      return;
    case 'bool':
      if (typeof v !== 'boolean') st.save(typeError(jsonKind(v), codec.go));
      return;
    case 'float64':
      if (typeof v !== 'number') st.save(typeError(jsonKind(v), codec.go));
      return;
    case 'int32':
    case 'int64':
    case 'uint8':
      if (typeof v !== 'number') st.save(typeError(jsonKind(v), codec.go));
      else if (!integerFits(v, codec.kind)) st.save(typeError(`number ${String(v)}`, codec.go));
      return;
    case 'bytes':
      if (typeof v === 'string') {
        const corrupt = base64CorruptAt(v);
        if (corrupt !== undefined) st.save({ type: 'plain', message: `illegal base64 data at input byte ${corrupt}` });
      } else if (Array.isArray(v)) {
        decodeArray(v, { kind: 'uint8', go: 'uint8' }, st);
      } else {
        st.save(typeError(jsonKind(v), codec.go));
      }
      return;
    case 'quantity':
      decodeQuantity(v);
      return;
    case 'intOrString':
      // IntOrString.UnmarshalJSON: a JSON string is the string, anything else is json.Unmarshal'ed into an int32.
      if (typeof v === 'string') return;
      if (typeof v !== 'number') throw new Abort(st.withContext(typeError(jsonKind(v), 'int32')));
      if (!integerFits(v, 'int32')) throw new Abort(st.withContext(typeError(`number ${String(v)}`, 'int32')));
      return;
    case 'time':
    case 'microTime': {
      // metav1.Time.UnmarshalJSON: json.Unmarshal into a string, then time.Parse(RFC3339 or RFC3339Micro).
      if (typeof v !== 'string') throw new Abort(st.withContext(typeError(jsonKind(v), 'string')));
      const error = goTimeParseError(codec.kind === 'time' ? RFC3339 : RFC3339_MICRO, v);
      if (error !== undefined) throw new Abort({ type: 'plain', message: error });
      return;
    }
    case 'raw':
      return;
    case 'schemaOrBool':
      if (typeof v === 'boolean') return;
      if (!isObject(v)) throw new Abort({ type: 'plain', message: 'boolean or JSON schema expected' });
      decodeEmbedded(v, structCodec(JSON_SCHEMA_PROPS), st);
      return;
    case 'schemaOrArray':
      if (isObject(v)) decodeEmbedded(v, structCodec(JSON_SCHEMA_PROPS), st);
      else if (Array.isArray(v)) decodeEmbedded(v, { kind: 'slice', go: '[]v1.JSONSchemaProps', elem: structCodec(JSON_SCHEMA_PROPS) }, st);
      return;
    case 'schemaOrStringArray':
      if (isObject(v)) decodeEmbedded(v, structCodec(JSON_SCHEMA_PROPS), st);
      else if (Array.isArray(v)) decodeEmbedded(v, { kind: 'slice', go: '[]string', elem: { kind: 'string', go: 'string' } }, st);
      return;
  }
}

function decodeArray(items: readonly unknown[], elem: Codec, st: DecodeState): void {
  const path = st.path;
  for (let i = 0; i < items.length; i++) {
    st.path = `${path}[${i}]`;
    decodeValue(items[i], elem, st);
  }
  st.path = path;
}

function decodeStruct(obj: JsonObject, codec: StructCodec, st: DecodeState): void {
  const fields = fieldsOf(codec);
  const { structName, path } = st;
  const depth = st.fieldStack.length;
  for (const key of st.keys(obj)) {
    const field = fields.get(key); // case-sensitive, as the API server decodes
    if (field) {
      st.fieldStack.push(key);
      st.structName = codec.structName;
      st.path = path === '' ? key : `${path}.${key}`;
      decodeValue(obj[key], field, st);
      st.fieldStack.length = depth;
      st.structName = structName;
      st.path = path;
    } else if (st.disallowUnknownFields) {
      st.saveStrict(`unknown field ${goQuote(path === '' ? key : `${path}.${key}`)}`);
    }
  }
}

/**
 * apiextensions' JSONSchemaPropsOr* unmarshalers decode their content with a fresh, non-strict decoder: unknown
 * fields inside pass silently, and its error comes back through the outer decoder, which re-labels type errors.
 */
function decodeEmbedded(v: unknown, codec: Codec, st: DecodeState): void {
  const inner = new DecodeState(false, st.sortKeys);
  try {
    decodeValue(v, codec, inner);
  } catch (e) {
    if (e instanceof Abort) throw new Abort(st.withContext(e.error));
    throw e;
  }
  if (inner.saved) throw new Abort(st.withContext(inner.saved));
}

/** Quantity.UnmarshalJSON: the JSON text, unquoted and trimmed, must parse; its errors stop decoding. */
function decodeQuantity(v: unknown): void {
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number' || typeof v === 'boolean') text = String(v);
  else text = Array.isArray(v) ? '[' : '{'; // the raw JSON text starts so, and fails to parse there
  try {
    parseQuantity(text.trim());
  } catch (e) {
    if (e instanceof QuantityError) throw new Abort({ type: 'plain', message: e.message });
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// encoding/base64 StdEncoding.Decode, for []byte fields (Secret data): the offset of the first corrupt byte.

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Map([...BASE64_ALPHABET].map((c, i) => [c.charCodeAt(0), i]));
const NEWLINE = (b: number | undefined) => b === 0x0a || b === 0x0d;
const PAD = 0x3d;

/** Go's CorruptInputError offset for the string's UTF-8 bytes, or undefined when they decode. */
export function base64CorruptAt(text: string): number | undefined {
  const src = new TextEncoder().encode(text);
  let si = 0;
  while (si < src.length) {
    // decodeQuantum
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j; // padding is required: a short final quantum is corrupt
      }
      const b = src[si]!;
      si++;
      if (BASE64_VALUES.has(b)) continue;
      if (NEWLINE(b)) {
        j--;
        continue;
      }
      if (b !== PAD) return si - 1;
      // Padding ends the data.
      if (j < 2) return si - 1;
      if (j === 2) {
        while (si < src.length && NEWLINE(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== PAD) return si - 1;
        si++;
      }
      while (si < src.length && NEWLINE(src[si])) si++;
      if (si < src.length) return si; // trailing garbage
      return undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// time.Parse for metav1.Time (RFC3339) and metav1.MicroTime (RFC3339Micro): Go's error text when it fails.

type TimeChunk =
  | { readonly std: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'tz'; readonly text: string }
  | { readonly std: 'frac'; readonly text: string; readonly digits: number }
  | { readonly std: 'literal'; readonly text: string };

const RFC3339_LAYOUT = '2006-01-02T15:04:05Z07:00';
const RFC3339_MICRO_LAYOUT = '2006-01-02T15:04:05.000000Z07:00';
const dateTime: readonly TimeChunk[] = [
  { std: 'year', text: '2006' },
  { std: 'literal', text: '-' },
  { std: 'month', text: '01' },
  { std: 'literal', text: '-' },
  { std: 'day', text: '02' },
  { std: 'literal', text: 'T' },
  { std: 'hour', text: '15' },
  { std: 'literal', text: ':' },
  { std: 'minute', text: '04' },
  { std: 'literal', text: ':' },
  { std: 'second', text: '05' },
];
export const RFC3339 = { layout: RFC3339_LAYOUT, chunks: [...dateTime, { std: 'tz', text: 'Z07:00' }] as readonly TimeChunk[] };
const RFC3339_MICRO = {
  layout: RFC3339_MICRO_LAYOUT,
  chunks: [...dateTime, { std: 'frac', text: '.000000', digits: 6 }, { std: 'tz', text: 'Z07:00' }] as readonly TimeChunk[],
};

/** Go's quote() in package time: ASCII printable as is (with " and \ escaped), other bytes as \xNN. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39;

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : { n: Number(s[0]), rest: s.slice(1) };
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

/** atoi: an optional sign and decimal digits, nothing else. */
const atoi = (s: string): number | undefined => (/^[+-]?\d+$/.test(s) ? Number(s) : undefined);

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The message of the *time.ParseError time.Parse returns for `value`, or undefined when it parses. */
export function goTimeParseError(layout: { readonly layout: string; readonly chunks: readonly TimeChunk[] }, value: string): string | undefined {
  const whole = value;
  const cannotParse = (rest: string, elem: string) =>
    `parsing time ${timeQuote(whole)} as ${timeQuote(layout.layout)}: cannot parse ${timeQuote(rest)} as ${timeQuote(elem)}`;
  const outOfRange = (what: string) => `parsing time ${timeQuote(whole)}: ${what} out of range`;
  let year = 0;
  let month = 1;
  let day = 1;
  const chunks = layout.chunks;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!;
    if (chunk.std === 'literal') {
      if (!value.startsWith(chunk.text)) return cannotParse(value, chunk.text);
      value = value.slice(chunk.text.length);
      continue;
    }
    const hold = value;
    let bad = false;
    let range: string | undefined;
    switch (chunk.std) {
      case 'year': {
        if (value.length < 4 || !isDigit(value, 0)) {
          bad = true;
          break;
        }
        const y = atoi(value.slice(0, 4));
        value = value.slice(4);
        if (y === undefined) bad = true;
        else year = y;
        break;
      }
      case 'month': {
        const r = getnum(value, true);
        if (!r) bad = true;
        else {
          month = r.n;
          value = r.rest;
          if (month <= 0 || month > 12) range = 'month';
        }
        break;
      }
      case 'day': {
        const r = getnum(value, true);
        if (!r) bad = true;
        else {
          day = r.n;
          value = r.rest;
        }
        break;
      }
      case 'hour':
      case 'minute':
      case 'second': {
        const r = getnum(value, chunk.std !== 'hour');
        if (!r) {
          bad = true;
          break;
        }
        value = r.rest;
        if (r.n >= (chunk.std === 'hour' ? 24 : 60)) {
          range = chunk.std;
          break;
        }
        // A fraction of a second the layout does not spell is accepted all the same.
        if (chunk.std === 'second' && value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
          if (chunks[i + 1]?.std === 'frac') break;
          let n = 2;
          while (isDigit(value, n)) n++;
          value = value.slice(n);
        }
        break;
      }
      case 'frac': {
        const n = 1 + chunk.digits;
        if (value.length < n || (value[0] !== '.' && value[0] !== ',') || atoi(value.slice(1, n)) === undefined) bad = true;
        else if ((atoi(value.slice(1, n)) ?? 0) < 0) range = 'fractional second';
        value = value.slice(n);
        break;
      }
      case 'tz': {
        if (value.startsWith('Z')) {
          value = value.slice(1);
          break;
        }
        if (value.length < 6 || value[3] !== ':') {
          bad = true;
          break;
        }
        const [sign, hh, mm] = [value[0], value.slice(1, 3), value.slice(4, 6)];
        value = value.slice(6);
        const h = getnum(hh, true);
        const m = h ? getnum(mm, true) : undefined;
        if (!h || !m) bad = true;
        // The later range check wins, as upstream assigns them in turn.
        if ((h?.n ?? 0) > 24) range = 'time zone offset hour';
        if ((m?.n ?? 0) > 60) range = 'time zone offset minute';
        if (sign !== '+' && sign !== '-') bad = true;
        break;
      }
    }
    if (range !== undefined) return outOfRange(range);
    if (bad) return cannotParse(hold, chunk.text);
  }
  if (value.length > 0) return `parsing time ${timeQuote(whole)}: extra text: ${timeQuote(value)}`;
  if (day < 1 || day > daysIn(month, year)) return outOfRange('day');
  return undefined;
}
