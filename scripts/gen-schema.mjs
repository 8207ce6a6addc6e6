// Generates src/api/generated/schema.json, kubesim's OpenAPI-v3-like API schema, from the
// kubernetes-types .d.ts files (every kind, field and description of the upstream API), because
// the simulator needs the whole API surface (strict decoding, explain, /openapi/v3) without
// shipping a hand-written copy of it. kubernetes-types only says `number`, and spells named Go
// types (Protocol, ResourceList, []byte) as plain strings and maps, so GO_TYPES below records the
// upstream Go type (Kubernetes v1.32) of every field that is not the default int32/string/struct.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const typesDir = join(root, 'node_modules', 'kubernetes-types');
const outputs = [
  join(root, 'src', 'api', 'generated', 'schema.json'),
];

/** kubernetes-types module (path without .d.ts) -> upstream OpenAPI package prefix. */
function packageOf(module) {
  switch (module) {
    case 'meta/v1':
      return 'io.k8s.apimachinery.pkg.apis.meta.v1';
    case 'api/resource':
      return 'io.k8s.apimachinery.pkg.api.resource';
    case 'runtime':
      return 'io.k8s.apimachinery.pkg.runtime';
    case 'version':
      return 'io.k8s.apimachinery.pkg.version';
    case 'util/intstr':
      return 'io.k8s.apimachinery.pkg.util.intstr';
    case 'apiextensions/v1':
      return 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';
    default: {
      const [group, version] = module.split('/');
      if (!group || !version) throw new Error(`gen-schema: unexpected kubernetes-types module ${module}`);
      return `io.k8s.api.${group}.${version}`;
    }
  }
}

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const REF_PREFIX = '#/components/schemas/';

/** Definitions whose JSON form is not their TypeScript shape (they have custom (un)marshalers upstream). */
const SPECIAL = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': { type: 'object' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': {},
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': {},
};

function listDts(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listDts(path));
    else if (entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files.sort();
}

function jsDocText(node) {
  const docs = node.jsDoc;
  if (!docs || docs.length === 0) return undefined;
  const comment = docs[docs.length - 1].comment;
  if (comment === undefined) return undefined;
  const text = typeof comment === 'string' ? comment : comment.map((part) => part.text ?? '').join('');
  return text.trim() === '' ? undefined : text;
}

function memberName(name) {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  throw new Error(`gen-schema: unsupported member name ${ts.SyntaxKind[name.kind]}`);
}

/** Parses one kubernetes-types module into raw declarations, resolving type names to definition names. */
function parseModule(file) {
  const module = relative(typesDir, file).split(sep).join('/').replace(/\.d\.ts$/, '');
  const pkg = packageOf(module);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = new Map(); // local type name -> definition name
  const decls = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const from = statement.moduleSpecifier.text;
      const target = packageOf(join(dirname(module), from).split(sep).join('/'));
      for (const element of statement.importClause?.namedBindings?.elements ?? []) {
        names.set(element.name.text, `${target}.${(element.propertyName ?? element.name).text}`);
      }
    } else if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      names.set(statement.name.text, `${pkg}.${statement.name.text}`);
      decls.push(statement);
    }
  }
  const resolve = (identifier) => {
    const name = names.get(identifier);
    if (!name) throw new Error(`gen-schema: ${module}: unknown type ${identifier}`);
    return name;
  };
  return decls.map((decl) => ({ name: `${pkg}.${decl.name.text}`, decl, resolve }));
}

/** Turns a TypeScript type node into a property schema (without description). */
function typeSchema(node, resolve, context) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return { type: 'number' }; // refined from GO_TYPES by refineNumbers
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.LiteralType:
      if (ts.isStringLiteral(node.literal)) return { type: 'string' };
      break;
    case ts.SyntaxKind.ArrayType:
      return { type: 'array', items: typeSchema(node.elementType, resolve, context) };
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText();
      if (name === 'Array' && node.typeArguments?.length === 1) {
        return { type: 'array', items: typeSchema(node.typeArguments[0], resolve, context) };
      }
      return { $ref: `${REF_PREFIX}${resolve(name)}` };
    }
    case ts.SyntaxKind.UnionType: {
      const kinds = node.types.map((t) => t.kind).sort();
      if (kinds.length === 2 && kinds.includes(ts.SyntaxKind.NumberKeyword) && kinds.includes(ts.SyntaxKind.StringKeyword)) {
        return { $ref: `${REF_PREFIX}${INT_OR_STRING}` };
      }
      break;
    }
    case ts.SyntaxKind.TypeLiteral: {
      const [index] = node.members;
      if (node.members.length === 1 && ts.isIndexSignatureDeclaration(index) && index.type) {
        return { type: 'object', additionalProperties: typeSchema(index.type, resolve, context) };
      }
      break;
    }
  }
  throw new Error(`gen-schema: ${context}: unsupported type ${node.getText()}`);
}

function definitionOf({ name, decl, resolve }) {
  const description = jsDocText(decl);
  const special = SPECIAL[name];
  if (special) return { ...(description ? { description } : {}), ...special };
  if (ts.isTypeAliasDeclaration(decl)) throw new Error(`gen-schema: unexpected type alias ${name}`);
  const definition = { ...(description ? { description } : {}), type: 'object' };
  const properties = {};
  const required = [];
  let apiVersion;
  let kind;
  for (const member of decl.members) {
    if (!ts.isPropertySignature(member) || !member.type) {
      throw new Error(`gen-schema: ${name}: unsupported member ${member.getText()}`);
    }
    const field = memberName(member.name);
    const property = typeSchema(member.type, resolve, `${name}.${field}`);
    const fieldDescription = jsDocText(member);
    const readOnly = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword);
    properties[field] = {
      ...(fieldDescription ? { description: fieldDescription } : {}),
      ...property,
      ...(readOnly ? { readOnly: true } : {}),
    };
    if (!member.questionToken) required.push(field);
    if (ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) {
      if (field === 'apiVersion') apiVersion = member.type.literal.text;
      if (field === 'kind') kind = member.type.literal.text;
    }
  }
  definition.properties = properties;
  if (required.length > 0) definition.required = required;
  if (apiVersion !== undefined && kind !== undefined) {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    definition['x-kubernetes-group-version-kind'] = [{ group, kind, version }];
  }
  return definition;
}

/** The Go type of a property as Go's reflect prints it (`int32`, `[]v1.Container`, `map[string]string`). */
function defaultGoType(property) {
  if (property.$ref) {
    const segments = property.$ref.split('.');
    return `${segments[segments.length - 2]}.${segments[segments.length - 1]}`;
  }
  switch (property.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'int32';
    case 'array':
      return `[]${defaultGoType(property.items)}`;
    case 'object':
      return `map[string]${defaultGoType(property.additionalProperties)}`;
  }
  throw new Error(`gen-schema: no Go type for ${JSON.stringify(property)}`);
}

/** Sets OpenAPI integer/number formats and byte formats from the Go type, and records named Go types. */
function applyGoType(property, goType) {
  const elementType = (t) => t.replace(/^\[\]/, '').replace(/^map\[[^\]]+\]/, '');
  if (property.type === 'number') {
    if (goType === 'int32' || goType === 'int64') Object.assign(property, { type: 'integer', format: goType });
    else if (goType === 'float64') property.format = 'double';
    else throw new Error(`gen-schema: number field with Go type ${goType}`);
  } else if (property.type === 'string' && goType === '[]uint8') {
    property.format = 'byte';
  } else if (property.type === 'array' || (property.type === 'object' && property.additionalProperties)) {
    const inner = property.items ?? property.additionalProperties;
    const innerGo = goType.startsWith('[]') || goType.startsWith('map[') ? elementType(goType) : undefined;
    if (innerGo) applyGoType(inner, innerGo);
    else if (inner.type === 'number') applyGoType(inner, 'int32');
  }
}

function build() {
  const definitions = {};
  for (const file of listDts(typesDir)) {
    for (const raw of parseModule(file)) definitions[raw.name] = definitionOf(raw);
  }
  definitions[INT_OR_STRING] = {
    description:
      'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.',
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  };
  amendToUpstream(definitions);
  const unused = new Set(Object.keys(GO_TYPES));
  for (const [name, definition] of Object.entries(definitions)) {
    const short = shortName(name);
    const overrides = GO_TYPES[short] ?? {};
    unused.delete(short);
    for (const [field, property] of Object.entries(definition.properties ?? {})) {
      const goType = overrides[field] ?? defaultGoType(property);
      applyGoType(property, goType);
      if (overrides[field] && overrides[field] !== defaultGoTypeAfter(property)) property['x-kubesim-go-type'] = goType;
    }
    for (const field of Object.keys(overrides)) {
      if (!definition.properties?.[field]) throw new Error(`gen-schema: GO_TYPES names unknown field ${short}.${field}`);
    }
  }
  if (unused.size > 0) throw new Error(`gen-schema: GO_TYPES names unknown definitions ${[...unused].join(', ')}`);
  const sorted = Object.fromEntries(Object.keys(definitions).sort().map((name) => [name, definitions[name]]));
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, components: { schemas: sorted } };
}

const shortName = (name) => name.replace(/^io\.k8s\.(api\.|apimachinery\.pkg\.apis\.|apiextensions-apiserver\.pkg\.apis\.)/, '');

/** Brings kubernetes-types 1.30 to the v1.32 API: fields it lost or that came later, and fields v1.32 removed. */
function amendToUpstream(definitions) {
  const byShort = new Map(Object.keys(definitions).map((name) => [shortName(name), name]));
  for (const [short, fields] of Object.entries(ADDED_FIELDS)) {
    const definition = definitions[byShort.get(short)];
    if (!definition?.properties) throw new Error(`gen-schema: ADDED_FIELDS names unknown definition ${short}`);
    for (const [field, property] of Object.entries(fields)) {
      if (definition.properties[field]) throw new Error(`gen-schema: ${short}.${field} is no longer missing`);
      definition.properties[field] = structuredClone(property);
    }
    definition.properties = Object.fromEntries(Object.entries(definition.properties).sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  for (const [short, fields] of Object.entries(REMOVED_FIELDS)) {
    const definition = definitions[byShort.get(short)];
    for (const field of fields) {
      if (!definition?.properties?.[field]) throw new Error(`gen-schema: REMOVED_FIELDS names unknown field ${short}.${field}`);
      delete definition.properties[field];
    }
  }
  for (const short of REMOVED_DEFINITIONS) delete definitions[byShort.get(short)];
}

const ref = (name) => ({ $ref: `${REF_PREFIX}${name}` });
const strings = { type: 'array', items: { type: 'string' } };

const RULE_RESOURCES = {
  description:
    "Resources is a list of resources this rule applies to.\n\nFor example: 'pods' means pods. 'pods/log' means the log subresource of pods. '*' means all resources, but not subresources. 'pods/*' means all subresources of pods. '*/scale' means all scale subresources. '*/*' means all resources and their subresources.\n\nIf wildcard is present, the validation rule will ensure resources do not overlap with each other.\n\nDepending on the enclosing object, subresources might not be allowed. Required.",
  ...strings,
};
const RULE_SCOPE = {
  description:
    'scope specifies the scope of this rule. Valid values are "Cluster", "Namespaced", and "*" "Cluster" means that only cluster-scoped resources will match this rule. Namespace API objects are cluster-scoped. "Namespaced" means that only namespaced resources will match this rule. "*" means that there are no scope restrictions. Subresources match the scope of their parent resource. Default is "*".',
  type: 'string',
};
const RULE_FIELDS = { resources: RULE_RESOURCES, scope: RULE_SCOPE };
/**
 * Fields of the v1.32 Go structs that kubernetes-types 1.30 lacks: a few it drops (their descriptions contain
 * `*\/`, and the x-kubernetes-* names), and 1.31/1.32 additions whose types already exist here.
 */
const ADDED_FIELDS = {
  'admissionregistration.v1.RuleWithOperations': RULE_FIELDS,
  'admissionregistration.v1.NamedRuleWithOperations': RULE_FIELDS,
  'admissionregistration.v1alpha1.NamedRuleWithOperations': RULE_FIELDS,
  'admissionregistration.v1beta1.NamedRuleWithOperations': RULE_FIELDS,
  'authorization.v1.ResourceRule': {
    resources: {
      description: 'Resources is a list of resources this rule applies to.  "*" means all in the specified apiGroups.\n "*/foo" represents the subresource \'foo\' for all resources in the specified apiGroups.',
      ...strings,
    },
    verbs: { description: 'Verb is a list of kubernetes resource API verbs, like: get, list, watch, create, update, delete, proxy.  "*" means all.', ...strings },
  },
  'apiextensions.v1.JSONSchemaProps': {
    'x-kubernetes-embedded-resource': {
      description:
        'x-kubernetes-embedded-resource defines that the value is an embedded Kubernetes runtime.Object, with TypeMeta and ObjectMeta. The type must be object. It is allowed to further restrict the embedded object. kind, apiVersion and metadata are validated automatically. x-kubernetes-preserve-unknown-fields is allowed to be true, but does not have to be if the object is fully specified (up to kind, apiVersion, metadata).',
      type: 'boolean',
    },
    'x-kubernetes-int-or-string': {
      description:
        'x-kubernetes-int-or-string specifies that this value is either an integer or a string. If this is true, an empty type is allowed and type as child of anyOf is permitted if following one of the following patterns:\n\n1) anyOf:\n   - type: integer\n   - type: string\n2) allOf:\n   - anyOf:\n     - type: integer\n     - type: string\n   - ... zero or more',
      type: 'boolean',
    },
    'x-kubernetes-list-map-keys': {
      description:
        'x-kubernetes-list-map-keys annotates an array with the x-kubernetes-list-type `map` by specifying the keys used as the index of the map.\n\nThis tag MUST only be used on lists that have the "x-kubernetes-list-type" extension set to "map". Also, the values specified for this attribute must be a scalar typed field of the child structure (no nesting is supported).\n\nThe properties specified must either be required or have a default value, to ensure those properties are present for all list items.',
      ...strings,
    },
    'x-kubernetes-list-type': {
      description:
        'x-kubernetes-list-type annotates an array to further describe its topology. This extension must only be used on lists and may have 3 possible values:\n\n1) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic lists will be entirely replaced when updated. This extension\n     may be used on any type of list (struct, scalar, ...).\n2) `set`:\n     Sets are lists that must not have multiple items with the same value. Each\n     value must be a scalar, an object with x-kubernetes-map-type `atomic` or an\n     array with x-kubernetes-list-type `atomic`.\n3) `map`:\n     These lists are like maps in that their elements have a non-index key\n     used to identify them. Order is preserved upon merge. The map tag\n     must only be used on a list with elements of type object.\nDefaults to atomic for arrays.',
      type: 'string',
    },
    'x-kubernetes-map-type': {
      description:
        'x-kubernetes-map-type annotates an object to further describe its topology. This extension must only be used when type is object and may have 2 possible values:\n\n1) `granular`:\n     These maps are actual maps (key-value pairs) and each fields are independent\n     from each other (they can each be manipulated by separate actors). This is\n     the default behaviour for all maps.\n2) `atomic`: the list is treated as a single entity, like a scalar.\n     Atomic maps will be entirely replaced when updated.',
      type: 'string',
    },
    'x-kubernetes-preserve-unknown-fields': {
      description:
        'x-kubernetes-preserve-unknown-fields stops the API server decoding step from pruning fields which are not specified in the validation schema. This affects fields recursively, but switches back to normal pruning behaviour if nested properties or additionalProperties are specified in the schema. This can either be true or undefined. False is forbidden.',
      type: 'boolean',
    },
    'x-kubernetes-validations': {
      description: 'x-kubernetes-validations describes a list of validation rules written in the CEL expression language.',
      type: 'array',
      items: ref('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ValidationRule'),
    },
  },
  // Added in v1.31 and v1.32 (descriptions left to a later kubernetes-types).
  'coordination.v1.LeaseSpec': { preferredHolder: { type: 'string' }, strategy: { type: 'string' } },
  'core.v1.NodeRuntimeHandlerFeatures': { userNamespaces: { type: 'boolean' } },
  'core.v1.PodResourceClaim': { resourceClaimName: { type: 'string' }, resourceClaimTemplateName: { type: 'string' } },
  'core.v1.PodSecurityContext': {
    seLinuxChangePolicy: { type: 'string' },
    supplementalGroupsPolicy: {
      description:
        'Defines how supplemental groups of the first container processes are calculated. Valid values are "Merge" and "Strict". If not specified, "Merge" is used. (Alpha) Using the field requires the SupplementalGroupsPolicy feature gate to be enabled and the container runtime must implement support for this feature. Note that this field cannot be set when spec.os.name is windows.',
      type: 'string',
    },
  },
  'core.v1.PodSpec': { resources: ref('io.k8s.api.core.v1.ResourceRequirements') },
  'core.v1.ResourceClaim': { request: { type: 'string' } },
  'meta.v1.DeleteOptions': { ignoreStoreReadErrorWithClusterBreakingPotential: { type: 'boolean' } },
};
/** v1.31 replaced PodResourceClaim.source (a ClaimSource) by its two fields. */
const REMOVED_FIELDS = { 'core.v1.PodResourceClaim': ['source'] };
const REMOVED_DEFINITIONS = ['core.v1.ClaimSource'];

/** The Go type a reader would derive from the refined property alone (formats included). */
function defaultGoTypeAfter(property) {
  if (property.$ref) return defaultGoType(property);
  switch (property.type) {
    case 'integer':
      return property.format;
    case 'number':
      return 'float64';
    case 'string':
      return property.format === 'byte' ? '[]uint8' : 'string';
    case 'boolean':
      return 'bool';
    case 'array':
      return `[]${defaultGoTypeAfter(property.items)}`;
    case 'object':
      return `map[string]${defaultGoTypeAfter(property.additionalProperties)}`;
  }
  throw new Error(`gen-schema: no Go type for ${JSON.stringify(property)}`);
}

/**
 * Upstream Go types (Kubernetes v1.32, read from the k8s.io/api structs) of the fields whose type is not what
 * kubernetes-types implies: a `number` is int32 unless listed (int64, float64), and named types (v1.Protocol,
 * v1.ResourceList, []uint8 for base64 bytes) are listed because Go's decoding errors print them.
 */
const GO_TYPES = {
  'admissionregistration.v1.MatchResources': { matchPolicy: 'v1.MatchPolicyType' },
  'admissionregistration.v1.MutatingWebhook': {
    failurePolicy: 'v1.FailurePolicyType',
    matchPolicy: 'v1.MatchPolicyType',
    reinvocationPolicy: 'v1.ReinvocationPolicyType',
    sideEffects: 'v1.SideEffectClass',
  },
  'admissionregistration.v1.NamedRuleWithOperations': { operations: '[]v1.OperationType', scope: 'v1.ScopeType' },
  'admissionregistration.v1.ParamRef': { parameterNotFoundAction: 'v1.ParameterNotFoundActionType' },
  'admissionregistration.v1.RuleWithOperations': { operations: '[]v1.OperationType', scope: 'v1.ScopeType' },
  'admissionregistration.v1.ValidatingAdmissionPolicyBindingSpec': { validationActions: '[]v1.ValidationAction' },
  'admissionregistration.v1.ValidatingAdmissionPolicySpec': { failurePolicy: 'v1.FailurePolicyType' },
  'admissionregistration.v1.ValidatingAdmissionPolicyStatus': { observedGeneration: 'int64' },
  'admissionregistration.v1.ValidatingWebhook': {
    failurePolicy: 'v1.FailurePolicyType',
    matchPolicy: 'v1.MatchPolicyType',
    sideEffects: 'v1.SideEffectClass',
  },
  'admissionregistration.v1.Validation': { reason: 'v1.StatusReason' },
  'admissionregistration.v1.WebhookClientConfig': { caBundle: '[]uint8' },
  'admissionregistration.v1alpha1.MatchResources': { matchPolicy: 'v1alpha1.MatchPolicyType' },
  'admissionregistration.v1alpha1.NamedRuleWithOperations': { operations: '[]v1.OperationType', scope: 'v1.ScopeType' },
  'admissionregistration.v1alpha1.ParamRef': { parameterNotFoundAction: 'v1alpha1.ParameterNotFoundActionType' },
  'admissionregistration.v1alpha1.ValidatingAdmissionPolicyBindingSpec': {
    validationActions: '[]v1alpha1.ValidationAction',
  },
  'admissionregistration.v1alpha1.ValidatingAdmissionPolicySpec': { failurePolicy: 'v1alpha1.FailurePolicyType' },
  'admissionregistration.v1alpha1.ValidatingAdmissionPolicyStatus': { observedGeneration: 'int64' },
  'admissionregistration.v1alpha1.Validation': { reason: 'v1.StatusReason' },
  'admissionregistration.v1beta1.MatchResources': { matchPolicy: 'v1beta1.MatchPolicyType' },
  'admissionregistration.v1beta1.NamedRuleWithOperations': { operations: '[]v1.OperationType', scope: 'v1.ScopeType' },
  'admissionregistration.v1beta1.ParamRef': { parameterNotFoundAction: 'v1beta1.ParameterNotFoundActionType' },
  'admissionregistration.v1beta1.ValidatingAdmissionPolicyBindingSpec': {
    validationActions: '[]v1beta1.ValidationAction',
  },
  'admissionregistration.v1beta1.ValidatingAdmissionPolicySpec': { failurePolicy: 'v1beta1.FailurePolicyType' },
  'admissionregistration.v1beta1.ValidatingAdmissionPolicyStatus': { observedGeneration: 'int64' },
  'admissionregistration.v1beta1.Validation': { reason: 'v1.StatusReason' },
  'apiextensions.v1.CustomResourceConversion': { strategy: 'v1.ConversionStrategyType' },
  'apiextensions.v1.CustomResourceDefinitionCondition': {
    status: 'v1.ConditionStatus',
    type: 'v1.CustomResourceDefinitionConditionType',
  },
  'apiextensions.v1.CustomResourceDefinitionSpec': { scope: 'v1.ResourceScope' },
  'apiextensions.v1.JSONSchemaProps': {
    '$schema': 'v1.JSONSchemaURL',
    definitions: 'v1.JSONSchemaDefinitions',
    dependencies: 'v1.JSONSchemaDependencies',
    maxItems: 'int64',
    maxLength: 'int64',
    maxProperties: 'int64',
    maximum: 'float64',
    minItems: 'int64',
    minLength: 'int64',
    minProperties: 'int64',
    minimum: 'float64',
    multipleOf: 'float64',
    'x-kubernetes-validations': 'v1.ValidationRules',
  },
  'apiextensions.v1.ValidationRule': { reason: 'v1.FieldValueErrorReason' },
  'apiextensions.v1.WebhookClientConfig': { caBundle: '[]uint8' },
  'apiserverinternal.v1alpha1.StorageVersionCondition': {
    observedGeneration: 'int64',
    status: 'v1alpha1.ConditionStatus',
    type: 'v1alpha1.StorageVersionConditionType',
  },
  'apps.v1.ControllerRevision': { revision: 'int64' },
  'apps.v1.DaemonSetCondition': { status: 'v1.ConditionStatus', type: 'v1.DaemonSetConditionType' },
  'apps.v1.DaemonSetStatus': { observedGeneration: 'int64' },
  'apps.v1.DaemonSetUpdateStrategy': { type: 'v1.DaemonSetUpdateStrategyType' },
  'apps.v1.DeploymentCondition': { status: 'v1.ConditionStatus', type: 'v1.DeploymentConditionType' },
  'apps.v1.DeploymentStatus': { observedGeneration: 'int64' },
  'apps.v1.DeploymentStrategy': { type: 'v1.DeploymentStrategyType' },
  'apps.v1.ReplicaSetCondition': { status: 'v1.ConditionStatus', type: 'v1.ReplicaSetConditionType' },
  'apps.v1.ReplicaSetStatus': { observedGeneration: 'int64' },
  'apps.v1.StatefulSetCondition': { status: 'v1.ConditionStatus', type: 'v1.StatefulSetConditionType' },
  'apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy': {
    whenDeleted: 'v1.PersistentVolumeClaimRetentionPolicyType',
    whenScaled: 'v1.PersistentVolumeClaimRetentionPolicyType',
  },
  'apps.v1.StatefulSetSpec': { podManagementPolicy: 'v1.PodManagementPolicyType' },
  'apps.v1.StatefulSetStatus': { observedGeneration: 'int64' },
  'apps.v1.StatefulSetUpdateStrategy': { type: 'v1.StatefulSetUpdateStrategyType' },
  'authentication.v1.BoundObjectReference': { uid: 'types.UID' },
  'authentication.v1.TokenRequestSpec': { expirationSeconds: 'int64' },
  'authentication.v1.UserInfo': { extra: 'map[string]v1.ExtraValue' },
  'authorization.v1.SubjectAccessReviewSpec': { extra: 'map[string]v1.ExtraValue' },
  'autoscaling.v1.HorizontalPodAutoscalerStatus': { observedGeneration: 'int64' },
  'autoscaling.v2.ContainerResourceMetricSource': { name: 'v1.ResourceName' },
  'autoscaling.v2.ContainerResourceMetricStatus': { name: 'v1.ResourceName' },
  'autoscaling.v2.HPAScalingPolicy': { type: 'v2.HPAScalingPolicyType' },
  'autoscaling.v2.HPAScalingRules': { selectPolicy: 'v2.ScalingPolicySelect' },
  'autoscaling.v2.HorizontalPodAutoscalerCondition': {
    status: 'v1.ConditionStatus',
    type: 'v2.HorizontalPodAutoscalerConditionType',
  },
  'autoscaling.v2.HorizontalPodAutoscalerStatus': { observedGeneration: 'int64' },
  'autoscaling.v2.MetricSpec': { type: 'v2.MetricSourceType' },
  'autoscaling.v2.MetricStatus': { type: 'v2.MetricSourceType' },
  'autoscaling.v2.MetricTarget': { type: 'v2.MetricTargetType' },
  'autoscaling.v2.ResourceMetricSource': { name: 'v1.ResourceName' },
  'autoscaling.v2.ResourceMetricStatus': { name: 'v1.ResourceName' },
  'batch.v1.CronJobSpec': { concurrencyPolicy: 'v1.ConcurrencyPolicy', startingDeadlineSeconds: 'int64' },
  'batch.v1.JobCondition': { status: 'v1.ConditionStatus', type: 'v1.JobConditionType' },
  'batch.v1.JobSpec': {
    activeDeadlineSeconds: 'int64',
    completionMode: 'v1.CompletionMode',
    podReplacementPolicy: 'v1.PodReplacementPolicy',
  },
  'batch.v1.PodFailurePolicyOnExitCodesRequirement': { operator: 'v1.PodFailurePolicyOnExitCodesOperator' },
  'batch.v1.PodFailurePolicyOnPodConditionsPattern': { status: 'v1.ConditionStatus', type: 'v1.PodConditionType' },
  'batch.v1.PodFailurePolicyRule': { action: 'v1.PodFailurePolicyAction' },
  'batch.v1.UncountedTerminatedPods': { failed: '[]types.UID', succeeded: '[]types.UID' },
  'certificates.v1.CertificateSigningRequestCondition': {
    status: 'v1.ConditionStatus',
    type: 'v1.RequestConditionType',
  },
  'certificates.v1.CertificateSigningRequestSpec': {
    extra: 'map[string]v1.ExtraValue',
    request: '[]uint8',
    usages: '[]v1.KeyUsage',
  },
  'certificates.v1.CertificateSigningRequestStatus': { certificate: '[]uint8' },
  'coordination.v1.LeaseSpec': { strategy: 'v1.CoordinatedLeaseStrategy' },
  'core.v1.AppArmorProfile': { type: 'v1.AppArmorProfileType' },
  'core.v1.AttachedVolume': { name: 'v1.UniqueVolumeName' },
  'core.v1.AzureDiskVolumeSource': { cachingMode: 'v1.AzureDataDiskCachingMode', kind: 'v1.AzureDataDiskKind' },
  'core.v1.Capabilities': { add: '[]v1.Capability', drop: '[]v1.Capability' },
  'core.v1.ComponentCondition': { status: 'v1.ConditionStatus', type: 'v1.ComponentConditionType' },
  'core.v1.ConfigMap': { binaryData: 'map[string][]uint8' },
  'core.v1.ConfigMapNodeConfigSource': { uid: 'types.UID' },
  'core.v1.Container': {
    imagePullPolicy: 'v1.PullPolicy',
    restartPolicy: 'v1.ContainerRestartPolicy',
    terminationMessagePolicy: 'v1.TerminationMessagePolicy',
  },
  'core.v1.ContainerImage': { sizeBytes: 'int64' },
  'core.v1.ContainerPort': { protocol: 'v1.Protocol' },
  'core.v1.ContainerResizePolicy': { resourceName: 'v1.ResourceName', restartPolicy: 'v1.ResourceResizeRestartPolicy' },
  'core.v1.ContainerStatus': { allocatedResources: 'v1.ResourceList' },
  'core.v1.EmptyDirVolumeSource': { medium: 'v1.StorageMedium' },
  'core.v1.EndpointPort': { protocol: 'v1.Protocol' },
  'core.v1.EphemeralContainer': {
    imagePullPolicy: 'v1.PullPolicy',
    restartPolicy: 'v1.ContainerRestartPolicy',
    terminationMessagePolicy: 'v1.TerminationMessagePolicy',
  },
  'core.v1.HTTPGetAction': { scheme: 'v1.URIScheme' },
  'core.v1.HostPathVolumeSource': { type: 'v1.HostPathType' },
  'core.v1.LimitRangeItem': {
    default: 'v1.ResourceList',
    defaultRequest: 'v1.ResourceList',
    max: 'v1.ResourceList',
    maxLimitRequestRatio: 'v1.ResourceList',
    min: 'v1.ResourceList',
    type: 'v1.LimitType',
  },
  'core.v1.LoadBalancerIngress': { ipMode: 'v1.LoadBalancerIPMode' },
  'core.v1.ModifyVolumeStatus': { status: 'v1.PersistentVolumeClaimModifyVolumeStatus' },
  'core.v1.NamespaceCondition': { status: 'v1.ConditionStatus', type: 'v1.NamespaceConditionType' },
  'core.v1.NamespaceSpec': { finalizers: '[]v1.FinalizerName' },
  'core.v1.NamespaceStatus': { phase: 'v1.NamespacePhase' },
  'core.v1.NodeAddress': { type: 'v1.NodeAddressType' },
  'core.v1.NodeCondition': { status: 'v1.ConditionStatus', type: 'v1.NodeConditionType' },
  'core.v1.NodeSelectorRequirement': { operator: 'v1.NodeSelectorOperator' },
  'core.v1.NodeStatus': {
    allocatable: 'v1.ResourceList',
    capacity: 'v1.ResourceList',
    phase: 'v1.NodePhase',
    volumesInUse: '[]v1.UniqueVolumeName',
  },
  'core.v1.ObjectReference': { uid: 'types.UID' },
  'core.v1.PersistentVolumeClaimCondition': {
    status: 'v1.ConditionStatus',
    type: 'v1.PersistentVolumeClaimConditionType',
  },
  'core.v1.PersistentVolumeClaimSpec': {
    accessModes: '[]v1.PersistentVolumeAccessMode',
    volumeMode: 'v1.PersistentVolumeMode',
  },
  'core.v1.PersistentVolumeClaimStatus': {
    accessModes: '[]v1.PersistentVolumeAccessMode',
    allocatedResourceStatuses: 'map[v1.ResourceName]v1.ClaimResourceStatus',
    allocatedResources: 'v1.ResourceList',
    capacity: 'v1.ResourceList',
    phase: 'v1.PersistentVolumeClaimPhase',
  },
  'core.v1.PersistentVolumeSpec': {
    accessModes: '[]v1.PersistentVolumeAccessMode',
    capacity: 'v1.ResourceList',
    persistentVolumeReclaimPolicy: 'v1.PersistentVolumeReclaimPolicy',
    volumeMode: 'v1.PersistentVolumeMode',
  },
  'core.v1.PersistentVolumeStatus': { phase: 'v1.PersistentVolumePhase' },
  'core.v1.PodCondition': { status: 'v1.ConditionStatus', type: 'v1.PodConditionType' },
  'core.v1.PodOS': { name: 'v1.OSName' },
  'core.v1.PodReadinessGate': { conditionType: 'v1.PodConditionType' },
  'core.v1.PodSecurityContext': {
    fsGroup: 'int64',
    fsGroupChangePolicy: 'v1.PodFSGroupChangePolicy',
    runAsGroup: 'int64',
    runAsUser: 'int64',
    seLinuxChangePolicy: 'v1.PodSELinuxChangePolicy',
    supplementalGroups: '[]int64',
    supplementalGroupsPolicy: 'v1.SupplementalGroupsPolicy',
  },
  'core.v1.PodSpec': {
    activeDeadlineSeconds: 'int64',
    dnsPolicy: 'v1.DNSPolicy',
    overhead: 'v1.ResourceList',
    preemptionPolicy: 'v1.PreemptionPolicy',
    restartPolicy: 'v1.RestartPolicy',
    terminationGracePeriodSeconds: 'int64',
  },
  'core.v1.PodStatus': { phase: 'v1.PodPhase', qosClass: 'v1.PodQOSClass', resize: 'v1.PodResizeStatus' },
  'core.v1.PortStatus': { protocol: 'v1.Protocol' },
  'core.v1.Probe': { terminationGracePeriodSeconds: 'int64' },
  'core.v1.ReplicationControllerCondition': {
    status: 'v1.ConditionStatus',
    type: 'v1.ReplicationControllerConditionType',
  },
  'core.v1.ReplicationControllerStatus': { observedGeneration: 'int64' },
  'core.v1.ResourceQuotaSpec': { hard: 'v1.ResourceList', scopes: '[]v1.ResourceQuotaScope' },
  'core.v1.ResourceQuotaStatus': { hard: 'v1.ResourceList', used: 'v1.ResourceList' },
  'core.v1.ResourceRequirements': { limits: 'v1.ResourceList', requests: 'v1.ResourceList' },
  'core.v1.ScopedResourceSelectorRequirement': {
    operator: 'v1.ScopeSelectorOperator',
    scopeName: 'v1.ResourceQuotaScope',
  },
  'core.v1.SeccompProfile': { type: 'v1.SeccompProfileType' },
  'core.v1.Secret': { data: 'map[string][]uint8', type: 'v1.SecretType' },
  'core.v1.SecurityContext': { procMount: 'v1.ProcMountType', runAsGroup: 'int64', runAsUser: 'int64' },
  'core.v1.ServiceAccountTokenProjection': { expirationSeconds: 'int64' },
  'core.v1.ServicePort': { protocol: 'v1.Protocol' },
  'core.v1.ServiceSpec': {
    externalTrafficPolicy: 'v1.ServiceExternalTrafficPolicy',
    internalTrafficPolicy: 'v1.ServiceInternalTrafficPolicy',
    ipFamilies: '[]v1.IPFamily',
    ipFamilyPolicy: 'v1.IPFamilyPolicy',
    sessionAffinity: 'v1.ServiceAffinity',
    type: 'v1.ServiceType',
  },
  'core.v1.SleepAction': { seconds: 'int64' },
  'core.v1.Taint': { effect: 'v1.TaintEffect' },
  'core.v1.Toleration': { effect: 'v1.TaintEffect', operator: 'v1.TolerationOperator', tolerationSeconds: 'int64' },
  'core.v1.TopologySpreadConstraint': {
    nodeAffinityPolicy: 'v1.NodeInclusionPolicy',
    nodeTaintsPolicy: 'v1.NodeInclusionPolicy',
    whenUnsatisfiable: 'v1.UnsatisfiableConstraintAction',
  },
  'core.v1.VolumeMount': { mountPropagation: 'v1.MountPropagationMode', recursiveReadOnly: 'v1.RecursiveReadOnlyMode' },
  'core.v1.VolumeMountStatus': { recursiveReadOnly: 'v1.RecursiveReadOnlyMode' },
  'core.v1.VolumeResourceRequirements': { limits: 'v1.ResourceList', requests: 'v1.ResourceList' },
  'discovery.v1.EndpointPort': { protocol: 'v1.Protocol' },
  'discovery.v1.EndpointSlice': { addressType: 'v1.AddressType' },
  'flowcontrol.v1.FlowDistinguisherMethod': { type: 'v1.FlowDistinguisherMethodType' },
  'flowcontrol.v1.FlowSchemaCondition': { status: 'v1.ConditionStatus', type: 'v1.FlowSchemaConditionType' },
  'flowcontrol.v1.LimitResponse': { type: 'v1.LimitResponseType' },
  'flowcontrol.v1.PriorityLevelConfigurationCondition': {
    status: 'v1.ConditionStatus',
    type: 'v1.PriorityLevelConfigurationConditionType',
  },
  'flowcontrol.v1.PriorityLevelConfigurationSpec': { type: 'v1.PriorityLevelEnablement' },
  'flowcontrol.v1.Subject': { kind: 'v1.SubjectKind' },
  'flowcontrol.v1beta3.FlowDistinguisherMethod': { type: 'v1beta3.FlowDistinguisherMethodType' },
  'flowcontrol.v1beta3.FlowSchemaCondition': {
    status: 'v1beta3.ConditionStatus',
    type: 'v1beta3.FlowSchemaConditionType',
  },
  'flowcontrol.v1beta3.LimitResponse': { type: 'v1beta3.LimitResponseType' },
  'flowcontrol.v1beta3.PriorityLevelConfigurationCondition': {
    status: 'v1beta3.ConditionStatus',
    type: 'v1beta3.PriorityLevelConfigurationConditionType',
  },
  'flowcontrol.v1beta3.PriorityLevelConfigurationSpec': { type: 'v1beta3.PriorityLevelEnablement' },
  'flowcontrol.v1beta3.Subject': { kind: 'v1beta3.SubjectKind' },
  'meta.v1.APIResource': { verbs: 'v1.Verbs' },
  'meta.v1.Condition': { observedGeneration: 'int64', status: 'v1.ConditionStatus' },
  'meta.v1.DeleteOptions': { gracePeriodSeconds: 'int64', propagationPolicy: 'v1.DeletionPropagation' },
  'meta.v1.LabelSelectorRequirement': { operator: 'v1.LabelSelectorOperator' },
  'meta.v1.ListMeta': { remainingItemCount: 'int64' },
  'meta.v1.ManagedFieldsEntry': { operation: 'v1.ManagedFieldsOperationType' },
  'meta.v1.ObjectMeta': { deletionGracePeriodSeconds: 'int64', generation: 'int64', uid: 'types.UID' },
  'meta.v1.OwnerReference': { uid: 'types.UID' },
  'meta.v1.Preconditions': { uid: 'types.UID' },
  'meta.v1.Status': { reason: 'v1.StatusReason' },
  'meta.v1.StatusCause': { reason: 'v1.CauseType' },
  'meta.v1.StatusDetails': { uid: 'types.UID' },
  'networking.v1.HTTPIngressPath': { pathType: 'v1.PathType' },
  'networking.v1.IngressPortStatus': { protocol: 'v1.Protocol' },
  'networking.v1.NetworkPolicyPort': { protocol: 'v1.Protocol' },
  'networking.v1.NetworkPolicySpec': { policyTypes: '[]v1.PolicyType' },
  'node.v1.Overhead': { podFixed: 'v1.ResourceList' },
  'policy.v1.PodDisruptionBudgetSpec': { unhealthyPodEvictionPolicy: 'v1.UnhealthyPodEvictionPolicyType' },
  'policy.v1.PodDisruptionBudgetStatus': { observedGeneration: 'int64' },
  'scheduling.v1.PriorityClass': { preemptionPolicy: 'v1.PreemptionPolicy' },
  'storage.v1.CSIDriverSpec': { fsGroupPolicy: 'v1.FSGroupPolicy', volumeLifecycleModes: '[]v1.VolumeLifecycleMode' },
  'storage.v1.StorageClass': {
    reclaimPolicy: 'v1.PersistentVolumeReclaimPolicy',
    volumeBindingMode: 'v1.VolumeBindingMode',
  },
  'storage.v1.TokenRequest': { expirationSeconds: 'int64' },
  'storagemigration.v1alpha1.MigrationCondition': {
    status: 'v1.ConditionStatus',
    type: 'v1alpha1.MigrationConditionType',
  },
};

const started = performance.now();
const json = `${JSON.stringify(build())}\n`;
for (const output of outputs) {
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, json);
}
console.log(
  `gen-schema: wrote ${relative(root, outputs[0])} (${(json.length / 1024).toFixed(0)} KiB) in ${(performance.now() - started).toFixed(0)} ms`,
);
