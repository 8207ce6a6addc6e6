/** The parser of kubectl's JSONPath templates, ported from k8s.io/client-go/util/jsonpath/parser.go (same nodes, same errors). */
import { goRuneU } from './go-format.js';

export interface ParamsEntry {
  value: number;
  known: boolean;
  /** The end index was not written (`[3]`): it is start+1, and 0 means "after the last" for a start of -1. */
  derived: boolean;
}

export type Node =
  | { type: 'list'; nodes: Node[] }
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'identifier'; name: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'array'; params: [ParamsEntry, ParamsEntry, ParamsEntry] }
  | { type: 'filter'; left: ListNode; right: ListNode; operator: string }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] };

export type ListNode = Extract<Node, { type: 'list' }>;

const newList = (): ListNode => ({ type: 'list', nodes: [] });

/** A template that does not parse; the message is upstream's. */
export class JsonPathParseError extends Error {
  override name = 'JsonPathParseError';
}

const EOF = -1;
const dictKeyRex = /^'([^']*)'$/;
const sliceOperatorRex = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
/** Go's `.` matches anything but a newline. */
const filterRex = /^([^!<>=]+)([!<>=]+)([^\n]+?)$/;

const isSpace = (r: number) => r === 0x20 || r === 0x09;
const isEndOfLine = (r: number) => r === 0x0d || r === 0x0a;
const isDigit = (r: number) => r >= 0 && /\p{Nd}/u.test(String.fromCodePoint(r));
const isLetter = (r: number) => r >= 0 && /\p{L}/u.test(String.fromCodePoint(r));
const isAlphaNumeric = (r: number) => r === 0x5f || isLetter(r) || isDigit(r);

/** Whether r may end an identifier or field name. */
function isTerminator(r: number): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || '.,[]$@{}'.includes(String.fromCodePoint(r));
}

/** Parses a template such as `{range .items[*]}{.metadata.name}{"\n"}{end}` into its node list. */
export function parseJsonPath(text: string): ListNode {
  const p = new Parser(text);
  p.parseText(p.root);
  return p.root;
}

/** parseAction: the nodes of one `{...}` action. */
function parseAction(text: string): ListNode {
  const root = parseJsonPath(`{${text}}`);
  return root.nodes[0] as ListNode;
}

class Parser {
  readonly root = newList();
  private pos = 0;
  private start = 0;
  private width = 0;

  constructor(private readonly input: string) {}

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private rest(): string {
    return this.input.slice(this.pos);
  }

  parseText(cur: ListNode): void {
    for (;;) {
      if (this.rest().startsWith('{')) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        return this.parseLeftDelim(cur);
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    return this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    const rest = this.rest();
    if (rest.startsWith('}')) return this.parseRightDelim();
    if (rest.startsWith('[?(')) return this.parseFilter(cur);
    if (rest.startsWith('..')) return this.parseRecursive(cur);
    const r = this.next();
    if (r === EOF || isEndOfLine(r)) throw new JsonPathParseError('unclosed action');
    if (r === 0x20 || r === 0x40 || r === 0x24) this.consumeText(); // ' ', '@', '$': the current object, just pass it
    else if (r === 0x5b) return this.parseArray(cur);
    else if (r === 0x22 || r === 0x27) return this.parseQuote(cur, r);
    else if (r === 0x2e) return this.parseField(cur);
    else if (r === 0x2b || r === 0x2d || isDigit(r)) {
      this.backup();
      return this.parseNumber(cur);
    } else if (isAlphaNumeric(r)) {
      this.backup();
      return this.parseIdentifier(cur);
    } else throw new JsonPathParseError(`unrecognized character in action: ${goRuneU(r)}`);
    return this.parseInsideAction(cur);
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    return this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    return this.parseInsideAction(cur);
  }

  private parseRecursive(cur: ListNode): void {
    if (cur.nodes.at(-1)?.type === 'recursive') throw new JsonPathParseError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    if (isAlphaNumeric(this.peek())) return this.parseField(cur);
    return this.parseInsideAction(cur);
  }

  private parseNumber(cur: ListNode): void {
    const first = this.peek();
    if (first === 0x2b || first === 0x2d) this.next();
    for (;;) {
      const r = this.next();
      if (r !== 0x2e && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const int = goAtoi(value);
    if (int !== undefined) cur.nodes.push({ type: 'int', value: int });
    else {
      const float = goParseFloat(value);
      if (float === undefined) throw new JsonPathParseError(`cannot parse number ${value}`);
      cur.nodes.push({ type: 'float', value: float });
    }
    return this.parseInsideAction(cur);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathParseError('unterminated array');
      if (r === 0x5d) break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    const strs = text.split(',');
    if (strs.length > 1) {
      const union = strs.map((s) => parseAction(`[${s.replace(/^ +| +$/g, '')}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      return this.parseInsideAction(cur);
    }

    const dictKey = dictKeyRex.exec(text);
    if (dictKey) {
      for (const node of parseAction(`.${dictKey[1]}`).nodes) cur.nodes.push(node);
      return this.parseInsideAction(cur);
    }

    const slice = sliceOperatorRex.exec(text);
    if (!slice) throw new JsonPathParseError(`invalid array index ${text}`);
    const parts = [slice[1] ?? '', slice[2] ?? '', slice[3] ?? ''];
    const params: [ParamsEntry, ParamsEntry, ParamsEntry] = [0, 1, 2].map(() => ({ value: 0, known: false, derived: false })) as [ParamsEntry, ParamsEntry, ParamsEntry];
    for (let i = 0; i < 3; i++) {
      let part = parts[i]!;
      if (part !== '') {
        if (i > 0) part = part.slice(1);
        if (i > 0 && part === '') params[i]!.known = false;
        else {
          const n = goAtoi(part);
          if (n === undefined) throw new JsonPathParseError(`array index ${part} is not a number`);
          params[i] = { value: n, known: true, derived: false };
        }
      } else if (i === 1) params[i] = { value: params[0].value + 1, known: true, derived: true };
      else params[i] = { value: 0, known: false, derived: false };
    }
    cur.nodes.push({ type: 'array', params });
    return this.parseInsideAction(cur);
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = 0;
    loop: for (;;) {
      const r = this.next();
      switch (r) {
        case EOF:
        case 0x0a:
          throw new JsonPathParseError('unterminated filter');
        case 0x22:
        case 0x27:
          if (!begin) {
            begin = true;
            pair = r;
            continue;
          }
          if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
          break;
        case 0x29:
          if (begin === end) break loop;
      }
    }
    if (this.next() !== 0x5d) throw new JsonPathParseError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = filterRex.exec(text);
    if (!m) cur.nodes.push({ type: 'filter', left: parseAction(text), right: newList(), operator: 'exists' });
    else cur.nodes.push({ type: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), operator: m[2]! });
    return this.parseInsideAction(cur);
  }

  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === 0x0a) throw new JsonPathParseError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (e) {
      throw new JsonPathParseError(`unquote string ${value} error ${(e as Error).message}`);
    }
    cur.nodes.push({ type: 'text', text: s });
    return this.parseInsideAction(cur);
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance());
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replaceAll('\\', '') });
    return this.parseInsideAction(cur);
  }

  /** Scans to the next terminator that is not escaped with a backslash. */
  private advance(): boolean {
    const r = this.next();
    if (r === 0x5c) this.next();
    else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** strconv.Atoi: an optional sign and decimal digits fitting an int64. */
function goAtoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return undefined;
  return Number(n);
}

/** strconv.ParseFloat for what parseNumber collects (sign, digits and dots). */
function goParseFloat(s: string): number | undefined {
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** UnquoteExtend: strconv.Unquote that also takes single-quoted strings. */
export function unquoteExtend(s: string): string {
  if (s.length < 2) throw new Error('invalid syntax');
  const quote = s[0]!;
  if (quote !== s.at(-1) || (quote !== '"' && quote !== "'")) throw new Error('invalid syntax');
  let body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  while (body.length > 0) {
    const c = body[0]!;
    if (c === quote) throw new Error('invalid syntax');
    if (c !== '\\') {
      const cp = body.codePointAt(0)!;
      const ch = String.fromCodePoint(cp);
      out += ch;
      body = body.slice(ch.length);
      continue;
    }
    const e = body[1];
    if (e === undefined) throw new Error('invalid syntax');
    if (e in SIMPLE_ESCAPES) {
      if ((e === "'" || e === '"') && e !== quote) throw new Error('invalid syntax');
      out += SIMPLE_ESCAPES[e];
      body = body.slice(2);
      continue;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen) {
      const digits = body.slice(2, 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(digits)) throw new Error('invalid syntax');
      const v = parseInt(digits, 16);
      if (e === 'x') out += String.fromCharCode(v);
      else {
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new Error('invalid syntax');
        out += String.fromCodePoint(v);
      }
      body = body.slice(2 + hexLen);
      continue;
    }
    if (e >= '0' && e <= '7') {
      const digits = body.slice(1, 4);
      if (!/^[0-7]{3}$/.test(digits) || parseInt(digits, 8) > 255) throw new Error('invalid syntax');
      out += String.fromCharCode(parseInt(digits, 8));
      body = body.slice(4);
      continue;
    }
    throw new Error('invalid syntax');
  }
  return out;
}
