import { YAMLException } from 'js-yaml';
import { loadSeedFixture, seedFixtureNames } from '../../../test/support/seed-fixtures.js';
import type { KubeObject } from '../object.js';
import { toStored, toVersion } from '../conversion/hpa.js';
import { admitDefaults } from './admission.js';
import { applyDefaults } from './index.js';

// The YAML examples of /work/shared/seeds/*.txt, as test/fixtures/seeds holds them (mistakes included); the two
// the notes broke beyond parsing are checked to fail before any defaulting.
const notYaml = ['pod-random-generator-tabs.yaml', 'pod-static-web-missing-colon.yaml'];
const yamlFixtures = seedFixtureNames().filter((name) => !notYaml.includes(name));

/** What the API server does on create: the storage version, defaults, then admission for new objects. */
function create(doc: KubeObject): KubeObject {
  const obj = doc.kind === 'HorizontalPodAutoscaler' ? toStored(doc) : structuredClone(doc);
  applyDefaults(obj);
  admitDefaults(obj, { random: () => 0 });
  return obj;
}

describe('the seed notes\' examples', () => {
  it.each(yamlFixtures)('every object of %s defaults without error, and defaulting it again changes nothing', (name) => {
    const docs = loadSeedFixture(name);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      const created = create(doc);
      const again = structuredClone(created);
      applyDefaults(again);
      expect(again).toEqual(created);
    }
  });

  it('the fluentd DaemonSet keeps its typo for validation to refuse, and its template gets pod defaults', () => {
    const [ds] = loadSeedFixture('daemonset-fluentd-slector.yaml').map(create);
    const spec = ds!.spec as Record<string, unknown>;
    expect(spec.slector).toBeDefined();
    expect(spec.selector).toBeUndefined();
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    const volumes = (spec.template as { spec: { volumes: unknown[] } }).spec.volumes;
    expect(volumes).toEqual([
      { name: 'varlog', hostPath: { path: '/var/log', type: '' } },
      { name: 'varlibdockercontainers', hostPath: { path: '/var/lib/docker/containers', type: '' } },
    ]);
  });

  it('the misspelled roleRef apiGroup is kept for validation to refuse', () => {
    const [, crb] = loadSeedFixture('my-scheduler.yaml').map(create);
    expect(crb!.roleRef).toEqual({ kind: 'ClusterRole', name: 'system:kube-scheduler', apiGroup: 'rbac.autorization.k8s.io' });
    expect(crb!.subjects).toEqual([{ kind: 'ServiceAccount', name: 'my-scheduler', namespace: 'kube-system' }]);
  });

  it('the second multi-scheduler pod keeps its own scheduler name', () => {
    const [first, second] = loadSeedFixture('pods-multischeduler.yaml').map(create);
    expect((first!.spec as Record<string, unknown>).schedulerName).toBe('default-scheduler');
    expect((second!.spec as Record<string, unknown>).schedulerName).toBe('my-scheduler');
  });

  it('the seed HPA reads back through autoscaling/v1 with its 30% target', () => {
    const [hpa] = loadSeedFixture('hpa-myapp.yaml').map(create);
    expect(toVersion(hpa!, 'v1').spec).toEqual({ maxReplicas: 10, minReplicas: 1, scaleTargetRef: { apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'myapp' }, targetCPUUtilizationPercentage: 30 });
  });

  it('the whoami Service becomes a LoadBalancer with cluster traffic policies', () => {
    const [svc] = loadSeedFixture('service-whoami-web.yaml').map(create);
    expect(svc!.spec).toEqual({
      ports: [{ port: 8088, targetPort: 80, protocol: 'TCP' }],
      selector: { app: 'whoami-web' },
      type: 'LoadBalancer',
      sessionAffinity: 'None',
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
    });
  });

  it.each(notYaml)('%s is not YAML, so it fails before any defaulting', (name) => {
    expect(() => loadSeedFixture(name)).toThrow(YAMLException);
  });
});
