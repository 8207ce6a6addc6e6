/** Reads `-f FILE|DIR|-` as kubectl's resource builder: YAML or JSON, several documents, Lists flattened, `-R` for folders. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { loadAll, YAMLException } from 'js-yaml';
import type { KubeObject } from '../api/object.js';
import { CliError } from './errors.js';

export interface Manifest {
  /** The file it came from, as kubectl names it in messages (`-` is STDIN). */
  source: string;
  object: KubeObject;
}

/** One problem in one source; the documents before it are still returned, as kubectl visits them in order. */
export interface ManifestReadResult {
  manifests: Manifest[];
  errors: CliError[];
}

const fileExtensions = new Set(['.json', '.yaml', '.yml']);

/** The files a `-f` path names: itself, or the manifest files of a folder (recursively with -R), sorted. */
export function expandPaths(paths: string[], recursive: boolean): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (p === '-') {
      out.push(p);
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new CliError(`error: the path "${p}" does not exist`);
    }
    if (st.isDirectory()) out.push(...walk(p, recursive));
    else out.push(p);
  }
  return out;
}

function walk(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (recursive) out.push(...walk(p, recursive));
    } else if (fileExtensions.has(extname(name))) out.push(p);
  }
  return out;
}

export function readManifests(paths: string[], opts: { recursive?: boolean; stdin?: () => string } = {}): ManifestReadResult {
  const manifests: Manifest[] = [];
  const errors: CliError[] = [];
  for (const file of expandPaths(paths, opts.recursive ?? false)) {
    const source = file === '-' ? 'STDIN' : file;
    const text = file === '-' ? (opts.stdin ?? (() => readFileSync(0, 'utf8')))() : readFileSync(file, 'utf8');
    let docs: unknown[];
    try {
      docs = parseDocuments(text);
    } catch (e) {
      errors.push(new CliError(`error: error parsing ${source}: ${yamlErrorText(e)}`));
      continue;
    }
    for (const doc of docs) {
      if (doc === null || doc === undefined) continue;
      if (typeof doc !== 'object' || Array.isArray(doc)) {
        errors.push(new CliError(`error: error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(doc) ? 'array' : typeof doc} into Go value of type map[string]interface {}`));
        continue;
      }
      const obj = doc as KubeObject;
      if (!obj.kind || !obj.apiVersion) {
        const missing = !obj.apiVersion && !obj.kind ? 'apiVersion, kind' : !obj.apiVersion ? 'apiVersion' : 'kind';
        errors.push(new CliError(`error: error validating "${source}": error validating data: [${missing.split(', ').map((f) => `${f} not set`).join(', ')}]; if you choose to ignore these errors, turn validation off with --validate=false`));
        continue;
      }
      if (obj.kind.endsWith('List') && Array.isArray((obj as { items?: unknown }).items)) {
        for (const item of (obj as unknown as { items: KubeObject[] }).items) manifests.push({ source, object: item });
      } else manifests.push({ source, object: obj });
    }
  }
  return { manifests, errors };
}

/** JSON documents as JSON, everything else as a YAML stream. */
function parseDocuments(text: string): unknown[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return [JSON.parse(text)];
    } catch {
      // Not one JSON value: kubectl then reads it as YAML, which JSON is a subset of.
    }
  }
  return loadAll(text);
}

/** js-yaml's error in the shape kubectl gives go-yaml's: `error converting YAML to JSON: yaml: line N: ...`. */
function yamlErrorText(e: unknown): string {
  if (e instanceof YAMLException) {
    const line = (e.mark?.line ?? 0) + 1;
    return `error converting YAML to JSON: yaml: line ${line}: ${goYamlReason(e.reason)}`;
  }
  return (e as Error).message;
}

/** The go-yaml wording for the js-yaml reasons learners hit most. */
function goYamlReason(reason: string): string {
  if (/tab characters must not be used|bad indentation/.test(reason)) return 'found character that cannot start any token';
  if (/end of the stream or a document separator is expected|can not read a block mapping entry/.test(reason)) return "could not find expected ':'";
  if (/incomplete explicit mapping pair|multiline key/.test(reason)) return 'mapping values are not allowed in this context';
  if (/duplicated mapping key/.test(reason)) return reason;
  return reason;
}
