/** Small renderings of Go values the describers print: `%v` of string slices, label sets, booleans, sorted keys. */
import { compareGoStrings } from '../../api/patch/json-value.js';

/** fmt's `%v` of a []string: `[a b c]`, `[]` when empty or nil. */
export const goSlice = (v: readonly string[] | null | undefined) => `[${(v ?? []).join(' ')}]`;

/** Keys sorted as Go's sort.Strings orders them (by bytes). */
export const sortedKeys = (m: Readonly<Record<string, unknown>> | null | undefined) => Object.keys(m ?? {}).sort(compareGoStrings);

/** labels.FormatLabels: `k1=v1,k2=v2` sorted by key, or `<none>`. */
export function formatLabels(m: Readonly<Record<string, string>> | null | undefined): string {
  const keys = sortedKeys(m);
  return keys.length ? keys.map((k) => `${k}=${m![k]}`).join(',') : '<none>';
}

export const stringOrNone = (s: string | null | undefined) => (s ? s : '<none>');

/** describe's printBool: `True` / `False`. */
export const printBool = (v: boolean | null | undefined) => (v ? 'True' : 'False');

/** describe's printBoolPtr: `<unset>` for a nil pointer. */
export const printBoolPtr = (v: boolean | null | undefined) => (v === undefined || v === null ? '<unset>' : printBool(v));

/** `%v` of a Go bool or number field that JSON may omit (Go's zero value then). */
export const goBool = (v: boolean | null | undefined) => String(v ?? false);
export const goInt = (v: number | null | undefined) => String(v ?? 0);
