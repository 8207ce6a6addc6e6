/**
 * renderTables(toTable(...)) against what the real kubectl 1.32 printed for the same tables (test/golden/tables,
 * captured from a fake API server that served toTable's output; see its README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { kinds, resolveResource, type KindInfo } from '../../api/kinds.js';
import { parseLabelSelector } from '../../api/label-selector.js';
import { parseApiVersion, type KubeObject } from '../../api/object.js';
import { noResourcesFoundMessage } from './no-resources-found.js';
import { renderTables, type RenderTableOptions } from './render-table.js';
import type { Table } from './table.js';
import { toTable } from './to-table.js';

const folder = new URL('../../../test/golden/tables/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, folder), 'utf8');

interface GoldenCase {
  name: string;
  args: string[];
  resources: string[];
  namespace?: string;
  allNamespaces?: boolean;
  labelSelector?: string;
  names?: string[];
  options?: Pick<RenderTableOptions, 'wide' | 'noHeaders' | 'showLabels' | 'labelColumns'>;
}

const objects = (loadAll(read('objects.yaml')) as (KubeObject | null)[]).filter((o): o is KubeObject => o !== null);
const { now, cases } = (loadAll(read('cases.yaml')) as [{ now: string; cases: GoldenCase[] }])[0];

const kindOf = (resource: string): KindInfo => {
  const kind = resolveResource(resource);
  if (!kind) throw new Error(`golden case names an unknown resource ${resource}`);
  return kind;
};

/** What the fake server answered: the kind's objects in scope, sorted as the store keys them (namespace/name). */
function listed(kind: KindInfo, c: GoldenCase): KubeObject[] {
  const selector = parseLabelSelector(c.labelSelector ?? '');
  const key = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return objects
    .filter((o) => o.kind === kind.kind && parseApiVersion(o.apiVersion).group === kind.group)
    .filter((o) => !kind.namespaced || c.allNamespaces || o.metadata.namespace === (c.namespace ?? 'default'))
    .filter((o) => selector.matches(o.metadata.labels))
    .filter((o) => !c.names || c.names.includes(o.metadata.name!))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The tables of one `kubectl get`, as they cross the wire (JSON), with the options kubectl's get gives each. */
function tablesFor(c: GoldenCase): { table: Table; options: RenderTableOptions }[] {
  const requested = c.resources.map(kindOf);
  return requested.map((kind) => ({
    table: JSON.parse(JSON.stringify(toTable(kind, listed(kind, c), new Date(now)))) as Table,
    options: {
      ...c.options,
      withNamespace: !!c.allNamespaces && kind.namespaced,
      ...(requested.length > 1 ? { withKind: { group: kind.group, kind: kind.kind } } : {}),
    },
  }));
}

describe('kubectl 1.32 prints the tables toTable serves exactly as renderTables does', () => {
  it.each(cases.map((c) => [`kubectl ${c.args.join(' ')}`, c] as const))('%s', (_title, c) => {
    expect(renderTables(tablesFor(c))).toBe(read(`${c.name}.txt`));
  });

  it.each(cases.filter((c) => existsSync(new URL(`${c.name}.stderr.txt`, folder))).map((c) => [`kubectl ${c.args.join(' ')}`, c] as const))(
    '%s prints nothing and says on stderr that no resources were found',
    (_title, c) => {
      const allNamespaced = c.resources.map(kindOf).every((k) => k.namespaced);
      expect(renderTables(tablesFor(c))).toBe('');
      expect(`${noResourcesFoundMessage({ namespace: c.namespace ?? 'default', allNamespaces: c.allNamespaces, allNamespaced })}\n`).toBe(read(`${c.name}.stderr.txt`));
    },
  );

  it('covers every kind kubesim serves with at least one golden', () => {
    const covered = new Set(cases.flatMap((c) => c.resources.map((r) => kindOf(r).kind)));
    expect(kinds.map((k) => k.kind).filter((k) => !covered.has(k))).toEqual([]);
  });

  it('has fixture objects for every kind kubesim serves', () => {
    const present = new Set(objects.map((o) => o.kind));
    expect(kinds.map((k) => k.kind).filter((k) => !present.has(k))).toEqual([]);
  });
});
