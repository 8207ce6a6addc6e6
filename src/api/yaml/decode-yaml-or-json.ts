/**
 * The documents of a manifest stream as kubectl's resource builder reads `-f FILE` (apimachinery's
 * YAMLOrJSONDecoder): text whose first non-blank character is `{` is a stream of JSON values (Go's json.Decoder);
 * anything else is YAML split at lines starting with `---` (a separator followed by anything but a comment is an
 * error), each part converted on its own by sigs.k8s.io/yaml, so go-yaml's line numbers count from the part's first
 * line. Values are yielded in order (null for an empty or comment-only document); the first error ends the stream.
 */
import { isUtf8 } from 'node:buffer';
import { goBytesToString } from './decode.js';
import { GoJSONDecoder, GoJSONError } from './go-json-decoder.js';
import { yamlToJSON } from './go-yaml.js';

/** Why the stream stopped, worded as kubectl prints it after `error parsing FILE: `. */
export class ManifestStreamError extends Error {}

/** How far GuessJSONStream looks for the opening brace (the builder's buffer size). */
const JSON_SNIFF_SIZE = 4096;

/** The values of a YAML or JSON stream; throws ManifestStreamError where kubectl stops reading. */
export function* decodeYAMLOrJSON(input: string | Uint8Array): Generator<unknown, void, void> {
  const data = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (hasJSONPrefix(data.subarray(0, JSON_SNIFF_SIZE))) {
    const decoder = new GoJSONDecoder(data);
    for (;;) {
      let raw: Uint8Array | undefined;
      try {
        raw = decoder.next();
      } catch (e) {
        if (!(e instanceof GoJSONError)) throw e;
        throw new ManifestStreamError(e.offset === undefined ? e.message : `json: offset ${e.offset}: ${e.message}`);
      }
      if (raw === undefined) return;
      yield JSON.parse(goBytesToString(raw));
    }
  }
  for (const chunk of yamlDocuments(data)) {
    const result = yamlToJSON(chunk);
    if (!result.ok) throw new ManifestStreamError(`error converting YAML to JSON: ${result.error}`);
    yield result.value;
  }
}

/**
 * What kubectl's FileVisitor hands the decoder for a file or STDIN (unicode.BOMOverride over a UTF-8 decoder): a UTF-16
 * byte order mark switches to UTF-16, a UTF-8 one is dropped, and bytes that are not UTF-8 become U+FFFD, so that
 * go-yaml never sees them.
 */
export function kubectlFileBytes(data: Uint8Array): Uint8Array {
  if (data[0] === 0xfe && data[1] === 0xff) return Buffer.from(new TextDecoder('utf-16be', { ignoreBOM: true }).decode(data.subarray(2)), 'utf8');
  if (data[0] === 0xff && data[1] === 0xfe) return Buffer.from(new TextDecoder('utf-16le', { ignoreBOM: true }).decode(data.subarray(2)), 'utf8');
  const body = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
  return isUtf8(body) ? body : Buffer.from(goBytesToString(body), 'utf8');
}

/** YAMLReader over a LineReader: the documents' bytes, lines re-ended with `\n` (a CR before it dropped). */
function* yamlDocuments(data: Uint8Array): Generator<Uint8Array, void, void> {
  let buffer: Uint8Array[] = [];
  const newline = Uint8Array.of(0x0a);
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0x0a, start);
    const next = end < 0 ? data.length : end + 1;
    if (end < 0) end = data.length;
    else if (end > start && data[end - 1] === 0x0d) end--;
    const line = data.subarray(start, end);
    start = next;
    if (line[0] === 0x2d && line[1] === 0x2d && line[2] === 0x2d) {
      const trimmed = goTrimSpace(goBytesToString(line.subarray(3)));
      if (trimmed.length > 0 && !trimmed.startsWith('#')) throw new ManifestStreamError(`invalid Yaml document separator: ${trimmed}`);
      if (buffer.length > 0) {
        yield Buffer.concat(buffer);
        buffer = [];
      }
      continue;
    }
    buffer.push(line, newline);
  }
  if (buffer.length > 0) yield Buffer.concat(buffer);
}

/** unicode.IsSpace. */
const isGoSpace = (r: number) =>
  (r >= 0x09 && r <= 0x0d) ||
  r === 0x20 ||
  r === 0x85 ||
  r === 0xa0 ||
  r === 0x1680 ||
  (r >= 0x2000 && r <= 0x200a) ||
  r === 0x2028 ||
  r === 0x2029 ||
  r === 0x202f ||
  r === 0x205f ||
  r === 0x3000;

/** strings.TrimSpace. */
function goTrimSpace(s: string): string {
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  while (i < j && isGoSpace(cps[i]!.codePointAt(0)!)) i++;
  while (j > i && isGoSpace(cps[j - 1]!.codePointAt(0)!)) j--;
  return cps.slice(i, j).join('');
}

/** hasJSONPrefix: the first non-space rune (unicode.IsSpace, on valid UTF-8) is `{`. */
export function hasJSONPrefix(data: Uint8Array): boolean {
  let i = 0;
  while (i < data.length && (data[i] === 0x20 || (data[i]! >= 0x09 && data[i]! <= 0x0d))) i++;
  if (i < data.length && data[i]! < 0x80) return data[i] === 0x7b;
  const text = goBytesToString(data.subarray(i));
  for (const ch of text) {
    const r = ch.codePointAt(0)!;
    if (isGoSpace(r)) continue;
    return ch === '{';
  }
  return false;
}
