/**
 * The check kubectl runs on a saved buffer before anything else (validation.paramVerifyingSchema with a server that
 * validates fields itself): the text must read as an object that names its apiVersion and kind. A List's items are
 * checked the same way, as kubectl's client-side schema validation does for lists.
 */
import { aggregate } from '../../api/field-error.js';
import { isJsonObject } from '../../api/patch/json-value.js';
import { goJSONObjectError } from '../../api/validation/go-json.js';
import { objectKindErrors, parseDocuments, yamlErrorText } from '../manifests.js';
import { hasJSONPrefix } from './strip-comments.js';

/** Why kubectl would reject the (comment-stripped) buffer, or undefined when it passes. */
export function validateEdited(data: string): string | undefined {
  let obj: unknown;
  try {
    obj = parse(data);
  } catch (e) {
    return (e as Error).message;
  }
  const errs = objectKindErrors(obj);
  if (errs.length) return aggregate(errs);
  const o = obj as Record<string, unknown>;
  if (o.apiVersion === 'v1' && o.kind === 'List') {
    if (!Array.isArray(o.items)) return 'invalid object to validate';
    const itemErrs = o.items.flatMap(objectKindErrors);
    if (itemErrs.length) return aggregate(itemErrs);
  }
  return undefined;
}

/** validation.Parse: yaml.ToJSON, then json.Unmarshal, with go-yaml's and encoding/json's messages. */
function parse(data: string): unknown {
  if (hasJSONPrefix(data)) {
    const err = goJSONObjectError(data);
    if (err) throw new Error(err);
    return JSON.parse(data);
  }
  let docs: unknown[];
  try {
    docs = parseDocuments(data);
  } catch (e) {
    throw new Error(yamlErrorText(e).replace(/^error converting YAML to JSON: /, ''));
  }
  return docs.length ? (docs[0] ?? null) : null;
}

