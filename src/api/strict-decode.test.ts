import { readdirSync, readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import {
  base64CorruptAt,
  cannotBeHandledMessage,
  decodeProblems,
  goTimeParseError,
  strictDecode,
  strictDecodingError,
} from './strict-decode.js';
import type { GroupVersionKind } from './schema.js';

const seeds = new URL('../../test/fixtures/seeds/', import.meta.url);
const readSeed = (name: string) => readFileSync(new URL(name, seeds), 'utf8');

type Obj = Record<string, unknown>;

function gvkOf(obj: Obj): GroupVersionKind {
  const apiVersion = String(obj['apiVersion']);
  const slash = apiVersion.indexOf('/');
  return { group: slash < 0 ? '' : apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1), kind: String(obj['kind']) };
}

const DEPLOYMENT = { group: 'apps', version: 'v1', kind: 'Deployment' } as const;
const POD = { group: '', version: 'v1', kind: 'Pod' } as const;
const SECRET = { group: '', version: 'v1', kind: 'Secret' } as const;
const CRD = { group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' } as const;

/** A Deployment whose pod template has one container; `spec` and `container` fields are merged in. */
function makeDeployment(spec: Obj = {}, container: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', ...metadata },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ...container }] } },
      ...spec,
    },
  };
}

function makePod(spec: Obj = {}, metadata: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', ...metadata }, spec: { containers: [{ name: 'c', image: 'busybox' }], ...spec } };
}

function makeCRD(openAPIV3Schema: Obj): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'crontabs.stable.example.com' },
    spec: {
      group: 'stable.example.com',
      names: { plural: 'crontabs', kind: 'CronTab' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }],
    },
  };
}

describe('strict decoding of the seeds’ examples', () => {
  const files = readdirSync(seeds).filter((f) => f.endsWith('.yaml')).sort();
  const notYaml = ['pod-random-generator-tabs.yaml', 'pod-static-web-missing-colon.yaml'];
  const refused = ['daemonset-fluentd-slector.yaml'];
  const valid = files.filter((f) => !notYaml.includes(f) && !refused.includes(f));

  it('has the examples extracted as fixtures', () => {
    expect(valid.length).toBeGreaterThanOrEqual(14);
  });

  it.each(valid)('accepts every object of %s', (file) => {
    const docs = loadAll(readSeed(file)) as Obj[];
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(decodeProblems(doc, gvkOf(doc))).toEqual({ strict: [] });
  });

  it('refuses the DaemonSet whose spec says slector, as the API server does', () => {
    const [ds] = loadAll(readSeed('daemonset-fluentd-slector.yaml')) as Obj[];
    const gvk = gvkOf(ds!);
    expect(gvk).toEqual({ group: 'apps', version: 'v1', kind: 'DaemonSet' });
    const error = strictDecode(ds, gvk);
    expect(error).toBe('strict decoding error: unknown field "spec.slector"');
    expect(cannotBeHandledMessage(gvk, error!)).toBe(
      'DaemonSet in version "v1" cannot be handled as a DaemonSet: strict decoding error: unknown field "spec.slector"',
    );
  });

  it.each(notYaml)('has %s, which is not YAML, so it never reaches decoding', (file) => {
    expect(() => loadAll(readSeed(file))).toThrow();
  });
});

describe('strictDecode', () => {
  it.each<[string, unknown, GroupVersionKind, string | undefined]>([
    ['a well-formed Deployment decodes cleanly', makeDeployment(), DEPLOYMENT, undefined],
    ['apiVersion and kind are always known fields', { apiVersion: 'v1', kind: 'Pod' }, POD, undefined],
    [
      'several unknown fields are listed in the sorted order kubectl sends them',
      makeDeployment({ zeta: 1, alpha: true }),
      DEPLOYMENT,
      'strict decoding error: unknown field "spec.alpha", unknown field "spec.zeta"',
    ],
    [
      'an unknown field inside a list is named with the item’s index',
      makeDeployment({}, { imagee: 'nginx' }),
      DEPLOYMENT,
      'strict decoding error: unknown field "spec.template.spec.containers[0].imagee"',
    ],
    [
      'an unknown field at the top is named alone',
      { ...makePod(), status1: {} },
      POD,
      'strict decoding error: unknown field "status1"',
    ],
    ['field names are case-sensitive', { ...makePod(), Spec: {} }, POD, 'strict decoding error: unknown field "Spec"'],
    [
      'what an unknown field holds is not looked into',
      makeDeployment({ slector: { matchLabelz: { a: 1 } } }),
      DEPLOYMENT,
      'strict decoding error: unknown field "spec.slector"',
    ],
    [
      'an unknown field under a map of objects is named with the map key',
      makeCRD({ type: 'object', properties: { spec: { type: 'object', tpye: 'x' } } }),
      CRD,
      'strict decoding error: unknown field "spec.versions[0].schema.openAPIV3Schema.properties.spec.tpye"',
    ],
    [
      'a string where an int32 belongs is Go’s type error, naming the struct and the field path',
      makeDeployment({ replicas: '3' }),
      DEPLOYMENT,
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'a fraction where an int32 belongs quotes the number',
      makeDeployment({ replicas: 1.5 }),
      DEPLOYMENT,
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    [
      'a number beyond int32 quotes the number',
      makeDeployment({}, { ports: [{ containerPort: 3000000000 }] }),
      DEPLOYMENT,
      'json: cannot unmarshal number 3000000000 into Go struct field ContainerPort.spec.template.spec.containers.ports.containerPort of type int32',
    ],
    ['an int64 field takes numbers beyond int32', makePod({ terminationGracePeriodSeconds: 3000000000 }), POD, undefined],
    [
      'a number in labels is refused as a string map value, without the key in the path',
      makeDeployment({}, {}, { labels: { version: 1 } }),
      DEPLOYMENT,
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      'a bool in a node selector is refused the same way',
      makePod({ nodeSelector: { gpu: true } }),
      POD,
      'json: cannot unmarshal bool into Go struct field PodSpec.spec.nodeSelector of type string',
    ],
    [
      'a field inside list items is named without indexes, with the item’s struct',
      makeDeployment({}, { image: 7 }),
      DEPLOYMENT,
      'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string',
    ],
    [
      'a string where a list belongs names the slice type',
      makeDeployment({}, { command: '/bin/sh -c date' }),
      DEPLOYMENT,
      'json: cannot unmarshal string into Go struct field Container.spec.template.spec.containers.command of type []string',
    ],
    [
      'an object where a list of structs belongs names the slice of the struct type',
      makePod({ containers: { name: 'c' } }),
      POD,
      'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
    ],
    [
      'a string where a struct belongs names the struct type',
      makeDeployment({ template: 'web' }),
      DEPLOYMENT,
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.template of type v1.PodTemplateSpec',
    ],
    [
      'a named string type is printed with its Go name',
      makeDeployment({}, { ports: [{ containerPort: 80, protocol: 6 }] }),
      DEPLOYMENT,
      'json: cannot unmarshal number into Go struct field ContainerPort.spec.template.spec.containers.ports.protocol of type v1.Protocol',
    ],
    [
      'a named map type is printed with its Go name',
      makeDeployment({}, { resources: { limits: '1' } }),
      DEPLOYMENT,
      'json: cannot unmarshal string into Go struct field ResourceRequirements.spec.template.spec.containers.resources.limits of type v1.ResourceList',
    ],
    [
      'a body that is not an object names the kind’s Go type',
      'nginx',
      DEPLOYMENT,
      'json: cannot unmarshal string into Go value of type v1.Deployment',
    ],
    ['null is accepted anywhere', makeDeployment({ replicas: null, strategy: null }, { command: null, resources: { limits: null } }, { labels: null }), DEPLOYMENT, undefined],
    ['null items are accepted in lists', makePod({ containers: [null], tolerations: [null] }), POD, undefined],
    [
      'the first type error in sorted order is the one reported',
      makeDeployment({ replicas: 'x' }, {}, { labels: { a: 1 } }),
      DEPLOYMENT,
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    ],
    [
      'a type error wins over unknown fields',
      makeDeployment({ slector: {}, replicas: 'x' }),
      DEPLOYMENT,
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    ],
    ['quantities take strings', makeDeployment({}, { resources: { limits: { memory: '200Mi', cpu: '100m' } } }), DEPLOYMENT, undefined],
    ['quantities take YAML numbers', makeDeployment({}, { resources: { requests: { cpu: 0.5, memory: 512 } } }), DEPLOYMENT, undefined],
    [
      'a quantity that is not one stops decoding with upstream’s format error',
      makeDeployment({}, { resources: { limits: { memory: '200MB' } } }),
      DEPLOYMENT,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      'a quantity with an unknown suffix says so',
      makeDeployment({}, { resources: { limits: { memory: '1mm' } } }),
      DEPLOYMENT,
      "unable to parse quantity's suffix",
    ],
    [
      'a bool where a quantity belongs is a format error',
      makeDeployment({}, { resources: { limits: { cpu: true } } }),
      DEPLOYMENT,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    [
      'a quantity error wins over an earlier type error, as it stops decoding at once',
      makeDeployment({}, { resources: { limits: { memory: 'lots' } } }, { labels: { a: 1 } }),
      DEPLOYMENT,
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    ],
    ['an int-or-string takes a percentage', makeDeployment({ strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } } }), DEPLOYMENT, undefined],
    [
      'a bool where an int-or-string belongs is refused as an int32, with the field’s context',
      makeDeployment({ strategy: { rollingUpdate: { maxSurge: true } } }),
      DEPLOYMENT,
      'json: cannot unmarshal bool into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32',
    ],
    [
      'a fraction where an int-or-string belongs quotes the number',
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 80.5 }] } },
      { group: '', version: 'v1', kind: 'Service' },
      'json: cannot unmarshal number 80.5 into Go struct field ServicePort.spec.ports.targetPort of type int32',
    ],
    ['a timestamp in RFC 3339 is accepted', makePod({}, { creationTimestamp: '2024-05-01T10:00:00Z' }), POD, undefined],
    ['a timestamp with a fraction of a second is accepted', makePod({}, { creationTimestamp: '2024-05-01T10:00:00.25+02:00' }), POD, undefined],
    [
      'a timestamp that is not one fails as time.Parse does',
      makePod({}, { creationTimestamp: 'yesterday' }),
      POD,
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    ],
    [
      'a number where a timestamp belongs is refused as a string, with the field’s context',
      makePod({}, { creationTimestamp: 1714557600 }),
      POD,
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
    ],
    [
      'a micro-time is parsed with its own layout',
      { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e' }, involvedObject: {}, eventTime: '2024-05-01T10:00:00Z' },
      { group: '', version: 'v1', kind: 'Event' },
      'parsing time "2024-05-01T10:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    ],
    ['base64 data is accepted in a Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'aGVsbG8=' } }, SECRET, undefined],
    [
      'plain text in a Secret’s data is refused as Go’s base64 decoder refuses it',
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { password: 'hello world' } },
      SECRET,
      'illegal base64 data at input byte 5',
    ],
    ['plain text in a Secret’s stringData is fine', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'hello world' } }, SECRET, undefined],
    ['a CRD schema may preserve unknown fields', makeCRD({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }), CRD, undefined],
    [
      'unknown fields inside a CRD schema’s items pass, as apiextensions decodes them leniently',
      makeCRD({ type: 'array', items: { type: 'string', tpye: 'x' } }),
      CRD,
      undefined,
    ],
    [
      'a string where a schema or bool belongs is refused with apiextensions’ message',
      makeCRD({ type: 'object', additionalProperties: 'yes' }),
      CRD,
      'boolean or JSON schema expected',
    ],
    [
      'a type error inside a CRD schema’s items is reported at the items field',
      makeCRD({ type: 'array', items: { type: 7 } }),
      CRD,
      'json: cannot unmarshal number into Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.items of type string',
    ],
  ])('%s', (_name, obj, gvk, expected) => {
    expect(strictDecode(obj, gvk)).toBe(expected);
  });

  it('walks keys in the body’s own order when asked, as for a raw JSON body', () => {
    const obj = makeDeployment({ zeta: 1, alpha: true });
    expect(decodeProblems(obj, DEPLOYMENT, { keyOrder: 'given' }).strict).toEqual(['unknown field "spec.zeta"', 'unknown field "spec.alpha"']);
  });

  it('keeps at most 100 unknown fields, as upstream does', () => {
    const extra = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x${String(i).padStart(3, '0')}`, i]));
    const problems = decodeProblems(makeDeployment(extra), DEPLOYMENT);
    expect(problems.strict).toHaveLength(100);
    expect(problems.strict[0]).toBe('unknown field "spec.x000"');
  });

  it('separates fatal errors from unknown fields for fieldValidation=Warn', () => {
    expect(decodeProblems(makeDeployment({ slector: {} }), DEPLOYMENT)).toEqual({ strict: ['unknown field "spec.slector"'] });
    expect(decodeProblems(makeDeployment({ replicas: 'x' }), DEPLOYMENT)).toEqual({
      fatal: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      strict: [],
    });
  });

  it('refuses to decode a kind the schema does not have', () => {
    expect(() => strictDecode({}, { group: 'example.com', version: 'v1', kind: 'Widget' })).toThrow(/no schema/);
  });

  it('words the whole BadRequest message as transformDecodeError does', () => {
    expect(cannotBeHandledMessage(DEPLOYMENT, strictDecodingError(['unknown field "spec.a"', 'unknown field "spec.b"']))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.a", unknown field "spec.b"',
    );
  });
});

describe('base64CorruptAt', () => {
  it.each<[string, number | undefined]>([
    ['aGVsbG8=', undefined],
    ['aGVsbG8gd29ybGQ=', undefined],
    ['aGVs\nbG8=', undefined],
    ['', undefined],
    ['hello', 4],
    ['hello world', 5],
    ['aGVsbG8', 4],
    ['aGVsbG8==', 8],
    ['aGVsbG8=x', 8],
    ['a===', 1],
    ['ab=c', 2],
    ['ab=', 3],
    ['Zm9v!', 4],
  ])('finds %j corrupt at %s, as encoding/base64 does', (text, offset) => {
    expect(base64CorruptAt(text)).toBe(offset);
  });
});

describe('goTimeParseError', () => {
  const RFC3339 = { layout: '2006-01-02T15:04:05Z07:00', chunks: [] };
  const parse = (value: string) => strictDecode(makePod({}, { creationTimestamp: value }), POD);
  it.each<[string, string | undefined]>([
    ['2024-01-01T00:00:00Z', undefined],
    ['2024-01-01T00:00:00+09:00', undefined],
    ['2024-02-29T23:59:59Z', undefined],
    ['2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
    ['2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
    ['2024-01-01T24:00:00Z', 'parsing time "2024-01-01T24:00:00Z": hour out of range'],
    ['2024-01-01T00:60:00Z', 'parsing time "2024-01-01T00:60:00Z": minute out of range'],
    ['2024-01-01T00:00:00', 'parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
    ['2024-01-01 00:00:00Z', 'parsing time "2024-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00Z" as "T"'],
    ['2024-1-01T00:00:00Z', 'parsing time "2024-1-01T00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse "1-01T00:00:00Z" as "01"'],
    ['2024-01-01T00:00:00Zjunk', 'parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"'],
    ['2024-01-01T00:00:00+25:00', 'parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range'],
    ['', 'parsing time "" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "2006"'],
    ['어제', 'parsing time "\\xec\\x96\\xb4\\xec\\xa0\\x9c" as "2006-01-02T15:04:05Z07:00": cannot parse "\\xec\\x96\\xb4\\xec\\xa0\\x9c" as "2006"'],
  ])('parses %j as Go’s time.Parse(RFC3339) does', (value, expected) => {
    expect(parse(value)).toBe(expected);
  });

  it('reports against the layout it was given', () => {
    expect(goTimeParseError({ ...RFC3339, chunks: [{ std: 'literal', text: 'T' }] }, 'x')).toBe(
      'parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "T"',
    );
  });
});
