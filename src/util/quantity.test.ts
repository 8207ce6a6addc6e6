import {
  ErrFormatWrong,
  ErrSuffix,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  Quantity,
  QuantityError,
  QuantityFormat,
  Scale,
  tryParseQuantity,
  type QuantityFormat as Format,
} from './quantity.js';

const { DecimalSI, BinarySI, DecimalExponent } = QuantityFormat;

/** upstream's decQuantity(i, exponent, format): i * 10^exponent. */
const dec = (i: number | bigint, exponent: number, format: Format) => new Quantity(BigInt(i), exponent, format);
const maxInt64 = (1n << 63n) - 1n;

// Facts from apimachinery's quantity_test.go (TestQuantityParse).
const parseTable: [input: string, expect: Quantity][] = [
  ['0', dec(0, 0, DecimalSI)],
  ['0n', dec(0, 0, DecimalSI)],
  ['0u', dec(0, 0, DecimalSI)],
  ['0m', dec(0, 0, DecimalSI)],
  ['0Ki', dec(0, 0, BinarySI)],
  ['0k', dec(0, 0, DecimalSI)],
  ['0Mi', dec(0, 0, BinarySI)],
  ['0M', dec(0, 0, DecimalSI)],
  ['0Gi', dec(0, 0, BinarySI)],
  ['0G', dec(0, 0, DecimalSI)],
  ['0Ti', dec(0, 0, BinarySI)],
  ['0T', dec(0, 0, DecimalSI)],
  ['1', dec(1, 0, DecimalSI)],
  ['1Ki', dec(1024, 0, BinarySI)],
  ['8Ki', dec(8 * 1024, 0, BinarySI)],
  ['7Mi', dec(7 * 1024 * 1024, 0, BinarySI)],
  ['6Gi', dec(6n * 1024n ** 3n, 0, BinarySI)],
  ['5Ti', dec(5n * 1024n ** 4n, 0, BinarySI)],
  ['4Pi', dec(4n * 1024n ** 5n, 0, BinarySI)],
  ['3Ei', dec(3n * 1024n ** 6n, 0, BinarySI)],
  ['10Ti', dec(10n * 1024n ** 4n, 0, BinarySI)],
  ['100Ti', dec(100n * 1024n ** 4n, 0, BinarySI)],
  ['5n', dec(5, -9, DecimalSI)],
  ['4u', dec(4, -6, DecimalSI)],
  ['3m', dec(3, -3, DecimalSI)],
  ['9', dec(9, 0, DecimalSI)],
  ['8k', dec(8, 3, DecimalSI)],
  ['50k', dec(5, 4, DecimalSI)],
  ['7M', dec(7, 6, DecimalSI)],
  ['6G', dec(6, 9, DecimalSI)],
  ['5T', dec(5, 12, DecimalSI)],
  ['40T', dec(4, 13, DecimalSI)],
  ['300T', dec(3, 14, DecimalSI)],
  ['2P', dec(2, 15, DecimalSI)],
  ['1E', dec(1, 18, DecimalSI)],
  ['1E-3', dec(1, -3, DecimalExponent)],
  ['1e3', dec(1, 3, DecimalExponent)],
  ['1E6', dec(1, 6, DecimalExponent)],
  ['1e9', dec(1, 9, DecimalExponent)],
  ['1E12', dec(1, 12, DecimalExponent)],
  ['1e15', dec(1, 15, DecimalExponent)],
  ['1E18', dec(1, 18, DecimalExponent)],
  ['1e14', dec(1, 14, DecimalExponent)],
  ['1e13', dec(1, 13, DecimalExponent)],
  ['100.035k', dec(100035, 0, DecimalSI)],
  ['0.001', dec(1, -3, DecimalSI)],
  ['0.0005k', dec(5, -1, DecimalSI)],
  ['0.005', dec(5, -3, DecimalSI)],
  ['0.05', dec(5, -2, DecimalSI)],
  ['0.5', dec(5, -1, DecimalSI)],
  ['0.00050k', dec(5, -1, DecimalSI)],
  ['0.00500', dec(5, -3, DecimalSI)],
  ['0.05000', dec(5, -2, DecimalSI)],
  ['0.50000', dec(5, -1, DecimalSI)],
  ['0.5e0', dec(5, -1, DecimalExponent)],
  ['0.5e-1', dec(5, -2, DecimalExponent)],
  ['0.5e-2', dec(5, -3, DecimalExponent)],
  ['10.035M', dec(10035, 3, DecimalSI)],
  ['1.2e3', dec(12, 2, DecimalExponent)],
  ['1.3E+6', dec(13, 5, DecimalExponent)],
  ['1.40e9', dec(14, 8, DecimalExponent)],
  ['1.53E12', dec(153, 10, DecimalExponent)],
  ['1.6e15', dec(16, 14, DecimalExponent)],
  ['1.7E18', dec(17, 17, DecimalExponent)],
  ['9.01', dec(901, -2, DecimalSI)],
  ['8.1k', dec(81, 2, DecimalSI)],
  ['7.123456M', dec(7123456, 0, DecimalSI)],
  ['6.987654321G', dec(6987654321, 0, DecimalSI)],
  ['5.444T', dec(5444, 9, DecimalSI)],
  ['40.1T', dec(401, 11, DecimalSI)],
  ['300.2T', dec(3002, 11, DecimalSI)],
  ['2.5P', dec(25, 14, DecimalSI)],
  ['1.01E', dec(101, 16, DecimalSI)],
  ['3.001n', dec(4, -9, DecimalSI)],
  ['1.1E-9', dec(2, -9, DecimalExponent)],
  ['0.0000000001', dec(1, -9, DecimalSI)],
  ['0.0000000005', dec(1, -9, DecimalSI)],
  ['0.00000000050', dec(1, -9, DecimalSI)],
  ['0.5e-9', dec(1, -9, DecimalExponent)],
  ['0.9n', dec(1, -9, DecimalSI)],
  ['0.00000012345', dec(124, -9, DecimalSI)],
  ['0.00000012354', dec(124, -9, DecimalSI)],
  ['9Ei', dec(maxInt64, 0, BinarySI)],
  ['9223372036854775807Ki', dec(maxInt64, 0, BinarySI)],
  ['12E', dec(12, 18, DecimalSI)],
  ['100.035Ki', dec(10243584, -2, BinarySI)],
  ['0.5Mi', dec(0.5 * 1024 * 1024, 0, BinarySI)],
  ['0.05Gi', dec(536870912, -1, BinarySI)],
  ['0.025Ti', dec(274877906944, -1, BinarySI)],
  ['0.000000000001Ki', dec(2, -9, DecimalSI)],
  ['.001', dec(1, -3, DecimalSI)],
  ['.0001k', dec(100, -3, DecimalSI)],
  ['1.', dec(1, 0, DecimalSI)],
  ['1.G', dec(1, 9, DecimalSI)],
];

describe('parseQuantity', () => {
  it.each(parseTable)('%s parses to upstream\'s value and format', (input, want) => {
    const q = parseQuantity(input);
    expect(q.cmp(want)).toBe(0);
    expect(q.format).toBe(want.format);
  });

  it.each(parseTable)('-%s parses to the negated value with the same format', (input, want) => {
    const q = parseQuantity(`-${input}`);
    expect(q.cmp(want.neg())).toBe(0);
    expect(q.format).toBe(want.format);
  });

  it.each(parseTable)('+%s parses to the same value and format', (input, want) => {
    const q = parseQuantity(`+${input}`);
    expect(q.cmp(want)).toBe(0);
    expect(q.format).toBe(want.format);
  });

  it.each(['1.1.M', '1+1.0M', '0.1mi', '0.1am', 'aoeu', '.5i', '1i', '-3.01i', '-3.01e-', '1e4294967297', ' 1', '1 ', ''])(
    '%j is not a quantity',
    (input) => {
      expect(() => parseQuantity(input)).toThrow(QuantityError);
      expect(tryParseQuantity(input)).toBeUndefined();
    },
  );

  it.each([
    ['an empty string is reported with the regular expression', '', ErrFormatWrong],
    ['trailing garbage is reported with the regular expression', '1.1.M', ErrFormatWrong],
    ['an unknown suffix is reported as a suffix error', '1i', ErrSuffix],
    ['a lowercase binary suffix is reported as a suffix error', '0.1mi', ErrSuffix],
  ])('%s', (_name, input, message) => {
    expect(() => parseQuantity(input)).toThrow(message);
  });

  it('the format error quotes upstream\'s regular expression exactly', () => {
    expect(ErrFormatWrong).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });

  it.each([
    ['e14', 14, true],
    ['E2147483647', 2147483647, true],
    ['E-2147483647', Scale.Nano, true],
    ['E2147483648', 0, false],
    ['E-2147483648', 0, false],
    ['E4294967297', 0, false],
  ])('an exponent suffix %s is accepted only within int32 (scale %d, accepted %s)', (suffix, exp, ok) => {
    const q = tryParseQuantity(`1${suffix}`);
    expect(q !== undefined).toBe(ok);
    if (q) expect(q.scale).toBe(exp);
  });
});

// Facts from TestQuantityString: [value, canonical form, an alternate spelling that must canonicalize to it].
const stringTable: [Quantity, string, string][] = [
  [dec(1024n ** 3n, 0, BinarySI), '1Gi', '1024Mi'],
  [dec(300 * 1024 * 1024, 0, BinarySI), '300Mi', '307200Ki'],
  [dec(6 * 1024, 0, BinarySI), '6Ki', ''],
  [dec(1001n * 1024n ** 3n, 0, BinarySI), '1001Gi', '1025024Mi'],
  [dec(1024n ** 4n, 0, BinarySI), '1Ti', '1024Gi'],
  [dec(5, 0, BinarySI), '5', '5000m'],
  [dec(500, -3, BinarySI), '500m', '0.5'],
  [dec(1, 9, DecimalSI), '1G', '1000M'],
  [dec(1000, 6, DecimalSI), '1G', '0.001T'],
  [dec(1000000, 3, DecimalSI), '1G', ''],
  [dec(1000000000, 0, DecimalSI), '1G', ''],
  [dec(1, -3, DecimalSI), '1m', '1000u'],
  [dec(80, -3, DecimalSI), '80m', ''],
  [dec(1080, -3, DecimalSI), '1080m', '1.08'],
  [dec(108, -2, DecimalSI), '1080m', '1080000000n'],
  [dec(10800, -4, DecimalSI), '1080m', ''],
  [dec(300, 6, DecimalSI), '300M', ''],
  [dec(1, 12, DecimalSI), '1T', ''],
  [dec(1, 18, DecimalSI), '1E', ''],
  [dec(1, 21, DecimalSI), '1e21', '1000E'],
  [dec(5, 21, DecimalSI), '5e21', '5000E'],
  [dec(1, 24, DecimalSI), '1e24', '1000000E'],
  [dec(10n ** 70n, 0, BinarySI), '10e69', ''],
  [dec(2n * 10n ** 70n, 0, BinarySI), '20e69', ''],
  [dec(10n ** 72n, 0, BinarySI), '1e72', ''],
  [dec(1234567, 6, DecimalSI), '1234567M', ''],
  [dec(1234567, -3, BinarySI), '1234567m', ''],
  [dec(3, 3, DecimalSI), '3k', ''],
  [dec(1025, 0, BinarySI), '1025', ''],
  [dec(0, 0, DecimalSI), '0', ''],
  [dec(0, 0, BinarySI), '0', ''],
  [dec(1, 9, DecimalExponent), '1e9', '.001e12'],
  [dec(1, -3, DecimalExponent), '1e-3', '0.001e0'],
  [dec(1, -9, DecimalExponent), '1e-9', '1000e-12'],
  [dec(80, -3, DecimalExponent), '80e-3', ''],
  [dec(300, 6, DecimalExponent), '300e6', ''],
  [dec(1, 12, DecimalExponent), '1e12', ''],
  [dec(1, 3, DecimalExponent), '1e3', ''],
  [dec(3, 3, DecimalExponent), '3e3', ''],
  [dec(0, 0, DecimalExponent), '0', '00'],
  [dec(1, -9, DecimalSI), '1n', ''],
  [dec(80, -9, DecimalSI), '80n', ''],
  [dec(1080, -9, DecimalSI), '1080n', ''],
  [dec(108, -8, DecimalSI), '1080n', ''],
  [dec(10800, -10, DecimalSI), '1080n', ''],
  [dec(1, -6, DecimalSI), '1u', ''],
  [dec(80, -6, DecimalSI), '80u', ''],
  [dec(1080, -6, DecimalSI), '1080u', ''],
];

describe('Quantity.toString', () => {
  it.each(stringTable)('%s prints canonically as %s', (q, canonical) => {
    expect(q.toString()).toBe(canonical);
    expect(parseQuantity(canonical).toString()).toBe(canonical);
  });

  it.each(stringTable.filter(([, , alt]) => alt !== ''))('the alternate spelling of %s canonicalizes to %s (from %s)', (_q, canonical, alternate) => {
    expect(parseQuantity(alternate).toString()).toBe(canonical);
  });

  it.each(stringTable.filter(([q]) => !q.isZero()))('the negation of %s prints as -%s', (q, canonical) => {
    expect(q.neg().toString()).toBe(`-${canonical}`);
  });

  it.each([
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
  ])('%s is emitted as %s, and its negation with a minus sign', (input, emitted) => {
    expect(parseQuantity(input).toString()).toBe(emitted);
    expect(parseQuantity(`-${input}`).toString()).toBe(`-${emitted}`);
  });

  it.each([
    ['a half cpu is written in millicores', '0.5', '500m'],
    ['a thousand millicores is one cpu', '1000m', '1'],
    ['1024Mi is one Gi', '1024Mi', '1Gi'],
    ['a fractional binary amount falls to the next binary suffix', '1.5Gi', '1536Mi'],
    ['a canonical decimal suffix stays', '100M', '100M'],
    ['a plain byte count stays', '128974848', '128974848'],
    ['a canonical binary suffix stays', '123Mi', '123Mi'],
    ['an exponent written as a string keeps its exponent form', '129e6', '129e6'],
    ['a number already canonical stays verbatim', '1.234', '1.234'],
    ['a fraction whose digits do not end in 000 is kept verbatim', '1.500', '1.500'],
    ['a fraction whose digits end in 000 is re-spelled', '1.000', '1'],
    ['a parsed plus sign in canonical shape is kept as upstream keeps it', '+1', '+1'],
    ['an exact 2^63 reprints exactly', '9223372036854775808', '9223372036854775808'],
    ['a tenth past 10E is written in millis', '10000000000000000000.1', '10000000000000000000100m'],
    ['ten exa written out is 10E', '10000000000000000000', '10E'],
  ])('%s (%s -> %s)', (_name, input, emitted) => {
    expect(parseQuantity(input).toString()).toBe(emitted);
  });

  it.each([
    ['YAML 1e3 arrives as the number 1000 and prints as 1k', 1e3, '1k'],
    ['YAML 129e6 arrives as the number 129000000 and prints as 129M', 129e6, '129M'],
    ['YAML 0.5 arrives as a number and prints as 500m', 0.5, '500m'],
    ['an integer byte count arrives as a number and stays', 128974848, '128974848'],
  ])('%s', (_name, input, emitted) => {
    expect(parseQuantity(input).toString()).toBe(emitted);
  });

  it('serializes through JSON.stringify as its string form', () => {
    expect(JSON.stringify({ cpu: parseQuantity('0.5') })).toBe('{"cpu":"500m"}');
  });
});

describe('Quantity arithmetic', () => {
  it('0.1 plus 0.2 cpu is exactly 300m', () => {
    expect(parseQuantity('0.1').add(parseQuantity('0.2')).toString()).toBe('300m');
  });

  it.each([
    ['0', '0', 0],
    ['100m', '50m', 1],
    ['50m', '100m', -1],
    ['10000T', '100Gi', 1],
    ['1e1000', '1', 1],
    ['-1e1000', '1', -1],
    ['1Ki', '1024', 0],
  ])('comparing %s with %s gives %d', (x, y, want) => {
    expect(parseQuantity(x).cmp(parseQuantity(y))).toBe(want);
    expect(parseQuantity(y).cmp(parseQuantity(x))).toBe(want === 0 ? 0 : -want);
  });

  it.each([
    ['10 + 1e1 is 20', dec(10, 0, DecimalSI), dec(1, 1, DecimalSI), dec(20, 0, DecimalSI), DecimalSI],
    ['a binary addend keeps the decimal format', dec(10, 0, DecimalSI), dec(1, 0, BinarySI), dec(11, 0, DecimalSI), DecimalSI],
    ['a decimal addend keeps the binary format', dec(10, 0, BinarySI), dec(1, 0, DecimalSI), dec(11, 0, BinarySI), BinarySI],
    ['zero takes the format of what is added to it', dec(0, 0, DecimalSI), dec(50, 0, BinarySI), dec(50, 0, BinarySI), BinarySI],
  ])('%s', (_name, a, b, sum, format) => {
    const got = a.add(b);
    expect(got.cmp(sum)).toBe(0);
    expect(got.format).toBe(format);
  });

  it.each([
    [dec(10, 0, DecimalSI), dec(1, 1, DecimalSI), dec(0, 0, DecimalSI)],
    [dec(10, 0, DecimalSI), dec(1, 0, BinarySI), dec(9, 0, DecimalSI)],
    [dec(10, 0, BinarySI), dec(1, 0, DecimalSI), dec(9, 0, BinarySI)],
    [dec(0, 0, DecimalSI), dec(50, 0, DecimalSI), dec(-50, 0, DecimalSI)],
  ])('%s minus %s is %s', (a, b, diff) => {
    expect(a.sub(b).cmp(diff)).toBe(0);
  });

  it.each(['100m', '1Gi'])('adding or subtracting zero preserves the suffix of %s', (v) => {
    const zero = parseQuantity('0');
    expect(parseQuantity(v).add(zero).toString()).toBe(v);
    expect(zero.add(parseQuantity(v)).toString()).toBe(v);
    expect(parseQuantity(v).sub(zero).toString()).toBe(v);
    expect(zero.sub(parseQuantity(v)).toString()).toBe(`-${v}`);
  });

  it('negating 9.01 prints -9010m', () => {
    expect(dec(901, -2, DecimalSI).neg().toString()).toBe('-9010m');
  });

  it.each([
    ['9.01', -3, dec(901, -2, DecimalSI), true],
    ['9.01', -2, dec(901, -2, DecimalSI), true],
    ['9.01', -1, dec(91, -1, DecimalSI), false],
    ['9.01', 0, dec(10, 0, DecimalSI), false],
    ['9.01', 1, dec(10, 0, DecimalSI), false],
    ['9.01', 2, dec(100, 0, DecimalSI), false],
    ['-9.01', -3, dec(-901, -2, DecimalSI), true],
    ['-9.01', -1, dec(-91, -1, DecimalSI), false],
    ['-9.01', 0, dec(-10, 0, DecimalSI), false],
    ['-9.01', 2, dec(-100, 0, DecimalSI), false],
  ])('rounding %s up to scale %d gives %s (exact: %s)', (input, scale, want, exact) => {
    const r = parseQuantity(input).roundUp(scale);
    expect(r.quantity.cmp(want)).toBe(0);
    expect(r.exact).toBe(exact);
  });

  it('multiplying keeps exactness past int64', () => {
    expect(parseQuantity('1Ei').mul(1024).toString()).toBe('1180591620717411303424');
  });
});

describe('Quantity values', () => {
  it.each([
    ['-.484785E-7466', -1, -1],
    ['.484785E-7466', 1, 1],
    ['-.484785E-1', -1, -49],
    ['.484785E-1', 1, 49],
    ['-0.0005', -1, -1],
    ['0.0005', 1, 1],
    ['-1500m', -2, -1500],
    ['1500m', 2, 1500],
    ['-9.5000000001Gi', -10200547329, -10200547328108],
    ['9.5000000001Gi', 10200547329, 10200547328108],
    ['-1', -1, -1000],
    ['1', 1, 1000],
    ['0', 0, 0],
  ])('%s has value %d and milli-value %d (rounded away from zero)', (input, value, milli) => {
    const q = parseQuantity(input);
    expect(q.value()).toBe(value);
    expect(q.milliValue()).toBe(milli);
  });

  it.each([
    [Scale.Nano, Scale.Nano, 1n],
    [Scale.Nano, 0, 1n],
    [Scale.Micro, Scale.Nano, 1000n],
    [Scale.Milli, Scale.Micro, 1000n],
    [0, Scale.Nano, 1000000000n],
    [0, Scale.Milli, 1000n],
    [2, -2, 10000n],
  ])('one unit at scale %d is %d units at scale %d', (from, to, want) => {
    expect(newScaledQuantity(1, from).scaledValue(to)).toBe(want);
  });

  it.each([
    [1, DecimalSI, '1m'],
    [1000, DecimalSI, '1'],
    [1234000, DecimalSI, '1234'],
    [1024, BinarySI, '1024m'],
    [1024 * 1024, BinarySI, '1048576m'],
  ] as const)('%d milli-units in %s print as %s', (value, format, want) => {
    expect(newMilliQuantity(value, format).toString()).toBe(want);
  });

  it.each([
    [1, DecimalSI, '1'],
    [1000, DecimalSI, '1k'],
    [1234000, DecimalSI, '1234k'],
    [1024, BinarySI, '1Ki'],
    [1024 * 1024, BinarySI, '1Mi'],
    [1000000, DecimalExponent, '1e6'],
  ] as const)('%d units in %s print as %s and read back as the same value', (value, format, want) => {
    const q = newQuantity(value, format);
    expect(q.toString()).toBe(want);
    expect(parseQuantity(want).value()).toBe(value);
  });

  it.each([
    [1, Scale.Nano, '1n'],
    [1000, Scale.Nano, '1u'],
    [1000, Scale.Micro, '1m'],
    [1000, Scale.Milli, '1'],
    [0, Scale.Nano, '0'],
  ])('%d at scale %d prints as %s', (value, scale, want) => {
    expect(newScaledQuantity(value, scale).toString()).toBe(want);
  });

  it('the value of 1Mi is 1048576 bytes', () => {
    expect(parseQuantity('1Mi').value()).toBe(1048576);
  });
});
