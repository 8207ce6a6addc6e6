import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifests } from './manifests.js';

/** What kubectl 1.32 did with each file (test/golden/yaml-errors/README.md says how it was captured). */
interface Run {
  verb: 'create' | 'apply';
  file: string;
  stdin?: boolean;
  code: number;
  stdout: string;
  stderr: string;
}
const root = fileURLToPath(new URL('../../', import.meta.url));
const golden = JSON.parse(readFileSync(join(root, 'test/golden/yaml-errors/goldens.json'), 'utf8')) as { runs: Run[] };

/** kubectl's `-o json` output: each object as indented JSON, one after another. */
function printedObjects(stdout: string): Record<string, unknown>[] {
  return stdout
    .split(/^(?=\{$)/m)
    .filter((s) => s.trim() !== '')
    .map((s) => JSON.parse(s) as Record<string, unknown>);
}

/** `create` sets the namespace on namespaced objects that name none; the reader leaves them as written. */
function asRead(printed: Record<string, unknown>, read: Record<string, unknown> | undefined): Record<string, unknown> {
  const meta = printed.metadata as Record<string, unknown> | undefined;
  const readMeta = read?.metadata as Record<string, unknown> | undefined;
  if (meta?.namespace === 'default' && readMeta?.namespace === undefined) {
    const { namespace: _, ...rest } = meta;
    return { ...printed, metadata: rest };
  }
  return printed;
}

const cases = golden.runs
  .filter((r) => r.verb === 'create')
  .map((r) => ({ name: `${r.stdin ? 'STDIN from ' : ''}${r.file.replace(/^test\/(golden\/yaml-errors\/cases|fixtures)\//, '')}`, ...r }));

describe('readManifests reads a -f file as kubectl 1.32 does: the same objects, or the same error', () => {
  it.each(cases)('$name', ({ file, stdin, stdout, stderr }) => {
    const path = join(root, file);
    const result = stdin ? readManifests(['-'], { stdin: () => readFileSync(path, 'utf8') }) : readManifests([path]);
    const objects = result.manifests.map((m) => m.object as unknown as Record<string, unknown>);
    // Round-tripped through JSON as kubectl's output was: no key order, JS numbers on both sides.
    const expected = printedObjects(stdout).map((o, i) => asRead(o, objects[i]));
    expect(JSON.parse(JSON.stringify(objects))).toEqual(expected);
    // With nothing read and nothing wrong, `create` itself says so; the reader reports no error.
    const errors = stderr === 'error: no objects passed to create\n' ? '' : stderr.replaceAll(file, path);
    expect(result.errors.map((e) => `${e.message}\n`).join('')).toBe(errors);
  });
});

describe('readManifests with --validate=false', () => {
  it.each([
    ['a document that is not an object is reported and the file goes on', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\nhello\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', ['a', 'c'], ['error: unable to decode "STDIN": json: cannot unmarshal string into Go value of type unstructured.detector']],
    ['a document without a kind is reported with its JSON', 'apiVersion: v1\nmetadata:\n  name: b\n', [], [`error: unable to decode "STDIN": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"b"}}'`]],
  ])('%s', (_name, text, names, errors) => {
    const result = readManifests(['-'], { stdin: () => text, validate: false });
    expect(result.manifests.map((m) => m.object.metadata?.name)).toEqual(names);
    expect(result.errors.map((e) => e.message)).toEqual(errors);
  });
});
