import { humanDuration, shortHumanDuration } from './human-duration.js';

// Upstream's cases (apimachinery pkg/util/duration/duration_test.go), with Go durations written in milliseconds.
const ns = 1e-6;
const ms = 1;
const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
  it.each([
    [s, '1s'],
    [70 * s, '70s'],
    [190 * s, '3m10s'],
    [70 * m, '70m'],
    [47 * h, '47h'],
    [49 * h, '2d1h'],
    [(8 * 24 + 2) * h, '8d'],
    [367 * 24 * h, '367d'],
    [(365 * 2 * 24 + 25) * h, '2y1d'],
    [(365 * 8 * 24 + 2) * h, '8y'],
  ])('prints %d ms as %s', (duration, want) => {
    expect(humanDuration(duration)).toBe(want);
  });

  it.each([
    ['two seconds in the future is invalid', -2 * s, '<invalid>'],
    ['just under two seconds in the future is now', -2 * s + ns, '0s'],
    ['zero is 0s', 0, '0s'],
    ['under a second is 0s', s - ms, '0s'],
    ['just under two minutes is still seconds', 2 * m - ms, '119s'],
    ['two minutes is 2m', 2 * m, '2m'],
    ['two minutes and a second keeps the seconds', 2 * m + s, '2m1s'],
    ['just under ten minutes keeps the seconds', 10 * m - ms, '9m59s'],
    ['ten minutes is 10m', 10 * m, '10m'],
    ['past ten minutes drops the seconds', 10 * m + s, '10m'],
    ['just under three hours is still minutes', 3 * h - ms, '179m'],
    ['three hours is 3h', 3 * h, '3h'],
    ['three hours and a minute keeps the minutes', 3 * h + m, '3h1m'],
    ['just under eight hours keeps the minutes', 8 * h - ms, '7h59m'],
    ['eight hours is 8h', 8 * h, '8h'],
    ['past eight hours drops the minutes', 8 * h + 59 * m, '8h'],
    ['just under two days is still hours', 2 * d - ms, '47h'],
    ['two days is 2d', 2 * d, '2d'],
    ['two days and an hour keeps the hours', 2 * d + h, '2d1h'],
    ['just under eight days keeps the hours', 8 * d - ms, '7d23h'],
    ['eight days is 8d', 8 * d, '8d'],
    ['past eight days drops the hours', 8 * d + 23 * h, '8d'],
    ['just under two years is still days', 2 * y - ms, '729d'],
    ['two years is 2y', 2 * y, '2y'],
    ['two years and 23 hours is 2y', 2 * y + 23 * h, '2y'],
    ['two years and 23:59 is 2y', 2 * y + 23 * h + 59 * m, '2y'],
    ['just under two years and a day is 2y', 2 * y + d - ms, '2y'],
    ['two years and a day keeps the day', 2 * y + d, '2y1d'],
    ['three years', 3 * y, '3y'],
    ['four years', 4 * y, '4y'],
    ['five years', 5 * y, '5y'],
    ['six years', 6 * y, '6y'],
    ['seven years', 7 * y, '7y'],
    ['just under eight years keeps the days', 8 * y - ms, '7y364d'],
    ['eight years is 8y', 8 * y, '8y'],
    ['past eight years drops the days', 8 * y + 364 * d, '8y'],
    ['nine years', 9 * y, '9y'],
  ])('%s', (_name, duration, want) => {
    expect(humanDuration(duration)).toBe(want);
  });
});

describe('shortHumanDuration', () => {
  it.each([
    ['two seconds in the future is invalid', -2 * s, '<invalid>'],
    ['just under two seconds in the future is now', -2 * s + ns, '0s'],
    ['zero is 0s', 0, '0s'],
    ['under a second is 0s', s - ms, '0s'],
    ['one second', s, '1s'],
    ['just under two seconds is 1s', 2 * s - ms, '1s'],
    ['just under a minute is seconds', m - ms, '59s'],
    ['a minute is 1m', m, '1m'],
    ['just under two minutes is 1m', 2 * m - ms, '1m'],
    ['just under an hour is minutes', h - ms, '59m'],
    ['an hour is 1h', h, '1h'],
    ['just under two hours is 1h', 2 * h - ms, '1h'],
    ['just under a day is hours', d - ms, '23h'],
    ['a day is 1d', d, '1d'],
    ['just under two days is 1d', 2 * d - ms, '1d'],
    ['just under a year is days', y - ms, '364d'],
    ['a year is 1y', y, '1y'],
    ['just under two years is 1y', 2 * y - ms, '1y'],
    ['two years is 2y', 2 * y, '2y'],
  ])('%s', (_name, duration, want) => {
    expect(shortHumanDuration(duration)).toBe(want);
  });
});
