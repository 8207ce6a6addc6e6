import { kinds } from '../../api/kinds.js';
import { defaultPrinter } from './default-printer.js';
import { hasDedicatedPrinter, printerFor } from './printer-for.js';

describe('printerFor', () => {
  it.each([
    ['rbac.authorization.k8s.io', 'Role'],
    ['rbac.authorization.k8s.io', 'ClusterRole'],
    ['', 'LimitRange'],
    ['example.com', 'Widget'],
  ])('prints %s/%s with the default NAME / CREATED AT table, as upstream registers no printer for it', (group, kind) => {
    expect(printerFor({ group, kind })).toBe(defaultPrinter);
    expect(hasDedicatedPrinter({ group, kind })).toBe(false);
  });

  it('has a dedicated printer for every other kind kubesim serves', () => {
    const withoutPrinter = kinds.filter((k) => !hasDedicatedPrinter(k)).map((k) => k.kind);
    expect(withoutPrinter.sort()).toEqual(['ClusterRole', 'LimitRange', 'Role']);
  });

  it('tells kinds of the same name in different groups apart', () => {
    expect(hasDedicatedPrinter({ group: 'events.k8s.io', kind: 'Event' })).toBe(false);
    expect(hasDedicatedPrinter({ group: '', kind: 'Event' })).toBe(true);
  });
});
