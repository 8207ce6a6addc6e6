/**
 * `kubectl explain` (v1.32) output: a port of kubectl's OpenAPI v3 "plaintext" template
 * (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl) over a served OpenAPI v3 document
 * (src/api/openapi-v3.ts), so that the layout, the type names, the wrapping and the errors are the ones kubectl
 * prints (checked byte for byte against kubectl 1.32 in test/golden/explain).
 *
 * Each method below is one `define` of the template, under the template's name in quotes; Go template truthiness
 * (`truthy`) decides every `if`, `with` and `or` as it does there. kubectl 1.32's template (embedded in the binary)
 * prints no `externalDocs`; later ones do.
 */
import type { GroupVersionResource } from '../api/group-version.js';
import { definitionHasKind, type OpenApiSchema, type OpenApiV3Document } from '../api/openapi-v3.js';
import type { GroupVersionKind } from '../api/schema.js';
import { compareGoStrings } from '../api/patch/json-value.js';
import { goSprint } from './jsonpath/go-format.js';

export interface ExplainRequest {
  /** The resource to explain, in the group-version whose document this is. */
  readonly gvr: GroupVersionResource;
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

/** The schemas a schema leads to other than through its properties: `allOf`, `items`, and map values (not the boolean form). */
function nested(schema: OpenApiSchema): { allOf: readonly OpenApiSchema[]; items?: OpenApiSchema; values?: OpenApiSchema } {
  const values = schema.additionalProperties;
  return {
    allOf: schema.allOf ?? [],
    items: truthy(schema.items) ? schema.items : undefined,
    values: typeof values === 'object' && truthy(values) ? values : undefined,
  };
}

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
  /** Writes the pending spaces and word. */
  const flush = () => {
    current += spaceLen + wordLen;
    out += space + word;
    space = '';
    spaceLen = 0;
    word = '';
    wordLen = 0;
  };
  /** At a newline or the end: the word and its spaces, or trailing spaces only while they fit. */
  const endLine = () => {
    if (wordLen > 0) flush();
    else if (current + spaceLen <= limit) out += space;
    space = '';
    spaceLen = 0;
  };
  for (const char of s) {
    const cp = char.codePointAt(0)!;
    if (char === '\n') {
      endLine();
      out += char;
      current = 0;
    } else if (isGoSpace(cp) && cp !== NBSP) {
      if (spaceLen === 0 || wordLen > 0) flush();
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
  endLine();
  return out;
}

/** The template's `indent`: every line, including empty ones, gets the padding. */
export const indent = (amount: number, s: string): string => {
  const pad = ' '.repeat(amount);
  return pad + s.replaceAll('\n', `\n${pad}`);
};

/** The methods whose operations name the kind, in the template's order. */
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Renders explain output for a resource from the OpenAPI v3 document of its group-version. */
export function explain(document: OpenApiV3Document, request: ExplainRequest): ExplainResult {
  return new Template(document, request.recursive).render(request.gvr, request.fieldPath);
}

class Template {
  constructor(
    private readonly document: OpenApiV3Document,
    private readonly recursive: boolean,
  ) {}

  /** The template's body: the kind from the resource's paths, the header, then "schema". */
  render(gvr: GroupVersionResource, fieldPath: readonly string[]): ExplainResult {
    const gvk = this.kindOf(gvr);
    if (!gvk) return { text: '', error: `error: GVR (${gvr.group}/${gvr.version}, Resource=${gvr.resource}) not found in OpenAPI schema` };
    let text = gvk.group ? `GROUP:      ${gvk.group}\n` : '';
    text += `KIND:       ${gvk.kind}\nVERSION:    ${gvk.version}\n\n`;
    const definition = this.definitionOf(gvk);
    if (!definition) return { text, error: `error: GVK ${goSprint({ group: gvk.group, kind: gvk.kind, version: gvk.version })} not found in OpenAPI schema` };
    const body = this.output(definition, new Set(), fieldPath);
    if (!body) return { text, error: `error: field "${fieldPath[fieldPath.length - 1]}" does not exist` };
    return { text: `${text}${body}\n` };
  }

  /**
   * The x-kubernetes-group-version-kind of the resource's list or item path, cluster-scoped or namespaced; as in
   * the template, a later path that is served overrides an earlier one.
   */
  private kindOf({ group, version, resource }: GroupVersionResource): GroupVersionKind | undefined {
    const prefix = group ? `/apis/${group}` : '/api';
    const searchPaths = [
      `${prefix}/${version}/${resource}`,
      `${prefix}/${version}/${resource}/{name}`,
      `${prefix}/${version}/namespaces/{namespace}/${resource}`,
      `${prefix}/${version}/namespaces/{namespace}/${resource}/{name}`,
    ];
    let gvk: GroupVersionKind | undefined;
    for (const path of searchPaths) {
      const item = this.document.paths[path];
      if (!truthy(item)) continue;
      for (const method of METHODS) {
        const operation = item![method];
        if (!truthy(operation)) continue;
        gvk = operation!['x-kubernetes-group-version-kind'];
        if (truthy(gvk)) break;
      }
    }
    return truthy(gvk) ? gvk : undefined;
  }

  /** "schema": the first definition, in name order, whose x-kubernetes-group-version-kind lists the kind. */
  private definitionOf(gvk: GroupVersionKind): OpenApiSchema | undefined {
    const schemas = this.document.components.schemas;
    const name = Object.keys(schemas)
      .sort(compareGoStrings)
      .find((n) => definitionHasKind(schemas[n]!, gvk));
    return name === undefined ? undefined : schemas[name];
  }

  /** resolveRef: a reference to `#/components/schemas/<name>`, or nothing. */
  private resolve(ref: string | undefined): OpenApiSchema | undefined {
    const prefix = '#/components/schemas/';
    if (!ref?.startsWith(prefix)) return undefined;
    const found = this.document.components.schemas[ref.slice(prefix.length)];
    return truthy(found) ? found : undefined;
  }

  /** "output": follows the field path, then prints the reached schema's description and fields. */
  private output(schema: OpenApiSchema, history: ReadonlySet<string>, fieldPath: readonly string[]): string {
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
    const property = resolved.properties?.[name];
    if (truthy(property)) {
      const head = rest.length ? '' : `FIELD: ${name} <${this.typeGuess(property!)}>\n${extractEnum(property!, { long: true })}\n\n`;
      return head + this.output(property!, new Set(), rest);
    }
    const { allOf, items, values } = nested(resolved);
    if (items) return this.output(items, next, fieldPath);
    if (values) return this.output(values, next, fieldPath);
    for (const alternative of allOf) {
      const s = this.output(alternative, next, fieldPath);
      if (s) return s;
    }
    return '';
  }

  /** "description": the schema's description, then those of what it refers to, its items and its map values. */
  private description(schema: OpenApiSchema): string {
    const node = this.resolve(schema.$ref) ?? schema;
    if (!truthy(node)) return '';
    const { allOf, items, values } = nested(node);
    let s = truthy(node.description) ? `${node.description}\n` : '';
    for (const alternative of allOf) s += this.description(alternative);
    if (items) s += this.description(items);
    if (values) s += this.description(values);
    return s;
  }

  /** "fieldList": one entry per field, sorted by name; nested (and without descriptions) when recursive. */
  private fieldList(schema: OpenApiSchema, level: number, history: ReadonlySet<string>): string {
    const ref = schema.$ref ?? '';
    if (ref && history.has(ref)) return '';
    const next = new Set(history).add(ref);
    const resolved = this.resolve(ref) ?? schema;
    let s = '';
    for (const name of Object.keys(resolved.properties ?? {}).sort(compareGoStrings)) {
      s += this.fieldDetail(resolved, name, level);
      if (this.recursive) s += this.fieldList(resolved.properties![name]!, level + 1, next);
    }
    const { allOf, items, values } = nested(resolved);
    for (const alternative of [...allOf, ...(items ? [items] : []), ...(values ? [values] : [])]) s += this.fieldList(alternative, level, next);
    return s;
  }

  /** "fieldDetail": `name<TAB><type> -required-`, its enum, and unless recursive its wrapped description. */
  private fieldDetail(parent: OpenApiSchema, name: string, level: number): string {
    const amount = level * 2;
    const field = parent.properties![name]!;
    let s = `${indent(amount, name)}\t<${this.typeGuess(field)}>`;
    if (parent.required?.includes(name)) s += ' -required-';
    s += `${extractEnum(field, { long: false, limit: 4, indent: amount })}\n`;
    if (this.recursive) return s;
    return `${s}${indent(amount + 2, wordWrap(truthy(field.description) ? field.description! : '<no description>', 78 - amount))}\n\n`;
  }

  /** "typeGuess": `[]Container`, `map[string]string`, `IntOrString`, `Object`. */
  private typeGuess(schema: OpenApiSchema): string {
    const { allOf, items, values } = nested(schema);
    if (items) return `[]${this.typeGuess(items)}`;
    if (values) return `map[string]${this.typeGuess(values)}`;
    if (allOf.length === 1 && !truthy(schema.properties)) return this.typeGuess(allOf[0]!);
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

/** "extractEnum": `ENUM:` with one value a line for the explained field, `enum: a, b, c, d, ....` under a field in a list. */
function extractEnum(schema: OpenApiSchema, view: { long: true } | { long: false; limit: number; indent: number }): string {
  if (!truthy(schema.enum)) return '';
  let s = view.long ? 'ENUM:' : `\n${' '.repeat(view.indent)}enum: `;
  for (const [i, value] of schema.enum!.entries()) {
    if (!view.long && i >= view.limit) {
      s += ', ....';
      break;
    }
    if (view.long) s += '\n    ';
    else if (i > 0) s += ', ';
    s += value === '' ? '""' : goSprint(value as Parameters<typeof goSprint>[0]);
  }
  return s;
}
