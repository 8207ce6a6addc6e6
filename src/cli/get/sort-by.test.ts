import { toTable, IncludeObjectPolicy } from '../../printers/table/index.js';
import type { KubeObject } from '../../api/object.js';
import { KlogFatal, SortError, isLess, relaxedOrRaw, sortObjects, sortTableRows } from './sort-by.js';

/** A pod as the API serves it, with what a test sets on top. */
function makePod(name: string, extra: { labels?: Record<string, string>; cpu?: string; restarts?: number; priority?: unknown; containers?: number } = {}): KubeObject {
  const containers = Array.from({ length: extra.containers ?? 1 }, (_, i) => ({
    name: `c${i}`,
    image: 'nginx',
    ...(extra.cpu ? { resources: { requests: { cpu: extra.cpu } } } : {}),
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: '2024-01-01T00:00:00Z', ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { containers, ...(extra.priority !== undefined ? { priority: extra.priority } : {}) },
    status: { phase: 'Pending', ...(extra.restarts !== undefined ? { containerStatuses: [{ name: 'c0', restartCount: extra.restarts }] } : {}) },
  } as KubeObject;
}

const names = (objs: readonly KubeObject[], order: number[]) => order.map((k) => objs[k]!.metadata.name);

describe('isLess', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['whole numbers compare by value', 9, 10, true],
    ['floats compare by value', 2.5, 1.5, false],
    ['strings compare bytewise, so p-10 comes before p-9', 'p-10', 'p-9', true],
    ['upper case comes before lower case', 'Zeta', 'alpha', true],
    ['two quantities compare by value, not as text', '250m', '1', true],
    ['a quantity with a binary suffix compares by value', '1Gi', '1000M', false],
    ['a quantity and a word compare as text', '100m', 'abc', true],
    ['a timestamp is text (not a quantity)', '2024-01-02T00:00:00Z', '2024-01-10T00:00:00Z', true],
    ['null comes before a value', null, 'a', true],
    ['a value does not come before null', 0, null, false],
    ['two nulls are equal', null, null, false],
  ])('%s', (_name, a, b, expected) => {
    expect(isLess(a, b)).toBe(expected);
  });

  it.each<[string, unknown, unknown, string]>([
    ['a whole number against a float', 1, 1.5, 'unsortable interface: interface'],
    ['a number against a string', 1, '1', 'unsortable interface: interface'],
    ['two maps', { a: '1' }, { b: '2' }, 'unsortable type: map[string]interface {}'],
    ['two lists', [1], [2], 'unsortable type: []interface {}'],
    ['two booleans', true, false, 'unsortable type: bool'],
  ])('refuses %s', (_name, a, b, message) => {
    expect(() => isLess(a, b)).toThrow(message);
  });
});

describe('relaxedOrRaw', () => {
  it.each([
    ['metadata.name', '{.metadata.name}'],
    ['.metadata.name', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
    ['{.metadata.name}x', '{.metadata.name}x'],
  ])('%s is sorted by %s', (input, expected) => {
    expect(relaxedOrRaw(input)).toBe(expected);
  });
});

describe('sortObjects', () => {
  const pods = [
    makePod('web-10', { cpu: '1', restarts: 3, labels: { tier: 'b' } }),
    makePod('web-9', { cpu: '250m', restarts: 12, labels: { tier: 'a' } }),
    makePod('db', { cpu: '1500m', restarts: 0 }),
  ];

  it.each<[string, string, string[]]>([
    ['names sort as text', '.metadata.name', ['db', 'web-10', 'web-9']],
    ['cpu requests sort as quantities', '.spec.containers[0].resources.requests.cpu', ['web-9', 'web-10', 'db']],
    ['restart counts sort as numbers', '{.status.containerStatuses[0].restartCount}', ['db', 'web-10', 'web-9']],
    ['an object without the field goes first', '.metadata.labels.tier', ['db', 'web-9', 'web-10']],
    ['a field written without braces or dot works', 'metadata.name', ['db', 'web-10', 'web-9']],
  ])('%s', (_name, field, expected) => {
    expect(names(pods, sortObjects(pods, field))).toEqual(expected);
  });

  it('sorts a list of one object too', () => {
    expect(sortObjects([pods[0]], '.metadata.name')).toEqual([0]);
  });

  it.each<[string, unknown[], string, string]>([
    ['a field no object has', pods, '.spec.nope', 'couldn\'t find any field with path "{.spec.nope}" in the list of objects'],
    ['an empty list (which kubectl never sorts)', [], '.metadata.name', 'couldn\'t find any field with path "{.metadata.name}" in the list of objects'],
    ['an expression that is not a path', pods, '{.metadata.name}x', "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"],
    ['an expression that does not parse', pods, '.metadata.name[', 'unterminated array'],
    ['an index past the end', pods, '.spec.containers[1].name', 'array index out of bounds: index 1, length 1'],
  ])('fails on %s', (_name, objects, field, message) => {
    let error: unknown;
    try {
      sortObjects(objects, field);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SortError);
    expect((error as Error).message).toBe(message);
  });

  it('exits as kubectl does (klog, status 1) when the values cannot be compared', () => {
    let error: unknown;
    try {
      sortObjects(pods, '.spec.containers');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KlogFatal);
    expect(error).toMatchObject({
      location: 'sorter.go:329',
      exitCode: 1,
      message: 'Field {.spec.containers} in *unstructured.Unstructured is an unsortable type: interface, err: unsortable type: []interface {}',
    });
  });
});

describe('sortTableRows', () => {
  const pods = [makePod('b', { priority: 2 }), makePod('a'), makePod('c', { priority: 1 })];
  const table = toTable({ group: '', kind: 'Pod' }, pods, new Date('2024-01-01T00:01:00Z'), { includeObject: IncludeObjectPolicy.Object });
  const rowNames = (rows: ReturnType<typeof sortTableRows>) => rows.map((r) => r.cells[0]);

  it('orders the rows by their objects, those without the field first', () => {
    expect(rowNames(sortTableRows(table.rows, '{.spec.priority}'))).toEqual(['a', 'c', 'b']);
  });

  it.each([
    ['a field no row has', '{.spec.nope}', 'couldn\'t find any field with path "{.spec.nope}" in the list of objects'],
    ['an expression that does not parse', '{.metadata.name[}', 'sorting error: unterminated array'],
    ['an index past the end', '{.spec.containers[2].name}', 'Failed to get values for [][]reflect.Value(nil) using {.spec.containers[2].name} (&errors.errorString{s:"array index out of bounds: index 2, length 1"})'],
  ])('fails on %s', (_name, field, message) => {
    expect(() => sortTableRows(table.rows, field)).toThrow(new SortError(message));
  });

  it('exits as kubectl does when the values cannot be compared', () => {
    expect(() => sortTableRows(table.rows, '{.metadata}')).toThrow(
      new KlogFatal('sorter.go:375', 'Field {.metadata} in [][][]reflect.Value is an unsortable type: interface, err: unsortable type: map[string]interface {}', 1),
    );
  });
});
