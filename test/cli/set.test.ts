/**
 * `kubesim set image|env|resources` end to end: each change of a Deployment's template rolls out new pods that
 * carry it; a change that changes nothing prints nothing and rolls out nothing.
 */
import { startCluster, type RunningCluster } from '../support/running-cluster.js';

let c: RunningCluster;

beforeAll(() => {
  c = startCluster();
  c.apply(
    [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: app-config}',
      'data: {db.host: db, log-level: debug}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  replicas: 2',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec: {containers: [{name: nginx, image: "nginx:1.25", env: [{name: MODE, value: prod}]}]}',
      '',
    ].join('\n'),
  );
}, 30_000);

afterAll(() => c?.down());

const podSpecs = () => JSON.parse(c.run(['get', 'pods', '-l', 'app=web', '-o', 'json']).stdout).items.map((p: { spec: unknown }) => p.spec) as Array<{ containers: Array<Record<string, unknown>> }>;
const rolledOut = () => expect(c.run(['rollout', 'status', 'deploy/web', '--timeout=20s']).code).toBe(0);

describe('kubesim set', () => {
  it('set image rolls out pods with the new image', () => {
    rolledOut();
    expect(c.run(['set', 'image', 'deploy/web', 'nginx=nginx:1.27']).stdout).toBe('deployment.apps/web image updated\n');
    rolledOut();
    expect(podSpecs().map((s) => s.containers[0]!.image)).toEqual(['nginx:1.27', 'nginx:1.27']);
    // The same image again: no patch, no output, no new ReplicaSet.
    expect(c.run(['set', 'image', 'deploy/web', 'nginx=nginx:1.27'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(c.run(['get', 'rs', '--no-headers']).stdout.trim().split('\n')).toHaveLength(2);
    const missing = c.run(['set', 'image', 'deploy/web', 'sidecar=busybox']);
    expect([missing.code, missing.stderr]).toEqual([1, 'error: unable to find container named "sidecar"\n']);
  });

  it('set env adds, removes and lists variables, also from a ConfigMap', () => {
    expect(c.run(['set', 'env', 'deploy/web', 'A=1', 'MODE-']).stdout).toBe('deployment.apps/web env updated\n');
    const fromCm = c.run(['set', 'env', 'deploy/web', '--from=configmap/app-config', '--keys=log-level']);
    expect([fromCm.stdout, fromCm.stderr]).toEqual(['deployment.apps/web env updated\n', 'Warning: key log-level transferred to LOG_LEVEL\n']);
    expect(c.run(['set', 'env', 'deploy/web', '--list']).stdout).toBe('# Deployment web, container nginx\nA=1\n# LOG_LEVEL from configmap app-config, key log-level\n');
    rolledOut();
    expect(podSpecs()[0]!.containers[0]!.env).toEqual([
      { name: 'A', value: '1' },
      { name: 'LOG_LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'log-level' } } },
    ]);
    const noOverwrite = c.run(['set', 'env', 'deploy/web', 'A=2', '--overwrite=false']);
    expect(noOverwrite.stderr).toBe("error: deployments/web 'A' already has a value (1), and --overwrite is false\n");
  });

  it('set resources sets limits and requests in canonical quantities', () => {
    expect(c.run(['set', 'resources', 'deploy/web', '--limits=cpu=0.5,memory=512Mi', '--requests=cpu=100m']).stdout).toBe('deployment.apps/web resource requirements updated\n');
    rolledOut();
    expect(podSpecs()[0]!.containers[0]!.resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '512Mi' } });
    const none = c.run(['set', 'resources', 'deploy/web']);
    expect(none.stderr).toBe('error: you must specify an update to requests or limits (in the form of --requests/--limits)\n');
  });
});
