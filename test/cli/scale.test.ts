/**
 * `kubesim scale` end to end: the scale subresource of a Deployment, a ReplicaSet and a StatefulSet, its
 * preconditions, selectors and --timeout wait, with the controllers creating and deleting the pods.
 */
import { startCluster, type RunningCluster } from '../support/running-cluster.js';

let c: RunningCluster;

const deployment = (name: string, replicas: number) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: ${name}, labels: {tier: front}}`,
    'spec:',
    `  replicas: ${replicas}`,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec: {containers: [{name: c, image: nginx}]}',
    '',
  ].join('\n');

beforeAll(() => {
  c = startCluster();
  c.apply(`${deployment('web', 2)}---\n${deployment('api', 1)}`);
}, 30_000);

afterAll(() => c?.down());

const running = (app: string) =>
  c.run(['get', 'pods', '-l', `app=${app}`, '-o', 'jsonpath={range .items[*]}{.status.phase}{"\\n"}{end}']).stdout.split('\n').filter((p) => p === 'Running').length;

describe('kubesim scale', () => {
  it('scales a Deployment and waits for its replicas with --timeout', () => {
    const r = c.run(['scale', 'deploy/web', '--replicas=4', '--timeout=20s']);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, 'deployment.apps/web scaled\n', '']);
    expect(c.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas} {.status.replicas}']).stdout).toBe('4 4');
    expect(c.run(['rollout', 'status', 'deploy/web', '--timeout=20s']).code).toBe(0);
    expect(running('web')).toBe(4);
  });

  it('checks --current-replicas before scaling', () => {
    const wrong = c.run(['scale', 'deploy/web', '--replicas=1', '--current-replicas=2']);
    expect([wrong.code, wrong.stderr]).toEqual([1, 'error: Expected replicas to be 2, was 4\n']);
    expect(c.run(['scale', 'deploy/web', '--replicas=1', '--current-replicas=4']).stdout).toBe('deployment.apps/web scaled\n');
    expect(c.run(['rollout', 'status', 'deploy/web', '--timeout=20s']).code).toBe(0);
    expect(running('web')).toBe(1);
  });

  it('scales every Deployment a selector matches, and says so for a missing one', () => {
    expect(c.run(['scale', 'deploy', '-l', 'tier=front', '--replicas=2']).stdout).toBe('deployment.apps/api scaled\ndeployment.apps/web scaled\n');
    const missing = c.run(['scale', 'deploy/nope', '--replicas=2']);
    expect([missing.code, missing.stderr]).toEqual([1, 'error: no objects passed to scale deployments.apps "nope" not found\n']);
    const noFlag = c.run(['scale', 'deploy/web']);
    expect(noFlag.code).toBe(1);
    expect(noFlag.stderr).toMatch(/run\.go:72\] "command failed" err="required flag\(s\) \\"replicas\\" not set"\n$/);
  });

  it('a ReplicaSet scaled by hand is put back by its Deployment', async () => {
    const rs = c.run(['get', 'rs', '-l', 'app=api', '-o', 'jsonpath={.items[0].metadata.name}']).stdout;
    expect(c.run(['scale', `rs/${rs}`, '--replicas=5']).stdout).toBe(`replicaset.apps/${rs} scaled\n`);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const replicas = c.run(['get', 'rs', rs, '-o', 'jsonpath={.spec.replicas}']).stdout;
      if (replicas === '2') break;
      if (Date.now() > deadline) throw new Error(`replicas stayed ${replicas}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
