/**
 * JSON patch (RFC 6902) as the API server applies it: a port of evanphx/json-patch v4, quirks
 * included (replace of a missing object key adds it, copy from a missing key copies null, negative
 * array indices count from the end). The server hides the library's message from the client: any
 * failed operation is a 422 "the server rejected our request due to an error in our request".
 */
import { deepEqual } from '../object.js';
import { cloneBare, cloneJson, isJsonObject, type JsonObject } from './json-value.js';

/** What the API server answers when an operation does not apply (NewGenericServerResponse for 422). */
export const JSON_PATCH_REJECTED_MESSAGE = 'the server rejected our request due to an error in our request';

/** The apiserver's cap on operations in one JSON patch. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** One decoded operation (jsonpatch.Operation): members are kept as sent, checked when applied. */
export type JsonPatchOperation = JsonObject;

/**
 * An operation that does not apply. `message` is evanphx/json-patch's own text (for logs and tests);
 * the API server sends `JSON_PATCH_REJECTED_MESSAGE` with code 422 and reason Invalid instead.
 */
export class JsonPatchError extends Error {
  readonly code = 422;
  readonly reason = 'Invalid';
  readonly apiserverMessage = JSON_PATCH_REJECTED_MESSAGE;
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

/** A patch body that is not a JSON patch at all; the API server answers 400 BadRequest with this message. */
export class JsonPatchDecodeError extends Error {
  readonly code = 400;
  readonly reason = 'BadRequest';
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchDecodeError';
  }
}

/** Too many operations: 413 RequestEntityTooLarge with this message. */
export class JsonPatchTooLargeError extends Error {
  readonly code = 413;
  readonly reason = 'RequestEntityTooLarge';
  constructor(count: number) {
    super(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${count}`);
    this.name = 'JsonPatchTooLargeError';
  }
}

const jsonTypeName = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;

/** jsonpatch.DecodePatch on an already parsed body, with encoding/json's messages for the wrong shapes. */
export function decodeJsonPatch(body: unknown): JsonPatchOperation[] {
  if (body === null) return [];
  if (!Array.isArray(body)) throw new JsonPatchDecodeError(`json: cannot unmarshal ${jsonTypeName(body)} into Go value of type jsonpatch.Patch`);
  return body.map((op) => {
    if (op === null) return {};
    if (!isJsonObject(op)) throw new JsonPatchDecodeError(`json: cannot unmarshal ${jsonTypeName(op)} into Go value of type jsonpatch.Operation`);
    return op;
  });
}

/** Parses and decodes a patch body; a body that is not JSON is a 400 as well. */
export function parseJsonPatch(text: string): JsonPatchOperation[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new JsonPatchDecodeError(e instanceof Error ? e.message : String(e));
  }
  return decodeJsonPatch(body);
}

/** The library wraps its sentinels with github.com/pkg/errors: "context: cause". */
const wrap = (context: string, cause: string) => `${context}: ${cause}`;
const MISSING = 'missing value';
const TEST_FAILED = 'test failed';
const INVALID_INDEX = 'invalid index referenced';

class OpFailure extends Error {}

/** strconv.Atoi, with its error text. */
function atoi(key: string): number {
  if (/^[+-]?\d+$/.test(key)) {
    const n = Number(key);
    if (Number.isSafeInteger(n)) return n;
    throw new OpFailure(`strconv.Atoi: parsing ${JSON.stringify(key)}: value out of range`);
  }
  throw new OpFailure(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
}

const decodePatchKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');

type Container = JsonObject | unknown[];

/** A member of an object or an element of an array; `undefined` for a missing or null member (Go's nil node). */
function get(con: Container, key: string): unknown {
  if (Array.isArray(con)) {
    let idx = atoi(key);
    if (idx < 0) {
      if (idx < -con.length) throw new OpFailure(wrap(`Unable to access invalid index: ${idx}`, INVALID_INDEX));
      idx += con.length;
    }
    if (idx >= con.length) throw new OpFailure(wrap(`Unable to access invalid index: ${idx}`, INVALID_INDEX));
    return con[idx] ?? undefined;
  }
  return con[key] ?? undefined;
}

function add(con: Container, key: string, val: unknown): void {
  if (!Array.isArray(con)) {
    con[key] = val;
    return;
  }
  if (key === '-') {
    con.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new OpFailure(wrap(`value was not a proper array index: '${key}'`, (e as Error).message));
  }
  const size = con.length + 1;
  if (idx >= size || idx < -size) throw new OpFailure(wrap(`Unable to access invalid index: ${idx}`, INVALID_INDEX));
  if (idx < 0) idx += size;
  con.splice(idx, 0, val);
}

/** Only "replace" sets: on an object it never fails, on an array the index must exist. */
function set(con: Container, key: string, val: unknown): void {
  if (!Array.isArray(con)) {
    con[key] = val;
    return;
  }
  let idx = atoi(key);
  if (idx < 0) {
    if (idx < -con.length) throw new OpFailure(wrap(`Unable to access invalid index: ${idx}`, INVALID_INDEX));
    idx += con.length;
  }
  con[idx] = val;
}

function remove(con: Container, key: string): void {
  if (!Array.isArray(con)) {
    if (!(key in con)) throw new OpFailure(wrap(`Unable to remove nonexistent key: ${key}`, MISSING));
    delete con[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= con.length) throw new OpFailure(wrap(`Unable to access invalid index: ${idx}`, INVALID_INDEX));
  if (idx < 0) {
    if (idx < -con.length) throw new OpFailure(wrap(`Unable to access invalid index: ${idx}`, INVALID_INDEX));
    idx += con.length;
  }
  con.splice(idx, 1);
}

/** The container holding the last token of a pointer, and that token decoded; undefined when a parent is missing. */
function findObject(doc: Container, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let con: Container = doc;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(con, decodePatchKey(part));
    } catch {
      return undefined;
    }
    if (!isJsonObject(next) && !Array.isArray(next)) return undefined;
    con = next;
  }
  return { con, key: decodePatchKey(split[split.length - 1]!) };
}

function stringMember(op: JsonPatchOperation, name: 'path' | 'from', missing: string): string {
  const v = op[name];
  if (v === undefined || v === null) throw new OpFailure(wrap(missing, MISSING));
  if (typeof v !== 'string') throw new OpFailure(`json: cannot unmarshal ${jsonTypeName(v)} into Go value of type string`);
  return v;
}

const pathOf = (op: JsonPatchOperation) => stringMember(op, 'path', 'operation missing path field');
const fromOf = (op: JsonPatchOperation) => stringMember(op, 'from', 'operation, missing from field');
const valueOf = (op: JsonPatchOperation): unknown => cloneBare(op['value'] ?? null);

function opAdd(doc: Container, op: JsonPatchOperation): void {
  let path: string;
  try {
    path = pathOf(op);
  } catch {
    throw new OpFailure(wrap('add operation failed to decode path', MISSING));
  }
  const found = findObject(doc, path);
  if (!found) throw new OpFailure(wrap(`add operation does not apply: doc is missing path: "${path}"`, MISSING));
  try {
    add(found.con, found.key, valueOf(op));
  } catch (e) {
    throw new OpFailure(wrap(`error in add for path: '${path}'`, (e as Error).message));
  }
}

function opRemove(doc: Container, op: JsonPatchOperation): void {
  let path: string;
  try {
    path = pathOf(op);
  } catch {
    throw new OpFailure(wrap('remove operation failed to decode path', MISSING));
  }
  const found = findObject(doc, path);
  if (!found) throw new OpFailure(wrap(`remove operation does not apply: doc is missing path: "${path}"`, MISSING));
  try {
    remove(found.con, found.key);
  } catch (e) {
    throw new OpFailure(wrap(`error in remove for path: '${path}'`, (e as Error).message));
  }
}

function opReplace(doc: { root: Container }, op: JsonPatchOperation): void {
  let path: string;
  try {
    path = pathOf(op);
  } catch (e) {
    throw new OpFailure(wrap('replace operation failed to decode path', (e as Error).message));
  }
  if (path === '') {
    const val = valueOf(op);
    if (!isJsonObject(val) && !Array.isArray(val)) throw new OpFailure('replace operation value must be object or array');
    doc.root = val;
    return;
  }
  const found = findObject(doc.root, path);
  if (!found) throw new OpFailure(wrap(`replace operation does not apply: doc is missing path: ${path}`, MISSING));
  try {
    get(found.con, found.key);
  } catch {
    throw new OpFailure(wrap(`replace operation does not apply: doc is missing key: ${path}`, MISSING));
  }
  try {
    set(found.con, found.key, valueOf(op));
  } catch (e) {
    throw new OpFailure(wrap(`error in remove for path: '${path}'`, (e as Error).message));
  }
}

function opMove(doc: Container, op: JsonPatchOperation): void {
  let from: string;
  try {
    from = fromOf(op);
  } catch (e) {
    throw new OpFailure(wrap('move operation failed to decode from', (e as Error).message));
  }
  const src = findObject(doc, from);
  if (!src) throw new OpFailure(wrap(`move operation does not apply: doc is missing from path: ${from}`, MISSING));
  let val: unknown;
  try {
    val = get(src.con, src.key);
    remove(src.con, src.key);
  } catch (e) {
    throw new OpFailure(wrap(`error in move for path: '${src.key}'`, (e as Error).message));
  }
  let path: string;
  try {
    path = pathOf(op);
  } catch (e) {
    throw new OpFailure(wrap('move operation failed to decode path', (e as Error).message));
  }
  const dst = findObject(doc, path);
  if (!dst) throw new OpFailure(wrap(`move operation does not apply: doc is missing destination path: ${path}`, MISSING));
  try {
    add(dst.con, dst.key, val ?? null);
  } catch (e) {
    throw new OpFailure(wrap(`error in move for path: '${path}'`, (e as Error).message));
  }
}

function opCopy(doc: Container, op: JsonPatchOperation): void {
  let from: string;
  try {
    from = fromOf(op);
  } catch (e) {
    throw new OpFailure(wrap('copy operation failed to decode from', (e as Error).message));
  }
  const src = findObject(doc, from);
  if (!src) throw new OpFailure(wrap(`copy operation does not apply: doc is missing from path: ${from}`, MISSING));
  let val: unknown;
  try {
    val = get(src.con, src.key);
  } catch (e) {
    throw new OpFailure(wrap(`error in copy for from: '${from}'`, (e as Error).message));
  }
  let path: string;
  try {
    path = pathOf(op);
  } catch {
    throw new OpFailure(wrap('copy operation failed to decode path', MISSING));
  }
  const dst = findObject(doc, path);
  if (!dst) throw new OpFailure(wrap(`copy operation does not apply: doc is missing destination path: ${path}`, MISSING));
  try {
    add(dst.con, dst.key, cloneBare(val ?? null));
  } catch (e) {
    throw new OpFailure(wrap('error while adding value during copy', (e as Error).message));
  }
}

function opTest(doc: Container, op: JsonPatchOperation): void {
  let path: string;
  try {
    path = pathOf(op);
  } catch (e) {
    throw new OpFailure(wrap('test operation failed to decode path', (e as Error).message));
  }
  const expected = op['value'] ?? null;
  if (path === '') {
    if (deepEqual(doc, expected)) return;
    throw new OpFailure(wrap(`testing value ${path} failed`, TEST_FAILED));
  }
  const found = findObject(doc, path);
  if (!found) throw new OpFailure(wrap(`test operation does not apply: is missing path: ${path}`, MISSING));
  let val: unknown;
  try {
    val = get(found.con, found.key);
  } catch (e) {
    throw new OpFailure(wrap(`error in test for path: '${path}'`, (e as Error).message));
  }
  if (deepEqual(val ?? null, expected)) return;
  throw new OpFailure(wrap(`testing value ${path} failed`, TEST_FAILED));
}

/**
 * Applies a JSON patch (its operations, or a parsed body, which is decoded first) to a document
 * (jsonpatch.Patch.Apply) and returns the new document; the input is not changed. Throws
 * JsonPatchDecodeError for a body that is not a list of operations, JsonPatchTooLargeError past the
 * apiserver's limit of operations, JsonPatchError when an operation does not apply.
 */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const operations = decodeJsonPatch(patch);
  if (operations.length > MAX_JSON_PATCH_OPERATIONS) throw new JsonPatchTooLargeError(operations.length);
  const root = cloneBare(doc);
  if (!isJsonObject(root) && !Array.isArray(root)) throw new JsonPatchError(`json: cannot unmarshal ${jsonTypeName(root)} into Go value of type jsonpatch.partialDoc`);
  const state: { root: Container } = { root };
  for (const op of operations) {
    const kind = typeof op['op'] === 'string' ? op['op'] : 'unknown';
    try {
      switch (kind) {
        case 'add':
          opAdd(state.root, op);
          break;
        case 'remove':
          opRemove(state.root, op);
          break;
        case 'replace':
          opReplace(state, op);
          break;
        case 'move':
          opMove(state.root, op);
          break;
        case 'test':
          opTest(state.root, op);
          break;
        case 'copy':
          opCopy(state.root, op);
          break;
        default:
          throw new OpFailure(`Unexpected kind: ${kind}`);
      }
    } catch (e) {
      if (e instanceof OpFailure) throw new JsonPatchError(e.message);
      throw e;
    }
  }
  return cloneJson(state.root);
}
