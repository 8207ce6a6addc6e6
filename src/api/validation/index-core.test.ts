import { FieldPath } from '../field-error.js';
import { kinds } from '../kinds.js';
import type { KubeObject } from '../object.js';
import { admitDefaults } from '../defaults/admission.js';
import { applyDefaults } from '../defaults/index.js';
import { coreValidators } from './index-core.js';
import { validatePodTemplateSpec } from './pod-spec.js';
import { loadSeedFixture } from '../../../test/support/seed-fixtures.js';

// The YAML examples of /work/shared/seeds/*.txt (test/fixtures/seeds) that core validation checks: their core objects
// (apiVersion v1), and the pod templates of their workloads (the workloads themselves are validated elsewhere).
const coreFixtures = [
  'my-scheduler.yaml',
  'pod-game-volume.yaml',
  'pod-http-go-nodename.yaml',
  'pod-node-selector.yaml',
  'pod-static-web.yaml',
  'pod-with-node-affinity.yaml',
  'pod-with-pod-affinity.yaml',
  'pods-multischeduler.yaml',
  'service-whoami-web.yaml',
];
const workloadFixtures = [
  'daemonset-fluentd-slector.yaml',
  'daemonset-pi-proxy-nodeselector.yaml',
  'daemonset-pi-proxy.yaml',
  'deployment-pi-proxy.yaml',
  'deployment-pi-web.yaml',
  'replicaset-whoami-web.yaml',
];

/** What the API server does before validation on create: the request namespace, defaults, admission. */
function create(doc: KubeObject): KubeObject {
  const obj = structuredClone(doc);
  const info = kinds.find((k) => k.kind === obj.kind && obj.apiVersion === (k.group ? `${k.group}/${k.versions[0]}` : k.versions[0]));
  if (info?.namespaced && !obj.metadata.namespace) obj.metadata.namespace = 'default';
  applyDefaults(obj);
  admitDefaults(obj, { random: () => 0 });
  return obj;
}

/** The core objects of a fixture, created; the rest (other groups, a truncated Deployment) are not ours. */
const coreObjectsOf = (name: string) => loadSeedFixture(name).filter((doc) => doc.apiVersion === 'v1').map(create);
/** The workloads of a fixture that hold a pod template, created. */
const workloadsOf = (name: string) =>
  loadSeedFixture(name).filter((doc) => (doc.spec as { template?: unknown } | undefined)?.template !== undefined).map(create);

describe('coreValidators', () => {
  test('every core kind of the kinds table has a validator', () => {
    const core = kinds.filter((k) => k.group === '').map((k) => k.kind).sort();
    expect(Object.keys(coreValidators).sort()).toEqual(core);
  });

  test.each(coreFixtures)('the core objects of %s from the seed notes validate cleanly', (name) => {
    const objs = coreObjectsOf(name);
    expect(objs.length).toBeGreaterThan(0);
    for (const obj of objs) expect(coreValidators[obj.kind]!.validate(obj).map(String)).toEqual([]);
  });

  test.each(workloadFixtures)('the pod template of every workload of %s from the seed notes validates cleanly', (name) => {
    const objs = workloadsOf(name);
    expect(objs.length).toBeGreaterThan(0);
    for (const obj of objs) {
      const template = (obj.spec as { template: unknown }).template;
      expect(validatePodTemplateSpec(template, FieldPath.root('spec', 'template')).map(String)).toEqual([]);
    }
  });

  test('the http-go pod whose gpu selector the notes wrote with curly quotes fails as on a real cluster', () => {
    const [pod] = coreObjectsOf('pod-http-go-gpu-nodeselector.yaml');
    expect(coreValidators['Pod']!.validate(pod!).map(String)).toEqual([
      "spec.nodeSelector: Invalid value: \"“true”\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  test('a seed pod updated with a new image passes, one with a new node selector does not', () => {
    const [old] = coreObjectsOf('pod-node-selector.yaml');
    const stored: KubeObject = { ...old!, metadata: { ...old!.metadata, uid: 'u1', resourceVersion: '1' } };
    const withImage = structuredClone(stored);
    (withImage.spec as { containers: { image: string }[] }).containers[0]!.image = 'nginx:1.27';
    expect(coreValidators['Pod']!.validateUpdate(withImage, stored).map(String)).toEqual([]);
    const withNodeSelector = structuredClone(stored);
    (withNodeSelector.spec as { nodeSelector: Record<string, string> }).nodeSelector = { disktype: 'hdd' };
    expect(coreValidators['Pod']!.validateUpdate(withNodeSelector, stored).map(String)).toEqual([
      'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    ]);
  });
});
