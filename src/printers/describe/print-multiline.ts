/** describe's multi-line maps and lists: labels, annotations, taints, tolerations, each entry on its own aligned line. */
import type { Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { compareGoStrings } from '../../api/patch/json-value.js';
import { sortedKeys } from './go-text.js';
import { LEVEL_0, type PrefixWriter } from './prefix-writer.js';

/** Annotations longer than this (with their key) print folded on lines of their own. */
export const MAX_ANNOTATION_LEN = 140;

/** kubectl never shows the last-applied-configuration annotation. */
const skipAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** printLabelsMultilineWithIndent: `Title:<inner>k=v` then one aligned `k=v` per line, sorted; `<none>` when empty. */
export function printLabelsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  labels: Readonly<Record<string, string>> | null | undefined,
  skip: ReadonlySet<string> = new Set(),
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  const keys = sortedKeys(labels).filter((k) => !skip.has(k));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  keys.forEach((key, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    w.write(LEVEL_0, `${key}=${labels![key]}\n`);
  });
}

export const printLabelsMultiline = (w: PrefixWriter, title: string, labels: Readonly<Record<string, string>> | null | undefined) =>
  printLabelsMultilineWithIndent(w, '', title, '\t', labels);

/** printAnnotationsMultiline: `key: value`, long or multi-line values folded under the key and cut at 140 bytes. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, annotations: Readonly<Record<string, string>> | null | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  const keys = sortedKeys(annotations).filter((k) => !skipAnnotations.has(k));
  if (keys.length === 0) {
    w.writeLine('<none>');
    return;
  }
  const indent = '\t';
  keys.forEach((key, i) => {
    if (i !== 0) w.write(LEVEL_0, indent);
    const value = annotations![key]!.replace(/\n$/, '');
    if (byteLength(value) + byteLength(key) + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(LEVEL_0, `${key}:\n`);
      for (const s of value.split('\n')) w.write(LEVEL_0, `${indent}  ${shorten(s, MAX_ANNOTATION_LEN - 2)}\n`);
    } else {
      w.write(LEVEL_0, `${key}: ${value}\n`);
    }
  });
}

const encoder = new TextEncoder();
const byteLength = (s: string) => encoder.encode(s).length;

/** Go's s[:n] + "..." on bytes; a rune cut in half is dropped rather than printed broken. */
function shorten(s: string, max: number): string {
  const bytes = encoder.encode(s);
  if (bytes.length <= max) return s;
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes.slice(0, max)).replace(/\uFFFD$/, '') + '...';
}

/** Taint.ToString: `key=value:Effect`, `key:Effect`, `key=value:` or `key`. */
export function taintString(t: Taint): string {
  const value = t.value ?? '';
  if (!t.effect) return value ? `${t.key}=${value}:` : t.key;
  return value ? `${t.key}=${value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** printNodeTaintsMultiline: sorted by effect then key. */
export function printNodeTaintsMultiline(w: PrefixWriter, title: string, taints: readonly Taint[] | null | undefined): void {
  w.write(LEVEL_0, `${title}:\t`);
  if (!taints?.length) {
    w.writeLine('<none>');
    return;
  }
  const cmpKey = (t: Taint) => `${t.effect ?? ''},${t.key}`;
  const sorted = [...taints].sort((a, b) => compareGoStrings(cmpKey(a), cmpKey(b)));
  sorted.forEach((t, i) => {
    if (i !== 0) w.write(LEVEL_0, '\t');
    w.write(LEVEL_0, `${taintString(t)}\n`);
  });
}

/** printPodTolerationsMultiline: sorted by key; `op=Exists` for value-less Exists, `for Ns` for tolerationSeconds. */
export function printTolerationsMultilineWithIndent(
  w: PrefixWriter,
  initialIndent: string,
  title: string,
  innerIndent: string,
  tolerations: readonly Toleration[] | null | undefined,
): void {
  w.write(LEVEL_0, `${initialIndent}${title}:${innerIndent}`);
  if (!tolerations?.length) {
    w.writeLine('<none>');
    return;
  }
  const sorted = [...tolerations].sort((a, b) => compareGoStrings(a.key ?? '', b.key ?? ''));
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, initialIndent);
      w.write(LEVEL_0, innerIndent);
    }
    const key = t.key ?? '';
    const value = t.value ?? '';
    const effect = t.effect ?? '';
    let text = key;
    if (value) text += `=${value}`;
    if (effect) text += `:${effect}`;
    if (t.operator === 'Exists' && !value) text += key || effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) text += ` for ${t.tolerationSeconds}s`;
    w.write(LEVEL_0, `${text}\n`);
  });
}

export const printPodTolerationsMultiline = (w: PrefixWriter, title: string, tolerations: readonly Toleration[] | null | undefined) =>
  printTolerationsMultilineWithIndent(w, '', title, '\t', tolerations);
