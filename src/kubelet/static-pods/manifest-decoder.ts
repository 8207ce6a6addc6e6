/**
 * A static pod manifest into a pod, as the kubelet's file source does (pkg/kubelet/config/common.go,
 * tryDecodeSinglePod and applyDefaults, v1.32): YAML to JSON, the universal decoder (lenient: unknown fields are
 * dropped, type errors refuse), the API's defaults, a name, then the kubelet's own defaults (name suffixed with the
 * node, namespace default, a UID hashed from the pod, the node and the file, the config.hash annotation, a NoExecute
 * toleration, phase Pending) and ValidatePodCreate. Errors read as the kubelet logs them.
 */
import { createHash } from 'node:crypto';
import { applyDefaults } from '../../api/defaults/index.js';
import { kindFor } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import { marshalGoJSON } from '../../api/patch/go-json.js';
import { getDefinition, refName, type PropertySchema } from '../../api/schema.js';
import { decodeProblems } from '../../api/strict-decode.js';
import { goJSONObjectError } from '../../api/validation/go-json.js';
import { podValidationOptions, validatePod } from '../../api/validation/pod.js';
import { yamlToJSON } from '../../api/yaml/go-yaml.js';

export const ConfigHashAnnotationKey = 'kubernetes.io/config.hash';
export const ConfigMirrorAnnotationKey = 'kubernetes.io/config.mirror';
export const ConfigFirstSeenAnnotationKey = 'kubernetes.io/config.seen';
export const ConfigSourceAnnotationKey = 'kubernetes.io/config.source';
/** kubetypes.FileSource: the value of config.source for static pods read from files. */
export const FileSource = 'file';

/** The scheme the kubelet decodes with, as Go's not-registered errors name it. */
const LEGACY_SCHEME = 'pkg/api/legacyscheme/scheme.go:30';
const FIND_KIND_TYPE = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

export type DecodeResult =
  | { ok: true; pod: KubeObject }
  /** parsed: the text was a pod, but not a valid one (the kubelet then reports the error without its "couldn't parse" wrapping). */
  | { ok: false; parsed: boolean; error: string };

export interface DecodeOptions {
  nodeName: string;
  /** The manifest's path on the node: part of the pod's UID, as `file:<path>` is in upstream's hash. */
  source: string;
}

/** tryDecodeSinglePod followed by extractFromFile's wording: the error text the kubelet logs for this file, or the pod. */
export function decodeManifestFile(data: string, opts: DecodeOptions): { pod: KubeObject } | { error: string } {
  const result = decodeStaticPod(data, opts);
  if (result.ok) return { pod: result.pod };
  if (result.parsed) return { error: result.error };
  return { error: `${opts.source}: couldn't parse as pod(${result.error}), please check config file` };
}

/** tryDecodeSinglePod with the file source's defaulting. */
export function decodeStaticPod(data: string, opts: DecodeOptions): DecodeResult {
  const decoded = universalDecode(data);
  if (!decoded.ok) return { ok: false, parsed: false, error: decoded.error };
  const pod = decoded.pod;
  if (!pod.metadata.name) return { ok: false, parsed: true, error: 'invalid pod: name is needed for the pod' };
  applyFileDefaults(pod, opts);
  const errs = validatePod(pod, podValidationOptions(pod, undefined));
  // fmt's %v of a field.ErrorList: the errors in brackets, separated by spaces.
  if (errs.length > 0) return { ok: false, parsed: true, error: `invalid pod: [${errs.map(String).join(' ')}]` };
  const spec = pod.spec as { volumes?: { projected?: { sources?: { clusterTrustBundle?: unknown }[] } }[]; resourceClaims?: unknown[] };
  if ((spec.volumes ?? []).some((v) => (v.projected?.sources ?? []).some((s) => s.clusterTrustBundle))) {
    return { ok: false, parsed: true, error: 'static pods may not use ClusterTrustBundle projected volume sources' };
  }
  if ((spec.resourceClaims ?? []).length > 0) return { ok: false, parsed: true, error: 'static pods may not use ResourceClaims' };
  return { ok: true, pod };
}

/**
 * runtime.Decode(legacyscheme.Codecs.UniversalDecoder(), utilyaml.ToJSON(data)): JSON is read as is, YAML converted;
 * the kind must be a registered one; then the lenient JSON decoding into a v1.Pod and the scheme's defaults.
 */
function universalDecode(data: string): { ok: true; pod: KubeObject } | { ok: false; error: string } {
  // utilyaml.ToJSON passes text that starts with '{' through untouched.
  const isJSON = data.trimStart().startsWith('{');
  let value: unknown;
  let original: string;
  if (isJSON) {
    const syntax = goJSONObjectError(data);
    if (syntax !== undefined) return { ok: false, error: `couldn't get version/kind; json parse error: ${syntax}` };
    value = JSON.parse(data);
    original = data;
  } else {
    const converted = yamlToJSON(data);
    if (!converted.ok) return { ok: false, error: converted.error };
    value = converted.value;
    original = marshalGoJSON(value);
  }

  // The meta factory's Interpret: apiVersion and kind into a small struct.
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    const type = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
    return { ok: false, error: `couldn't get version/kind; json parse error: json: cannot unmarshal ${type} into Go value of type ${FIND_KIND_TYPE}` };
  }
  const obj = (value ?? {}) as Record<string, unknown>;
  for (const field of ['apiVersion', 'kind'] as const) {
    const v = obj[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      const type = Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'bool' : typeof v;
      return { ok: false, error: `couldn't get version/kind; json parse error: json: cannot unmarshal ${type} into Go struct field .${field} of type string` };
    }
  }
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  // schema.ParseGroupVersion refuses more than one slash, which leaves the version empty.
  const version = apiVersion.split('/').length > 2 ? '' : apiVersion;
  if (!kind) return { ok: false, error: `Object 'Kind' is missing in '${original}'` };
  if (!version) return { ok: false, error: `Object 'apiVersion' is missing in '${original}'` };
  if (version !== 'v1' || kind !== 'Pod') {
    // Other core kinds decode, and the kubelet then refuses them as `invalid pod: &core.Service{...}` (Go's %#v).
    if (version === 'v1' && kindFor('v1', kind)) return { ok: false, error: `invalid pod: &core.${kind}{...}` };
    return { ok: false, error: `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(version)} in scheme ${JSON.stringify(LEGACY_SCHEME)}` };
  }

  const problems = decodeProblems(obj, { group: '', version: 'v1', kind: 'Pod' }, { keyOrder: isJSON ? 'given' : 'sorted' });
  if (problems.fatal !== undefined) return { ok: false, error: problems.fatal };
  const pod = pruneToSchema(obj, 'io.k8s.api.core.v1.Pod') as KubeObject;
  pod.apiVersion = 'v1';
  pod.kind = 'Pod';
  pod.metadata ??= {};
  applyDefaults(pod);
  return { ok: true, pod };
}

/** applyDefaults in pkg/kubelet/config/common.go, for a pod from a file. */
function applyFileDefaults(pod: KubeObject, opts: DecodeOptions): void {
  const meta = pod.metadata;
  if (!meta.uid) {
    // Upstream hashes the decoded pod (hash.DeepHashObject), then the host and the file, with md5.
    const hasher = createHash('md5');
    hasher.update(marshalGoJSON(pod));
    hasher.update(`host:${opts.nodeName}`);
    hasher.update(`file:${opts.source}`);
    meta.uid = hasher.digest('hex');
  }
  meta.name = `${meta.name}-${opts.nodeName.toLowerCase()}`;
  if (!meta.namespace) meta.namespace = 'default';
  const spec = (pod.spec ??= {}) as { nodeName?: string; tolerations?: Record<string, unknown>[] };
  spec.nodeName = opts.nodeName;
  meta.annotations = { ...meta.annotations, [ConfigHashAnnotationKey]: meta.uid };
  addOrUpdateToleration(spec, { operator: 'Exists', effect: 'NoExecute' });
  pod.status = { ...(pod.status as object | undefined), phase: 'Pending' };
}

/**
 * helper.AddOrUpdateTolerationInPod: a toleration with the same key, operator, value and effect is replaced (so a
 * tolerationSeconds on it goes), else the toleration is appended. Static pods stay on a node with problems.
 */
function addOrUpdateToleration(spec: { tolerations?: Record<string, unknown>[] }, toleration: Record<string, unknown>): void {
  const field = (t: Record<string, unknown>, k: string) => (typeof t[k] === 'string' ? t[k] : '');
  const matches = (t: Record<string, unknown>) => ['key', 'operator', 'value', 'effect'].every((k) => field(t, k) === field(toleration, k));
  const existing = spec.tolerations ?? [];
  if (existing.some((t) => matches(t))) {
    spec.tolerations = existing.map((t) => (matches(t) ? { ...toleration } : t));
    return;
  }
  spec.tolerations = [...existing, { ...toleration }];
}

/**
 * What Go's lenient JSON decoding keeps of a value: the fields its struct declares (case-sensitive, as
 * sigs.k8s.io/json decodes), without nulls. Custom scalar types (quantities, times, int-or-string) stay as they are.
 */
export function pruneToSchema(value: unknown, definition: string): unknown {
  const def = getDefinition(definition);
  if (!def?.properties || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const property = def.properties[key];
    if (!property || v === null || v === undefined) continue;
    out[key] = pruneProperty(v, property);
  }
  return out;
}

function pruneProperty(v: unknown, property: PropertySchema): unknown {
  if (property.$ref !== undefined) return pruneToSchema(v, refName(property.$ref));
  if (property.type === 'array' && property.items && Array.isArray(v)) return v.map((x) => (x === null ? x : pruneProperty(x, property.items!)));
  if (property.type === 'object' && property.additionalProperties && v && typeof v === 'object' && !Array.isArray(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = x === null ? x : pruneProperty(x, property.additionalProperties);
    return out;
  }
  return v;
}
