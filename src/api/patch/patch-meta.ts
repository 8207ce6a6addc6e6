/**
 * Strategic merge metadata: which lists merge (and by which key) and which objects clear the keys a
 * patch leaves out, taken from the `patchStrategy`/`patchMergeKey` struct tags of the upstream Go
 * types (Kubernetes v1.32), plus the navigation from a kind's root definition down to any field.
 */
import { definitionFor, getDefinition, type GroupVersionKind } from '../schema.js';
import { StrategicMergePatchError } from './strategic-merge-errors.js';

/** A field's patch strategy, spelled as its struct tag. Lists and objects without one are replaced whole. */
export type PatchStrategyTag = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';

export interface FieldPatchMeta {
  readonly strategy: PatchStrategyTag;
  /** The key list items are matched by; empty for lists of scalars, which merge as sets. */
  readonly mergeKey?: string;
}

/** Upstream's PatchMeta: the strategies of one field and its merge key. */
export interface PatchMeta {
  readonly strategies: readonly string[];
  readonly mergeKey: string;
}

export const NO_PATCH_META: PatchMeta = { strategies: [], mergeKey: '' };

const merge = (mergeKey?: string): FieldPatchMeta => (mergeKey ? { strategy: 'merge', mergeKey } : { strategy: 'merge' });
const mergeRetainKeys = (mergeKey: string): FieldPatchMeta => ({ strategy: 'merge,retainKeys', mergeKey });
const byType = merge('type');

const core = 'io.k8s.api.core.v1';
const containerLists = {
  ports: merge('containerPort'),
  env: merge('name'),
  volumeMounts: merge('mountPath'),
  volumeDevices: merge('devicePath'),
};

/** `<definition>.<field>` -> patch metadata, for every field upstream tags (k8s.io/api v1.32, apimachinery meta/v1). */
export const PATCH_META_TABLE: Readonly<Record<string, FieldPatchMeta>> = {
  // meta/v1
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.finalizers': merge(),
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta.ownerReferences': merge('uid'),
  // core/v1
  [`${core}.PodSpec.volumes`]: mergeRetainKeys('name'),
  [`${core}.PodSpec.initContainers`]: merge('name'),
  [`${core}.PodSpec.containers`]: merge('name'),
  [`${core}.PodSpec.ephemeralContainers`]: merge('name'),
  [`${core}.PodSpec.imagePullSecrets`]: merge('name'),
  [`${core}.PodSpec.hostAliases`]: merge('ip'),
  [`${core}.PodSpec.topologySpreadConstraints`]: merge('topologyKey'),
  [`${core}.PodSpec.resourceClaims`]: mergeRetainKeys('name'),
  [`${core}.PodSpec.schedulingGates`]: merge('name'),
  ...Object.fromEntries(Object.entries(containerLists).map(([f, m]) => [`${core}.Container.${f}`, m])),
  ...Object.fromEntries(Object.entries(containerLists).map(([f, m]) => [`${core}.EphemeralContainer.${f}`, m])),
  [`${core}.ContainerStatus.volumeMounts`]: merge('mountPath'),
  [`${core}.ContainerStatus.allocatedResourcesStatus`]: merge('name'),
  [`${core}.PodStatus.conditions`]: byType,
  [`${core}.PodStatus.podIPs`]: merge('ip'),
  [`${core}.PodStatus.hostIPs`]: merge('ip'),
  [`${core}.PodStatus.resourceClaimStatuses`]: mergeRetainKeys('name'),
  [`${core}.NodeSpec.podCIDRs`]: merge(),
  [`${core}.NodeStatus.conditions`]: byType,
  [`${core}.NodeStatus.addresses`]: byType,
  [`${core}.ServiceSpec.ports`]: merge('port'),
  [`${core}.ServiceStatus.conditions`]: byType,
  [`${core}.ServiceAccount.secrets`]: merge('name'),
  [`${core}.NamespaceStatus.conditions`]: byType,
  [`${core}.PersistentVolumeClaimStatus.conditions`]: byType,
  [`${core}.ReplicationControllerStatus.conditions`]: byType,
  [`${core}.ComponentStatus.conditions`]: byType,
  // apps/v1
  'io.k8s.api.apps.v1.DeploymentSpec.strategy': { strategy: 'retainKeys' },
  'io.k8s.api.apps.v1.DeploymentStatus.conditions': byType,
  'io.k8s.api.apps.v1.ReplicaSetStatus.conditions': byType,
  'io.k8s.api.apps.v1.StatefulSetStatus.conditions': byType,
  'io.k8s.api.apps.v1.DaemonSetStatus.conditions': byType,
  // batch/v1
  'io.k8s.api.batch.v1.JobStatus.conditions': byType,
  // autoscaling/v2
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus.conditions': byType,
  // policy/v1
  'io.k8s.api.policy.v1.PodDisruptionBudgetSpec.selector': { strategy: 'replace' },
  'io.k8s.api.policy.v1.PodDisruptionBudgetStatus.conditions': byType,
  // storage/v1
  'io.k8s.api.storage.v1.CSINodeSpec.drivers': merge('name'),
  // admissionregistration/v1
  'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration.webhooks': merge('name'),
  'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration.webhooks': merge('name'),
  'io.k8s.api.admissionregistration.v1.ValidatingWebhook.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1.MutatingWebhook.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec.matchConditions': merge('name'),
  'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicySpec.variables': merge('name'),
  // resource.k8s.io
  'io.k8s.api.resource.v1beta1.ResourceClaimStatus.reservedFor': merge('uid'),
  'io.k8s.api.resource.v1alpha3.ResourceClaimStatus.reservedFor': merge('uid'),
};

/** The shape of a field's value, as the API schema tells it. */
export type FieldShape =
  | { readonly kind: 'struct'; readonly defName: string }
  | { readonly kind: 'map'; readonly values: FieldShape }
  | { readonly kind: 'list'; readonly items: FieldShape }
  | { readonly kind: 'scalar' }
  /** Free-form JSON (RawExtension, apiextensions JSON): merged like a map, lists replaced. */
  | { readonly kind: 'opaque' };

/** Where navigation learns field types: the generated API schema, or a test's own. */
export interface FieldTypes {
  /** The shape of `field` in definition `defName`; undefined when the definition has no such field. */
  fieldType(defName: string, field: string): FieldShape | undefined;
}

/** The subset of an OpenAPI v3 schema object that navigation reads. */
export interface SchemaObject {
  type?: string;
  $ref?: string;
  allOf?: readonly SchemaObject[];
  properties?: Readonly<Record<string, SchemaObject>>;
  additionalProperties?: SchemaObject | boolean;
  items?: SchemaObject;
  oneOf?: readonly SchemaObject[];
}

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

/** FieldTypes over OpenAPI definitions (components.schemas), given a lookup by definition name. */
export function definitionsFieldTypes(getDefinition: (name: string) => SchemaObject | undefined): FieldTypes {
  function shapeOf(s: SchemaObject): FieldShape {
    const ref = s.$ref ?? s.allOf?.find((x) => x.$ref)?.$ref;
    if (ref) {
      const name = refName(ref);
      const def = getDefinition(name);
      if (!def) return { kind: 'opaque' };
      if (def.properties) return { kind: 'struct', defName: name };
      if (def.$ref || def.allOf || def.items || def.additionalProperties) return shapeOf(def);
      return def.type === 'object' || (!def.type && !def.oneOf) ? { kind: 'opaque' } : { kind: 'scalar' };
    }
    if (s.type === 'array') return { kind: 'list', items: s.items ? shapeOf(s.items) : { kind: 'opaque' } };
    if (s.type === 'object' || s.properties || s.additionalProperties) {
      if (typeof s.additionalProperties === 'object') return { kind: 'map', values: shapeOf(s.additionalProperties) };
      return { kind: 'opaque' };
    }
    return s.type || s.oneOf ? { kind: 'scalar' } : { kind: 'opaque' };
  }
  return {
    fieldType(defName, field) {
      const prop = getDefinition(defName)?.properties?.[field];
      return prop ? shapeOf(prop) : undefined;
    },
  };
}

/** What a lookup finds: the schema of the field's value (of its items, for a list) and its patch metadata. */
export interface PatchMetaLookup {
  readonly schema: LookupPatchMeta;
  readonly meta: PatchMeta;
}

/** Upstream's LookupPatchMeta: navigation from one schema node to its fields. Lookups throw StrategicMergePatchError. */
export interface LookupPatchMeta {
  /** The field `key` of an object node. */
  lookupForStruct(key: string): PatchMetaLookup;
  /** The field `key` of an object node, which must be a list: the schema returned is its items'. */
  lookupForSlice(key: string): PatchMetaLookup;
  /** The Go kind of the node, as upstream names it in messages (`struct`, `map`, `slice`...). */
  readonly name: string;
}

const goKindName = (shape: FieldShape) =>
  shape.kind === 'struct' || shape.kind === 'opaque' ? 'struct' : shape.kind === 'list' ? 'slice' : shape.kind === 'map' ? 'map' : 'string';

/** toPatchMeta of a table entry: "merge,retainKeys" is two strategies. */
function patchMetaOf(entry: FieldPatchMeta | undefined): PatchMeta {
  if (!entry) return NO_PATCH_META;
  return { strategies: entry.strategy.split(','), mergeKey: entry.mergeKey ?? '' };
}

/** A schema node that navigates with FieldTypes and reads strategies from a table (PatchMetaFromStruct's behaviour). */
export class SchemaPatchMeta implements LookupPatchMeta {
  constructor(
    readonly shape: FieldShape,
    private readonly types: FieldTypes,
    private readonly table: Readonly<Record<string, FieldPatchMeta>> = PATCH_META_TABLE,
  ) {}

  get name(): string {
    return goKindName(this.shape);
  }

  private child(shape: FieldShape): SchemaPatchMeta {
    return new SchemaPatchMeta(shape, this.types, this.table);
  }

  lookupForStruct(key: string): PatchMetaLookup {
    const s = this.shape;
    switch (s.kind) {
      case 'map':
        return { schema: this.child(s.values), meta: NO_PATCH_META };
      case 'opaque':
        return { schema: this, meta: NO_PATCH_META };
      case 'struct': {
        const field = this.types.fieldType(s.defName, key);
        if (!field) {
          const goName = s.defName.slice(s.defName.lastIndexOf('.') + 1);
          throw new StrategicMergePatchError(`unable to find api field in struct ${goName} for the json field "${key}"`);
        }
        return { schema: this.child(field), meta: patchMetaOf(this.table[`${s.defName}.${key}`]) };
      }
      default:
        throw new StrategicMergePatchError(
          `merging an object in json but data type is not map or struct, instead is: ${goKindName(s)}`,
        );
    }
  }

  lookupForSlice(key: string): PatchMetaLookup {
    const { schema, meta } = this.lookupForStruct(key);
    const shape = (schema as SchemaPatchMeta).shape;
    if (shape.kind === 'list') {
      if (shape.items.kind === 'list') throw new StrategicMergePatchError('unexpected slice of slice');
      return { schema: this.child(shape.items), meta };
    }
    if (shape.kind === 'opaque') return { schema, meta };
    throw new StrategicMergePatchError(`expected slice or array type, but got: ${this.name}`);
  }
}

/** The root schema node of a definition (e.g. io.k8s.api.apps.v1.Deployment). */
export function patchMetaForDefinition(
  defName: string,
  types: FieldTypes,
  table: Readonly<Record<string, FieldPatchMeta>> = PATCH_META_TABLE,
): LookupPatchMeta {
  return new SchemaPatchMeta({ kind: 'struct', defName }, types, table);
}

/** Field types of the generated API schema (src/api/schema.ts). */
export const schemaFieldTypes: FieldTypes = definitionsFieldTypes((name) => getDefinition(name));

/**
 * The strategic merge metadata of a built-in kind, or undefined for a kind the schema lacks (custom
 * resources), which has none: the API server refuses strategic merge patches for those, and kubectl
 * apply falls back to JSON merge patch.
 */
export function patchMetaForKind(gvk: GroupVersionKind): LookupPatchMeta | undefined {
  const found = definitionFor(gvk.group, gvk.version, gvk.kind);
  return found ? patchMetaForDefinition(found.name, schemaFieldTypes) : undefined;
}
