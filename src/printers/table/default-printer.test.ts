import type { KubeObject } from '../../api/object.js';
import { defaultPrinter } from './default-printer.js';

const make = (creationTimestamp: unknown): KubeObject => ({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'x', creationTimestamp: creationTimestamp as string } });

describe('defaultPrinter', () => {
  it('has NAME and a date-typed CREATED AT, as rest.DefaultTableConvertor', () => {
    expect(defaultPrinter.columns.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
  });

  it.each<[string, unknown, string]>([
    ['prints the creation time in RFC 3339, UTC, without fractions', '2025-03-01T13:00:00.750+01:00', '2025-03-01T12:00:00Z'],
    ['prints Go zero time for an object without one', undefined, '0001-01-01T00:00:00Z'],
  ])('%s', (_name, ts, printed) => {
    expect(defaultPrinter.cells(make(ts), new Date())).toEqual(['x', printed]);
  });
});
