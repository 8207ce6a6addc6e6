/** pflag's value types as kubectl declares them: StringSlice (comma separated, repeatable), StringArray, Int32, map string=string. */
import { CliError } from '../errors.js';

/** pflag's readAsCSV: one line of Go's encoding/csv, so `a,b` is two values and `"a,b"` one. */
export function splitCsv(value: string): string[] {
  if (value === '') return [];
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (value[i] === '"') {
      i++;
      for (;;) {
        if (i >= value.length) break;
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += value[i++];
      }
      while (i < value.length && value[i] !== ',') field += value[i++];
    } else {
      while (i < value.length && value[i] !== ',') field += value[i++];
    }
    out.push(field);
    if (i >= value.length) return out;
    i++;
  }
}

/** A repeatable StringSlice flag for commander: every use adds its comma separated values. */
export const collectSlice = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), ...splitCsv(value)];

/** A repeatable StringArray flag for commander: every use adds one value, commas and all. */
export const collectArray = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The error pflag gives a flag whose value does not parse, as kubectl prints it (cobra's flag error func). */
export function flagValueError(commandPath: string, flag: string, value: string, reason: string): CliError {
  return new CliError(`Error: invalid argument "${value}" for "${flag}" flag: ${reason}\nSee '${commandPath} --help' for usage.`);
}

/** Go's strconv.ParseInt(s, 0, bits) (what pflag's int flags use); the error text is strconv's. */
export function parseGoInt(s: string, bits: 32 | 64): number | string {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(s);
  if (!m || /__|_$|^[+-]?_/.test(s)) return `strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`;
  const body = m[2]!.replace(/_/g, '');
  let n: bigint;
  if (/^0[xXoObB]/.test(body)) n = BigInt(body.toLowerCase());
  else if (body.length > 1 && body.startsWith('0')) n = BigInt(`0o${body.slice(1)}`);
  else n = BigInt(body);
  if (m[1] === '-') n = -n;
  const limit = 1n << BigInt(bits - 1);
  if (n >= limit || n < -limit) return `strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`;
  return Number(n);
}

/** Go's strconv.Atoi, which kubectl uses for ports given as strings. */
export function atoi(s: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(s)) return `strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = BigInt(s);
  if (n >= 1n << 63n || n < -(1n << 63n)) return `strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`;
  return Number(n);
}

/** component-base's MapStringString flag (`k=v,k2=v2`, repeatable); undefined plus the error for a malformed pair. */
export function parseMapStringString(values: string[]): { map: Record<string, string>; error?: string; bad?: string } {
  const map: Record<string, string> = {};
  for (const value of values) {
    for (const pair of value.split(',')) {
      if (pair.trim() === '') continue;
      const i = pair.indexOf('=');
      if (i < 0) return { map, error: 'malformed pair, expect string=string', bad: value };
      map[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
    }
  }
  return { map };
}
