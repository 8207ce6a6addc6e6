import { FlagParseError, FlagSet, goQuote, valueError, type FlagSpec } from './pflag.js';

const specs: FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', arity: 'value', type: 'string' },
  { name: 'all-namespaces', shorthand: 'A', arity: 'bool', type: 'bool' },
  { name: 'stdin', shorthand: 'i', arity: 'bool', type: 'bool' },
  { name: 'tty', shorthand: 't', arity: 'bool', type: 'bool' },
  { name: 'dry-run', arity: 'optional', type: 'string' },
  { name: 'grace-period', arity: 'value', type: 'int' },
  { name: 'timeout', arity: 'value', type: 'duration' },
];
const flags = new FlagSet(specs);
const parse = (argv: string[]) => {
  const r = flags.parse(argv);
  return { flags: r.flags.map((f) => [f.spec.name, f.value]), args: r.args, dash: r.argsLenAtDash };
};
const failure = (argv: string[]) => {
  try {
    flags.parse(argv);
  } catch (e) {
    if (e instanceof FlagParseError) return e.message;
    throw e;
  }
  return undefined;
};

describe('pflag parsing', () => {
  it.each([
    ['a value after a long flag', ['--namespace', 'a', 'pods'], [['namespace', 'a']], ['pods'], -1],
    ['a value after =', ['--namespace=a=b'], [['namespace', 'a=b']], [], -1],
    ['a shorthand value glued on', ['-nteam'], [['namespace', 'team']], [], -1],
    ['a shorthand value after =', ['-n=team'], [['namespace', 'team']], [], -1],
    ['a run of bool shorthands', ['-it', 'pod'], [['stdin', 'true'], ['tty', 'true']], ['pod'], -1],
    ['a run ending in a value flag', ['-An', 'x', 'y'], [['all-namespaces', 'true'], ['namespace', 'x']], ['y'], -1],
    ['a bool with an explicit value', ['-A=false'], [['all-namespaces', 'false']], [], -1],
    ['a bool never takes the next word', ['--all-namespaces', 'false'], [['all-namespaces', 'true']], ['false'], -1],
    ['an optional value flag alone leaves the next word an argument', ['--dry-run', 'pods'], [['dry-run', undefined]], ['pods'], -1],
    ['flags anywhere among arguments', ['get', '-n', 'a', 'pods'], [['namespace', 'a']], ['get', 'pods'], -1],
    ['everything after -- is an argument', ['x', '--', '-n', 'y'], [], ['x', '-n', 'y'], 1],
    ['a lone - is an argument', ['-f', '-'].slice(1), [], ['-'], -1],
  ])('%s', (_name, argv, wantFlags, wantArgs, wantDash) => {
    expect(parse(argv)).toEqual({ flags: wantFlags, args: wantArgs, dash: wantDash });
  });

  it.each([
    ['an unknown long flag', ['--foo'], 'unknown flag: --foo'],
    ['an unknown flag with a value', ['--foo=bar'], 'unknown flag: --foo'],
    ['an unknown shorthand in a run', ['-ix'], "unknown shorthand flag: 'x' in -x"],
    ['a missing value', ['pods', '--namespace'], 'flag needs an argument: --namespace'],
    ['a missing shorthand value', ['-n'], "flag needs an argument: 'n' in -n"],
    ['a bad bool', ['-A=yes'], 'invalid argument "yes" for "-A, --all-namespaces" flag: strconv.ParseBool: parsing "yes": invalid syntax'],
    ['a bad int', ['--grace-period', '1.5'], 'invalid argument "1.5" for "--grace-period" flag: strconv.ParseInt: parsing "1.5": invalid syntax'],
    ['an int out of range', ['--grace-period=9223372036854775808'], 'invalid argument "9223372036854775808" for "--grace-period" flag: strconv.ParseInt: parsing "9223372036854775808": value out of range'],
    ['a duration without a unit', ['--timeout=5'], 'invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"'],
    ['a duration in an unknown unit', ['--timeout=5y'], 'invalid argument "5y" for "--timeout" flag: time: unknown unit "y" in duration "5y"'],
    ['bad flag syntax', ['---x'], 'bad flag syntax: ---x'],
  ])('%s is rejected with pflag’s words', (_name, argv, message) => {
    expect(failure(argv)).toBe(message);
  });

  it.each([
    ['int', '0x1F', undefined],
    ['int', '0o17', undefined],
    ['int', '1_000', undefined],
    ['int', '_1', 'strconv.ParseInt: parsing "_1": invalid syntax'],
    ['int', '-12', undefined],
    ['level', '0x1', 'strconv.ParseInt: parsing "0x1": invalid syntax'],
    ['level', '2147483648', 'strconv.ParseInt: parsing "2147483648": value out of range'],
    ['bool', 'T', undefined],
    ['duration', '1h30m', undefined],
    ['duration', '.5s', undefined],
    ['duration', '0', undefined],
  ] as const)('a %s flag given %s', (type, value, want) => {
    expect(valueError(type, value)).toBe(want);
  });

  it("finds the command's words as cobra does before parsing: a flag's value is not a command", () => {
    expect(flags.nonFlagWords(['-n', 'get', 'pods'])).toEqual(['pods']);
    expect(flags.nonFlagWords(['-A', 'get', 'pods'])).toEqual(['get', 'pods']);
    expect(flags.nonFlagWords(['--unknown', 'get', 'pods'])).toEqual(['pods']);
    expect(flags.nonFlagWords(['-n', 'x'])).toEqual([]);
    expect(flags.withoutFirst(['-n', 'get', 'get', 'pods'], 'get')).toEqual(['-n', 'get', 'pods']);
  });

  it('quotes as Go does', () => {
    expect(goQuote('a"b\\c\n\x01é')).toBe('"a\\"b\\\\c\\n\\x01é"');
  });
});
