/**
 * kubectl's `-o yaml`, byte for byte: sigs.k8s.io/yaml marshals the object to JSON, reads that JSON back with
 * go-yaml v2 and emits it with go-yaml v2's emitter (a port of libyaml's). What that chain does, and this file
 * reproduces:
 * - map keys sorted with go-yaml's "natural" order (non-letters first, digit runs compared as numbers);
 * - block style, two-space indent, sequences not indented under their key; empty maps and lists as `{}` and `[]`;
 * - a string that would read back as something else (YAML 1.1: `yes`, `on`, `0x1F`, `1e3`, `1:20`, a date, `""`,
 *   `~`, `null`) double-quoted; one that cannot be plain (leading `- `, `: `, ` #`, indicators, edge spaces)
 *   single-quoted, or double-quoted with escapes when it has characters YAML cannot print raw (tabs, controls,
 *   emoji: go-yaml v2 treats 4-byte UTF-8 as unprintable);
 * - strings with a newline as `|`, `|-`, `|+` literals (with an indentation hint when they start with a space or
 *   newline), unless they cannot be (trailing space, space before a newline, unprintable characters);
 * - long plain and quoted strings folded at spaces past column 80, keys longer than 128 bytes or multi-line as `? key`;
 * - the JSON round trip itself: a raw U+0085 (NEL) in a string is a YAML line break and folds to a space, and raw
 *   U+007F..U+009F, U+FFFE, U+FFFF make kubectl fail with `yaml: control characters are not allowed`.
 * js-yaml cannot do this (it follows YAML 1.2 quoting and folds differently), hence this emitter.
 */
import { isJsonObject } from '../api/patch/json-value.js';
import { isTimestamp, resolve, Tag } from '../api/yaml/resolve.js';
import { formatGoFloat, isGoInt, toWellFormed } from './jsonpath/go-format.js';

/** The error sigs.k8s.io/yaml returns when the JSON holds characters YAML may not contain. */
export const CONTROL_CHARACTERS_ERROR = 'yaml: control characters are not allowed';

/** kubectl's `-o yaml` of one object (or List). */
export function toYaml(value: unknown): string {
  return new Emitter().document(normalize(value));
}

/** kubectl's YAML printer over several objects: documents after the first are preceded by `---`. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map((v, i) => (i > 0 ? '---\n' : '') + toYaml(v)).join('');
}

// ---------------------------------------------------------------------------------------------------------------
// The JSON -> YAML round trip

type YamlNode = { kind: 'scalar'; value: string; style: ScalarStyle } | { kind: 'seq'; items: YamlNode[] } | { kind: 'map'; entries: [YamlNode, YamlNode][] };

const Style = { plain: 'plain', single: 'single', double: 'double', literal: 'literal' } as const;
type ScalarStyle = (typeof Style)[keyof typeof Style];

/** Characters Go's encoding/json leaves raw that go-yaml's reader refuses. */
const FORBIDDEN = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/** A string as go-yaml reads it back from Go's JSON: checked for forbidden characters, raw NEL line breaks folded. */
function readBack(s: string): string {
  const w = toWellFormed(s);
  if (FORBIDDEN.test(w)) throw new Error(CONTROL_CHARACTERS_ERROR);
  return w.includes('\u0085') ? foldNel(w) : w;
}

/**
 * go-yaml's double-quoted scalar scanner over a run of raw spaces and NELs: spaces before the first break are
 * dropped, the first break folds to a space unless more breaks follow (then each further break is a newline),
 * spaces after a break are dropped. Go's JSON escapes every other break, so NEL is the only raw one.
 */
function foldNel(s: string): string {
  return s.replace(/[ \u0085]+/g, (run) => {
    const first = run.indexOf('\u0085');
    if (first < 0) return run;
    const breaks = [...run].filter((c) => c === '\u0085').length;
    return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
  });
}

/** The scalar text go-yaml emits for a JSON number, after reading Go's JSON text of it as an int, uint or float. */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${n}`);
  if (isGoInt(n)) return BigInt(n).toString();
  // Go writes a float64 as JSON in 'f' form below 1e21; a whole one that fits uint64 reads back as an integer.
  const text = JSON.stringify(n);
  if (/^\d+$/.test(text) && BigInt(text) < 2n ** 64n) return text;
  return formatGoFloat(n);
}

function normalize(v: unknown): YamlNode {
  if (v === null || v === undefined) return { kind: 'scalar', value: 'null', style: Style.plain };
  switch (typeof v) {
    case 'boolean':
      return { kind: 'scalar', value: String(v), style: Style.plain };
    case 'number':
      return { kind: 'scalar', value: numberText(v), style: Style.plain };
    case 'string':
      return stringNode(readBack(v));
  }
  if (Array.isArray(v)) return { kind: 'seq', items: v.map((x) => normalize(x === undefined ? null : x)) };
  if (isJsonObject(v)) {
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .map((k) => [readBack(k), k] as const);
    // For some key sets go-yaml's order is not transitive (`a1b` < `a9` < `a10` < `a1b`); kubectl then prints them in
    // an order that changes from run to run (Go shuffles map keys before sorting). We stay deterministic.
    keys.sort((a, b) => (a[0] === b[0] ? 0 : yamlKeyLess(a[0], b[0]) ? -1 : 1));
    return { kind: 'map', entries: keys.map(([text, k]) => [stringNode(text), normalize(v[k])]) };
  }
  throw new Error(`cannot marshal type: ${typeof v}`);
}

/** go-yaml's encoder.stringv: the style it asks the emitter for. */
function stringNode(s: string): YamlNode {
  const canUsePlain = resolvesToString(s) && !isBase60Float(s);
  const style = s.includes('\n') ? Style.literal : canUsePlain ? Style.plain : Style.double;
  return { kind: 'scalar', value: s, style };
}

// ---------------------------------------------------------------------------------------------------------------
// go-yaml v2's resolve (shared with the parser, api/yaml/resolve.ts): would this text, unquoted, read as a string?

const resolvesToString = (s: string) => resolve('', s).tag === Tag.STR;

/** go-yaml's parseTimestamp, under the name this printer's tests know. */
export const parseTimestamp = isTimestamp;

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);

/** go-yaml v2's keyList.Less for string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

// ---------------------------------------------------------------------------------------------------------------
// The emitter (go-yaml v2 emitterc.go, the parts a JSON document reaches)

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

const isBreakChar = (c: string | undefined) => c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isBlankz = (c: string | undefined) => c === undefined || isBlank(c) || isBreakChar(c) || c === '\0';

/** go-yaml v2's is_printable (4-byte UTF-8, i.e. beyond U+FFFF, is not printable). */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

const encoder = new TextEncoder();
const utf8Length = (s: string) => encoder.encode(s).length;

interface ScalarAnalysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar. */
function analyzeScalar(value: string): ScalarAnalysis {
  if (value.length === 0) return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...value];
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (c === '?' || c === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === '-' && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (',?[]{}'.includes(c)) {
      flowIndicators = true;
    } else if (c === ':') {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === '#' && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (c === ' ') {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakChar(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  const a: ScalarAnalysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlainAllowed = a.blockPlainAllowed = false;
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) a.flowPlainAllowed = a.blockPlainAllowed = a.singleQuotedAllowed = false;
  if (spaceBreak || specialCharacters) a.flowPlainAllowed = a.blockPlainAllowed = a.singleQuotedAllowed = a.blockAllowed = false;
  if (lineBreaks) a.flowPlainAllowed = a.blockPlainAllowed = false;
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

interface Context {
  root?: boolean;
  sequence?: boolean;
  mapping?: boolean;
  simpleKey?: boolean;
}

class Emitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private rootContext = false;
  private mappingContext = false;
  private simpleKeyContext = false;

  document(node: YamlNode): string {
    this.emitNode(node, { root: true });
    this.writeIndent();
    return this.out;
  }

  private emitNode(node: YamlNode, ctx: Context): void {
    this.rootContext = !!ctx.root;
    this.mappingContext = !!ctx.mapping;
    this.simpleKeyContext = !!ctx.simpleKey;
    if (node.kind === 'scalar') return this.emitScalar(node.value, node.style);
    if (node.kind === 'seq') return node.items.length === 0 || this.flowLevel > 0 ? this.emitEmptyFlow('[', ']') : this.emitBlockSequence(node.items);
    return node.entries.length === 0 || this.flowLevel > 0 ? this.emitEmptyFlow('{', '}') : this.emitBlockMapping(node.entries);
  }

  /** Only empty collections reach flow style from a JSON document. */
  private emitEmptyFlow(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private emitBlockSequence(items: YamlNode[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, { sequence: true });
    }
    this.indent = this.indents.pop()!;
  }

  private emitBlockMapping(entries: [YamlNode, YamlNode][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      if (this.isSimpleKey(key)) {
        this.emitNode(key, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitNode(key, { mapping: true });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(value, { mapping: true });
    }
    this.indent = this.indents.pop()!;
  }

  /** yaml_emitter_check_simple_key for a scalar key. */
  private isSimpleKey(key: YamlNode): boolean {
    if (key.kind !== 'scalar') return false;
    return !analyzeScalar(key.value).multiline && utf8Length(key.value) <= 128;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private emitScalar(value: string, requested: ScalarStyle): void {
    const a = analyzeScalar(value);
    let style = requested;
    if (this.simpleKeyContext && a.multiline) style = Style.double;
    if (style === Style.plain) {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = Style.single;
      if (value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = Style.single;
    }
    if (style === Style.single && !a.singleQuotedAllowed) style = Style.double;
    if (style === Style.literal && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = Style.double;
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === Style.plain) this.writePlain(value, allowBreaks);
    else if (style === Style.single) this.writeSingleQuoted(value, allowBreaks);
    else if (style === Style.double) this.writeDoubleQuoted(value, allowBreaks);
    else this.writeLiteral(value);
    this.indent = this.indents.pop()!;
  }

  private put(c: string): void {
    this.out += c;
    this.column++;
  }

  private putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  private write(c: string): void {
    this.out += c;
    this.column++;
  }

  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak();
    else {
      this.write(c);
      this.column = 0;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const c of indicator) this.write(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && chars[i + 1] !== ' ') this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreakChar(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = [...value];
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && chars[i + 1] !== ' ') this.writeIndent();
        else this.write(c);
        spaces = true;
      } else if (isBreakChar(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const chars = [...value];
    // is_bom looks at the start of the value whatever the position: a leading BOM escapes everything.
    const bom = value.startsWith('\ufeff');
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (!isPrintable(c) || bom || isBreakChar(c) || c === '"' || c === '\\') {
        this.put('\\');
        this.writeEscape(c.codePointAt(0)!);
        spaces = false;
      } else if (c === ' ') {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          if (chars[i + 1] === ' ') this.put('\\');
        } else this.write(c);
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeEscape(cp: number): void {
    const short: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
    const s = short[cp];
    if (s !== undefined) return this.put(s);
    const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
    this.put(letter);
    for (const d of cp.toString(16).toUpperCase().padStart(width, '0')) this.put(d);
  }

  private writeBlockScalarHints(chars: string[]): void {
    if (chars[0] === ' ' || isBreakChar(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = '';
    if (chars.length === 0) chomp = '-';
    else {
      const last = chars.length - 1;
      if (!isBreakChar(chars[last])) chomp = '-';
      else if (last === 0) chomp = '+';
      else if (isBreakChar(chars[last - 1])) chomp = '+';
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    const chars = [...value];
    this.writeBlockScalarHints(chars);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreakChar(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}
