/**
 * The edit session of `kubectl edit` (editoptions.go, EditOptions.Run in normal mode): open the objects in the
 * editor, and on each save patch what changed; an invalid change opens the buffer again with the server's reasons
 * on top, until the user fixes it, gives up (saves it unchanged) or empties it.
 */
import { existsSync, rmSync } from 'node:fs';
import { NoKindMatchError, StatusError } from '../../api/errors.js';
import { goQuote } from '../../api/field-error.js';
import type { GroupVersionResource } from '../../api/group-version.js';
import { kindByGroupKind, kindFor, type KindInfo } from '../../api/kinds.js';
import { parseApiVersion, type KubeObject } from '../../api/object.js';
import { withLastAppliedConfiguration } from '../../api/patch/apply.js';
import { marshalGoJSON } from '../../api/patch/go-json.js';
import { isJsonObject, type JsonObject } from '../../api/patch/json-value.js';
import { createMergePatch, requireKeyUnchanged, requireMetadataKeyUnchanged, type Precondition } from '../../api/patch/merge-patch.js';
import { patchMetaForKind } from '../../api/patch/patch-meta.js';
import { createTwoWayMergePatch } from '../../api/patch/strategic-merge-diff.js';
import { PatchType } from '../../api/request-options.js';
import { goJSONObjectError } from '../../api/validation/go-json.js';
import type { Client } from '../../client/client.js';
import { toJson } from '../../printers/json.js';
import { toYaml } from '../../printers/yaml.js';
import type { Output } from '../context.js';
import { CliError } from '../errors.js';
import { parseDocuments, yamlErrorText } from '../manifests.js';
import { ObjectPrinter, type OutputFormat } from '../commands/object-printer.js';
import { editHeader } from './edit-header.js';
import { EditResults, type ErrorSubject } from './edit-results.js';
import type { Editor } from './editor.js';
import { goSyntaxUnstructured } from './go-syntax.js';
import { hasJSONPrefix, hasLines, manualStrip, stripComments } from './strip-comments.js';
import { validateEdited } from './validate-edited.js';

/** One object being edited, as kubectl's resource.Info: where it lives and what it is. */
export interface EditTarget {
  kind: KindInfo;
  gvr: GroupVersionResource;
  /** Set for namespaced kinds. */
  namespace?: string;
  name: string;
  object: KubeObject;
}

export type ValidationDirective = 'Strict' | 'Warn' | 'Ignore';

export interface EditSessionOptions {
  /** -o: the buffer's format (yaml or json) and the printer of the result ('' prints `<kind>/<name> edited`). */
  output: string;
  outputPatch: boolean;
  saveConfig: boolean;
  fieldManager: string;
  validation: ValidationDirective;
  /** The namespace of the command (-n or the context's): edited objects may not move out of it. */
  namespace: string;
  subresource?: 'status';
  showManagedFields: boolean;
  /** --windows-line-endings: what kubesim writes into the buffer gets CRLF line ends. */
  windowsLineEndings: boolean;
}

export interface EditSessionDeps {
  client: Client;
  out: Output;
  err: Output;
  editor: Editor;
  /** The program name in temp file names and hints (`kubesim-edit-*.yaml`, `kubesim replace -f`). */
  program: string;
}

/** The name the edited buffer goes by in parse errors, as kubectl's builder calls its stream. */
const EDITED_SOURCE = 'edited-file';

const preconditions: Precondition[] = [
  requireKeyUnchanged('apiVersion'),
  requireKeyUnchanged('kind'),
  requireMetadataKeyUnchanged('name'),
  requireKeyUnchanged('managedFields'),
];

/** editFn: edits the targets together (a List when there are several) until saved, cancelled or failed. */
export async function editTargets(targets: EditTarget[], opts: EditSessionOptions, deps: EditSessionDeps): Promise<void> {
  const format = opts.output || 'yaml';
  if (format !== 'yaml' && format !== 'json') {
    throw new CliError(`error: unable to match a printer suitable for the output format ${goQuote(format)}, allowed formats are: json,yaml`);
  }
  const addHeader = format === 'yaml';
  const ext = format === 'json' ? '.json' : '.yaml';
  const crlf = (text: string) => (opts.windowsLineEndings ? text.replace(/\n/g, '\r\n') : text);

  let results = new EditResults();
  let original = '';
  let edited = '';
  let file = '';
  let containsError = false;
  for (;;) {
    let buf = addHeader ? crlf(editHeader(results.reasons)) : '';
    if (!containsError) {
      const shown = targets.length === 1 ? withoutManagedFields(targets[0]!.object) : listOf(targets.map((t) => withoutManagedFields(t.object)));
      buf += crlf(format === 'json' ? toJson(shown) : toYaml(shown));
      original = buf;
    } else {
      // The buffer that failed, its old comments replaced by the new header (kubectl writes it past the CRLF writer).
      buf += manualStrip(edited);
    }

    const editedBefore = edited;
    try {
      ({ content: edited, path: file } = deps.editor.launchTempFile(`${deps.program}-edit-`, ext, buf));
    } catch (e) {
      throw preserved(e, results.file, deps.err);
    }
    if (containsError && stripComments(editedBefore) === stripComments(edited)) {
      throw preserved(new CliError('error: Edit cancelled, no valid changes were saved.'), file, deps.err);
    }
    if (results.file) rmSync(results.file, { force: true });

    if (opts.validation !== 'Ignore') {
      const problem = validateEdited(stripComments(edited));
      if (problem !== undefined) {
        results = new EditResults(file);
        containsError = true;
        deps.err.write(`${results.addError(validationFailure(problem), subjectOf(targets[0]!))}\n`);
        continue;
      }
    }

    if (stripComments(original) === stripComments(edited)) {
      rmSync(file, { force: true });
      deps.err.write('Edit cancelled, no changes made.\n');
      return;
    }
    if (!hasLines(edited)) {
      rmSync(file, { force: true });
      deps.err.write('Edit cancelled, saved file was empty.\n');
      return;
    }

    results = new EditResults(file);
    let updated: EditTarget[];
    try {
      updated = parseEdited(edited);
    } catch (e) {
      containsError = true;
      results.reasons.push({ head: `The edited file had a syntax error: ${(e as Error).message}`, other: [] });
      continue;
    }
    containsError = false;

    try {
      for (const u of updated) requireNamespace(u, opts.namespace);
    } catch (e) {
      throw preserved(e, file, deps.err);
    }
    if (opts.saveConfig) for (const u of updated) u.object = withLastAppliedConfiguration(u.object);

    try {
      await patchAll(targets, updated, results, opts, deps);
    } catch (e) {
      throw preserved(e, results.file, deps.err);
    }

    if (results.retryable > 0) throw new CliError(`You can run \`${deps.program} replace -f ${file}\` to try this update again.`);
    if (results.notfound > 0) throw new CliError(`The edits you made on deleted resources have been saved to ${goQuote(file)}`);
    if (!results.edit.length) {
      rmSync(file, { force: true });
      return;
    }
    if (results.reasons.length) containsError = true;
  }
}

/** visitToPatch: sends each changed object the patch from what was opened to what was saved. */
async function patchAll(originals: EditTarget[], updated: EditTarget[], results: EditResults, opts: EditSessionOptions, deps: EditSessionDeps): Promise<void> {
  for (const u of updated) {
    const uid = uidOf(u.object);
    const original = originals.find((o) => uidOf(o.object) === uid);
    if (!original) throw new CliError(`error: no original object found for ${goSyntaxUnstructured(u.object)}`);

    const before = withoutManagedFields(original.object);
    const after = withoutManagedFields(u.object);
    if (marshalGoJSON(before) === marshalGoJSON(after)) {
      printResult(u.object, 'skipped', opts, deps.out);
      continue;
    }

    const schema = patchMetaForKind({ group: u.kind.group, version: u.gvr.version, kind: u.kind.kind });
    const patch = (schema ? createTwoWayMergePatch(before, after, schema) : createMergePatch(before, after)) as JsonObject;
    if (!preconditions.every((p) => p(patch))) throw new CliError('error: At least one of apiVersion, kind and name was changed');
    if (opts.outputPatch) deps.out.write(`Patch: ${marshalGoJSON(patch)}\n`);

    const base = deps.client.resource(u.gvr);
    const res = u.kind.namespaced ? base.namespace(u.namespace!) : base;
    let patched: KubeObject;
    try {
      patched = await res.patch(u.name, schema ? PatchType.StrategicMerge : PatchType.Merge, patch, {
        fieldManager: opts.fieldManager,
        ...(opts.subresource ? { subresource: opts.subresource } : {}),
      });
    } catch (e) {
      deps.err.write(`${results.addError(e, subjectOf(u))}\n`);
      continue;
    }
    printResult(patched, 'edited', opts, deps.out);
  }
}

/** The objects of the saved buffer, as kubectl's builder reads a stream: documents, Lists flattened, kinds mapped. */
function parseEdited(text: string): EditTarget[] {
  let docs: unknown[];
  if (hasJSONPrefix(text)) {
    const problem = goJSONObjectError(text);
    if (problem) throw new Error(`error parsing ${EDITED_SOURCE}: ${problem}`);
  }
  try {
    docs = parseDocuments(text);
  } catch (e) {
    throw new Error(`error parsing ${EDITED_SOURCE}: ${yamlErrorText(e)}`);
  }
  const out: EditTarget[] = [];
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    const obj = decodeUnstructured(doc);
    const items = obj.kind.endsWith('List') && Array.isArray((obj as { items?: unknown }).items) ? (obj as unknown as { items: unknown[] }).items : [obj];
    for (const item of items) out.push(targetOf(decodeUnstructured(item)));
  }
  return out;
}

/** The unstructured decoder's checks: an object, with a kind. */
function decodeUnstructured(doc: unknown): KubeObject {
  if (!isJsonObject(doc)) {
    const type = Array.isArray(doc) ? 'array' : typeof doc === 'boolean' ? 'bool' : typeof doc;
    throw new Error(`unable to decode ${goQuote(EDITED_SOURCE)}: json: cannot unmarshal ${type} into Go value of type map[string]interface {}`);
  }
  if (typeof doc.kind !== 'string' || !doc.kind) throw new Error(`unable to decode ${goQuote(EDITED_SOURCE)}: Object 'Kind' is missing in '${marshalGoJSON(doc)}'`);
  if (!isJsonObject(doc.metadata)) doc.metadata = {};
  return doc as unknown as KubeObject;
}

/** The REST mapping of an edited object; an apiVersion left out maps by kind alone, as kubectl's mapper does. */
function targetOf(obj: KubeObject): EditTarget {
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const { group, version } = parseApiVersion(apiVersion);
  const kind = apiVersion ? kindFor(apiVersion, obj.kind) : kindByGroupKind('', obj.kind);
  const name = typeof obj.metadata.name === 'string' ? obj.metadata.name : '';
  const namespace = typeof obj.metadata.namespace === 'string' ? obj.metadata.namespace : '';
  if (!kind) {
    const e = new NoKindMatchError(group, version, obj.kind);
    throw new Error(`resource mapping not found for name: ${goQuote(name)} namespace: ${goQuote(namespace)} from ${goQuote(EDITED_SOURCE)}: ${e.message}\nensure CRDs are installed first`);
  }
  return {
    kind,
    gvr: { group: kind.group, version: version || kind.versions[0]!, resource: kind.plural },
    ...(kind.namespaced && namespace ? { namespace } : {}),
    name,
    object: obj,
  };
}

/** resource.RequireNamespace: an object without a namespace gets the command's; one in another namespace is refused. */
function requireNamespace(t: EditTarget, namespace: string): void {
  if (!t.kind.namespaced) return;
  if (!t.namespace) {
    t.namespace = namespace;
    t.object = { ...t.object, metadata: { ...t.object.metadata, namespace } };
    return;
  }
  if (t.namespace !== namespace) {
    throw new CliError(
      `error: the namespace from the provided object ${goQuote(t.namespace)} does not match the namespace ${goQuote(namespace)}. You must pass '--namespace=${t.namespace}' to perform this operation.`,
    );
  }
}

/** The Invalid error kubectl makes of a failed validation, to reopen the buffer with it. */
function validationFailure(detail: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: ` "" is invalid: <nil>: Invalid value: "The edited file failed validation": ${detail}`,
    reason: 'Invalid',
    details: { causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "The edited file failed validation": ${detail}`, field: '<nil>' }] },
    code: 422,
  });
}

/** preservedFile: tells where the saved buffer is kept when the edit ends in an error. */
function preserved(err: unknown, path: string, out: Output): unknown {
  if (path && existsSync(path)) out.write(`A copy of your changes has been stored to ${goQuote(path)}\n`);
  return err;
}

/** `<kind>/<name> edited`, or the object in the -o format (a new printer each time, as kubectl's ToPrinter). */
function printResult(obj: KubeObject, operation: string, opts: EditSessionOptions, out: Output): void {
  const format = (opts.output === 'yaml' || opts.output === 'json' ? opts.output : '') as OutputFormat;
  new ObjectPrinter({ format, operation, dryRun: 'none', sortedJson: true, showManagedFields: opts.showManagedFields }, out).print(obj);
}

const subjectOf = (t: EditTarget): ErrorSubject => ({ kind: t.kind, name: t.name });

const uidOf = (obj: KubeObject): string => (typeof obj.metadata?.uid === 'string' ? obj.metadata.uid : '');

/** What kubectl opens for several objects. */
function listOf(items: KubeObject[]): unknown {
  return { apiVersion: 'v1', items, kind: 'List', metadata: {} };
}

/** kubectl never shows managedFields in the buffer, and puts them back before diffing, so they are never patched. */
function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
