/**
 * The API schema (every kind and field of the upstream API, with descriptions) in OpenAPI v3 shape, generated at
 * build time by scripts/gen-schema.mjs from kubernetes-types into src/api/generated/schema.json. It is read once,
 * on first use, from the source tree's copy (the same file for sources, dist/ and the bundled CLI).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../util/package-root.js';

export type SchemaType = 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array';

/** A field's schema: a scalar, an array, a map (`additionalProperties`) or a reference to a definition. */
export interface PropertySchema {
  readonly description?: string;
  readonly type?: SchemaType;
  /** int32, int64, double, byte (base64), date-time, int-or-string. */
  readonly format?: string;
  readonly $ref?: string;
  readonly items?: PropertySchema;
  readonly additionalProperties?: PropertySchema;
  readonly readOnly?: boolean;
  /** The upstream Go type when it is a named type (`v1.Protocol`, `v1.ResourceList`): Go's decoding errors print it. */
  readonly 'x-kubesim-go-type'?: string;
}

export interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

export interface Definition {
  readonly description?: string;
  readonly type?: SchemaType;
  readonly format?: string;
  /** Quantity (string or number) and IntOrString (integer or string), as upstream's OpenAPI v3 says. */
  readonly oneOf?: readonly { readonly type: SchemaType }[];
  readonly properties?: Readonly<Record<string, PropertySchema>>;
  readonly required?: readonly string[];
  readonly 'x-kubernetes-group-version-kind'?: readonly GroupVersionKind[];
}

export interface SchemaDocument {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly components: { readonly schemas: Readonly<Record<string, Definition>> };
}

/** What `$ref`s point at: definitions are keyed by upstream name (`io.k8s.api.apps.v1.DaemonSet`). */
export const REF_PREFIX = '#/components/schemas/';

const schemaPath = join(packageRoot, 'src', 'api', 'generated', 'schema.json');

let document: SchemaDocument | undefined;
let byGroupVersionKind: Map<string, string> | undefined;

/** The whole schema document, read on first use. */
export function schemaDocument(): SchemaDocument {
  if (document) return document;
  let text: string;
  try {
    text = readFileSync(schemaPath, 'utf8');
  } catch {
    throw new Error('kubesim: src/api/generated/schema.json is missing; run `npm run build` (it runs scripts/gen-schema.mjs)');
  }
  document = JSON.parse(text) as SchemaDocument;
  return document;
}

/** The definition name a `$ref` points at (`#/components/schemas/X` -> `X`); a bare name is returned as is. */
export const refName = (ref: string): string => (ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : ref);

/** A definition by `$ref` or by name. */
export function getDefinition(ref: string): Definition | undefined {
  return schemaDocument().components.schemas[refName(ref)];
}

const gvkKey = (group: string, version: string, kind: string) => `${group}/${version}/${kind}`;

/** The definition of a top-level kind, found through its x-kubernetes-group-version-kind. */
export function definitionFor(group: string, version: string, kind: string): { readonly name: string; readonly definition: Definition } | undefined {
  if (!byGroupVersionKind) {
    const index = new Map<string, string>();
    for (const [name, definition] of Object.entries(schemaDocument().components.schemas)) {
      for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) index.set(gvkKey(gvk.group, gvk.version, gvk.kind), name);
    }
    byGroupVersionKind = index;
  }
  const name = byGroupVersionKind.get(gvkKey(group, version, kind));
  return name === undefined ? undefined : { name, definition: getDefinition(name)! };
}

/** A field reached from a definition: its own schema, and the definition its values are (through arrays and maps). */
export interface ResolvedField {
  /** The definition that declares the field (the last step of the path). */
  readonly parentName: string;
  readonly property: PropertySchema;
  /** The definition of the field's values, when they are objects of a kind (`Container` for `spec.containers`). */
  readonly definitionName?: string;
  readonly definition?: Definition;
}

/** The definition the values of a property are, looking through arrays and maps. */
export function valueDefinitionName(property: PropertySchema): string | undefined {
  let p: PropertySchema | undefined = property;
  while (p && !p.$ref) p = p.items ?? p.additionalProperties;
  return p?.$ref === undefined ? undefined : refName(p.$ref);
}

/**
 * Walks field names from a definition, looking through arrays and maps as `kubectl explain` does
 * (`pods.spec.containers.ports`); undefined when a step names no field.
 */
export function resolveField(definitionName: string, path: readonly string[]): ResolvedField | undefined {
  let parentName = refName(definitionName);
  let resolved: ResolvedField | undefined;
  for (const step of path) {
    const parent = getDefinition(parentName);
    const property = parent?.properties?.[step];
    if (!property) return undefined;
    const valueName = valueDefinitionName(property);
    resolved = valueName === undefined
      ? { parentName, property }
      : { parentName, property, definitionName: valueName, definition: getDefinition(valueName) };
    if (valueName === undefined) {
      parentName = '';
      continue;
    }
    parentName = valueName;
  }
  return resolved;
}
