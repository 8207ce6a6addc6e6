/**
 * `kubectl explain` (v1.32) output: a port of kubectl's OpenAPI v3 "plaintext" template
 * (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl) over kubesim's API schema, so
 * that the layout, the type names, the wrapping and the errors are the ones kubectl prints (checked byte
 * for byte against kubectl 1.32 in test/golden/explain).
 *
 * The template walks the server's OpenAPI v3 document, where a `$ref` can have no siblings: a described
 * reference is `{description, allOf: [{$ref}]}`. kubesim's schema keeps `$ref` beside `description`, so
 * every schema read here is first seen in the served shape (`servedShape`), which is what makes
 * `explain pods.metadata` print the field's description and then its type's, as kubectl does.
 */
import { REF_PREFIX, type Definition, type GroupVersionKind } from '../api/schema.js';
import { compareGoStrings } from '../api/patch/json-value.js';
import { goSprint } from './jsonpath/go-format.js';

/** The parts of an OpenAPI v3 schema the template reads. */
export interface SchemaNode {
  readonly description?: string;
  readonly type?: string;
  readonly $ref?: string;
  readonly allOf?: readonly SchemaNode[];
  readonly items?: SchemaNode;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
}

export interface ExplainRequest {
  /** The kind to explain, as the server's paths name it. */
  readonly gvk: GroupVersionKind;
  /** Field names below the kind (`spec`, `containers`); empty for the kind itself. */
  readonly fieldPath: readonly string[];
  readonly recursive: boolean;
}

/** What kubectl wrote to stdout, and the error it then failed with (the header is printed before a field error). */
export interface ExplainResult {
  readonly text: string;
  readonly error?: string;
}

/** Go template truthiness: empty strings, maps, lists, zero and false are false. */
function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** `additionalProperties` when it is a schema (not the boolean form), as the template's `printf "%T"` check. */
const mapValues = (node: SchemaNode): SchemaNode | undefined =>
  typeof node.additionalProperties === 'object' && truthy(node.additionalProperties) ? node.additionalProperties : undefined;

const served = new WeakMap<SchemaNode, SchemaNode>();

/** A schema as /openapi/v3 serves it: a `$ref` with siblings becomes `allOf: [{$ref}]` beside them. */
export function servedShape(node: SchemaNode): SchemaNode {
  const known = served.get(node);
  if (known) return known;
  let shaped = node;
  if (node.$ref !== undefined && Object.keys(node).some((k) => k !== '$ref' && !k.startsWith('x-kubesim-'))) {
    const { $ref, ...rest } = node;
    shaped = { ...rest, allOf: [{ $ref }] };
  }
  served.set(node, shaped);
  return shaped;
}

const property = (node: SchemaNode, name: string): SchemaNode | undefined => {
  const p = node.properties?.[name];
  return p === undefined ? undefined : servedShape(p);
};
const itemsOf = (node: SchemaNode) => (truthy(node.items) ? servedShape(node.items!) : undefined);
const valuesOf = (node: SchemaNode) => {
  const v = mapValues(node);
  return v === undefined ? undefined : servedShape(v);
};
const allOf = (node: SchemaNode): readonly SchemaNode[] => (node.allOf ?? []).map(servedShape);
const sortedNames = (node: SchemaNode) => Object.keys(node.properties ?? {}).sort(compareGoStrings);

/** Go's unicode.IsSpace. */
function isGoSpace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x20 ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

const NBSP = 0xa0;

/**
 * github.com/mitchellh/go-wordwrap v1.0.1 WrapString, what kubectl's `wrap` uses: breaks only at white space
 * (not at a no-break space), counts runes, drops the spaces where it breaks, keeps existing newlines, and lets a
 * word longer than the limit overflow its line.
 */
export function wordWrap(s: string, limit: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let wordLen = 0;
  let space = '';
  let spaceLen = 0;
  for (const char of s) {
    const cp = char.codePointAt(0)!;
    if (char === '\n') {
      if (wordLen === 0) {
        if (current + spaceLen > limit) current = 0;
        else {
          current += spaceLen;
          out += space;
        }
      } else {
        current += spaceLen + wordLen;
        out += space + word;
        word = '';
        wordLen = 0;
      }
      space = '';
      spaceLen = 0;
      out += char;
      current = 0;
    } else if (isGoSpace(cp) && cp !== NBSP) {
      if (spaceLen === 0 || wordLen > 0) {
        current += spaceLen + wordLen;
        out += space + word;
        space = '';
        spaceLen = 0;
        word = '';
        wordLen = 0;
      }
      space += char;
      spaceLen++;
    } else {
      word += char;
      wordLen++;
      if (current + spaceLen + wordLen > limit && wordLen < limit) {
        out += '\n';
        current = 0;
        space = '';
        spaceLen = 0;
      }
    }
  }
  if (wordLen === 0) {
    if (current + spaceLen <= limit) out += space;
  } else out += space + word;
  return out;
}

/** The template's `indent`: every line, including empty ones, gets the padding. */
export const indent = (amount: number, s: string): string => {
  const pad = ' '.repeat(amount);
  return pad + s.replaceAll('\n', `\n${pad}`);
};

/** Renders explain output for one kind of a schema (definitions keyed by name, as `components.schemas`). */
export function explain(schemas: Readonly<Record<string, Definition | SchemaNode>>, request: ExplainRequest): ExplainResult {
  return new Template(schemas, request.recursive).render(request.gvk, request.fieldPath);
}

class Template {
  constructor(
    private readonly schemas: Readonly<Record<string, Definition | SchemaNode>>,
    private readonly recursive: boolean,
  ) {}

  render(gvk: GroupVersionKind, fieldPath: readonly string[]): ExplainResult {
    let text = '';
    if (gvk.group) text += `GROUP:      ${gvk.group}\n`;
    text += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
    const definition = this.definitionOf(gvk);
    if (!definition) return { text, error: `error: GVK ${goSprint({ group: gvk.group, kind: gvk.kind, version: gvk.version })} not found in OpenAPI schema` };
    const body = this.output(definition, new Set(), fieldPath);
    if (!body) return { text, error: `error: field "${fieldPath[fieldPath.length - 1]}" does not exist` };
    return { text: `${text}${body}\n` };
  }

  /** The first definition, in name order, whose x-kubernetes-group-version-kind lists the kind. */
  private definitionOf(gvk: GroupVersionKind): SchemaNode | undefined {
    for (const name of Object.keys(this.schemas).sort(compareGoStrings)) {
      const definition = this.schemas[name] as Definition;
      if (definition['x-kubernetes-group-version-kind']?.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind)) {
        return definition as SchemaNode;
      }
    }
    return undefined;
  }

  /** The template's resolveRef: only `#/components/schemas/<name>` references resolve. */
  private resolve(ref: string | undefined): SchemaNode | undefined {
    if (!ref?.startsWith(REF_PREFIX)) return undefined;
    const found = this.schemas[ref.slice(REF_PREFIX.length)] as SchemaNode | undefined;
    return truthy(found) ? found : undefined;
  }

  /** Follows the field path, then prints the reached schema's description and fields ("output"). */
  private output(schema: SchemaNode, history: ReadonlySet<string>, fieldPath: readonly string[]): string {
    const ref = schema.$ref ?? '';
    const next = new Set(history).add(ref);
    const resolved = this.resolve(ref) ?? schema;
    if (!fieldPath.length) {
      let s = `DESCRIPTION:\n${indent(4, wordWrap(this.description(resolved) || '<empty>', 76))}\n`;
      const fields = this.fieldList(resolved, 1, new Set());
      if (fields) s += `FIELDS:\n${fields}`;
      return s;
    }
    if (ref && history.has(ref)) return '';
    const [name, ...rest] = fieldPath as [string, ...string[]];
    const sub = property(resolved, name);
    if (truthy(sub)) {
      const head = rest.length ? '' : `FIELD: ${name} <${this.typeGuess(sub!)}>\n${extractEnum(sub!, { long: true })}\n\n`;
      return head + this.output(sub!, new Set(), rest);
    }
    const items = itemsOf(resolved);
    if (items) return this.output(items, next, fieldPath);
    const values = valuesOf(resolved);
    if (values) return this.output(values, next, fieldPath);
    for (const alternative of allOf(resolved)) {
      const s = this.output(alternative, next, fieldPath);
      if (s) return s;
    }
    return '';
  }

  /** The schema's description, then those of what it refers to, its items and its map values ("description"). */
  private description(schema: SchemaNode): string {
    const node = this.resolve(schema.$ref) ?? schema;
    if (!truthy(node)) return '';
    let s = truthy(node.description) ? `${node.description}\n` : '';
    for (const alternative of allOf(node)) s += this.description(alternative);
    const items = itemsOf(node);
    if (items) s += this.description(items);
    const values = valuesOf(node);
    if (values) s += this.description(values);
    return s;
  }

  /** One entry per field, sorted by name; nested (and without descriptions) when recursive ("fieldList"). */
  private fieldList(schema: SchemaNode, level: number, history: ReadonlySet<string>): string {
    const ref = schema.$ref ?? '';
    if (ref && history.has(ref)) return '';
    const next = new Set(history).add(ref);
    const resolved = this.resolve(ref) ?? schema;
    let s = '';
    for (const name of sortedNames(resolved)) {
      s += this.fieldDetail(resolved, name, level);
      if (this.recursive) s += this.fieldList(property(resolved, name)!, level + 1, next);
    }
    for (const alternative of allOf(resolved)) s += this.fieldList(alternative, level, next);
    const items = itemsOf(resolved);
    if (items) s += this.fieldList(items, level, next);
    const values = valuesOf(resolved);
    if (values) s += this.fieldList(values, level, next);
    return s;
  }

  /** `name<TAB><type> -required-`, its enum, and unless recursive its wrapped description ("fieldDetail"). */
  private fieldDetail(parent: SchemaNode, name: string, level: number): string {
    const amount = level * 2;
    const field = property(parent, name)!;
    let s = `${indent(amount, name)}\t<${this.typeGuess(field)}>`;
    if (parent.required?.includes(name)) s += ' -required-';
    s += `${extractEnum(field, { long: false, limit: 4, indent: amount })}\n`;
    if (!this.recursive) s += `${indent(amount + 2, wordWrap(truthy(field.description) ? field.description! : '<no description>', 78 - amount))}\n\n`;
    return s;
  }

  /** `[]Container`, `map[string]string`, `IntOrString`, `Object` ("typeGuess"). */
  private typeGuess(schema: SchemaNode): string {
    const items = itemsOf(schema);
    if (items) return `[]${this.typeGuess(items)}`;
    const values = valuesOf(schema);
    if (values) return `map[string]${this.typeGuess(values)}`;
    const alternatives = allOf(schema);
    if (alternatives.length === 1 && !truthy(schema.properties)) return this.typeGuess(alternatives[0]!);
    if (truthy(schema.$ref)) {
      const ref = schema.$ref!;
      const target = this.resolve(ref);
      if (!target || !truthy(target.type) || target.type === 'object') return ref.split('/').pop()!.split('.').pop() || 'Object';
      return target.type!;
    }
    if (schema.type === 'object') return 'Object';
    return truthy(schema.type) ? schema.type! : 'Object';
  }
}

/** `ENUM:` with one value a line for the explained field, `enum: a, b, c, d, ....` under a field in a list ("extractEnum"). */
function extractEnum(schema: SchemaNode, view: { long: true } | { long: false; limit: number; indent: number }): string {
  if (!truthy(schema.enum)) return '';
  const limit = view.long ? -1 : view.limit;
  let s = view.long ? 'ENUM:' : `\n${' '.repeat(view.indent)}enum: `;
  for (const [i, value] of schema.enum!.entries()) {
    if (limit > -1 && i >= limit) {
      s += ', ....';
      break;
    }
    if (i > 0 && !view.long) s += ', ';
    else if (view.long) s += '\n    ';
    s += value === '' ? '""' : goSprint(value);
  }
  return s;
}
