/**
 * `kubesim rollout` end to end, against a running cluster whose deployment and ReplicaSet controllers, scheduler and
 * kubelets do the work: a rollout is watched to its end, recorded in history, undone, paused, resumed and restarted.
 */
import { startCluster, type RunningCluster } from '../support/running-cluster.js';

let c: RunningCluster;

beforeAll(() => {
  c = startCluster();
  c.apply(
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web, annotations: {kubernetes.io/change-cause: first}}',
      'spec:',
      '  replicas: 3',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec: {containers: [{name: nginx, image: "nginx:1.25"}]}',
      '',
    ].join('\n'),
  );
}, 30_000);

afterAll(() => c?.down());

const images = () => c.run(['get', 'rs', '-o', 'jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}={.spec.replicas} {end}']).stdout.trim().split(' ').sort();

describe('kubesim rollout', () => {
  it('status waits until the new Deployment is rolled out', () => {
    const r = c.run(['rollout', 'status', 'deployment/web', '--timeout=20s']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
  });

  it('an image change rolls out to a new ReplicaSet, and history shows both revisions with their change causes', () => {
    expect(c.run(['set', 'image', 'deploy/web', 'nginx=nginx:1.26']).stdout).toBe('deployment.apps/web image updated\n');
    expect(c.run(['annotate', 'deploy/web', 'kubernetes.io/change-cause=image 1.26', '--overwrite']).stderr).toBe('');
    const status = c.run(['rollout', 'status', 'deploy/web', '--timeout=20s']);
    expect(status.code).toBe(0);
    const lines = status.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('deployment "web" successfully rolled out');
    for (const l of lines.slice(0, -1)) expect(l).toMatch(/^Waiting for deployment "web" rollout to finish: (\d+ out of 3 new replicas have been updated|\d+ old replicas are pending termination|\d+ of 3 updated replicas are available)\.\.\.$/);
    expect(images()).toEqual(['nginx:1.25=0', 'nginx:1.26=3']);
    expect(c.run(['rollout', 'history', 'deploy/web']).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         first\n2         image 1.26\n\n');
    const rev1 = c.run(['rollout', 'history', 'deploy/web', '--revision=1']).stdout;
    expect(rev1).toMatch(/^deployment\.apps\/web with revision #1\nPod Template:\n {2}Labels:\tapp=web\n\tpod-template-hash=\w+\n {2}Annotations:\tkubernetes\.io\/change-cause: first\n {2}Containers:\n {3}nginx:\n {4}Image:\tnginx:1\.25\n/);
  });

  it('undo goes back to the previous template, which becomes revision 3', () => {
    expect(c.run(['rollout', 'undo', 'deploy/web']).stdout).toBe('deployment.apps/web rolled back\n');
    expect(c.run(['rollout', 'status', 'deploy/web', '--timeout=20s']).code).toBe(0);
    expect(images()).toEqual(['nginx:1.25=3', 'nginx:1.26=0']);
    expect(c.run(['rollout', 'history', 'deploy/web']).stdout).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         image 1.26\n3         first\n\n');
    expect(c.run(['rollout', 'undo', 'deploy/web', '--to-revision=3']).stdout).toBe('deployment.apps/web skipped rollback (current template already matches revision 3)\n');
    const missing = c.run(['rollout', 'undo', 'deploy/web', '--to-revision=7']);
    expect([missing.code, missing.stderr]).toEqual([1, 'error: unable to find specified revision 7 in history\n']);
  });

  it('a paused Deployment keeps its pods through a template change until it is resumed', () => {
    expect(c.run(['rollout', 'pause', 'deploy/web']).stdout).toBe('deployment.apps/web paused\n');
    expect(c.run(['rollout', 'pause', 'deploy/web']).stderr).toBe('error: deployments.apps "web" is already paused\n');
    expect(c.run(['set', 'env', 'deploy/web', 'MODE=paused']).stdout).toBe('deployment.apps/web env updated\n');
    const restart = c.run(['rollout', 'restart', 'deploy/web']);
    expect([restart.code, restart.stderr]).toEqual([1, `error: deployments.apps "web" can't restart paused deployment (run rollout resume first)\n`]);
    const undo = c.run(['rollout', 'undo', 'deploy/web']);
    expect(undo.stderr).toBe("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n");
    expect(c.run(['rollout', 'status', 'deploy/web', '--watch=false']).stdout).toBe('Waiting for deployment "web" rollout to finish: 0 out of 3 new replicas have been updated...\n');
    expect(images()).toEqual(['nginx:1.25=3', 'nginx:1.26=0']);
    expect(c.run(['rollout', 'resume', 'deploy/web']).stdout).toBe('deployment.apps/web resumed\n');
    expect(c.run(['rollout', 'status', 'deploy/web', '--timeout=20s']).code).toBe(0);
    expect(images()).toEqual(['nginx:1.25=0', 'nginx:1.25=3', 'nginx:1.26=0']);
  });

  it('restart stamps the template with restartedAt, which rolls out new pods', () => {
    const r = c.run(['rollout', 'restart', 'deploy/web']);
    expect(r.stdout).toBe('deployment.apps/web restarted\n');
    const annotations = JSON.parse(c.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.metadata.annotations}']).stdout) as Record<string, string>;
    expect(annotations['kubectl.kubernetes.io/restartedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    expect(c.run(['rollout', 'status', 'deploy/web', '--timeout=20s']).code).toBe(0);
    expect(c.run(['get', 'rs', '--no-headers']).stdout.trim().split('\n')).toHaveLength(4);
  });

  it('status of a kind without a status viewer, and of nothing, fail as kubectl does', () => {
    expect(c.run(['rollout', 'status', 'svc/kubernetes']).stderr).toBe('error: no status viewer has been implemented for Service\n');
    expect(c.run(['rollout', 'status']).stderr).toBe('error: required resource not specified\n');
    expect(c.run(['rollout', 'history', 'deploy/nope']).stderr).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
  });
});
