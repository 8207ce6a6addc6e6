/** How kubectl compares edit buffers while ignoring the comments in them (cmdutil.StripComments, ManualStrip, hasLines). */
import { marshalGoJSON } from '../../api/patch/go-json.js';
import { parseDocuments } from '../manifests.js';

/** yaml.ToJSON's test for text it passes through untouched as JSON. */
export const hasJSONPrefix = (text: string): boolean => text.replace(/^[ \t\r\n]+/, '').startsWith('{');

/**
 * StripComments: the buffer as canonical JSON (its first YAML document converted, keys sorted), so comments and
 * layout do not count as changes; JSON passes through as it is; text that is not valid YAML loses its comment lines.
 */
export function stripComments(text: string): string {
  if (hasJSONPrefix(text)) return text;
  try {
    const docs = parseDocuments(text);
    return marshalGoJSON(docs.length ? docs[0] : null);
  } catch {
    return manualStrip(text);
  }
}

/** ManualStrip: drops every line whose first non-blank character is `#` (but keeps `#!` lines). */
export function manualStrip(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    if (t.startsWith('#') && !t.startsWith('#!')) return;
    kept.push(i < lines.length - 1 ? `${line}\n` : line);
  });
  return kept.join('');
}

/** hasLines: whether any line holds something other than blanks and comments. */
export function hasLines(text: string): boolean {
  return text.split(/\r?\n/).some((line) => {
    const t = line.trim();
    return t.length > 0 && !t.startsWith('#');
  });
}
