/**
 * The explain template against real kubectl 1.32: each case of test/golden/explain/cases.json that reached kubectl's
 * template names the resource and field path it rendered; here the port renders the same OpenAPI v3 document
 * (kubesim's, as the capture served it) and must write kubectl's stdout and fail with its error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GroupVersionResource } from '../api/group-version.js';
import { openApiV3Document, servedResources, type ServedResource } from '../api/openapi-v3.js';
import { schemaDocument } from '../api/schema.js';
import { explain, indent, wordWrap } from './explain.js';

const goldens = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'golden', 'explain');

interface Case {
  name: string;
  args: string[];
  exitCode: number;
  template?: { gvr: GroupVersionResource; fieldPath: string[]; recursive: boolean };
}

const cases = (JSON.parse(readFileSync(join(goldens, 'cases.json'), 'utf8')) as Case[]).filter((c) => c.template);
const widget = JSON.parse(readFileSync(join(goldens, 'widget.fixture.json'), 'utf8')) as { resources: ServedResource[]; schemas: Record<string, object> };

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const golden = (name: string, stream: 'stdout' | 'stderr') => {
  const path = join(goldens, 'out', `${slug(name)}.${stream}`);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};

/** The document the capture served for a group-version: kubesim's kinds and schema, and the Widget kind. */
const documentFor = (gvr: GroupVersionResource) =>
  openApiV3Document(gvr.group, gvr.version, [...servedResources(), ...widget.resources], { ...schemaDocument().components.schemas, ...widget.schemas });

describe('explain', () => {
  it('has the captured cases to check', () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  it.each(cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    const { gvr, fieldPath, recursive } = c.template!;
    const result = explain(documentFor(gvr), { gvr, fieldPath, recursive });
    expect(result.text).toBe(golden(c.name, 'stdout'));
    expect(result.error === undefined ? '' : `${result.error}\n`).toBe(golden(c.name, 'stderr'));
  });

  it('a kind missing from the schemas fails with the kind the paths name', () => {
    const gvr = { group: 'apps', version: 'v1', resource: 'deployments' };
    const document = openApiV3Document('apps', 'v1', servedResources(), {});
    expect(explain(document, { gvr, fieldPath: [], recursive: false })).toEqual({
      text: 'GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n',
      error: 'error: GVK map[group:apps kind:Deployment version:v1] not found in OpenAPI schema',
    });
  });
});

describe('wordWrap', () => {
  it.each([
    ['words longer than the line stay whole', 'a verylongword b', 5, 'a\nverylongword\nb'],
    ['spaces where a line breaks are dropped', 'aaa bbb', 3, 'aaa\nbbb'],
    ['existing newlines stay', 'a\n\nb', 10, 'a\n\nb'],
    ['trailing spaces that overflow before a newline go', 'abcd      \nx', 5, 'abcd\nx'],
    ['a no-break space joins words', 'aa\u00a0bb cc', 5, 'aa\u00a0bb\ncc'],
    ['runes count one column each', '\u201caa\u201d \u201cbb\u201d', 4, '\u201caa\u201d\n\u201cbb\u201d'],
  ])('%s', (_name, input, limit, expected) => {
    expect(wordWrap(input, limit)).toBe(expected);
  });
});

describe('indent', () => {
  it('pads every line, empty ones too', () => {
    expect(indent(2, 'a\n\nb\n')).toBe('  a\n  \n  b\n  ');
  });
});
