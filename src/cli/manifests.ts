/**
 * Reads `-f FILE|DIR|-` as kubectl's resource builder does: each file a stream of YAML documents or JSON values
 * (api/yaml: go-yaml v2 rules, so `0644` is 420 and `yes` is true), each document checked as kubectl's validator
 * checks it before anything is sent (apiVersion and kind set), Lists flattened, `-R` for folders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { aggregate } from '../api/field-error.js';
import type { KubeObject } from '../api/object.js';
import { marshalGoJSON } from '../api/patch/go-json.js';
import { isJsonObject } from '../api/patch/json-value.js';
import { decodeYAMLOrJSON, kubectlFileBytes, ManifestStreamError } from '../api/yaml/decode-yaml-or-json.js';
import { CliError } from './errors.js';

export interface Manifest {
  /** The file it came from, as kubectl names it in messages (`-` is STDIN). */
  source: string;
  object: KubeObject;
}

/** The objects read, and the problems met; a file's documents before its problem are still returned, as kubectl visits them in order. */
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

export interface ReadManifestsOptions {
  recursive?: boolean;
  stdin?: () => string;
  /** `--validate=false`: skip the client-side check of apiVersion and kind (the decoder's own checks remain). */
  validate?: boolean;
}

/**
 * Every object of the files, in order. As kubectl's StreamVisitor: a document that does not parse or validate ends
 * its file (later documents are not read); one the decoder refuses is reported and the file goes on.
 */
export function readManifests(paths: string[], opts: ReadManifestsOptions = {}): ManifestReadResult {
  const manifests: Manifest[] = [];
  const errors: CliError[] = [];
  for (const file of expandPaths(paths, opts.recursive ?? false)) {
    const source = file === '-' ? 'STDIN' : file;
    const data = file === '-' ? Buffer.from((opts.stdin ?? (() => readFileSync(0, 'utf8')))(), 'utf8') : readFileSync(file);
    try {
      for (const doc of decodeYAMLOrJSON(kubectlFileBytes(data))) {
        if (doc === null) continue;
        if (opts.validate !== false) {
          const problems = validationErrors(doc);
          if (problems.length) {
            errors.push(new CliError(`error: error validating "${source}": error validating data: ${aggregate(problems)}; if you choose to ignore these errors, turn validation off with --validate=false`));
            break;
          }
        }
        const problem = decodeError(doc);
        if (problem) {
          errors.push(new CliError(`error: unable to decode "${source}": ${problem}`));
          continue;
        }
        const obj = doc as KubeObject;
        if (obj.kind.endsWith('List') && Array.isArray((obj as { items?: unknown }).items)) {
          for (const item of (obj as unknown as { items: KubeObject[] }).items) manifests.push({ source, object: item });
        } else manifests.push({ source, object: obj });
      }
    } catch (e) {
      if (!(e instanceof ManifestStreamError)) throw e;
      errors.push(new CliError(`error: error parsing ${source}: ${e.message}`));
    }
  }
  return { manifests, errors };
}

/**
 * kubectl's validator with a server that checks fields itself (ParamVerifyingSchema): the document must name its
 * apiVersion and kind; a v1 List's items are checked the same way.
 */
export function validationErrors(doc: unknown): string[] {
  const errs = objectKindErrors(doc);
  if (errs.length) return errs;
  const o = doc as Record<string, unknown>;
  if (o.apiVersion === 'v1' && o.kind === 'List') {
    if (!Array.isArray(o.items)) return ['invalid object to validate'];
    return o.items.flatMap(objectKindErrors);
  }
  return [];
}

/** validation.getObjectKind: what is missing or mistyped among apiVersion and kind. */
export function objectKindErrors(obj: unknown): string[] {
  if (!isJsonObject(obj)) return ['invalid object to validate'];
  const errs: string[] = [];
  const { apiVersion, kind } = obj;
  if (apiVersion === undefined || apiVersion === null) errs.push('apiVersion not set');
  else if (typeof apiVersion !== 'string') errs.push("apiVersion isn't string type");
  else if (apiVersion !== '/' && (apiVersion.match(/\//g) ?? []).length > 1) errs.push(`unexpected GroupVersion string: ${apiVersion}`);
  if (kind === undefined || kind === null) errs.push('kind not set');
  else if (typeof kind !== 'string') errs.push("kind isn't string type");
  return errs;
}

/** The unstructured decoder's refusal (infoForData): not an object, or no kind. */
function decodeError(doc: unknown): string | undefined {
  if (!isJsonObject(doc)) {
    const type = Array.isArray(doc) ? 'array' : typeof doc === 'boolean' ? 'bool' : typeof doc;
    return `json: cannot unmarshal ${type} into Go value of type unstructured.detector`;
  }
  if (typeof doc.kind !== 'string' || doc.kind === '') return `Object 'Kind' is missing in '${marshalGoJSON(doc)}'`;
  return undefined;
}

/** The documents of a YAML stream or JSON values, as the builder decodes them (null for empty documents); throws where it stops. */
export function parseDocuments(text: string): unknown[] {
  return [...decodeYAMLOrJSON(text)];
}

/** The text kubectl prints after `error parsing FILE: ` for a parseDocuments error (`error converting YAML to JSON: yaml: line N: ...`). */
export function yamlErrorText(e: unknown): string {
  return (e as Error).message;
}
