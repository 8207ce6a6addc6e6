import { kinds, kindByGroupKind } from '../../api/kinds.js';
import type { KubeObject } from '../../api/object.js';
import { toTable } from './to-table.js';

const now = new Date('2025-03-01T12:00:00Z');
const podKind = kindByGroupKind('', 'Pod')!;
const makePod = (name: string, phase: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: { app: 'web' }, creationTimestamp: '2025-03-01T11:00:00Z' },
  spec: { containers: [{ name: 'c', image: 'i' }] },
  status: { phase },
});

describe('toTable', () => {
  it('returns a meta.k8s.io/v1 Table with every column (wide ones too) and a row per object', () => {
    const table = toTable(podKind, [makePod('a', 'Running')], now);
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({});
    expect(table.columnDefinitions!.map((c) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age', 'IP', 'Node', 'Nominated Node', 'Readiness Gates']);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.cells).toEqual(['a', '0/1', 'Running', '0', '60m', '<none>', '<none>', '<none>', '<none>']);
  });

  it('embeds each object as PartialObjectMetadata by default, so kubectl can print namespaces and labels', () => {
    const pod = makePod('a', 'Running');
    const table = toTable(podKind, [pod], now);
    expect(table.rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: pod.metadata });
    expect(table.rows[0]!.object!.metadata).not.toBe(pod.metadata);
  });

  it.each([
    ['None leaves rows without objects', 'None' as const, undefined],
    ['Object embeds the whole object', 'Object' as const, makePod('a', 'Running')],
  ])('includeObject=%s', (_name, includeObject, object) => {
    const row = toTable(podKind, [makePod('a', 'Running')], now, { includeObject }).rows[0]!;
    expect(row.object).toEqual(object);
    expect('object' in row).toBe(object !== undefined);
  });

  it('omits the column definitions when asked for no headers', () => {
    expect(toTable(podKind, [], now, { noHeaders: true }).columnDefinitions).toBeNull();
  });

  it('copies the set list metadata only', () => {
    expect(toTable(podKind, [], now, { listMeta: { resourceVersion: '42', continue: '' } }).metadata).toEqual({ resourceVersion: '42' });
    expect(toTable(podKind, [], now, { listMeta: { resourceVersion: '42', continue: 'abc', remainingItemCount: 3 } }).metadata).toEqual({ resourceVersion: '42', continue: 'abc', remainingItemCount: 3 });
  });

  it('adds the row conditions of finished pods', () => {
    const rows = toTable(podKind, [makePod('a', 'Succeeded'), makePod('b', 'Running')], now).rows;
    expect(rows[0]!.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect('conditions' in rows[1]!).toBe(false);
  });

  it('gives every kind kubesim serves as many cells as columns', () => {
    for (const kind of kinds) {
      const obj: KubeObject = { apiVersion: kind.group ? `${kind.group}/${kind.versions[0]}` : 'v1', kind: kind.kind, metadata: { name: 'x' } };
      const table = toTable(kind, [obj], now);
      expect([kind.kind, table.rows[0]!.cells.length]).toEqual([kind.kind, table.columnDefinitions!.length]);
      for (const c of table.columnDefinitions!) expect([kind.kind, c.name, c.description.length > 0]).toEqual([kind.kind, c.name, true]);
    }
  });
});
