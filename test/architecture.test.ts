import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Who may import whom (docs/architecture.md): a lower room never imports a higher one. */
const allowed: Record<string, string[]> = {
  util: [],
  api: ['util'],
  store: ['util'],
  registry: ['api', 'store', 'util'],
  client: ['api', 'util'],
  apiserver: ['registry', 'api', 'printers', 'util'],
  scheduler: ['client', 'api', 'util'],
  controllers: ['client', 'api', 'util'],
  kubelet: ['client', 'api', 'util'],
  printers: ['api', 'util'],
  drills: ['client', 'api', 'util'],
  cluster: ['util', 'api', 'store', 'registry', 'client', 'apiserver', 'scheduler', 'controllers', 'kubelet', 'printers', 'drills'],
  cli: ['cluster', 'client', 'printers', 'api', 'drills', 'util'],
};
/** The one exception the design names: the in-process client wraps the registry. */
const exceptions: Record<string, string[]> = { 'client/in-process-client.ts': ['registry'] };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'generated' ? [] : sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.conformance.ts') ? [p] : [];
  });
}

const roomOf = (file: string) => relative(root, file).split(sep)[0]!;
const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every (file, imported room) pair that the table forbids; `read` gives a file's text. */
function violations(files: string[], read: (file: string) => string = (f) => readFileSync(f, 'utf8')): string[] {
  const out: string[] = [];
  for (const file of files) {
    const room = roomOf(file);
    const rel = relative(root, file).split(sep).join('/');
    const text = read(file);
    for (const m of text.matchAll(importRe)) {
      const spec = (m[1] ?? m[2])!;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(root + sep)) continue;
      const to = roomOf(target);
      if (to === room || to.endsWith('.ts') || to.endsWith('.js')) continue;
      const ok = (allowed[room] ?? []).includes(to) || (exceptions[rel] ?? []).includes(to);
      if (!ok) out.push(`${rel} imports ${to} (${spec})`);
    }
  }
  return out;
}

describe('architecture', () => {
  it('every room of src/ is in the dependency table', () => {
    const rooms = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory());
    expect(rooms.filter((r) => !(r in allowed))).toEqual([]);
  });

  it('no import breaks the dependency direction of the design', () => {
    expect(violations(sourceFiles(root))).toEqual([]);
  });

  it.each([
    ['api', "import { Registry } from '../registry/registry.js';", ['api/x.ts imports registry (../registry/registry.js)']],
    ['store', "import type { KindInfo } from '../api/kinds.js';", ['store/x.ts imports api (../api/kinds.js)']],
    ['client', "export { Registry } from '../registry/registry.js';", ['client/x.ts imports registry (../registry/registry.js)']],
    ['registry', "import { StoreError } from '../store/store.js';", []],
    ['scheduler', "const m = await import('../controllers/x.js');", ['scheduler/x.ts imports controllers (../controllers/x.js)']],
  ])('a file in %s with `%s` is reported as %j', (room, line, expected) => {
    const file = join(root, room, 'x.ts');
    expect(violations([file], () => line)).toEqual(expected);
  });
});
