/**
 * Everything only writes need (decoding, defaulting, admission, strategies, validation, patches), loaded on the
 * first write: a `get` never pays for it.
 */
export { decodeRequestObject } from './decode.js';
export { admitCreate, admitDelete } from './admission.js';
export { applyPatch } from './patch.js';
export { strategyFor } from './strategies/index.js';
export { validateObjectMeta, validateObjectMetaUpdate } from '../api/validation/object-meta.js';
export { generateName } from '../api/defaults/admission.js';
