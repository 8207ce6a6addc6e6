import { kindPrefix, labelHeader, renderTable, renderTables } from './render-table.js';
import type { Table, TableCell, TableColumnDefinition, TableRow } from './table.js';

const col = (name: string, priority = 0, format = ''): TableColumnDefinition => ({ name, type: 'string', format, description: '', priority });
const meta = (namespace: string | undefined, labels?: Record<string, string>) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: 'meta.k8s.io/v1',
  metadata: { name: 'x', ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
});
/** A two-column table (NAME, AGE) plus a wide NODE column, one row per name. */
const makeTable = (rows: TableRow[], columns: TableColumnDefinition[] = [col('Name', 0, 'name'), col('Age'), col('Node', 1)]): Table => ({
  kind: 'Table',
  apiVersion: 'meta.k8s.io/v1',
  metadata: {},
  columnDefinitions: columns,
  rows,
});
const row = (cells: TableCell[], object?: Record<string, unknown>): TableRow => ({ cells, ...(object ? { object } : {}) });

describe('renderTable', () => {
  it('uppercases headers and hides wide columns unless asked', () => {
    const table = makeTable([row(['web', '5m', 'n1'])]);
    expect(renderTable(table)).toBe('NAME   AGE\nweb    5m\n');
    expect(renderTable(table, { wide: true })).toBe('NAME   AGE   NODE\nweb    5m    n1\n');
  });

  it('prints nothing for a table without rows, with or without headers', () => {
    expect(renderTable(makeTable([]))).toBe('');
    expect(renderTable(makeTable([]), { noHeaders: true })).toBe('');
  });

  it('prints rows without the header line with --no-headers', () => {
    expect(renderTable(makeTable([row(['web', '5m', 'n1'])]), { noHeaders: true })).toBe('web   5m\n');
  });

  it('puts the namespace first with -A, read from the row object', () => {
    expect(renderTable(makeTable([row(['web', '5m', 'n1'], meta('prod'))]), { withNamespace: true })).toBe('NAMESPACE   NAME   AGE\nprod        web    5m\n');
  });

  it('adds a column per -L key, headed by the key without its prefix, and LABELS last', () => {
    const table = makeTable([row(['web', '5m', 'n1'], meta('prod', { 'app.kubernetes.io/name': 'web', tier: 'fe' })), row(['db', '1h', 'n2'], meta('prod'))]);
    expect(renderTable(table, { labelColumns: ['app.kubernetes.io/name', 'missing'], showLabels: true })).toBe(
      ['NAME   AGE   NAME   MISSING   LABELS', 'web    5m    web              app.kubernetes.io/name=web,tier=fe', 'db     1h                     <none>', ''].join('\n'),
    );
  });

  it('prefixes the name column with the kind when several kinds are printed', () => {
    const table = makeTable([row(['web', '5m', 'n1'], meta('d'))]);
    expect(renderTable(table, { withKind: { group: 'apps', kind: 'Deployment' } })).toBe('NAME                  AGE\ndeployment.apps/web   5m\n');
    expect(renderTable(table, { withKind: { group: '', kind: 'Pod' } })).toBe('NAME      AGE\npod/web   5m\n');
  });

  it('prefixes only a string column formatted as a name, even a hidden one', () => {
    const columns = [col('Last Seen'), col('Name', 1, 'name')];
    expect(renderTable(makeTable([row(['5m', 'e1'])], columns), { withKind: { group: '', kind: 'Event' }, wide: true })).toBe('LAST SEEN   NAME\n5m          event/e1\n');
    expect(renderTable(makeTable([row(['5m', 'e1'])], [col('Last Seen'), col('Name')]), { withKind: { group: '', kind: 'Event' } })).toBe('LAST SEEN   NAME\n5m          e1\n');
  });

  it('leaves the added cells empty for a row without an object, padding only half of them as upstream does', () => {
    const table = makeTable([row(['web', '5m', 'n1'])]);
    expect(renderTable(table, { withNamespace: true })).toBe('NAMESPACE   NAME   AGE\n            web    5m\n');
    // Two label columns and LABELS are missing: upstream's loop appends two of the three cells.
    expect(renderTable(table, { labelColumns: ['a', 'b'], showLabels: true })).toBe('NAME   AGE   A     B     LABELS\nweb    5m          \n');
  });

  it('cuts a cell at its first line break with ..., and shows terminal escapes harmlessly', () => {
    const table = makeTable([row(['one\ntwo', '\x1b[31mred', 'n1']), row(['cr\rhere', 'form\ffeed', 'n1'])]);
    expect(renderTable(table)).toBe('NAME     AGE\none...   ^[[31mred\ncr...    form...\n');
  });

  it('prints numbers, booleans and missing cells as Go does', () => {
    const table = makeTable([row([7, true, null]), row([2000000000, false, 'x'])], [col('A'), col('B'), col('C')]);
    expect(renderTable(table)).toBe('A            B       C\n7            true    \n2000000000   false   x\n');
  });

  it('drops cells past the last column definition', () => {
    expect(renderTable(makeTable([row(['web', '5m', 'n1', 'extra'])]), { wide: true })).toBe('NAME   AGE   NODE\nweb    5m    n1\n');
  });
});

describe('renderTables', () => {
  const pods = makeTable([row(['web', '5m', 'n1'])]);
  const nodes = makeTable([row(['n1', '2d', ''])]);
  const empty = makeTable([]);

  it('separates tables with a blank line', () => {
    expect(renderTables([{ table: pods }, { table: nodes }])).toBe('NAME   AGE\nweb    5m\n\nNAME   AGE\nn1     2d\n');
  });

  it('puts no blank line before the first table that prints, nor for an empty one', () => {
    expect(renderTables([{ table: empty }, { table: pods }, { table: empty }, { table: nodes }])).toBe('NAME   AGE\nweb    5m\n\nNAME   AGE\nn1     2d\n');
  });

  it('puts no blank line between tables without headers, each aligned on its own', () => {
    const wide = makeTable([row(['a-much-longer-name', '5m', 'n1'])]);
    expect(renderTables([{ table: wide, options: { noHeaders: true } }, { table: nodes, options: { noHeaders: true } }])).toBe('a-much-longer-name   5m\nn1    2d\n');
  });

  it('prints nothing when no table has rows', () => {
    expect(renderTables([{ table: empty }, { table: empty }])).toBe('');
  });
});

describe('labelHeader and kindPrefix', () => {
  it.each([
    ['app', 'APP'],
    ['app.kubernetes.io/name', 'NAME'],
    ['a/b/c', 'C'],
  ])('heads a -L %s column %s', (key, header) => {
    expect(labelHeader(key)).toBe(header);
  });

  it.each([
    [{ group: '', kind: 'Pod' }, 'pod'],
    [{ group: 'apps', kind: 'ReplicaSet' }, 'replicaset.apps'],
    [{ group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' }, 'clusterrole.rbac.authorization.k8s.io'],
  ])('prefixes names of %j with %s/', (gk, prefix) => {
    expect(kindPrefix(gk)).toBe(prefix);
  });
});
