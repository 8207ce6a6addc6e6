import type { KubeObject } from '../../api/object.js';
import { newTestRegistry, type TestRegistry } from '../test-registry.js';

const DaemonSets = { group: 'apps', version: 'v1', resource: 'daemonsets' };
const Key = 'deprecated.daemonset.template.generation';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const makeDaemonSet = (annotations?: Record<string, string>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', ...(annotations ? { annotations } : {}) },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'agent', image: 'busybox:1.36' }] } },
  },
});

describe('the DaemonSet strategy', () => {
  let t: TestRegistry;
  beforeEach(async () => {
    t = await newTestRegistry();
  });
  afterEach(() => t.close());

  it.each<[string, Record<string, string> | undefined, string]>([
    ['a new DaemonSet starts at template generation 1', undefined, '1'],
    ['a template generation below 1 given on create becomes 1', { [Key]: '0' }, '1'],
    ['a negative template generation given on create becomes 1', { [Key]: '-4' }, '1'],
    ['a template generation above 1 given on create is kept', { [Key]: '5' }, '5'],
    ['a template generation is written back as a plain number', { [Key]: '+07' }, '7'],
  ])('%s', async (_name, annotations, expected) => {
    const created = await t.registry.create(DaemonSets, 'default', makeDaemonSet(annotations));
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.annotations?.[Key]).toBe(expected);
  });

  it('other annotations given on create are kept beside the template generation', async () => {
    const created = await t.registry.create(DaemonSets, 'default', makeDaemonSet({ team: 'infra' }));
    expect(created.metadata.annotations).toEqual({ team: 'infra', [Key]: '1' });
  });

  it.each<[string, (ds: Json) => void, number, string]>([
    ['a template change bumps the template generation and the generation', (ds) => (ds.spec.template.spec.containers[0].image = 'busybox:1.37'), 2, '2'],
    ['a template label change counts as a template change', (ds) => (ds.spec.template.metadata.labels.tier = 'node'), 2, '2'],
    ['a spec change outside the template bumps only the generation', (ds) => (ds.spec.minReadySeconds = 10), 2, '1'],
    ['an update strategy change bumps only the generation', (ds) => (ds.spec.updateStrategy = { type: 'OnDelete' }), 2, '1'],
    ['a label change bumps neither', (ds) => (ds.metadata.labels = { team: 'infra' }), 1, '1'],
    ['setting the template generation by hand is ignored', (ds) => (ds.metadata.annotations[Key] = '9'), 1, '1'],
    ['removing the template generation by hand is ignored', (ds) => delete ds.metadata.annotations[Key], 1, '1'],
    [
      'setting the template generation by hand with a template change still moves it by one',
      (ds) => {
        ds.metadata.annotations[Key] = '9';
        ds.spec.template.spec.containers[0].image = 'busybox:1.37';
      },
      2,
      '2',
    ],
  ])('%s', async (_name, edit, generation, templateGeneration) => {
    const created = (await t.registry.create(DaemonSets, 'default', makeDaemonSet())) as Json;
    const changed = structuredClone(created);
    edit(changed);
    const updated = await t.registry.update(DaemonSets, 'default', changed);
    expect(updated.metadata.generation).toBe(generation);
    expect(updated.metadata.annotations?.[Key]).toBe(templateGeneration);
  });

  it('each template change moves the template generation once more', async () => {
    let ds = (await t.registry.create(DaemonSets, 'default', makeDaemonSet())) as Json;
    for (const image of ['busybox:1.37', 'busybox:1.38', 'busybox:1.38']) {
      const changed = structuredClone(ds);
      changed.spec.template.spec.containers[0].image = image;
      ds = (await t.registry.update(DaemonSets, 'default', changed)) as Json;
    }
    expect([ds.metadata.generation, ds.metadata.annotations[Key]]).toEqual([3, '3']);
  });

  it('a status write changes neither generation', async () => {
    const created = (await t.registry.create(DaemonSets, 'default', makeDaemonSet())) as Json;
    const changed = structuredClone(created);
    changed.status = { currentNumberScheduled: 1, desiredNumberScheduled: 1, numberMisscheduled: 0, numberReady: 0, observedGeneration: 1 };
    changed.spec.template.spec.containers[0].image = 'busybox:1.37';
    const updated = await t.registry.update(DaemonSets, 'default', changed, { subresource: 'status' });
    expect([updated.metadata.generation, updated.metadata.annotations?.[Key]]).toEqual([1, '1']);
  });

  it('a strategic merge patch of the image bumps the template generation', async () => {
    await t.registry.create(DaemonSets, 'default', makeDaemonSet());
    const patched = await t.registry.patch(DaemonSets, 'default', 'agent', 'application/strategic-merge-patch+json', {
      spec: { template: { spec: { containers: [{ name: 'agent', image: 'busybox:1.37' }] } } },
    });
    expect([patched.metadata.generation, patched.metadata.annotations?.[Key]]).toEqual([2, '2']);
  });
});
