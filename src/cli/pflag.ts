/**
 * pflag's command-line parsing (spf13/pflag, which kubectl's cobra commands use): interspersed flags, `--` ends them,
 * `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`, runs of boolean shorthands (`-it`), and pflag's
 * exact error texts, so a mistyped kubesim command fails as the same kubectl command does.
 */

/** How a flag takes its value: bool (`--x` means true), optional (`--x` alone means its no-option default), value (needs one). */
export type FlagArity = 'bool' | 'optional' | 'value';

/** The value types pflag checks while parsing; everything else is a string here. */
export type FlagValueType = 'string' | 'bool' | 'int' | 'duration' | 'level';

export interface FlagSpec {
  name: string;
  shorthand?: string;
  arity: FlagArity;
  type: FlagValueType;
}

export interface ParsedFlag {
  spec: FlagSpec;
  /** The value as given; undefined when an optional flag was given alone (its no-option default applies). */
  value: string | undefined;
}

export interface ParseResult {
  flags: ParsedFlag[];
  /** The arguments that are not flags, in order. */
  args: string[];
  /** cobra's ArgsLenAtDash: how many of args came before `--`, or -1 without one. */
  argsLenAtDash: number;
}

/** A command line pflag rejects; the message is pflag's. */
export class FlagParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagParseError';
  }
}

/** Go's %q for a string: strconv.Quote (printable runes kept, the rest escaped). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c >= 0x80 && c <= 0x9f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Go's %q for a byte (rune): `'x'`. */
const goQuoteRune = (ch: string): string => (ch === "'" ? "'\\''" : ch === '\\' ? "'\\\\'" : `'${ch}'`);

/** strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** Go's underscoreOK: underscores may only separate digits (or follow a base prefix). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '-' || s[0] === '+') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1]!)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/** strconv.ParseInt(s, base, bits)'s error for s, or undefined when s parses. */
function parseIntError(s0: string, base: 0 | 10, bits: 32 | 64): string | undefined {
  const syntax = `strconv.ParseInt: parsing ${goQuote(s0)}: invalid syntax`;
  if (s0 === '') return syntax;
  let s = s0[0] === '+' || s0[0] === '-' ? s0.slice(1) : s0;
  if (s === '') return syntax;
  let radix = 10;
  if (base === 0 && s[0] === '0') {
    if (s.length >= 3 && 'bB'.includes(s[1]!)) [radix, s] = [2, s.slice(2)];
    else if (s.length >= 3 && 'oO'.includes(s[1]!)) [radix, s] = [8, s.slice(2)];
    else if (s.length >= 3 && 'xX'.includes(s[1]!)) [radix, s] = [16, s.slice(2)];
    else [radix, s] = [8, s.slice(1)];
  }
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === '_' && base === 0) {
      underscores = true;
      continue;
    }
    const d = /[0-9]/.test(c) ? c.charCodeAt(0) - 48 : /[a-zA-Z]/.test(c) ? c.toLowerCase().charCodeAt(0) - 87 : 99;
    if (d >= radix) return syntax;
    n = n * BigInt(radix) + BigInt(d);
  }
  if (underscores && !underscoreOK(s0)) return syntax;
  if (s0[0] === '-') n = -n;
  const limit = 1n << BigInt(bits - 1);
  if (n >= limit || n < -limit) return `strconv.ParseInt: parsing ${goQuote(s0)}: value out of range`;
  return undefined;
}

/** time.ParseDuration's error for s, or undefined when s parses. */
function parseDurationError(s: string): string | undefined {
  const invalid = `time: invalid duration ${goQuote(s)}`;
  let rest = s.replace(/^[+-]/, '');
  if (rest === '0') return undefined;
  if (rest === '') return invalid;
  while (rest !== '') {
    const num = /^(\d*)(\.(\d*))?/.exec(rest)!;
    if (!num[1] && !num[3]) return invalid;
    rest = rest.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === '') return `time: missing unit in duration ${goQuote(s)}`;
    if (!['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'].includes(unit)) return `time: unknown unit ${goQuote(unit)} in duration ${goQuote(s)}`;
    rest = rest.slice(unit.length);
  }
  return undefined;
}

/** Why pflag's Value.Set rejects value for a flag of this type, or undefined when it takes it. */
export function valueError(type: FlagValueType, value: string): string | undefined {
  switch (type) {
    case 'bool':
      return parseGoBool(value) === undefined ? `strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax` : undefined;
    case 'int':
      return parseIntError(value, 0, 64);
    case 'level':
      // klog's Level.Set: strconv.ParseInt(value, 10, 32).
      return parseIntError(value, 10, 32);
    case 'duration':
      return parseDurationError(value);
    default:
      return undefined;
  }
}

/** The `"-A, --all-namespaces"` pflag names a flag by in its errors. */
const flagTitle = (spec: FlagSpec) => (spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : `--${spec.name}`);

/** A flag set: long names and shorthands to specs; the first spec with a name wins, as pflag's AddFlagSet keeps the local flag. */
export class FlagSet {
  private readonly long = new Map<string, FlagSpec>();
  private readonly short = new Map<string, FlagSpec>();

  constructor(specs: Iterable<FlagSpec>) {
    for (const spec of specs) {
      if (this.long.has(spec.name)) continue;
      this.long.set(spec.name, spec);
      if (spec.shorthand && !this.short.has(spec.shorthand)) this.short.set(spec.shorthand, spec);
    }
  }

  lookup(name: string): FlagSpec | undefined {
    return this.long.get(name);
  }

  lookupShorthand(c: string): FlagSpec | undefined {
    return this.short.get(c);
  }

  /** pflag's FlagSet.Parse: every flag checked and collected in order, the rest as arguments. */
  parse(argv: readonly string[]): ParseResult {
    const flags: ParsedFlag[] = [];
    const args: string[] = [];
    let argsLenAtDash = -1;
    const set = (spec: FlagSpec, value: string | undefined) => {
      if (value !== undefined) {
        const why = valueError(spec.arity === 'bool' ? 'bool' : spec.type, value);
        if (why) throw new FlagParseError(`invalid argument ${goQuote(value)} for ${goQuote(flagTitle(spec))} flag: ${why}`);
      }
      flags.push({ spec, value });
    };
    let rest = [...argv];
    while (rest.length) {
      const s = rest.shift()!;
      if (s.length < 2 || s[0] !== '-') {
        args.push(s);
        continue;
      }
      if (s[1] === '-') {
        if (s.length === 2) {
          argsLenAtDash = args.length;
          args.push(...rest);
          break;
        }
        rest = this.parseLong(s, rest, set);
      } else {
        let shorthands = s.slice(1);
        const after = rest;
        while (shorthands.length) [shorthands, rest] = this.parseSingleShort(shorthands, after, set);
      }
    }
    return { flags, args, argsLenAtDash };
  }

  private parseLong(s: string, rest: string[], set: (spec: FlagSpec, value: string | undefined) => void): string[] {
    const body = s.slice(2);
    if (body[0] === '-' || body[0] === '=') throw new FlagParseError(`bad flag syntax: ${s}`);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const spec = this.long.get(name);
    if (!spec) throw new FlagParseError(`unknown flag: --${name}`);
    if (eq >= 0) set(spec, body.slice(eq + 1));
    else if (spec.arity === 'bool') set(spec, 'true');
    else if (spec.arity === 'optional') set(spec, undefined);
    else if (rest.length) {
      set(spec, rest[0]);
      return rest.slice(1);
    } else throw new FlagParseError(`flag needs an argument: ${s}`);
    return rest;
  }

  /** One shorthand of a run such as `-it`; returns the shorthands left and the arguments left. */
  private parseSingleShort(shorthands: string, args: string[], set: (spec: FlagSpec, value: string | undefined) => void): [string, string[]] {
    const c = shorthands[0]!;
    const spec = this.short.get(c);
    if (!spec) throw new FlagParseError(`unknown shorthand flag: ${goQuoteRune(c)} in -${shorthands}`);
    if (shorthands.length > 2 && shorthands[1] === '=') {
      set(spec, shorthands.slice(2));
      return ['', args];
    }
    if (spec.arity === 'bool') {
      set(spec, 'true');
      return [shorthands.slice(1), args];
    }
    if (spec.arity === 'optional') {
      set(spec, undefined);
      return [shorthands.slice(1), args];
    }
    if (shorthands.length > 1) {
      set(spec, shorthands.slice(1));
      return ['', args];
    }
    if (args.length) {
      set(spec, args[0]);
      return ['', args.slice(1)];
    }
    throw new FlagParseError(`flag needs an argument: ${goQuoteRune(c)} in -${shorthands}`);
  }

  /** Whether a flag named this way takes no separate value (cobra's hasNoOptDefVal / shortHasNoOptDefVal). */
  private noOptDefVal(spec: FlagSpec | undefined): boolean {
    return !!spec && spec.arity !== 'value';
  }

  /**
   * cobra's stripFlags: the words of a command line that are not flags or flag values, as cobra finds subcommands
   * before it parses flags (an unknown `--flag` is taken to have a value).
   */
  nonFlagWords(argv: readonly string[]): string[] {
    const words: string[] = [];
    const args = [...argv];
    while (args.length) {
      const s = args.shift()!;
      if (s === '--') break;
      const takesValue =
        (s.startsWith('--') && !s.includes('=') && !this.noOptDefVal(this.long.get(s.slice(2)))) ||
        (s.startsWith('-') && !s.startsWith('--') && !s.includes('=') && s.length === 2 && !this.noOptDefVal(this.short.get(s[1]!)));
      if (takesValue) {
        if (args.length <= 1) break;
        args.shift();
        continue;
      }
      if (s !== '' && !s.startsWith('-')) words.push(s);
    }
    return words;
  }

  /** cobra's argsMinusFirstX: the command line without the first non-flag occurrence of word. */
  withoutFirst(argv: readonly string[], word: string): string[] {
    for (let pos = 0; pos < argv.length; pos++) {
      const s = argv[pos]!;
      if (s === '--') break;
      const takesValue =
        (s.startsWith('--') && !s.includes('=') && !this.noOptDefVal(this.long.get(s.slice(2)))) ||
        (s.startsWith('-') && !s.startsWith('--') && !s.includes('=') && s.length === 2 && !this.noOptDefVal(this.short.get(s[1]!)));
      if (takesValue) {
        pos++;
        continue;
      }
      if (!s.startsWith('-') && s === word) return [...argv.slice(0, pos), ...argv.slice(pos + 1)];
    }
    return [...argv];
  }
}
