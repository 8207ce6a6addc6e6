import { CronExpressionParser } from 'cron-parser';
import { cronScheduleError, goParseDurationError, loadLocationError } from './cron-schedule.js';

describe('cronScheduleError (robfig/cron v3 ParseStandard)', () => {
  it.each<[string, string, string | undefined]>([
    ['every minute is valid', '* * * * *', undefined],
    ['a step from a start is valid', '1/5 * * * *', undefined],
    ['ranges, lists and steps are valid', '0-30/10 9-17 * * 1-5', undefined],
    ['month and weekday names are valid, in any case', '0 0 1 Jan,jul MON-fri', undefined],
    ['? stands for any', '0 0 ? * *', undefined],
    ['@hourly is valid', '@hourly', undefined],
    ['@every with a Go duration is valid', '@every 1h30m', undefined],
    ['a time zone prefix is valid to the parser', 'CRON_TZ=Asia/Seoul 0 9 * * *', undefined],
    ['the seed notes\' "1/*" is not: a step must be a number', '1/* * * * *', 'failed to parse int from *: strconv.Atoi: parsing "*": invalid syntax'],
    ['six fields (with seconds) are rejected', '0 * * * * *', 'expected exactly 5 fields, found 6: [0 * * * * *]'],
    ['a word is rejected', 'bad', 'expected exactly 5 fields, found 1: [bad]'],
    ['an empty schedule is rejected', '', 'empty spec string'],
    ['minute 60 is above the maximum', '60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['day 0 is below the minimum', '0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['a backwards range is rejected', '0 0 * * 5-1', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['a zero step is rejected', '*/0 * * * *', 'step of range should be a positive number: */0'],
    ['two slashes are rejected', '1/2/3 * * * *', 'too many slashes: 1/2/3'],
    ['two hyphens are rejected', '1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['a negative number is rejected', '-1 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ['an unknown descriptor is rejected', '@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every needs a unit', '@every 5', 'failed to parse duration @every 5: time: missing unit in duration "5"'],
    ['@every needs a known unit', '@every 5x', 'failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"'],
    ['a bad time zone prefix is rejected', 'TZ=Mars/Olympus 0 * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
    ['L (last day) is not robfig syntax', '0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
  ])('%s', (_name, schedule, expected) => {
    expect(cronScheduleError(schedule)).toBe(expected);
  });

  it.each([['* * * * *'], ['1/5 * * * *'], ['0-30/10 9-17 * * 1-5'], ['0 0 1 jan,jul mon-fri'], ['@hourly'], ['@daily'], ['@weekly']])(
    'a schedule the API accepts (%s) is one cron-parser can compute run times for',
    (schedule) => {
      expect(cronScheduleError(schedule)).toBeUndefined();
      expect(() => CronExpressionParser.parse(schedule)).not.toThrow();
    },
  );
});

describe('goParseDurationError', () => {
  it.each<[string, string, string | undefined]>([
    ['hours and minutes parse', '1h30m', undefined],
    ['fractions parse', '1.5s', undefined],
    ['zero needs no unit', '0', undefined],
    ['empty is invalid', '', 'time: invalid duration ""'],
    ['letters alone are invalid', 'abc', 'time: invalid duration "abc"'],
    ['a number without unit is missing its unit', '10', 'time: missing unit in duration "10"'],
    ['days are not a unit', '1d', 'time: unknown unit "d" in duration "1d"'],
  ])('%s', (_name, text, expected) => {
    expect(goParseDurationError(text)).toBe(expected);
  });
});

describe('loadLocationError', () => {
  it.each<[string, string, string | undefined]>([
    ['UTC loads', 'UTC', undefined],
    ['an IANA zone loads', 'Asia/Seoul', undefined],
    ['a legacy alias loads', 'US/Eastern', undefined],
    ['Local loads', 'Local', undefined],
    ['a misspelt zone does not', 'Asia/Seol', 'unknown time zone Asia/Seol'],
    ['zone names are case-sensitive', 'asia/seoul', 'unknown time zone asia/seoul'],
    ['dot-dot is refused outright', '../etc/passwd', 'time: invalid location name'],
  ])('%s', (_name, zone, expected) => {
    expect(loadLocationError(zone)).toBe(expected);
  });
});
