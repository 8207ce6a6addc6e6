import { formatLabels, goTrimSpace, intOrStringString, joinHostPort, labelsString, listWithMoreString, quantityPointerString, quantityString, timeMs, translateTimestampSince, zeroTime } from './cell-formats.js';

const now = new Date('2025-03-01T12:00:00Z');

describe('cell formats', () => {
  it.each<[string, unknown, string]>([
    ['a time some minutes ago', '2025-03-01T11:55:00Z', '5m'],
    ['a time with fractions and an offset', '2025-03-01T13:59:30.999+02:00', '29s'],
    ['no time', undefined, '<unknown>'],
    ['an empty time', '', '<unknown>'],
    ["Go's zero time", '0001-01-01T00:00:00Z', '<unknown>'],
    ['a time too far in the future', '2025-03-01T12:00:05Z', '<invalid>'],
  ])('translateTimestampSince: %s', (_name, t, printed) => {
    expect(translateTimestampSince(t, now)).toBe(printed);
  });

  it('timeMs reads unset times as the zero time', () => {
    expect(timeMs(null)).toBe(zeroTime);
    expect(timeMs('2025-03-01T12:00:00Z')).toBe(now.getTime());
  });

  it('sorts labels as k=v strings, as labels.Set.String does (so a.b=... comes before a=...)', () => {
    expect(labelsString({ a: '1', 'a.b': '2', B: '3' })).toBe('B=3,a.b=2,a=1');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });

  it.each<[unknown, string]>([
    ['1.5Gi', '1536Mi'],
    ['1000m', '1'],
    [2, '2'],
    [undefined, '0'],
  ])('quantityString prints %j canonically as %j', (q, printed) => {
    expect(quantityString(q)).toBe(printed);
  });

  it('quantityPointerString prints a missing pointer as <nil>', () => {
    expect(quantityPointerString(undefined)).toBe('<nil>');
    expect(quantityPointerString('100Mi')).toBe('100Mi');
  });

  it('intOrStringString prints either form', () => {
    expect([intOrStringString(3), intOrStringString('50%')]).toEqual(['3', '50%']);
  });

  it('goTrimSpace trims what Go counts as space', () => {
    expect(goTrimSpace('\u0085 \t x y \n\u00a0')).toBe('x y');
    expect(goTrimSpace('\ufeffx')).toBe('\ufeffx');
  });

  it('joinHostPort brackets IPv6 hosts', () => {
    expect([joinHostPort('10.0.0.1', 80), joinHostPort('fd00::1', 80)]).toEqual(['10.0.0.1:80', '[fd00::1]:80']);
  });

  it('listWithMoreString says <unset> for nothing and counts what is past the maximum', () => {
    expect(listWithMoreString([], false, 0, 3)).toBe('<unset>');
    expect(listWithMoreString(['a', 'b', 'c'], true, 5, 3)).toBe('a,b,c + 2 more...');
  });
});
