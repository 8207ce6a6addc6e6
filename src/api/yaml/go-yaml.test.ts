import { readFileSync } from 'node:fs';
import { yamlToJSON } from './go-yaml.js';

/** Cases and what gopkg.in/yaml.v2 2.4.0 made of them (test/fixtures/yaml/go-yaml/capture.go). */
const fixtures = new URL('../../../test/fixtures/yaml/go-yaml/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', fixtures), 'utf8')) as { name: string; yaml: string }[];
const goldens = JSON.parse(readFileSync(new URL('goldens.json', fixtures), 'utf8')) as { name: string; json?: string; error?: string }[];
const table = cases.map((c, i) => ({ ...c, want: goldens[i]! }));

describe('yamlToJSON converts YAML as sigs.k8s.io/yaml v1.4.0 does over go-yaml v2 (kubectl and the kubelet)', () => {
  it.each(table)('$name', ({ yaml, want }) => {
    const got = yamlToJSON(yaml);
    if (want.error !== undefined) expect(got).toEqual({ ok: false, error: want.error });
    else expect(got).toEqual({ ok: true, value: JSON.parse(want.json!) });
  });
});
