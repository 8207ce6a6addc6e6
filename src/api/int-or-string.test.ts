import { getScaledValueFromIntOrPercent, type IntOrString } from './int-or-string.js';

describe('getScaledValueFromIntOrPercent', () => {
  it.each<[string, IntOrString, number, boolean, number]>([
    ['an int is taken as is, whatever the total', 3, 10, true, 3],
    ['an int larger than the total is not capped', 15, 10, false, 15],
    ['zero stays zero', 0, 10, true, 0],
    ['25% of 10 rounded up is 3', '25%', 10, true, 3],
    ['25% of 10 rounded down is 2', '25%', 10, false, 2],
    ['an exact percentage is the same either way (up)', '50%', 10, true, 5],
    ['an exact percentage is the same either way (down)', '50%', 10, false, 5],
    ['100% is the total', '100%', 3, true, 3],
    ['0% is zero', '0%', 7, true, 0],
    ['1% of 1 rounds up to 1', '1%', 1, true, 1],
    ['1% of 1 rounds down to 0', '1%', 1, false, 0],
    ['a percentage of no total is zero', '30%', 0, true, 0],
    ['a percentage above 100 scales past the total', '150%', 4, true, 6],
    ['a leading plus sign is accepted as strconv.Atoi does', '+20%', 10, true, 2],
    ['a negative percentage rounds up towards zero', '-25%', 10, true, -2],
    ['a negative percentage rounds down away from zero', '-25%', 10, false, -3],
    ['a small negative percentage rounded up is zero, not minus zero', '-1%', 10, true, 0],
    ['leading zeros are plain decimal', '010%', 10, true, 1],
  ])('%s', (_name, value, total, roundUp, expected) => {
    expect(getScaledValueFromIntOrPercent(value, total, roundUp)).toBe(expected);
  });

  it.each<[string, IntOrString | undefined, string]>([
    ['a missing value', undefined, 'nil value for IntOrString'],
    ['a number without the percent sign', '3', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['an empty string', '', 'invalid value for IntOrString: invalid type: string is not a percentage'],
    ['a lone percent sign', '%', 'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax'],
    ['a fraction', '2.5%', 'invalid value for IntOrString: invalid value "2.5%": strconv.Atoi: parsing "2.5": invalid syntax'],
    ['spaces', ' 5%', 'invalid value for IntOrString: invalid value " 5%": strconv.Atoi: parsing " 5": invalid syntax'],
    ['two percent signs', '5%%', 'invalid value for IntOrString: invalid value "5%%": strconv.Atoi: parsing "5%": invalid syntax'],
    ['digits past int64', '9223372036854775808%', 'invalid value for IntOrString: invalid value "9223372036854775808%": strconv.Atoi: parsing "9223372036854775808": value out of range'],
    ['a quote, escaped as Go quotes it', 'a"b%', 'invalid value for IntOrString: invalid value "a\\"b%": strconv.Atoi: parsing "a\\"b": invalid syntax'],
  ])('%s is refused with upstream words', (_name, value, message) => {
    expect(() => getScaledValueFromIntOrPercent(value, 10, true)).toThrow(new Error(message));
  });
});
