/**
 * The OpenAPI v3 documents a Kubernetes API server serves (`/openapi/v3` and one document per group-version at
 * `/openapi/v3/api/v1`, `/openapi/v3/apis/apps/v1`, ...), built from kubesim's schema and kinds table. `kubectl
 * explain` reads them (kubesim's explain renders the same documents), and the API server can serve them as they are.
 *
 * The served shape differs from the stored schema in one way that explain shows: in OpenAPI v3 a `$ref` can have
 * no siblings, so a described reference is `{description, allOf: [{$ref}]}`.
 */
import { kinds } from './kinds.js';
import { REF_PREFIX, schemaDocument, type GroupVersionKind } from './schema.js';

/** A schema as served: what kubesim's schema holds, with `allOf` for described references and `enum`/`externalDocs` possible. */
export interface OpenApiSchema {
  readonly description?: string;
  readonly type?: string;
  readonly format?: string;
  readonly $ref?: string;
  readonly allOf?: readonly OpenApiSchema[];
  readonly oneOf?: readonly OpenApiSchema[];
  readonly items?: OpenApiSchema;
  readonly additionalProperties?: OpenApiSchema | boolean;
  readonly properties?: Readonly<Record<string, OpenApiSchema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly externalDocs?: { readonly description?: string; readonly url?: string };
  readonly readOnly?: boolean;
  readonly 'x-kubernetes-group-version-kind'?: readonly GroupVersionKind[];
}

/** One operation of a path: what clients read of it (explain reads `x-kubernetes-group-version-kind`). */
export interface OpenApiOperation {
  readonly description: string;
  readonly operationId: string;
  readonly requestBody?: { readonly content: { readonly 'application/json': { readonly schema: OpenApiSchema } }; readonly required: true };
  readonly responses: Readonly<Record<string, { readonly description: string; readonly content: { readonly 'application/json': { readonly schema: OpenApiSchema } } }>>;
  readonly 'x-kubernetes-action': string;
  readonly 'x-kubernetes-group-version-kind': GroupVersionKind;
}

export type OpenApiMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';
export type OpenApiPathItem = Partial<Record<OpenApiMethod, OpenApiOperation>>;

export interface OpenApiV3Document {
  readonly openapi: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly paths: Readonly<Record<string, OpenApiPathItem>>;
  readonly components: { readonly schemas: Readonly<Record<string, OpenApiSchema>> };
}

/** What `/openapi/v3` answers: each group-version's document path (`apis/apps/v1`) and where to fetch it. */
export interface OpenApiV3Index {
  readonly paths: Readonly<Record<string, { readonly serverRelativeURL: string }>>;
}

/** A resource served in one group-version: what its paths need. */
export interface ServedResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

/** `api/v1`, `apis/apps/v1`: the key of a group-version in the index, and its document's path below /openapi/v3/. */
export const groupVersionPath = (group: string, version: string): string => (group ? `apis/${group}/${version}` : `api/${version}`);

/** Every resource of kubesim's kinds table, once per served version. */
export function servedResources(): ServedResource[] {
  return kinds.flatMap((k) => k.versions.map((version) => ({ group: k.group, version, kind: k.kind, plural: k.plural, namespaced: k.namespaced })));
}

/** The `/openapi/v3` index over the served group-versions; `hashOf` gives the `?hash=` a server adds for caching. */
export function openApiV3Index(resources: readonly ServedResource[] = servedResources(), hashOf?: (path: string) => string): OpenApiV3Index {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const r of resources) {
    const path = groupVersionPath(r.group, r.version);
    const hash = hashOf?.(path);
    paths[path] ??= { serverRelativeURL: `/openapi/v3/${path}${hash ? `?hash=${hash}` : ''}` };
  }
  return { paths };
}

/** A schema in the served shape: a `$ref` with siblings moves into `allOf`, and kubesim's own `x-kubesim-*` notes are dropped. */
export function servedSchema(schema: object): OpenApiSchema {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubesim-')) continue;
    if (key === 'properties') out[key] = Object.fromEntries(Object.entries(value as Record<string, object>).map(([name, p]) => [name, servedSchema(p)]));
    else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') out[key] = servedSchema(value as object);
    else out[key] = value;
  }
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { ...rest, allOf: [{ $ref: $ref as string }] };
  }
  return out;
}

/** Go's strings.Title over the group's words: `rbac.authorization.k8s.io` -> `RbacAuthorization`, `` -> `Core`. */
function operationGroup(group: string): string {
  const words = group ? group.replace(/\.k8s\.io$/, '').split('.') : ['core'];
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

const json = (schema: OpenApiSchema) => ({ 'application/json': { schema } });
const ok = (description: string, schema: OpenApiSchema) => ({ description, content: json(schema) });

/**
 * The document of one group-version: the list, create, read, replace, patch and delete operations of each resource
 * (as the API server names them: `listCoreV1NamespacedPod`, `readCoreV1Node`...), and the definitions they reach.
 */
export function openApiV3Document(
  group: string,
  version: string,
  resources: readonly ServedResource[] = servedResources(),
  schemas: Readonly<Record<string, object>> = schemaDocument().components.schemas,
): OpenApiV3Document {
  const served = resources.filter((r) => r.group === group && r.version === version);
  const prefix = `/${groupVersionPath(group, version)}`;
  const id = `${operationGroup(group)}${version.charAt(0).toUpperCase()}${version.slice(1)}`;
  const statusRef = `${REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.Status`;
  const deleteOptionsRef = `${REF_PREFIX}io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions`;
  const paths: Record<string, OpenApiPathItem> = {};
  const roots = new Set([statusRef, deleteOptionsRef]);
  for (const r of served) {
    const gvk: GroupVersionKind = { group, kind: r.kind, version };
    const name = Object.keys(schemas).find((k) => definitionHasKind(schemas[k]!, gvk)) ?? r.kind;
    const objectRef = `${REF_PREFIX}${name}`;
    const listRef = `${REF_PREFIX}${name}List`;
    roots.add(objectRef).add(listRef);
    const op = (action: string, operationId: string, description: string, response: string, body?: string): OpenApiOperation => ({
      description,
      operationId,
      ...(body ? { requestBody: { content: json({ $ref: body }), required: true as const } } : {}),
      responses: { '200': ok('OK', { $ref: response }) },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    const ns = r.namespaced ? 'Namespaced' : '';
    const base = r.namespaced ? `${prefix}/namespaces/{namespace}/${r.plural}` : `${prefix}/${r.plural}`;
    paths[base] = {
      get: op('list', `list${id}${ns}${r.kind}`, `list or watch objects of kind ${r.kind}`, listRef),
      post: op('post', `create${id}${ns}${r.kind}`, `create a ${r.kind}`, objectRef, objectRef),
      delete: op('deletecollection', `delete${id}Collection${ns}${r.kind}`, `delete collection of ${r.kind}`, statusRef, deleteOptionsRef),
    };
    paths[`${base}/{name}`] = {
      get: op('get', `read${id}${ns}${r.kind}`, `read the specified ${r.kind}`, objectRef),
      put: op('put', `replace${id}${ns}${r.kind}`, `replace the specified ${r.kind}`, objectRef, objectRef),
      patch: op('patch', `patch${id}${ns}${r.kind}`, `partially update the specified ${r.kind}`, objectRef),
      delete: op('delete', `delete${id}${ns}${r.kind}`, `delete a ${r.kind}`, statusRef, deleteOptionsRef),
    };
    if (r.namespaced) paths[`${prefix}/${r.plural}`] = { get: op('list', `list${id}${r.kind}ForAllNamespaces`, `list or watch objects of kind ${r.kind}`, listRef) };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: reachable(schemas, roots) },
  };
}

/** Whether a definition's x-kubernetes-group-version-kind lists the kind: how a kind's definition is found. */
export function definitionHasKind(definition: object, gvk: GroupVersionKind): boolean {
  const gvks = (definition as OpenApiSchema)['x-kubernetes-group-version-kind'] ?? [];
  return gvks.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind);
}

/** The definitions the roots refer to, directly or not, in the served shape and sorted by name as a server writes them. */
function reachable(schemas: Readonly<Record<string, object>>, roots: ReadonlySet<string>): Record<string, OpenApiSchema> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
          const name = value.slice(REF_PREFIX.length);
          if (!names.has(name) && schemas[name]) {
            names.add(name);
            visit(schemas[name]);
          }
        } else visit(value);
      }
    }
  };
  for (const ref of roots) visit({ $ref: ref });
  return Object.fromEntries([...names].sort().map((name) => [name, servedSchema(schemas[name]!)]));
}
