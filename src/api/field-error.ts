/** Field errors as apimachinery's util/validation/field: the exact strings kubectl shows under "is invalid". */

export const ErrorType = {
  NotFound: 'FieldValueNotFound',
  Required: 'FieldValueRequired',
  Duplicate: 'FieldValueDuplicate',
  Invalid: 'FieldValueInvalid',
  NotSupported: 'FieldValueNotSupported',
  Forbidden: 'FieldValueForbidden',
  TooLong: 'FieldValueTooLong',
  TooMany: 'FieldValueTooMany',
  Internal: 'InternalError',
  TypeInvalid: 'FieldValueTypeInvalid',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

const typeText: Record<ErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** A bad value left out of the message, as upstream's omitValue. */
export const omitValue: unique symbol = Symbol('omitValue');

/** A value printed verbatim (for Go values whose %#v form the caller knows best). */
export class GoRaw {
  constructor(readonly text: string) {}
}

/** Formats a JSON value the way Go's fmt prints it in field errors (%q for strings, %v for scalars, %#v for maps and slices). */
export function goValue(value: unknown): string {
  if (value instanceof GoRaw) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return `[]string{${value.map(goQuote).join(', ')}}`;
    return `[]interface {}{${value.map(goValue).join(', ')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.every(([, v]) => typeof v === 'string')) {
      return `map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${goQuote(v as string)}`).join(', ')}}`;
    }
    return `map[string]interface {}{${entries.map(([k, v]) => `${goQuote(k)}:${goValue(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** Go's %q for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** One problem with one field. */
export class FieldError {
  constructor(
    readonly type: ErrorType,
    readonly field: string,
    readonly badValue: unknown,
    readonly detail: string,
  ) {}

  /** The message without the field path, as metav1.StatusCause.message carries it. */
  body(): string {
    let s: string;
    switch (this.type) {
      case ErrorType.Required:
      case ErrorType.Forbidden:
      case ErrorType.TooLong:
      case ErrorType.Internal:
        s = typeText[this.type];
        break;
      default:
        if (this.badValue === omitValue) s = typeText[this.type];
        // Go turns a nil value into the string "null" before printing it with %q.
        else if (this.badValue === null || this.badValue === undefined) s = `${typeText[this.type]}: "null"`;
        else s = `${typeText[this.type]}: ${goValue(this.badValue)}`;
    }
    if (this.detail) s += `: ${this.detail}`;
    return s;
  }

  toString(): string {
    return `${this.field}: ${this.body()}`;
  }
}

/** A field path such as `spec.template.spec.containers[0].image`, built as upstream's field.Path. */
export class FieldPath {
  private constructor(private readonly text: string) {}

  static root(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(name);
    for (const m of more) p = p.child(m);
    return p;
  }

  child(name: string, ...more: string[]): FieldPath {
    let p = new FieldPath(this.text ? `${this.text}.${name}` : name);
    for (const m of more) p = p.child(m);
    return p;
  }

  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }

  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}

export type ErrorList = FieldError[];

type P = FieldPath | string;
const s = (p: P) => p.toString();

export const required = (p: P, detail = '') => new FieldError(ErrorType.Required, s(p), '', detail);
export const invalid = (p: P, value: unknown, detail: string) => new FieldError(ErrorType.Invalid, s(p), value, detail);
export const forbidden = (p: P, detail: string) => new FieldError(ErrorType.Forbidden, s(p), '', detail);
export const duplicate = (p: P, value: unknown) => new FieldError(ErrorType.Duplicate, s(p), value, '');
export const notFound = (p: P, value: unknown) => new FieldError(ErrorType.NotFound, s(p), value, '');
export const internalError = (p: P, err: string) => new FieldError(ErrorType.Internal, s(p), '', err);

/** Unsupported value: `supported values: "a", "b"` as upstream's NotSupported. */
export function notSupported(p: P, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length ? `supported values: ${valid.map(goQuote).join(', ')}` : '';
  return new FieldError(ErrorType.NotSupported, s(p), value, detail);
}

/** Too long: as upstream's TooLong (`must have at most N bytes`). */
export function tooLong(p: P, value: unknown, maxLength: number): FieldError {
  return new FieldError(ErrorType.TooLong, s(p), value, `must have at most ${maxLength} bytes`);
}

/** Too long: as upstream's TooLongMaxLength (`may not be longer than N`). */
export function tooLongMaxLength(p: P, value: unknown, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be longer than ${maxLength}` : 'value is too long';
  return new FieldError(ErrorType.TooLong, s(p), value, detail);
}

/** Too many: as upstream's TooMany. */
export function tooMany(p: P, actual: number, max: number): FieldError {
  return new FieldError(ErrorType.TooMany, s(p), actual >= 0 ? actual : omitValue, max >= 0 ? `must have at most ${max} items` : 'has too many items');
}

/** Aggregated text of an error list as utilerrors.NewAggregate prints it: one message, or `[a, b]`, duplicates dropped. */
export function aggregate(errs: readonly { toString(): string }[]): string {
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errs) {
    const m = e.toString();
    if (!seen.has(m)) {
      seen.add(m);
      msgs.push(m);
    }
  }
  if (msgs.length === 1) return msgs[0]!;
  return `[${msgs.join(', ')}]`;
}
