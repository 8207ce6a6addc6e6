/** The small formatting helpers upstream's printers.go shares between kinds, so every kind formats times, labels and lists alike. */
import type { Container } from 'kubernetes-types/core/v1.js';
import { tryParseQuantity } from '../../util/quantity.js';
import { humanDuration } from '../../util/human-duration.js';

/** Go's zero time.Time: an unset metav1.Time compares before every real time. */
export const zeroTime = Number.NEGATIVE_INFINITY;

/** Year 1, which Go prints for a zero time and which parses back as zero. */
const goZeroTimeMs = Date.parse('0001-01-01T00:00:00Z');

/** A metav1.Time / MicroTime in milliseconds; zeroTime when unset or Go's zero time (metav1.Time.IsZero). */
export function timeMs(t: unknown): number {
  if (typeof t !== 'string' || t === '') return zeroTime;
  const ms = Date.parse(t);
  if (Number.isNaN(ms) || ms === goZeroTimeMs) return zeroTime;
  return ms;
}

/** translateTimestampSince: how long ago, or `<unknown>` for a zero time. */
export function translateTimestampSince(t: unknown, now: Date): string {
  return translateMsSince(timeMs(t), now);
}

/** translateTimestampSince for a time already in milliseconds. */
export function translateMsSince(ms: number, now: Date): string {
  return ms === zeroTime ? '<unknown>' : humanDuration(now.getTime() - ms);
}

/** labels.Set.String: `k=v` pairs sorted as strings (not by key), joined by commas. */
export function labelsString(labels: Readonly<Record<string, string>> | null | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort(compareGoStrings)
    .join(',');
}

/** labels.FormatLabels: labelsString, or `<none>` when there are none. */
export function formatLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  return labelsString(labels) || '<none>';
}

/** Go's string ordering (bytes of UTF-8), which sort.Strings and sets.String.List use. */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Sorted unique strings, as sets.NewString(...).List(). */
export const sortedSet = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareGoStrings);

/** layoutContainerCells: container names and images, each joined by commas (the CONTAINERS and IMAGES columns). */
export function layoutContainerCells(containers: readonly Container[] | null | undefined): [names: string, images: string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** resource.Quantity.String of a map entry: an absent entry is the zero Quantity, `0`. */
export function quantityString(q: unknown): string {
  if (q === undefined || q === null) return '0';
  return canonicalQuantity(q);
}

/** (*resource.Quantity).String of a pointer field: a nil pointer prints `<nil>`. */
export function quantityPointerString(q: unknown): string {
  if (q === undefined || q === null) return '<nil>';
  return canonicalQuantity(q);
}

function canonicalQuantity(q: unknown): string {
  if (typeof q !== 'string' && typeof q !== 'number') return String(q);
  return tryParseQuantity(q)?.toString() ?? String(q);
}

/** intstr.IntOrString.String: the number's decimal form or the string itself. */
export const intOrStringString = (v: number | string): string => (typeof v === 'number' ? String(Math.trunc(v)) : v);

/** printBool / printBoolPtr: `True`, `False`, or `<unset>` for a nil pointer. */
export function printBoolPtr(v: boolean | null | undefined): string {
  if (v === undefined || v === null) return '<unset>';
  return v ? 'True' : 'False';
}

/** Go's unicode.IsSpace characters, for strings.TrimSpace. */
const goSpace = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const goTrimRe = new RegExp(`^[${goSpace}]+|[${goSpace}]+$`, 'gu');

/** strings.TrimSpace (Go's notion of white space, which differs from String.prototype.trim at the edges). */
export const goTrimSpace = (s: string): string => s.replace(goTrimRe, '');

/** net.JoinHostPort: an IPv6 host is bracketed. */
export const joinHostPort = (host: string, port: number | string): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** listWithMoreString: up to `max` items, `+ N more...` past them, `<unset>` for none. */
export function listWithMoreString(list: readonly string[], more: boolean, count: number, max: number): string {
  const ret = list.join(',');
  if (more) return `${ret} + ${count - max} more...`;
  return ret === '' ? '<unset>' : ret;
}

/** A number field of an object as Go reads it into an int: absent is 0. */
export const int = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** A string field of an object as Go reads it into a string: absent is "". */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
