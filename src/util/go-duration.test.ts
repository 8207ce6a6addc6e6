import { goDurationMs, goDurationString, parseGoDuration } from './go-duration.js';

describe('goDurationString', () => {
  it.each([
    [0, '0s'],
    [1, '1ns'],
    [1500, '1.5µs'],
    [1_234_567, '1.234567ms'],
    [1_200_000_000, '1.2s'],
    [10e9, '10s'],
    [80e9, '1m20s'],
    [160e9, '2m40s'],
    [300e9, '5m0s'],
    [3 * 3600e9 + 5e9, '3h0m5s'],
    [-1.5e9, '-1.5s'],
  ])('%d nanoseconds print as Go prints them: %s', (ns, text) => {
    expect(goDurationString(ns)).toBe(text);
  });

  it('milliseconds truncate as the kubelet prints pull durations', () => {
    expect(goDurationMs(1234)).toBe('1.234s');
    expect(goDurationMs(512)).toBe('512ms');
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['5s', 5e9],
    ['1h2m', 3720e9],
    ['1.5h', 5400e9],
    ['.5s', 0.5e9],
    ['-3m', -180e9],
    ['0', 0],
  ])('%s is %d nanoseconds', (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  it.each([
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1', 'time: missing unit in duration "1"'],
    ['', 'time: invalid duration ""'],
    ['x', 'time: invalid duration "x"'],
  ])('%j is refused with Go\'s message', (text, message) => {
    expect(() => parseGoDuration(text)).toThrow(message);
  });
});
