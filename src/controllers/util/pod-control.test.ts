import type { PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { EventRecorder } from '../../client/event-recorder.js';
import { InProcessClient } from '../../client/in-process-client.js';
import { Events, Pods } from '../../client/resources.js';
import { newTestRegistry, type TestRegistry } from '../../registry/test-registry.js';
import { newControllerRef } from './controller-ref.js';
import { getPodFromTemplate, PodControl } from './pod-control.js';

const owner: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default', uid: 'u-web' } };
const kind = { apiVersion: 'apps/v1', kind: 'ReplicaSet' };
const template: PodTemplateSpec = {
  metadata: { labels: { app: 'web' }, annotations: { a: 'b' }, finalizers: ['example.com/f'] },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
};

describe('getPodFromTemplate', () => {
  it('copies labels, annotations, finalizers and spec, names it <owner>- and adds the controller reference', () => {
    const pod = getPodFromTemplate(template, owner, newControllerRef(owner, kind));
    expect(pod.metadata).toEqual({
      labels: { app: 'web' },
      annotations: { a: 'b' },
      generateName: 'web-',
      finalizers: ['example.com/f'],
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u-web', controller: true, blockOwnerDeletion: true }],
    });
    expect(pod.spec).toEqual(template.spec);
    expect(pod.spec).not.toBe(template.spec);
  });
});

describe('PodControl', () => {
  let t: TestRegistry;
  let client: InProcessClient;
  let recorder: EventRecorder;
  let control: PodControl;
  const events = async () => {
    await recorder.flush();
    return (await client.resource(Events).namespace('default').list()).items.map((e) => `${e.type} ${e.reason}: ${e.message}`);
  };

  beforeEach(async () => {
    t = await newTestRegistry();
    client = new InProcessClient(t.registry);
    recorder = new EventRecorder({ client, clock: t.clock, component: 'replicaset-controller' });
    control = new PodControl(client, recorder);
  });
  afterEach(() => t.close());

  it('creates a pod and records SuccessfulCreate on the owner', async () => {
    const pod = await control.createPods('default', { ...template, metadata: { labels: { app: 'web' } } }, owner, newControllerRef(owner, kind));
    expect(pod.metadata!.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(await events()).toEqual([`Normal SuccessfulCreate: Created pod: ${pod.metadata!.name}`]);
  });

  it('refuses a template without labels or an incomplete controller reference', async () => {
    await expect(control.createPods('default', { spec: template.spec }, owner, newControllerRef(owner, kind))).rejects.toThrow('unable to create pods, no labels');
    await expect(control.createPods('default', template, owner, { ...newControllerRef(owner, kind), controller: false })).rejects.toThrow(
      'controllerRef.Controller is not set to true',
    );
  });

  it('records FailedCreate with the API error', async () => {
    const bad: PodTemplateSpec = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'Bad_Name', image: 'nginx' }] } };
    await expect(control.createPods('default', bad, owner, newControllerRef(owner, kind))).rejects.toThrow();
    const [ev] = await events();
    expect(ev).toMatch(/^Warning FailedCreate: Error creating: Pod "web-[a-z0-9]{5}" is invalid: spec\.containers\[0\]\.name: Invalid value: "Bad_Name"/);
  });

  it('deletes a pod with SuccessfulDelete, and passes NotFound on without an event', async () => {
    const pod = await control.createPods('default', { ...template, metadata: { labels: { app: 'web' } } }, owner, newControllerRef(owner, kind));
    await control.deletePod('default', pod.metadata!.name!, owner);
    await expect(control.deletePod('default', pod.metadata!.name!, owner)).rejects.toThrow('not found');
    expect((await events()).filter((e) => e.includes('Delete'))).toEqual([`Normal SuccessfulDelete: Deleted pod: ${pod.metadata!.name}`]);
    await expect(client.resource(Pods).namespace('default').get(pod.metadata!.name!)).rejects.toThrow('not found');
  });
});
