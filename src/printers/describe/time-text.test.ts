import { rfc1123z, timestampSince, ZERO_TIME_RFC1123Z } from './time-text.js';

describe('rfc1123z', () => {
  it.each([
    ['a UTC time prints with +0000', '2025-01-10T09:05:03Z', 'UTC', 'Fri, 10 Jan 2025 09:05:03 +0000'],
    ['a time moves to the given zone with its offset', '2025-01-10T09:05:03Z', 'Asia/Seoul', 'Fri, 10 Jan 2025 18:05:03 +0900'],
    ['a negative offset with minutes prints as -0330', '2025-01-10T09:05:03Z', 'America/St_Johns', 'Fri, 10 Jan 2025 05:35:03 -0330'],
    ['midnight prints as 00, not 24', '2025-01-10T15:00:00Z', 'Asia/Seoul', 'Sat, 11 Jan 2025 00:00:00 +0900'],
    ['a missing time prints as Go zero time in UTC', undefined, 'Asia/Seoul', ZERO_TIME_RFC1123Z],
    ['a null time prints as Go zero time', null, 'UTC', 'Mon, 01 Jan 0001 00:00:00 +0000'],
  ])('%s', (_name, t, timeZone, expected) => {
    expect(rfc1123z(t, { timeZone })).toBe(expected);
  });
});

describe('timestampSince', () => {
  const now = new Date('2025-01-10T10:00:00Z');
  it.each([
    ['an unset time is <unknown>', undefined, '<unknown>'],
    ['five minutes ago is 5m', '2025-01-10T09:55:00Z', '5m'],
    ['ninety seconds ago is 90s', '2025-01-10T09:58:30Z', '90s'],
    ['fifty hours ago is 2d2h', '2025-01-08T08:00:00Z', '2d2h'],
    ['a time a little in the future reads 0s', '2025-01-10T10:00:01Z', '0s'],
  ])('%s', (_name, t, expected) => {
    expect(timestampSince(t, { now })).toBe(expected);
  });
});
