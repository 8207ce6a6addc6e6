/**
 * `kubesim get --sort-by` on the compiled binary. Every expectation here was first observed from kubectl 1.32
 * against the same objects (served to it by a minimal API server over a kubesim store), quirks included: strings
 * sort bytewise, objects without the field come first in whatever order Go's unstable sort leaves them, a single
 * table whose rows lack the field prints nothing at all, and several tables are sorted as Table objects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubesim } from '../support/cli.js';
import { ensureBuilt } from '../support/compiled.js';

/** AGE depends on the clock (and so does its column's width, last in these tables). */
const maskAge = (s: string) => s.replace(/(?<= )\d+[smhd](\d+[smhd])?$/gm, '<age>');

const pod = (name: string, labels: Record<string, string>, cpu?: string) => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: sort
  labels: {${Object.entries(labels)
    .map(([k, v]) => `${k}: "${v}"`)
    .join(', ')}}
spec:
  containers:
  - name: main
    image: nginx${cpu ? `\n    resources: {requests: {cpu: "${cpu}"}}` : ''}
`;

let home: string;
beforeAll(() => {
  ensureBuilt('dist/src/cli/main.js', ['src']);
  home = mkdtempSync(join(tmpdir(), 'kubesim-cli-get-sort-'));
  expect(kubesim(home, ['create', 'namespace', 'sort']).code).toBe(0);
  const manifest = [pod('web-9', { rank: '9', tier: 'b' }, '250m'), pod('web-10', { rank: '10', tier: 'a' }, '1'), pod('db', { rank: '2' }, '1500m'), pod('cache', { rank: '1' })].join('');
  const r = kubesim(home, ['apply', '-f', '-'], { stdin: manifest });
  expect(r).toMatchObject({ code: 0, stderr: '' });
}, 180_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

const names = (...args: string[]) => {
  const r = kubesim(home, ['get', 'pods', '-n', 'sort', '-o', 'name', ...args]);
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
};

describe('kubesim get --sort-by', () => {
  it.each<[string, string, string[]]>([
    ['names sort as text: web-10 before web-9', '.metadata.name', ['pod/cache', 'pod/db', 'pod/web-10', 'pod/web-9']],
    ['cpu requests sort as quantities, the pod without one first', '{.spec.containers[0].resources.requests.cpu}', ['pod/cache', 'pod/web-9', 'pod/web-10', 'pod/db']],
    ['label values that are numbers sort by value', '.metadata.labels.rank', ['pod/cache', 'pod/db', 'pod/web-9', 'pod/web-10']],
    ['pods without the label come first, in the reverse order the unstable sort leaves them', '{.metadata.labels.tier}', ['pod/db', 'pod/cache', 'pod/web-10', 'pod/web-9']],
  ])('%s', (_name, field, expected) => {
    expect(names(`--sort-by=${field}`)).toEqual(expected);
  });

  it('sorts the table rows, -A and -o wide included', () => {
    const r = kubesim(home, ['get', 'pods', '-A', '-o', 'wide', '--sort-by=.spec.containers[0].resources.requests.cpu']);
    // Spaces collapsed: AGE, whose width depends on the clock, is not the last column here.
    const flat = r.stdout.replace(/ +/g, ' ').replace(/ \d+[smhd](\d+[smhd])?(?= )/g, ' <age>');
    expect({ ...r, stdout: flat }).toEqual({
      code: 0,
      stderr: '',
      stdout:
        'NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES\n' +
        'sort cache 0/1 Pending 0 <age> <none> <none> <none> <none>\n' +
        'sort web-9 0/1 Pending 0 <age> <none> <none> <none> <none>\n' +
        'sort web-10 0/1 Pending 0 <age> <none> <none> <none> <none>\n' +
        'sort db 0/1 Pending 0 <age> <none> <none> <none> <none>\n',
    });
  });

  it('sorts the items of -o json', () => {
    const r = kubesim(home, ['get', 'pods', '-n', 'sort', '-o', 'json', '--sort-by=.metadata.labels.rank']);
    const list = JSON.parse(r.stdout) as { kind: string; items: Array<{ metadata: { name: string } }> };
    expect([list.kind, ...list.items.map((i) => i.metadata.name)]).toEqual(['List', 'cache', 'db', 'web-9', 'web-10']);
  });

  it('prints one named pod as it is, whatever the field', () => {
    const table = kubesim(home, ['get', 'pod', 'db', '-n', 'sort', '--sort-by=.spec.nope']);
    expect({ ...table, stdout: maskAge(table.stdout) }).toEqual({ code: 0, stderr: '', stdout: 'NAME   READY   STATUS    RESTARTS   AGE\ndb     0/1     Pending   0          <age>\n' });
    expect(kubesim(home, ['get', 'pod', 'db', '-n', 'sort', '-o', 'name', '--sort-by=.spec.nope'])).toEqual({ code: 0, stderr: '', stdout: 'pod/db\n' });
  });

  it.each<[string, string[], number, string]>([
    // kubectl's printer fails, its error is dropped, and nothing was printed.
    ['a table whose rows lack the field prints nothing and says there is nothing', ['get', 'pods', '-n', 'sort', '--sort-by=.spec.nope'], 0, 'No resources found in sort namespace.\n'],
    ['a table sorted by an expression that does not parse prints nothing either', ['get', 'pods', '-n', 'sort', '--sort-by=.metadata.name['], 0, 'No resources found in sort namespace.\n'],
    ['a list no item of which has the field', ['get', 'pods', '-n', 'sort', '-o', 'name', '--sort-by=.spec.nope'], 1, 'error: couldn\'t find any field with path "{.spec.nope}" in the list of objects\n'],
    ['an index past the end of a list', ['get', 'pods', '-n', 'sort', '-o', 'yaml', '--sort-by=.spec.containers[1].name'], 1, 'error: array index out of bounds: index 1, length 1\n'],
    [
      'an expression that is not a field path',
      ['get', 'pods', '-n', 'sort', '-o', 'json', '--sort-by={.metadata.name}x'],
      1,
      "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n",
    ],
    // Several tables are sorted as the Table objects themselves, which have no names.
    ['several types sorted by name', ['get', 'pods,services', '-n', 'sort', '--sort-by=.metadata.name'], 1, 'error: couldn\'t find any field with path "{.metadata.name}" in the list of objects\n'],
    ['several named pods sorted by name', ['get', 'pods', 'db', 'cache', '-n', 'sort', '--sort-by=.metadata.name'], 1, 'error: couldn\'t find any field with path "{.metadata.name}" in the list of objects\n'],
  ])('%s', (_name, args, code, stderr) => {
    expect(kubesim(home, args)).toEqual({ code, stdout: '', stderr });
  });

  it.each([
    ['a table', [], 'sorter.go:375', '[][][]reflect.Value'],
    ['a list', ['-o', 'name'], 'sorter.go:329', '*unstructured.Unstructured'],
  ])('exits through klog when the values cannot be compared, in %s', (_name, extra, location, type) => {
    const r = kubesim(home, ['get', 'pods', '-n', 'sort', '--sort-by=.metadata.labels', ...extra]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^F\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /);
    expect(r.stderr.replace(/^F\S+ \S+ +\d+ /, '')).toBe(`${location}] Field {.metadata.labels} in ${type} is an unsortable type: interface, err: unsortable type: map[string]interface {}\n`);
  });
});
