/** The seed notes' YAML examples (test/fixtures/seeds, one file an example), read one way by every test. */
import { readdirSync, readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import type { KubeObject } from '../../src/api/object.js';

const folder = new URL('../fixtures/seeds/', import.meta.url);

/** The fixture files' names (`*.yaml`), sorted, so that tables built from them are stable. */
export function seedFixtureNames(): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
}

/** Every document of one fixture, in order, as js-yaml parses it; throws where the file is not YAML. */
export function loadSeedFixture(name: string): KubeObject[] {
  return loadAll(readFileSync(new URL(name, folder), 'utf8')) as KubeObject[];
}
