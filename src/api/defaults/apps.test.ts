import type { KubeObject } from '../object.js';
import { applyDefaults } from './index.js';

const defaulted = (o: KubeObject): KubeObject => {
  const copy = structuredClone(o);
  applyDefaults(copy);
  return copy;
};

const container = { name: 'nginx', image: 'nginx:1.17-alpine' };
/** The pod template spec a 1.32 API server writes for `containers: [nginx:1.17-alpine]`. */
const defaultedTemplateSpec = {
  containers: [{ ...container, imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } };
const defaultedTemplate = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: defaultedTemplateSpec };
const selector = { matchLabels: { app: 'web' } };

const makeWorkload = (kind: string, spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'apps/v1', kind, metadata: { name: 'web', namespace: 'default' }, spec });

describe('apps/v1 defaults', () => {
  it('a minimal deployment defaults to what a real cluster shows', () => {
    expect(defaulted(makeWorkload('Deployment', { selector, template }))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        progressDeadlineSeconds: 600,
        replicas: 1,
        revisionHistoryLimit: 10,
        selector,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        template: defaultedTemplate,
      },
      status: {},
    });
  });

  it('a Recreate deployment gets no rolling update parameters', () => {
    expect(defaulted(makeWorkload('Deployment', { selector, template, strategy: { type: 'Recreate' } })).spec).toMatchObject({ strategy: { type: 'Recreate' } });
    expect((defaulted(makeWorkload('Deployment', { selector, template, strategy: { type: 'Recreate' } })).spec as { strategy: object }).strategy).toEqual({ type: 'Recreate' });
  });

  it('a minimal replica set defaults to one replica', () => {
    expect(defaulted(makeWorkload('ReplicaSet', { selector, template }))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, selector, template: defaultedTemplate },
      status: { replicas: 0 },
    });
  });

  it('a minimal daemon set defaults to what a real cluster shows', () => {
    expect(defaulted(makeWorkload('DaemonSet', { selector, template }))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        revisionHistoryLimit: 10,
        selector,
        template: defaultedTemplate,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      },
      status: { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 },
    });
  });

  it('a minimal stateful set with a claim template defaults to what a real cluster shows', () => {
    const sts = makeWorkload('StatefulSet', {
      serviceName: 'web',
      selector,
      template,
      volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    });
    expect(defaulted(sts)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        podManagementPolicy: 'OrderedReady',
        replicas: 1,
        revisionHistoryLimit: 10,
        selector,
        serviceName: 'web',
        template: defaultedTemplate,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        volumeClaimTemplates: [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: 'www', creationTimestamp: null },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
            status: { phase: 'Pending' },
          },
        ],
      },
      status: { availableReplicas: 0, replicas: 0 },
    });
  });

  it('a stateful set that names RollingUpdate without parameters gets no partition', () => {
    expect((defaulted(makeWorkload('StatefulSet', { selector, template, updateStrategy: { type: 'RollingUpdate' } })).spec as { updateStrategy: object }).updateStrategy).toEqual({ type: 'RollingUpdate' });
  });

  it.each([
    ['Deployment', { replicas: 3, revisionHistoryLimit: 2, progressDeadlineSeconds: 60, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }],
    ['DaemonSet', { revisionHistoryLimit: 0, updateStrategy: { type: 'OnDelete' } }],
    ['StatefulSet', { replicas: 0, revisionHistoryLimit: 3, podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' } }],
    ['ReplicaSet', { replicas: 0 }],
  ])('a %s keeps every field its author set', (kind, fields) => {
    const spec = defaulted(makeWorkload(kind, { selector, template, ...structuredClone(fields) })).spec as Record<string, unknown>;
    expect(spec).toMatchObject(fields);
    for (const [k, v] of Object.entries(fields)) expect(spec[k]).toEqual(v);
  });
});
