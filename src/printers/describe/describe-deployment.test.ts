import type { KubeObject } from '../../api/object.js';
import { replicaSetsOf } from './describe-deployment.js';

const template = (image: string, hash?: string) => ({ metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'c', image }] } });
const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', uid: 'd1' }, spec: { template: template('nginx:2') } };
function makeRS(name: string, created: string, image: string, ownerUid = 'd1'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, creationTimestamp: created, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: ownerUid, controller: true }] },
    spec: { replicas: 1, template: template(image, name.slice(4)) },
  };
}

describe('replicaSetsOf', () => {
  it('the new ReplicaSet is the one whose template matches once the hash label is ignored', () => {
    const { newRS, oldRSs } = replicaSetsOf(deployment, [makeRS('web-bbb', '2025-01-10T09:00:00Z', 'nginx:2'), makeRS('web-aaa', '2025-01-10T08:00:00Z', 'nginx:1')]);
    expect(newRS?.metadata.name).toBe('web-bbb');
    expect(oldRSs.map((rs) => rs.metadata.name)).toEqual(['web-aaa']);
  });

  it('ReplicaSets controlled by something else are not the deployment’s', () => {
    const { newRS, oldRSs } = replicaSetsOf(deployment, [makeRS('web-ccc', '2025-01-10T09:00:00Z', 'nginx:2', 'other')]);
    expect(newRS).toBeUndefined();
    expect(oldRSs).toEqual([]);
  });

  it('of two matching ReplicaSets the oldest is new; equal times fall back to the name', () => {
    const { newRS, oldRSs } = replicaSetsOf(deployment, [
      makeRS('web-zzz', '2025-01-10T09:00:00Z', 'nginx:2'),
      makeRS('web-yyy', '2025-01-10T09:00:00Z', 'nginx:2'),
      makeRS('web-xxx', '2025-01-10T10:00:00Z', 'nginx:1'),
    ]);
    expect(newRS?.metadata.name).toBe('web-yyy');
    expect(oldRSs.map((rs) => rs.metadata.name)).toEqual(['web-zzz', 'web-xxx']);
  });
});
