import { YAMLException } from 'js-yaml';
import { StatusError } from '../src/api/errors.js';
import { gvrForObject } from '../src/api/group-version.js';
import { newTestRegistry, type TestRegistry } from '../src/registry/test-registry.js';
import { loadSeedFixture } from './support/seed-fixtures.js';

type Outcome = 'created' | { code: number; message: string };

/** Creates every document of a seed fixture in order, as `kubectl create -f` would; the outcome of each. */
async function createAll(t: TestRegistry, file: string): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const doc of loadSeedFixture(file)) {
    try {
      await t.registry.create(gvrForObject(doc), doc.metadata?.namespace ?? 'default', doc);
      out.push('created');
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      out.push({ code: e.code, message: e.message });
    }
  }
  return out;
}

let t: TestRegistry;
beforeEach(async () => {
  t = await newTestRegistry();
});
afterEach(async () => {
  await t.close();
});

describe('the seed notes on a fresh cluster', () => {
  it.each([
    ['daemonset-pi-proxy-nodeselector.yaml'],
    ['daemonset-pi-proxy.yaml'],
    ['deployment-pi-proxy.yaml'],
    ['deployment-pi-web.yaml'],
    ['hpa-myapp.yaml'],
    ['pod-game-volume.yaml'],
    ['pod-http-go-nodename.yaml'],
    ['pod-node-selector.yaml'],
    ['pod-with-node-affinity.yaml'],
    ['pod-with-pod-affinity.yaml'],
    ['pods-multischeduler.yaml'],
    ['replicaset-whoami-web.yaml'],
    ['service-whoami-web.yaml'],
  ])('%s is created as written', async (file) => {
    const outcomes = await createAll(t, file);
    expect(outcomes.every((o) => o === 'created')).toBe(true);
  });

  it('the fluentd DaemonSet with `slector` is refused by strict decoding', async () => {
    expect(await createAll(t, 'daemonset-fluentd-slector.yaml')).toEqual([
      { code: 400, message: 'DaemonSet in version "v1" cannot be handled as a DaemonSet: strict decoding error: unknown field "spec.slector"' },
    ]);
  });

  it('the nodeSelector value with typographic quotes is not a valid label value', async () => {
    const [outcome] = await createAll(t, 'pod-http-go-gpu-nodeselector.yaml');
    expect(outcome).toEqual({
      code: 422,
      message:
        'Pod "http-go" is invalid: spec.nodeSelector: Invalid value: "“true”": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    });
  });

  it('my-scheduler: the ServiceAccount is created, the binding with the misspelled apiGroup is refused', async () => {
    const [sa, binding, deployment] = await createAll(t, 'my-scheduler.yaml');
    expect(sa).toBe('created');
    expect(binding).toEqual({
      code: 422,
      message: 'ClusterRoleBinding.rbac.authorization.k8s.io "my-scheduler-as-kube-scheduler" is invalid: roleRef.apiGroup: Unsupported value: "rbac.autorization.k8s.io": supported values: "rbac.authorization.k8s.io"',
    });
    expect(deployment).toMatchObject({ code: 422 });
    expect((deployment as { message: string }).message).toContain('metadata.name: Required value: name or generateName is required');
  });

  it.each([['pod-static-web-missing-colon.yaml'], ['pod-random-generator-tabs.yaml']])('%s is not YAML at all', (file) => {
    expect(() => loadSeedFixture(file)).toThrow(YAMLException);
  });
});
