import { readFileSync } from 'node:fs';
import { parseApiVersion } from '../object.js';
import {
  computeApplyPatch,
  getModifiedConfiguration,
  getOriginalConfiguration,
  LAST_APPLIED_CONFIG_ANNOTATION,
  missingLastAppliedWarning,
  withLastAppliedConfiguration,
} from './apply.js';
import { patchMetaForKind } from './patch-meta.js';
import { strategicMergePatch } from './strategic-merge-patch.js';
import type { JsonObject } from './json-value.js';

/**
 * Recorded from kubectl 1.32 against a logging fake API server: the first `kubectl apply` created
 * the object (its last-applied annotation is kubectl's), the server's defaults and the mutation
 * named in the description were added to make `current`, then `kubectl apply` of `file` sent
 * `body` (null: no request, kubectl printed "unchanged").
 */
interface RecordedApply {
  description: string;
  lastApplied: string;
  file: JsonObject;
  current: JsonObject;
  kubectlOutput: string;
  contentType: string | null;
  body: string | null;
}
const recorded = JSON.parse(readFileSync(new URL('./testdata/kubectl-apply-cases.json', import.meta.url), 'utf8')) as RecordedApply[];

const gvkOf = (o: JsonObject) => ({ ...parseApiVersion(o['apiVersion'] as string), kind: o['kind'] as string });
/** kubectl gives a namespaced object without one the default namespace before anything else. */
const inDefaultNamespace = (o: JsonObject) => ({ ...o, metadata: { ...(o['metadata'] as JsonObject), namespace: 'default' } });

function makeDeployment(overrides: { replicas?: number; image?: string; labels?: Record<string, string> } = {}): JsonObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: overrides.labels ?? { app: 'web' } },
    spec: {
      replicas: overrides.replicas ?? 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: overrides.image ?? 'nginx:1.25' }] },
      },
    },
  };
}

/** What the API server does with the first apply and each patch, minus defaulting: enough to chain applies. */
const deploymentSchema = patchMetaForKind({ group: 'apps', version: 'v1', kind: 'Deployment' })!;
function applyFile(live: JsonObject | undefined, file: JsonObject): JsonObject {
  if (!live) return withLastAppliedConfiguration(file);
  const result = computeApplyPatch(getOriginalConfiguration(live), file, live, gvkOf(file));
  return result.unchanged ? live : strategicMergePatch(live, result.patch, deploymentSchema);
}

describe('computeApplyPatch sends what kubectl 1.32 sent', () => {
  it.each(recorded.map((r) => [r.description, r] as const))('%s', (_name, r) => {
    const result = computeApplyPatch(r.lastApplied, inDefaultNamespace(r.file), r.current, gvkOf(r.file));
    if (r.body === null) {
      expect(result.unchanged).toBe(true);
      expect(r.kubectlOutput).toMatch(/ unchanged$/);
      return;
    }
    expect(result.unchanged).toBe(false);
    expect(result.contentType).toBe(r.contentType);
    expect(result.body).toBe(r.body);
  });
});

describe('apply, scale, label and apply again', () => {
  const cases: [string, (live: JsonObject) => JsonObject, JsonObject, (live: JsonObject) => void][] = [
    [
      'a file applied again after kubectl scale puts replicas back to the file',
      (live) => ({ ...live, spec: { ...(live['spec'] as JsonObject), replicas: 4 } }),
      makeDeployment({ replicas: 3 }),
      (live) => expect((live['spec'] as JsonObject)['replicas']).toBe(3),
    ],
    [
      'a label removed from the file is gone after the next apply',
      (live) => live,
      makeDeployment({ labels: { app: 'web' } }),
      (live) => expect((live['metadata'] as JsonObject)['labels']).toEqual({ app: 'web' }),
    ],
    [
      'a label added by kubectl label survives the next apply',
      (live) => ({ ...live, metadata: { ...(live['metadata'] as JsonObject), labels: { app: 'web', tier: 'front', team: 'blue' } } }),
      makeDeployment({ replicas: 3, labels: { app: 'web', tier: 'front' } }),
      (live) => expect((live['metadata'] as JsonObject)['labels']).toEqual({ app: 'web', tier: 'front', team: 'blue' }),
    ],
  ];
  it.each(cases)('%s', (_name, meddle, secondFile, check) => {
    const first = makeDeployment({ replicas: 3, labels: { app: 'web', tier: 'front' } });
    let live = applyFile(undefined, first);
    live = meddle(live);
    live = applyFile(live, secondFile);
    check(live);
    expect(getOriginalConfiguration(live)).toBe(getModifiedConfiguration(secondFile, false));
  });

  it('applying the same file twice leaves nothing to send the second time', () => {
    const live = applyFile(undefined, makeDeployment());
    expect(computeApplyPatch(getOriginalConfiguration(live), makeDeployment(), live, gvkOf(live)).unchanged).toBe(true);
  });
});

describe('the last-applied-configuration annotation', () => {
  const cases: [string, JsonObject, boolean, string][] = [
    [
      'is the object as compact JSON with sorted keys, empty annotations and a trailing newline',
      { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', namespace: 'default' }, data: { b: '2', a: '1' } },
      false,
      '{"apiVersion":"v1","data":{"a":"1","b":"2"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c","namespace":"default"}}\n',
    ],
    [
      'escapes <, > and & as Go does',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { cmd: 'a && b > <c>' } },
      false,
      '{"apiVersion":"v1","data":{"cmd":"a \\u0026\\u0026 b \\u003e \\u003cc\\u003e"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c"}}\n',
    ],
    [
      "leaves out the object's own last-applied annotation and keeps the others",
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { note: 'x', [LAST_APPLIED_CONFIG_ANNOTATION]: 'old' } } },
      false,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{"note":"x"},"name":"c"}}\n',
    ],
    [
      'is embedded in the modified configuration when annotating',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      true,
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"ConfigMap\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"c\\"}}\\n"},"name":"c"}}\n',
    ],
  ];
  it.each(cases)('%s', (_name, obj, annotate, expected) => {
    expect(getModifiedConfiguration(obj, annotate)).toBe(expected);
  });

  it('is set on the object kubectl apply creates, which is otherwise the file', () => {
    const file = makeDeployment();
    const created = withLastAppliedConfiguration(file);
    const annotations = (created['metadata'] as JsonObject)['annotations'] as Record<string, string>;
    expect(annotations).toEqual({ [LAST_APPLIED_CONFIG_ANNOTATION]: getModifiedConfiguration(file, false) });
    expect({ ...created, metadata: { ...(created['metadata'] as JsonObject), annotations: undefined } }).toEqual({
      ...file,
      metadata: { ...(file['metadata'] as JsonObject), annotations: undefined },
    });
    expect((file['metadata'] as JsonObject)['annotations']).toBeUndefined();
  });

  it('is what kubectl wrote when it created the object from the same file', () => {
    const same = recorded.find((r) => r.body === null)!;
    expect(getModifiedConfiguration(inDefaultNamespace(same.file), false)).toBe(same.lastApplied);
  });

  it('is read back from a live object, and is absent from one created without it', () => {
    expect(getOriginalConfiguration(withLastAppliedConfiguration(makeDeployment()))).toBe(getModifiedConfiguration(makeDeployment(), false));
    expect(getOriginalConfiguration(makeDeployment())).toBeUndefined();
  });
});

describe('applying to an object without a last-applied configuration', () => {
  it('treats the last applied configuration as empty, so nothing the file lacks is deleted', () => {
    const live = { ...makeDeployment(), metadata: { name: 'web', namespace: 'default', labels: { app: 'web', extra: 'x' } } };
    const result = computeApplyPatch(undefined, makeDeployment({ replicas: 5 }), live, { group: 'apps', version: 'v1', kind: 'Deployment' });
    expect((result.patch['spec'] as JsonObject)['replicas']).toBe(5);
    expect(JSON.stringify(result.patch)).not.toContain('extra');
  });

  it('prints the warning kubectl prints', () => {
    expect(missingLastAppliedWarning('deployments.apps/web')).toBe(
      'Warning: resource deployments.apps/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n',
    );
  });

  it('rejects a last applied configuration that is not JSON', () => {
    expect(() => computeApplyPatch('{not json', makeDeployment(), makeDeployment(), { group: 'apps', version: 'v1', kind: 'Deployment' })).toThrow(
      'invalid JSON document',
    );
  });
});
