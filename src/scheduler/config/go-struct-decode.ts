/**
 * The strict JSON decoding kube-scheduler applies to its config file (sigs.k8s.io/json UnmarshalStrict into the v1 Go
 * structs), replayed over a small description of those structs: Go's first type error
 * (`json: cannot unmarshal string into Go struct field KubeSchedulerProfile.profiles.percentageOfNodesToScore of type int32`)
 * is fatal; unknown fields (`unknown field "profiles[0].foo"`) are the strict errors.
 */

export type GoType =
  | { t: 'string' | 'bool' | 'raw' | 'duration' | 'bytes' }
  | { t: 'int'; go: 'int32' | 'int64' }
  | { t: 'float'; go: 'float32' | 'float64' }
  | { t: 'slice'; go: string; elem: GoType }
  | { t: 'struct'; go: string; fields: () => Record<string, GoType> };

export const str: GoType = { t: 'string' };
export const bool: GoType = { t: 'bool' };
export const raw: GoType = { t: 'raw' };
export const duration: GoType = { t: 'duration' };
export const bytes: GoType = { t: 'bytes' };
export const int32: GoType = { t: 'int', go: 'int32' };
export const int64: GoType = { t: 'int', go: 'int64' };
export const float32: GoType = { t: 'float', go: 'float32' };
export const slice = (go: string, elem: GoType): GoType => ({ t: 'slice', go, elem });
export const struct = (go: string, fields: () => Record<string, GoType>): GoType => ({ t: 'struct', go, fields });

export interface DecodeResult {
  /** Go's first type error (or a custom unmarshaler's error): decoding failed. */
  fatal?: string;
  /** Unknown fields, as `unknown field "path"`. */
  strict: string[];
}

const INT_RANGE = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] } as const;

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** Go's time.ParseDuration, enough to accept what metav1.Duration accepts and refuse the rest with its message. */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (!m || s.replace(/^[-+]/, '') === '') return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  for (const part of s.replace(/^[-+]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * unit[part[2]!]!;
  return m[1] === '-' ? -total : total;
}

/** Decodes `value` as Go type `type` (the top-level type's Go name used for "Go value of type"). */
export function decodeGoStruct(value: unknown, type: GoType & { t: 'struct' }): DecodeResult {
  const state: { fatal?: string; strict: string[] } = { strict: [] };
  if (value === null) return { strict: [] };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { fatal: `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${type.go}`, strict: [] };
  }
  walk(value, type, { struct: '', field: '', path: '' }, state);
  return state.fatal !== undefined ? { fatal: state.fatal, strict: [] } : { strict: state.strict };
}

interface Where {
  /** The innermost Go struct's name holding the field being decoded (Go's UnmarshalTypeError.Struct). */
  struct: string;
  /** Dotted JSON names from the top, without indices (UnmarshalTypeError.Field). */
  field: string;
  /** The strict error path, with indices. */
  path: string;
}

function typeError(state: { fatal?: string }, what: string, where: Where, goType: string): void {
  if (state.fatal !== undefined) return;
  state.fatal = where.struct
    ? `json: cannot unmarshal ${what} into Go struct field ${where.struct}.${where.field} of type ${goType}`
    : `json: cannot unmarshal ${what} into Go value of type ${goType}`;
}

function goName(type: GoType): string {
  switch (type.t) {
    case 'string': return 'string';
    case 'bool': return 'bool';
    case 'int': case 'float': case 'slice': case 'struct': return type.go;
    case 'bytes': return '[]uint8';
    default: return 'interface {}';
  }
}

function walk(value: unknown, type: GoType, where: Where, state: { fatal?: string; strict: string[] }): void {
  if (value === null) return; // null leaves Go's zero value (or nil pointer) in place
  switch (type.t) {
    case 'raw':
      return;
    case 'string':
      if (typeof value !== 'string') typeError(state, jsonKind(value), where, 'string');
      return;
    case 'bool':
      if (typeof value !== 'boolean') typeError(state, jsonKind(value), where, 'bool');
      return;
    case 'bytes':
      if (typeof value !== 'string') typeError(state, jsonKind(value), where, '[]uint8');
      return;
    case 'duration':
      if (typeof value !== 'string') {
        if (state.fatal === undefined) state.fatal = `json: cannot unmarshal ${jsonKind(value)} into Go value of type string`;
      } else if (parseGoDuration(value) === undefined && state.fatal === undefined) {
        state.fatal = `time: invalid duration "${value}"`;
      }
      return;
    case 'int': {
      if (typeof value !== 'number') return typeError(state, jsonKind(value), where, type.go);
      const [lo, hi] = INT_RANGE[type.go];
      if (!Number.isInteger(value) || value < lo || value > hi) typeError(state, `number ${String(value)}`, where, type.go);
      return;
    }
    case 'float':
      if (typeof value !== 'number') typeError(state, jsonKind(value), where, type.go);
      return;
    case 'slice':
      if (!Array.isArray(value)) return typeError(state, jsonKind(value), where, type.go);
      value.forEach((v, i) => walk(v, type.elem, { ...where, path: `${where.path}[${i}]` }, state));
      return;
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) return typeError(state, jsonKind(value), where, type.go);
      const fields = type.fields();
      const structName = type.go.slice(type.go.indexOf('.') + 1);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const path = where.path ? `${where.path}.${k}` : k;
        const f = fields[k];
        if (!f) {
          state.strict.push(`unknown field "${path}"`);
          continue;
        }
        walk(v, f, { struct: structName, field: where.field ? `${where.field}.${k}` : k, path }, state);
      }
      return;
    }
  }
}

export { goName };
