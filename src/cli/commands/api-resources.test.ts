import type { CliDeps } from '../context.js';
import { run } from './api-resources.js';

function capture(opts: Parameters<typeof run>[0]): string {
  let out = '';
  const deps = { out: { write: (s: string) => (out += s) }, err: { write: () => {} } } as unknown as CliDeps;
  run(opts, deps);
  return out;
}

describe('kubesim api-resources', () => {
  // Columns: the widest cell plus 3 spaces, at least 6 (kubectl's tabwriter, checked against Go's in printers/table).
  it('lists the core group first, then groups alphabetically, aligned as kubectl aligns', () => {
    const lines = capture({}).split('\n');
    expect(lines[0]).toBe('NAME' + ' '.repeat(23) + 'SHORTNAMES   APIVERSION                     NAMESPACED   KIND');
    expect(lines[1]).toBe('configmaps' + ' '.repeat(17) + 'cm           v1                             true         ConfigMap');
    expect(lines.findIndex((l) => l.startsWith('controllerrevisions '))).toBeGreaterThan(lines.findIndex((l) => l.startsWith('services ')));
    expect(lines).toContain('horizontalpodautoscalers   hpa          autoscaling/v2                 true         HorizontalPodAutoscaler');
  });

  it.each([
    ['names of one group', { output: 'name', apiGroup: 'batch' }, 'cronjobs.batch\njobs.batch\n'],
    ['cluster-scoped core resources without headers', { namespaced: 'false', apiGroup: '', headers: false }, 'namespaces          ns    v1    false   Namespace\nnodes               no    v1    false   Node\npersistentvolumes   pv    v1    false   PersistentVolume\n'],
  ])('%s', (_name, opts, expected) => {
    expect(capture(opts)).toBe(expected);
  });
});
