/** List continue tokens in kube-apiserver's format, so that tokens look and fail as a real cluster's do. */

/** The only encoding version kube-apiserver has ever written. */
const TOKEN_VERSION = 'meta.k8s.io/v1';

/** A malformed continue token; the API layer answers it with 400 Bad Request. */
export class ContinueTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContinueTokenError';
  }
}

/** Where a paged listing goes on: the revision it is consistent at and the first key of the next page. */
export interface ContinuePosition {
  revision: number;
  /** Full key (prefix included) the next page starts at, inclusive. */
  startKey: string;
}

/**
 * Encodes as apiserver's storage.EncodeContinue: base64url (no padding) of
 * {"v":"meta.k8s.io/v1","rv":<revision>,"start":<key relative to prefix>}.
 * `nextKey` is the last returned key followed by "\u0000", the smallest key after it.
 */
export function encodeContinue(nextKey: string, prefix: string, revision: number): string {
  if (!nextKey.startsWith(prefix) || nextKey === prefix) {
    throw new Error(`unable to encode next field: the key and key prefix do not match ${prefix} ${nextKey}`);
  }
  const json = JSON.stringify({ v: TOKEN_VERSION, rv: revision, start: nextKey.slice(prefix.length) });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Decodes as apiserver's storage.DecodeContinue, with its error messages; the start key can't escape `prefix`. */
export function decodeContinue(token: string, prefix: string): ContinuePosition {
  if (!/^[A-Za-z0-9_-]*$/.test(token) || token.length % 4 === 1) {
    throw new ContinueTokenError(`continue key is not valid: illegal base64 data`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (err) {
    throw new ContinueTokenError(`continue key is not valid: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ContinueTokenError('continue key is not valid: token is not a JSON object');
  }
  const { v, rv, start } = parsed as { v?: unknown; rv?: unknown; start?: unknown };
  if (v !== TOKEN_VERSION) {
    throw new ContinueTokenError(`continue key is not valid: server does not recognize this encoded version ${String(v ?? '')}`);
  }
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv) || rv <= 0) {
    throw new ContinueTokenError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof start !== 'string' || start.length === 0) {
    throw new ContinueTokenError('continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  }
  // As apiserver does against path traversal: the start key must already be a clean path.
  const key = start.startsWith('/') ? start : `/${start}`;
  if (cleanPath(key) !== key) {
    throw new ContinueTokenError(`continue key is not valid: ${start}`);
  }
  return { revision: rv, startKey: prefix + key.slice(1) };
}

/** Go's path.Clean for a rooted path: collapses "//", ".", ".." and drops a trailing slash. */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}
