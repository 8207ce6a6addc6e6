/** Field selectors as apimachinery's fields.Selector, and which fields each resource lets a list select on. */
import { goQuote } from './field-error.js';
import { kinds } from './kinds.js';

/** A field selector term: `field=value` (also written `==`) or `field!=value`. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

/** The selectable fields of one object, as fields.Set. */
export type Fields = Readonly<Record<string, string>>;

/** Rewrites one term; both results '' drops the term (fields.TransformFunc). */
export type FieldTransform = (field: string, value: string) => [field: string, value: string];

/** A small immutable field selector, as fields.Selector. */
export interface FieldSelector {
  /** A missing field reads as '': `spec.nodeName=` selects unscheduled pods. */
  matches(fields: Fields): boolean;
  isEmpty(): boolean;
  /** Terms in parsed (sorted) order, values escaped, `==` written `=`. */
  toString(): string;
  requirements(): readonly FieldRequirement[];
  /** The value the selector requires for field (`field=v`), if any. */
  requiresExactMatch(field: string): string | undefined;
  /** A copy with every term rewritten; throws what the transform throws. */
  transform(fn: FieldTransform): FieldSelector;
}

/** A bad field selector, or a field the resource does not support; the message is upstream's. */
export class FieldSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldSelectorError';
  }
}

const get = (f: Fields, k: string) => (Object.prototype.hasOwnProperty.call(f, k) ? f[k]! : '');

/** Escapes `\`, `,` and `=` in a value, as fields.EscapeValue. */
export const escapeFieldValue = (s: string) => s.replace(/[\\,=]/g, (c) => `\\${c}`);

/** Undoes escapeFieldValue, as fields.UnescapeValue; an unescaped `,`/`=` or a bad escape throws upstream's error. */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    // Upstream prints the rune with %v, so the message carries its code point: 44 for ',', 61 for '='.
    else if (c === ',' || c === '=') throw new FieldSelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

class TermsSelector implements FieldSelector {
  constructor(private readonly terms: readonly FieldRequirement[]) {}
  matches(fields: Fields): boolean {
    return this.terms.every((t) => (get(fields, t.field) === t.value) === (t.operator === '='));
  }
  isEmpty(): boolean {
    return this.terms.length === 0;
  }
  toString(): string {
    return this.terms.map((t) => `${t.field}${t.operator}${escapeFieldValue(t.value)}`).join(',');
  }
  requirements(): readonly FieldRequirement[] {
    return this.terms;
  }
  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.operator === '=' && t.field === field)?.value;
  }
  transform(fn: FieldTransform): FieldSelector {
    const out: FieldRequirement[] = [];
    for (const t of this.terms) {
      const [field, value] = fn(t.field, t.value);
      if (field === '' && value === '') continue;
      out.push({ field, operator: t.operator, value });
    }
    return new TermsSelector(out);
  }
}

const everythingFields = new TermsSelector([]);

/** Matches every object (fields.Everything()). */
export const everything = (): FieldSelector => everythingFields;

/** `field=value`, as fields.OneTermEqualSelector (what `kubectl get pod NAME --watch` sends as metadata.name=NAME). */
export const oneTermEqualSelector = (field: string, value: string): FieldSelector => new TermsSelector([{ field, operator: '=', value }]);

/** `field!=value`, as fields.OneTermNotEqualSelector. */
export const oneTermNotEqualSelector = (field: string, value: string): FieldSelector => new TermsSelector([{ field, operator: '!=', value }]);

/** Every pair as `field=value` (fields.SelectorFromSet); undefined selects everything. */
export function fieldSelectorFromSet(set: Fields | undefined): FieldSelector {
  if (!set) return everythingFields;
  return new TermsSelector(Object.keys(set).map((field) => ({ field, operator: '=' as const, value: set[field]! })));
}

/** All terms of all selectors, as fields.AndSelectors. */
export const andSelectors = (...selectors: FieldSelector[]): FieldSelector => new TermsSelector(selectors.flatMap((s) => [...s.requirements()]));

// Commas split terms unless escaped; the backslash stays for unescapeFieldValue.
function splitTerms(selector: string): string[] {
  if (selector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

// The first operator in the term splits it; "!=" and "==" are tried before "=" at each position.
const termOperators = ['!=', '==', '='] as const;
function splitTerm(term: string): [string, (typeof termOperators)[number], string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
  }
  return undefined;
}

/**
 * Parses `--field-selector` / `fieldSelector` syntax, as fields.ParseSelector: comma-separated `f=v`, `f==v`, `f!=v`,
 * terms sorted, empty terms skipped, no whitespace trimming, `\,` `\=` `\\` escapes in values. Throws FieldSelectorError.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitTerms(selector).sort();
  const terms: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [field, op, rhs] = split;
    terms.push({ field, operator: op === '!=' ? '!=' : '=', value: unescapeFieldValue(rhs) });
  }
  return new TermsSelector(terms);
}

// ---- Which fields each resource supports (registries' GetAttrs, and the API scheme's field label conversions) ----

type Obj = { metadata?: { name?: string; namespace?: string }; [k: string]: unknown };
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const int = (v: unknown): string => String(typeof v === 'number' ? Math.trunc(v) : 0);
const bool = (v: unknown): string => String(v === true);
const path = (o: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => rec(v)[k], o);

/** generic.ObjectMetaFieldsSet: metadata.name, plus metadata.namespace for namespaced resources. */
function objectMetaFields(obj: Obj, namespaced: boolean): Record<string, string> {
  const meta = rec(obj.metadata);
  return namespaced ? { 'metadata.name': str(meta.name), 'metadata.namespace': str(meta.namespace) } : { 'metadata.name': str(meta.name) };
}

// The v1 Pod keeps podIP and podIPs; the internal one only podIPs, filled from podIP when podIPs is empty.
const podIP = (status: unknown) => str(path(status, 'podIP')) || str(path(path(status, 'podIPs'), '0', 'ip'));

function podFields(o: Obj): Record<string, string> {
  const spec = rec(o.spec);
  const status = rec(o.status);
  return {
    'spec.nodeName': str(spec.nodeName),
    'spec.restartPolicy': str(spec.restartPolicy),
    'spec.schedulerName': str(spec.schedulerName),
    'spec.serviceAccountName': str(spec.serviceAccountName),
    'spec.hostNetwork': bool(spec.hostNetwork),
    'status.phase': str(status.phase),
    'status.podIP': podIP(status),
    'status.nominatedNodeName': str(status.nominatedNodeName),
    ...objectMetaFields(o, true),
  };
}

// Events are stored as core/v1 Events; an events.k8s.io/v1 object names the same fields differently.
function eventFields(o: Obj): Record<string, string> {
  const isEventsV1 = str(o.apiVersion).startsWith('events.k8s.io/');
  const involved = rec(isEventsV1 ? o.regarding : o.involvedObject);
  const reporting = str(isEventsV1 ? o.reportingController : o.reportingComponent);
  const sourceComponent = str(path(isEventsV1 ? o.deprecatedSource : o.source, 'component'));
  return {
    'involvedObject.kind': str(involved.kind),
    'involvedObject.namespace': str(involved.namespace),
    'involvedObject.name': str(involved.name),
    'involvedObject.uid': str(involved.uid),
    'involvedObject.apiVersion': str(involved.apiVersion),
    'involvedObject.resourceVersion': str(involved.resourceVersion),
    'involvedObject.fieldPath': str(involved.fieldPath),
    reason: str(o.reason),
    reportingComponent: reporting,
    source: sourceComponent || reporting,
    type: str(o.type),
    ...objectMetaFields(o, true),
  };
}

/** How one resource answers to field selectors. */
interface FieldTable {
  /** The labels its API version accepts, each mapped to the label the registry's field set uses. */
  readonly accepts: Readonly<Record<string, string>>;
  /** The error upstream's conversion function returns for any other label. */
  readonly unsupported: (label: string) => string;
  /** The selectable fields of an object, as the registry's GetAttrs / ToSelectableFields. */
  readonly fields: (obj: Obj) => Record<string, string>;
}

const same = (...labels: string[]) => Object.fromEntries(labels.map((l) => [l, l]));
const coreUnsupported = (label: string) => `field label not supported: ${label}`;
const defaultUnsupported = (label: string) => `${goQuote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`;
const defaultAccepts = same('metadata.name', 'metadata.namespace');

/** Selectable fields per resource (`plural` for the core group, `plural.group` otherwise); others get the default. */
const tables: Readonly<Record<string, FieldTable>> = {
  // pkg/apis/core/v1/conversion.go + pkg/registry/core/pod/strategy.go. status.podIPs is accepted but never set
  // in the field set, so it only matches the empty value; spec.host is an old name of spec.nodeName.
  pods: {
    accepts: {
      ...same(
        'metadata.name',
        'metadata.namespace',
        'spec.nodeName',
        'spec.restartPolicy',
        'spec.schedulerName',
        'spec.serviceAccountName',
        'spec.hostNetwork',
        'status.phase',
        'status.podIP',
        'status.podIPs',
        'status.nominatedNodeName',
      ),
      'spec.host': 'spec.nodeName',
    },
    unsupported: coreUnsupported,
    fields: podFields,
  },
  nodes: {
    accepts: same('metadata.name', 'spec.unschedulable'),
    unsupported: coreUnsupported,
    fields: (o) => ({ ...objectMetaFields(o, false), 'spec.unschedulable': bool(path(o, 'spec', 'unschedulable')) }),
  },
  replicationcontrollers: {
    accepts: same('metadata.name', 'metadata.namespace', 'status.replicas'),
    unsupported: coreUnsupported,
    fields: (o) => ({ ...objectMetaFields(o, true), 'status.replicas': int(path(o, 'status', 'replicas')) }),
  },
  events: {
    accepts: same(
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
      'metadata.namespace',
      'metadata.name',
    ),
    unsupported: coreUnsupported,
    fields: eventFields,
  },
  // The registry also sets a legacy "name" field; the v1 API does not accept it.
  namespaces: {
    accepts: same('status.phase', 'metadata.name'),
    unsupported: coreUnsupported,
    fields: (o) => ({ ...objectMetaFields(o, false), 'status.phase': str(path(o, 'status', 'phase')), name: str(o.metadata?.name) }),
  },
  secrets: {
    accepts: same('type', 'metadata.namespace', 'metadata.name'),
    unsupported: coreUnsupported,
    fields: (o) => ({ ...objectMetaFields(o, true), type: str(o.type) }),
  },
  services: {
    accepts: same('metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'),
    unsupported: coreUnsupported,
    fields: (o) => ({
      ...objectMetaFields(o, true),
      'spec.clusterIP': str(path(o, 'spec', 'clusterIP')) || str(path(o, 'spec', 'clusterIPs', '0')),
      'spec.type': str(path(o, 'spec', 'type')),
    }),
  },
  persistentvolumes: {
    accepts: defaultAccepts,
    unsupported: defaultUnsupported,
    fields: (o) => ({ ...objectMetaFields(o, false), name: str(o.metadata?.name) }),
  },
  persistentvolumeclaims: {
    accepts: defaultAccepts,
    unsupported: defaultUnsupported,
    fields: (o) => ({ ...objectMetaFields(o, true), name: str(o.metadata?.name) }),
  },
  // apps/v1 registers no field label conversion, so status.replicas (in the registry's field set) is refused
  // by the API with the default message: kubernetes/kubernetes#135136.
  'replicasets.apps': {
    accepts: defaultAccepts,
    unsupported: defaultUnsupported,
    fields: (o) => ({ ...objectMetaFields(o, true), 'status.replicas': int(path(o, 'status', 'replicas')) }),
  },
  // pkg/apis/batch/v1/conversion.go: the field is status.successful, read from status.succeeded.
  'jobs.batch': {
    accepts: same('metadata.name', 'metadata.namespace', 'status.successful'),
    unsupported: (label) => `field label ${goQuote(label)} not supported for batchv1.Job`,
    fields: (o) => ({ ...objectMetaFields(o, true), 'status.successful': int(path(o, 'status', 'succeeded')) }),
  },
  'certificatesigningrequests.certificates.k8s.io': {
    accepts: same('metadata.name', 'spec.signerName'),
    unsupported: coreUnsupported,
    fields: (o) => ({ ...objectMetaFields(o, false), 'spec.signerName': str(path(o, 'spec', 'signerName')) }),
  },
  // pkg/apis/events/v1/conversion.go: the events.k8s.io names map onto the core Event's field set.
  'events.events.k8s.io': {
    accepts: {
      reason: 'reason',
      'regarding.kind': 'involvedObject.kind',
      'regarding.namespace': 'involvedObject.namespace',
      'regarding.name': 'involvedObject.name',
      'regarding.uid': 'involvedObject.uid',
      'regarding.apiVersion': 'involvedObject.apiVersion',
      'regarding.resourceVersion': 'involvedObject.resourceVersion',
      'regarding.fieldPath': 'involvedObject.fieldPath',
      reportingController: 'reportingComponent',
      source: 'source',
      type: 'type',
      'metadata.namespace': 'metadata.namespace',
      'metadata.name': 'metadata.name',
    },
    unsupported: coreUnsupported,
    fields: eventFields,
  },
};

// `replicasets` alone means the served group's resource, as the kinds table knows it.
function tableKey(resource: string): string {
  if (Object.prototype.hasOwnProperty.call(tables, resource)) return resource;
  const k = kinds.find((x) => x.plural === resource);
  if (k) return k.group ? `${resource}.${k.group}` : resource;
  // Resources outside the kinds table (certificatesigningrequests) by their one table entry.
  const matches = Object.keys(tables).filter((key) => key.startsWith(`${resource}.`));
  return matches.length === 1 ? matches[0]! : resource;
}

function tableOf(resource: string): FieldTable | undefined {
  const key = tableKey(resource);
  return Object.prototype.hasOwnProperty.call(tables, key) ? tables[key] : undefined;
}

function isNamespaced(resource: string, obj: Obj): boolean {
  const key = tableKey(resource);
  const k = kinds.find((x) => (x.group ? `${x.plural}.${x.group}` : x.plural) === key);
  return k ? k.namespaced : str(obj.metadata?.namespace) !== '';
}

/**
 * The selectable fields of an object of a resource (`pods`, `jobs.batch`, `replicasets`), as the registry's
 * GetAttrs: metadata.name (and metadata.namespace when namespaced) plus the resource's own fields.
 */
export function fieldsOf(resource: string, obj: Obj): Record<string, string> {
  const t = tableOf(resource);
  return t ? t.fields(obj) : objectMetaFields(obj, isNamespaced(resource, obj));
}

/** The field labels a resource's API accepts (for help texts and completion). */
export function supportedFieldLabels(resource: string): string[] {
  return Object.keys(tableOf(resource)?.accepts ?? defaultAccepts);
}

/**
 * Checks and rewrites a parsed selector for a resource, as the API server's ConvertFieldLabel transform:
 * unknown fields throw upstream's message (`field label not supported: spec.foo`,
 * `"spec.foo" is not a known field selector: only "metadata.name", "metadata.namespace"`), old names are renamed.
 */
export function convertFieldSelector(resource: string, selector: FieldSelector): FieldSelector {
  const t = tableOf(resource);
  const accepts = t?.accepts ?? defaultAccepts;
  const unsupported = t?.unsupported ?? defaultUnsupported;
  return selector.transform((field, value) => {
    if (!Object.prototype.hasOwnProperty.call(accepts, field)) throw new FieldSelectorError(unsupported(field));
    return [accepts[field]!, value];
  });
}

/** Parses a fieldSelector for a resource and converts it; what a list or watch request does with `fieldSelector`. */
export function fieldSelectorFor(resource: string, selector: string): FieldSelector {
  return convertFieldSelector(resource, parseFieldSelector(selector));
}

/** The message of what is wrong with a field selector for a resource, or undefined when the API would accept it. */
export function validateFieldSelector(resource: string, selector: string): string | undefined {
  try {
    fieldSelectorFor(resource, selector);
    return undefined;
  } catch (e) {
    if (e instanceof FieldSelectorError) return e.message;
    throw e;
  }
}
