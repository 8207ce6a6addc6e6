import { parseLabelSelector } from '../../api/label-selector.js';
import type { KubeObject } from '../../api/object.js';
import { InProcessClient } from '../../client/in-process-client.js';
import { InformerFactory } from '../../client/informer.js';
import { ControllerRevisions } from '../../client/resources.js';
import { newTestRegistry } from '../../registry/test-registry.js';
import { flushMicrotasks } from '../../util/clock.js';
import {
  controllerRevisionName,
  equalRevision,
  fnv32,
  goJSONMarshal,
  hashControllerRevision,
  History,
  newControllerRevision,
  sortControllerRevisions,
  type ControllerRevision,
} from './controller-history.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const rev = (name: string, revision: number, data: unknown, created = '2024-06-01T12:00:00Z'): ControllerRevision => ({
  apiVersion: 'apps/v1',
  kind: 'ControllerRevision',
  metadata: { name, creationTimestamp: created },
  data,
  revision,
});

describe('controller history', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0x050c5d7e],
    ['foobar', 0x31f0b262],
  ])('FNV-1 (not 1a) of %p is the reference value', (s, want) => {
    expect(fnv32(bytes(s))).toBe(want);
  });

  it('marshals data as Go does: sorted keys, HTML characters escaped, no spaces', () => {
    expect(goJSONMarshal({ spec: { template: { b: 1, $patch: 'replace', a: ['<x>&', null, true, 1.5] } } })).toBe(
      '{"spec":{"template":{"$patch":"replace","a":["\\u003cx\\u003e\\u0026",null,true,1.5],"b":1}}}',
    );
  });

  it('names a revision <parent>-<hash of the data and collision count>, with the hash as a label', () => {
    const parent = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', uid: 'u1' } } as KubeObject;
    const data = { spec: { template: { $patch: 'replace' } } };
    const cr = newControllerRevision(parent, { apiVersion: 'apps/v1', kind: 'StatefulSet' }, { app: 'nginx' }, data, 1, 0);
    const hash = hashControllerRevision({ data }, 0);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(cr.metadata.name).toBe(`web-${hash}`);
    expect(cr.metadata.labels).toEqual({ app: 'nginx', 'controller.kubernetes.io/hash': hash });
    expect(cr.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
    expect(hashControllerRevision({ data }, 1)).not.toBe(hash);
    expect(hashControllerRevision({ data: { spec: { template: { $patch: 'replace', x: 1 } } } }, 0)).not.toBe(hash);
    expect(controllerRevisionName('x'.repeat(300), 'h')).toHaveLength(225);
  });

  it('hashes a StatefulSet template to the value Go computes (json.Unmarshal/Marshal, fnv.New32, SafeEncodeString)', () => {
    // Checked with a Go program doing what stateful_set_utils.go getPatch and history.HashControllerRevision do.
    const template = {
      metadata: { labels: { app: 'nginx', 'x<y': 'a&b' }, creationTimestamp: null },
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'registry.k8s.io/nginx-slim:0.24',
            ports: [{ containerPort: 80, name: 'web', protocol: 'TCP' }],
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        securityContext: {},
        schedulerName: 'default-scheduler',
      },
    };
    expect(hashControllerRevision({ data: { spec: { template: { ...template, $patch: 'replace' } } } }, 0)).toBe('94989c99f');
  });

  it('sorts by revision, then creation time, then name', () => {
    const revs = [rev('c', 2, 1), rev('b', 1, 1, '2024-06-01T12:00:05Z'), rev('a', 1, 1, '2024-06-01T12:00:05Z'), rev('z', 1, 1, '2024-06-01T11:00:00Z')];
    expect(sortControllerRevisions(revs).map((r) => r.metadata.name)).toEqual(['z', 'a', 'b', 'c']);
  });

  it('revisions are equal by their data, whatever their names', () => {
    expect(equalRevision(rev('a', 1, { x: [1, 2] }), rev('b', 2, { x: [1, 2] }))).toBe(true);
    expect(equalRevision(rev('a', 1, { x: [1, 2] }), rev('b', 2, { x: [2, 1] }))).toBe(false);
    expect(equalRevision(undefined, undefined)).toBe(true);
    expect(equalRevision(rev('a', 1, {}), undefined)).toBe(false);
  });

  it('a name taken by other data bumps the collision count and takes the next name; the same data is reused', async () => {
    const t = await newTestRegistry();
    try {
      const client = new InProcessClient(t.registry);
      const informers = new InformerFactory({ client, clock: t.clock });
      const history = new History(client, informers.forResource(ControllerRevisions));
      await informers.start();
      const parent = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u1' } } as KubeObject;
      const kind = { apiVersion: 'apps/v1', kind: 'StatefulSet' };
      const data = { spec: { template: { $patch: 'replace', metadata: { labels: { app: 'nginx' } } } } };
      const squatter = newControllerRevision(parent, kind, { app: 'nginx' }, { spec: { template: { $patch: 'replace' } } }, 1, 0);
      squatter.metadata.name = `web-${hashControllerRevision({ data }, 0)}`;
      await client.resource(ControllerRevisions).namespace('default').create(squatter);

      const count = { value: 0 };
      const created = await history.createControllerRevision(parent, newControllerRevision(parent, kind, { app: 'nginx' }, data, 2, 0), count);
      expect(count.value).toBe(1);
      expect(created.metadata.name).toBe(`web-${hashControllerRevision({ data }, 1)}`);
      const again = await history.createControllerRevision(parent, newControllerRevision(parent, kind, { app: 'nginx' }, data, 2, 1), count);
      expect(again.metadata.uid).toBe(created.metadata.uid);

      await flushMicrotasks();
      await new Promise((r) => setTimeout(r, 5));
      expect(history.listControllerRevisions(parent, parseLabelSelector('app=nginx')).map((r) => r.metadata.name).sort()).toEqual([squatter.metadata.name, created.metadata.name].sort());
      const renumbered = await history.updateControllerRevision(created, 5);
      expect(renumbered.revision).toBe(5);
      informers.stop();
    } finally {
      await t.close();
    }
  });
});
