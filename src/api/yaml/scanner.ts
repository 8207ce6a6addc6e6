/**
 * go-yaml v2's reader and scanner (readerc.go, scannerc.go; gopkg.in/yaml.v2 2.4.0, which sigs.k8s.io/yaml v1.4.0
 * vendors for kubectl 1.32), ported line for line so that tokens, marks and error wording come out as Go's do:
 * which characters are refused, which line a message names, and which of two mistakes is reported first all follow
 * from this code's order of work (the reader decodes 512-byte chunks, the scanner looks ahead only as far as it must).
 * It works on UTF-8 bytes, as Go does.
 */

export const TokenType = {
  NONE: 0,
  STREAM_START: 1,
  STREAM_END: 2,
  VERSION_DIRECTIVE: 3,
  TAG_DIRECTIVE: 4,
  DOCUMENT_START: 5,
  DOCUMENT_END: 6,
  BLOCK_SEQUENCE_START: 7,
  BLOCK_MAPPING_START: 8,
  BLOCK_END: 9,
  FLOW_SEQUENCE_START: 10,
  FLOW_SEQUENCE_END: 11,
  FLOW_MAPPING_START: 12,
  FLOW_MAPPING_END: 13,
  BLOCK_ENTRY: 14,
  FLOW_ENTRY: 15,
  KEY: 16,
  VALUE: 17,
  ALIAS: 18,
  ANCHOR: 19,
  TAG: 20,
  SCALAR: 21,
} as const;
export type TokenType = (typeof TokenType)[keyof typeof TokenType];

export const ScalarStyle = { ANY: 0, PLAIN: 1, SINGLE_QUOTED: 2, DOUBLE_QUOTED: 3, LITERAL: 4, FOLDED: 5 } as const;
export type ScalarStyle = (typeof ScalarStyle)[keyof typeof ScalarStyle];

export const ErrorKind = { NONE: 0, READER: 2, SCANNER: 3, PARSER: 4 } as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

const Encoding = { ANY: 0, UTF8: 1, UTF16LE: 2, UTF16BE: 3 } as const;
type Encoding = (typeof Encoding)[keyof typeof Encoding];

export interface Mark {
  index: number;
  line: number;
  column: number;
}

export interface Token {
  type: TokenType;
  startMark: Mark;
  endMark: Mark;
  /** Scalar text, anchor or alias name, tag handle, or %TAG handle, as UTF-8 bytes. */
  value?: number[];
  /** The tag suffix. */
  suffix?: number[];
  /** The %TAG prefix. */
  prefix?: number[];
  style?: ScalarStyle;
  major?: number;
  minor?: number;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const INPUT_RAW_BUFFER_SIZE = 512;
const INPUT_BUFFER_SIZE = INPUT_RAW_BUFFER_SIZE * 3;
const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;
const MAX_NUMBER_LENGTH = 2;

const SP = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;
const SQUOTE = 0x27; // '
const BANG = 0x21; // !
const DQUOTE = 0x22; // "
const HASH = 0x23; // #
const PERCENT = 0x25; // %
const AMP = 0x26; // &
const STAR = 0x2a; // *
const PLUS = 0x2b; // +
const COMMA = 0x2c; // ,
const DASH = 0x2d; // -
const DOT = 0x2e; // .
const ZERO = 0x30; // 0
const COLON = 0x3a; // :
const LT = 0x3c; // <
const GT = 0x3e; // >
const QUESTION = 0x3f; // ?
const LBRACKET = 0x5b; // [
const BACKSLASH = 0x5c; // \
const RBRACKET = 0x5d; // ]
const LBRACE = 0x7b; // {
const PIPE = 0x7c; // |
const RBRACE = 0x7d; // }

/** The characters that cannot start a plain scalar (besides blanks), as a byte lookup table. */
const INDICATORS = new Uint8Array(256);
for (const ch of '-?:,[]{}#&*!|>\'"%@`') INDICATORS[ch.charCodeAt(0)] = 1;

const copyMark = (m: Mark): Mark => ({ index: m.index, line: m.line, column: m.column });

// Character classes (yamlprivateh.go) over a UTF-8 buffer.
const isAlpha = (b: Uint8Array, i: number) => {
  const x = b[i]!;
  return (x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a) || x === 0x5f || x === 0x2d;
};
const isDigit = (b: Uint8Array, i: number) => b[i]! >= 0x30 && b[i]! <= 0x39;
const asDigit = (b: Uint8Array, i: number) => b[i]! - 0x30;
const isHex = (b: Uint8Array, i: number) => {
  const x = b[i]!;
  return (x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66);
};
const asHex = (b: Uint8Array, i: number) => {
  const x = b[i]!;
  if (x >= 0x41 && x <= 0x46) return x - 0x41 + 10;
  if (x >= 0x61 && x <= 0x66) return x - 0x61 + 10;
  return x - 0x30;
};
const isZ = (b: Uint8Array, i: number) => b[i] === 0;
const isBom = (b: Uint8Array, i: number) => b[i] === 0xef && b[i + 1] === 0xbb && b[i + 2] === 0xbf;
const isSpace = (b: Uint8Array, i: number) => b[i] === SP;
const isTab = (b: Uint8Array, i: number) => b[i] === TAB;
const isBlank = (b: Uint8Array, i: number) => b[i] === SP || b[i] === TAB;
const isBreak = (b: Uint8Array, i: number) =>
  b[i] === CR ||
  b[i] === LF ||
  (b[i] === 0xc2 && b[i + 1] === 0x85) ||
  (b[i] === 0xe2 && b[i + 1] === 0x80 && b[i + 2] === 0xa8) ||
  (b[i] === 0xe2 && b[i + 1] === 0x80 && b[i + 2] === 0xa9);
const isCrlf = (b: Uint8Array, i: number) => b[i] === CR && b[i + 1] === LF;
const isBreakz = (b: Uint8Array, i: number) => isBreak(b, i) || b[i] === 0;
const isBlankz = (b: Uint8Array, i: number) => isBlank(b, i) || isBreakz(b, i);

/** The byte length of the UTF-8 character that starts with this byte (0 for a continuation byte). */
export function width(x: number): number {
  if ((x & 0x80) === 0x00) return 1;
  if ((x & 0xe0) === 0xc0) return 2;
  if ((x & 0xf0) === 0xe0) return 3;
  if ((x & 0xf8) === 0xf0) return 4;
  return 0;
}

/** Appends a code point to a byte list as UTF-8. */
function appendRune(s: number[], value: number): void {
  if (value <= 0x7f) s.push(value);
  else if (value <= 0x7ff) s.push(0xc0 + (value >> 6), 0x80 + (value & 0x3f));
  else if (value <= 0xffff) s.push(0xe0 + (value >> 12), 0x80 + ((value >> 6) & 0x3f), 0x80 + (value & 0x3f));
  else s.push(0xf0 + (value >> 18), 0x80 + ((value >> 12) & 0x3f), 0x80 + ((value >> 6) & 0x3f), 0x80 + (value & 0x3f));
}

/** The reader and scanner state of a yaml_parser_t; the parser proper (parser.ts) reads tokens from it. */
export class Scanner {
  error: ErrorKind = ErrorKind.NONE;
  problem = '';
  problemOffset = 0;
  problemValue = 0;
  problemMark: Mark = { index: 0, line: 0, column: 0 };
  context = '';
  contextMark: Mark = { index: 0, line: 0, column: 0 };

  private readonly input: Uint8Array;
  private inputPos = 0;
  private eof = false;

  protected buffer = new Uint8Array(INPUT_BUFFER_SIZE * 2);
  private bufferLen = 0;
  protected bufferPos = 0;
  private unread = 0;

  private readonly raw = new Uint8Array(INPUT_RAW_BUFFER_SIZE);
  private rawLen = 0;
  private rawPos = 0;

  private encoding: Encoding = Encoding.ANY;
  private offset = 0;
  mark: Mark = { index: 0, line: 0, column: 0 };

  private streamStartProduced = false;
  streamEndProduced = false;
  private flowLevel = 0;

  tokens: Token[] = [];
  tokensHead = 0;
  tokensParsed = 0;
  tokenAvailable = false;

  private indent = 0;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTok = new Map<number, number>();

  constructor(input: Uint8Array) {
    this.input = input;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // readerc.go

  private setReaderError(problem: string, offset: number, value: number): false {
    this.error = ErrorKind.READER;
    this.problem = problem;
    this.problemOffset = offset;
    this.problemValue = value;
    return false;
  }

  private determineEncoding(): boolean {
    while (!this.eof && this.rawLen - this.rawPos < 3) {
      if (!this.updateRawBuffer()) return false;
    }
    const buf = this.raw;
    const pos = this.rawPos;
    const avail = this.rawLen - pos;
    if (avail >= 2 && buf[pos] === 0xff && buf[pos + 1] === 0xfe) {
      this.encoding = Encoding.UTF16LE;
      this.rawPos += 2;
      this.offset += 2;
    } else if (avail >= 2 && buf[pos] === 0xfe && buf[pos + 1] === 0xff) {
      this.encoding = Encoding.UTF16BE;
      this.rawPos += 2;
      this.offset += 2;
    } else if (avail >= 3 && buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) {
      this.encoding = Encoding.UTF8;
      this.rawPos += 3;
      this.offset += 3;
    } else {
      this.encoding = Encoding.UTF8;
    }
    return true;
  }

  private updateRawBuffer(): boolean {
    if (this.rawPos === 0 && this.rawLen === INPUT_RAW_BUFFER_SIZE) return true;
    if (this.eof) return true;
    if (this.rawPos > 0 && this.rawPos < this.rawLen) this.raw.copyWithin(0, this.rawPos, this.rawLen);
    this.rawLen -= this.rawPos;
    this.rawPos = 0;
    // yaml_string_read_handler: io.EOF only once the input is used up, and then with nothing read.
    if (this.inputPos === this.input.length) {
      this.eof = true;
      return true;
    }
    const n = Math.min(INPUT_RAW_BUFFER_SIZE - this.rawLen, this.input.length - this.inputPos);
    this.raw.set(this.input.subarray(this.inputPos, this.inputPos + n), this.rawLen);
    this.inputPos += n;
    this.rawLen += n;
    return true;
  }

  /** Ensures the buffer holds at least `length` characters. */
  protected updateBuffer(length: number): boolean {
    if (this.unread >= length) return true;
    if (this.encoding === Encoding.ANY) {
      if (!this.determineEncoding()) return false;
    }
    let bufferLen = this.bufferLen;
    if (this.bufferPos > 0 && this.bufferPos < bufferLen) {
      this.buffer.copyWithin(0, this.bufferPos, bufferLen);
      bufferLen -= this.bufferPos;
      this.bufferPos = 0;
    } else if (this.bufferPos === bufferLen) {
      bufferLen = 0;
      this.bufferPos = 0;
    }
    let first = true;
    while (this.unread < length) {
      if (!first || this.rawPos === this.rawLen) {
        if (!this.updateRawBuffer()) {
          this.bufferLen = bufferLen;
          return false;
        }
      }
      first = false;
      inner: while (this.rawPos !== this.rawLen) {
        let value = 0;
        let w = 0;
        const rawUnread = this.rawLen - this.rawPos;
        if (this.encoding === Encoding.UTF8) {
          let octet = this.raw[this.rawPos]!;
          if ((octet & 0x80) === 0x00) w = 1;
          else if ((octet & 0xe0) === 0xc0) w = 2;
          else if ((octet & 0xf0) === 0xe0) w = 3;
          else if ((octet & 0xf8) === 0xf0) w = 4;
          else return this.setReaderError('invalid leading UTF-8 octet', this.offset, octet);
          if (w > rawUnread) {
            if (this.eof) return this.setReaderError('incomplete UTF-8 octet sequence', this.offset, -1);
            break inner;
          }
          if ((octet & 0x80) === 0x00) value = octet & 0x7f;
          else if ((octet & 0xe0) === 0xc0) value = octet & 0x1f;
          else if ((octet & 0xf0) === 0xe0) value = octet & 0x0f;
          else if ((octet & 0xf8) === 0xf0) value = octet & 0x07;
          for (let k = 1; k < w; k++) {
            octet = this.raw[this.rawPos + k]!;
            if ((octet & 0xc0) !== 0x80) return this.setReaderError('invalid trailing UTF-8 octet', this.offset + k, octet);
            value = (value << 6) + (octet & 0x3f);
          }
          const lengthOk = w === 1 || (w === 2 && value >= 0x80) || (w === 3 && value >= 0x800) || (w === 4 && value >= 0x10000);
          if (!lengthOk) return this.setReaderError('invalid length of a UTF-8 sequence', this.offset, -1);
          if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return this.setReaderError('invalid Unicode character', this.offset, value);
        } else {
          const [low, high] = this.encoding === Encoding.UTF16LE ? [0, 1] : [1, 0];
          if (rawUnread < 2) {
            if (this.eof) return this.setReaderError('incomplete UTF-16 character', this.offset, -1);
            break inner;
          }
          value = this.raw[this.rawPos + low]! + (this.raw[this.rawPos + high]! << 8);
          if ((value & 0xfc00) === 0xdc00) return this.setReaderError('unexpected low surrogate area', this.offset, value);
          if ((value & 0xfc00) === 0xd800) {
            w = 4;
            if (rawUnread < 4) {
              if (this.eof) return this.setReaderError('incomplete UTF-16 surrogate pair', this.offset, -1);
              break inner;
            }
            const value2 = this.raw[this.rawPos + low + 2]! + (this.raw[this.rawPos + high + 2]! << 8);
            if ((value2 & 0xfc00) !== 0xdc00) return this.setReaderError('expected low surrogate area', this.offset + 2, value2);
            value = 0x10000 + ((value & 0x3ff) << 10) + (value2 & 0x3ff);
          } else {
            w = 2;
          }
        }
        const printable =
          value === 0x09 ||
          value === 0x0a ||
          value === 0x0d ||
          (value >= 0x20 && value <= 0x7e) ||
          value === 0x85 ||
          (value >= 0xa0 && value <= 0xd7ff) ||
          (value >= 0xe000 && value <= 0xfffd) ||
          (value >= 0x10000 && value <= 0x10ffff);
        if (!printable) return this.setReaderError('control characters are not allowed', this.offset, value);
        this.rawPos += w;
        this.offset += w;
        const b = this.buffer;
        if (value <= 0x7f) {
          b[bufferLen++] = value;
        } else if (value <= 0x7ff) {
          b[bufferLen++] = 0xc0 + (value >> 6);
          b[bufferLen++] = 0x80 + (value & 0x3f);
        } else if (value <= 0xffff) {
          b[bufferLen++] = 0xe0 + (value >> 12);
          b[bufferLen++] = 0x80 + ((value >> 6) & 0x3f);
          b[bufferLen++] = 0x80 + (value & 0x3f);
        } else {
          b[bufferLen++] = 0xf0 + (value >> 18);
          b[bufferLen++] = 0x80 + ((value >> 12) & 0x3f);
          b[bufferLen++] = 0x80 + ((value >> 6) & 0x3f);
          b[bufferLen++] = 0x80 + (value & 0x3f);
        }
        this.unread++;
      }
      if (this.eof) {
        this.buffer[bufferLen] = 0;
        bufferLen++;
        this.unread++;
        break;
      }
    }
    while (bufferLen < length) {
      this.buffer[bufferLen] = 0;
      bufferLen++;
    }
    this.bufferLen = bufferLen;
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // scannerc.go: buffer helpers

  private cache(length: number): boolean {
    return this.unread >= length || this.updateBuffer(length);
  }

  private skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.unread--;
    this.bufferPos += width(this.buffer[this.bufferPos]!);
  }

  private skipLine(): void {
    if (isCrlf(this.buffer, this.bufferPos)) {
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
      this.unread -= 2;
      this.bufferPos += 2;
    } else if (isBreak(this.buffer, this.bufferPos)) {
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
      this.unread--;
      this.bufferPos += width(this.buffer[this.bufferPos]!);
    }
  }

  private read(s: number[]): void {
    const w = width(this.buffer[this.bufferPos]!);
    if (w === 0) throw new Error('invalid character sequence');
    for (let k = 0; k < w; k++) s.push(this.buffer[this.bufferPos + k]!);
    this.bufferPos += w;
    this.mark.index++;
    this.mark.column++;
    this.unread--;
  }

  private readLine(s: number[]): void {
    const buf = this.buffer;
    const pos = this.bufferPos;
    if (buf[pos] === CR && buf[pos + 1] === LF) {
      s.push(LF);
      this.bufferPos += 2;
      this.mark.index++;
      this.unread--;
    } else if (buf[pos] === CR || buf[pos] === LF) {
      s.push(LF);
      this.bufferPos += 1;
    } else if (buf[pos] === 0xc2 && buf[pos + 1] === 0x85) {
      s.push(LF);
      this.bufferPos += 2;
    } else if (buf[pos] === 0xe2 && buf[pos + 1] === 0x80 && (buf[pos + 2] === 0xa8 || buf[pos + 2] === 0xa9)) {
      s.push(buf[pos]!, buf[pos + 1]!, buf[pos + 2]!);
      this.bufferPos += 3;
    } else {
      return;
    }
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
    this.unread--;
  }

  private at(k = 0): number {
    return this.buffer[this.bufferPos + k]!;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Token queue

  /** yaml_parser_scan's peek: the next token, or undefined on error. */
  peekToken(): Token | undefined {
    if (this.tokenAvailable || this.fetchMoreTokens()) return this.tokens[this.tokensHead];
    return undefined;
  }

  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.tokensHead]!.type === TokenType.STREAM_END;
    this.tokensHead++;
    if (this.tokensHead > 1024 && this.tokensHead === this.tokens.length) {
      this.tokens = [];
      this.tokensHead = 0;
    }
  }

  private insertToken(pos: number, token: Token): void {
    if (pos < 0) this.tokens.push(token);
    else this.tokens.splice(this.tokensHead + pos, 0, token);
  }

  private setScannerError(context: string, contextMark: Mark, problem: string): false {
    this.error = ErrorKind.SCANNER;
    this.context = context;
    this.contextMark = copyMark(contextMark);
    this.problem = problem;
    this.problemMark = copyMark(this.mark);
    return false;
  }

  private setScannerTagError(directive: boolean, contextMark: Mark, problem: string): false {
    return this.setScannerError(directive ? 'while parsing a %TAG directive' : 'while parsing a tag', contextMark, problem);
  }

  private fetchMoreTokens(): boolean {
    for (;;) {
      if (this.tokensHead !== this.tokens.length) {
        const headTokIdx = this.simpleKeysByTok.get(this.tokensParsed);
        if (headTokIdx === undefined) break;
        const [valid, ok] = this.simpleKeyIsValid(this.simpleKeys[headTokIdx]!);
        if (!ok) return false;
        if (!valid) break;
      }
      if (!this.fetchNextToken()) return false;
    }
    this.tokenAvailable = true;
    return true;
  }

  private fetchNextToken(): boolean {
    if (!this.cache(1)) return false;
    if (!this.streamStartProduced) return this.fetchStreamStart();
    if (!this.scanToNextToken()) return false;
    if (!this.unrollIndent(this.mark.column)) return false;
    if (!this.cache(4)) return false;
    const buf = this.buffer;
    const pos = this.bufferPos;
    const ch = buf[pos]!;
    if (isZ(buf, pos)) return this.fetchStreamEnd();
    if (this.mark.column === 0 && ch === PERCENT) return this.fetchDirective();
    if (this.mark.column === 0 && ch === DASH && buf[pos + 1] === DASH && buf[pos + 2] === DASH && isBlankz(buf, pos + 3)) {
      return this.fetchDocumentIndicator(TokenType.DOCUMENT_START);
    }
    if (this.mark.column === 0 && ch === DOT && buf[pos + 1] === DOT && buf[pos + 2] === DOT && isBlankz(buf, pos + 3)) {
      return this.fetchDocumentIndicator(TokenType.DOCUMENT_END);
    }
    if (ch === LBRACKET) return this.fetchFlowCollectionStart(TokenType.FLOW_SEQUENCE_START);
    if (ch === LBRACE) return this.fetchFlowCollectionStart(TokenType.FLOW_MAPPING_START);
    if (ch === RBRACKET) return this.fetchFlowCollectionEnd(TokenType.FLOW_SEQUENCE_END);
    if (ch === RBRACE) return this.fetchFlowCollectionEnd(TokenType.FLOW_MAPPING_END);
    if (ch === COMMA) return this.fetchFlowEntry();
    if (ch === DASH && isBlankz(buf, pos + 1)) return this.fetchBlockEntry();
    if (ch === QUESTION && (this.flowLevel > 0 || isBlankz(buf, pos + 1))) return this.fetchKey();
    if (ch === COLON && (this.flowLevel > 0 || isBlankz(buf, pos + 1))) return this.fetchValue();
    if (ch === STAR) return this.fetchAnchor(TokenType.ALIAS);
    if (ch === AMP) return this.fetchAnchor(TokenType.ANCHOR);
    if (ch === BANG) return this.fetchTag();
    if (ch === PIPE && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (ch === GT && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (ch === SQUOTE) return this.fetchFlowScalar(true);
    if (ch === DQUOTE) return this.fetchFlowScalar(false);
    const indicator = isBlankz(buf, pos) || INDICATORS[ch] === 1;
    if (
      !indicator ||
      (ch === DASH && !isBlank(buf, pos + 1)) ||
      (this.flowLevel === 0 && (ch === QUESTION || ch === COLON) && !isBlankz(buf, pos + 1))
    ) {
      return this.fetchPlainScalar();
    }
    return this.setScannerError('while scanning for the next token', this.mark, 'found character that cannot start any token');
  }

  private simpleKeyIsValid(simpleKey: SimpleKey): [valid: boolean, ok: boolean] {
    if (!simpleKey.possible) return [false, true];
    if (simpleKey.mark.line < this.mark.line || simpleKey.mark.index + 1024 < this.mark.index) {
      if (simpleKey.required) return [false, this.setScannerError('while scanning a simple key', simpleKey.mark, "could not find expected ':'")];
      simpleKey.possible = false;
      return [false, true];
    }
    return [true, true];
  }

  private saveSimpleKey(): boolean {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const simpleKey: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead),
        mark: copyMark(this.mark),
      };
      if (!this.removeSimpleKey()) return false;
      this.simpleKeys[this.simpleKeys.length - 1] = simpleKey;
      this.simpleKeysByTok.set(simpleKey.tokenNumber, this.simpleKeys.length - 1);
    }
    return true;
  }

  private removeSimpleKey(): boolean {
    const i = this.simpleKeys.length - 1;
    const key = this.simpleKeys[i]!;
    if (key.possible) {
      if (key.required) return this.setScannerError('while scanning a simple key', key.mark, "could not find expected ':'");
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
    }
    return true;
  }

  private increaseFlowLevel(): boolean {
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead), mark: copyMark(this.mark) });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) {
      return this.setScannerError('while increasing flow level', this.simpleKeys[this.simpleKeys.length - 1]!.mark, `exceeded max depth of ${MAX_FLOW_LEVEL}`);
    }
    return true;
  }

  private decreaseFlowLevel(): boolean {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.length - 1;
      this.simpleKeysByTok.delete(this.simpleKeys[last]!.tokenNumber);
      this.simpleKeys.length = last;
    }
    return true;
  }

  private rollIndent(column: number, number: number, type: TokenType, mark: Mark): boolean {
    if (this.flowLevel > 0) return true;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS) {
        return this.setScannerError('while increasing indent level', this.simpleKeys[this.simpleKeys.length - 1]!.mark, `exceeded max depth of ${MAX_INDENTS}`);
      }
      const token: Token = { type, startMark: copyMark(mark), endMark: copyMark(mark) };
      if (number > -1) number -= this.tokensParsed;
      this.insertToken(number, token);
    }
    return true;
  }

  private unrollIndent(column: number): boolean {
    if (this.flowLevel > 0) return true;
    while (this.indent > column) {
      this.insertToken(-1, { type: TokenType.BLOCK_END, startMark: copyMark(this.mark), endMark: copyMark(this.mark) });
      this.indent = this.indents.pop()!;
    }
    return true;
  }

  private fetchStreamStart(): boolean {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: { index: 0, line: 0, column: 0 } });
    this.simpleKeysByTok = new Map();
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insertToken(-1, { type: TokenType.STREAM_START, startMark: copyMark(this.mark), endMark: copyMark(this.mark) });
    return true;
  }

  private fetchStreamEnd(): boolean {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    if (!this.unrollIndent(-1)) return false;
    if (!this.removeSimpleKey()) return false;
    this.simpleKeyAllowed = false;
    this.insertToken(-1, { type: TokenType.STREAM_END, startMark: copyMark(this.mark), endMark: copyMark(this.mark) });
    return true;
  }

  private fetchDirective(): boolean {
    if (!this.unrollIndent(-1)) return false;
    if (!this.removeSimpleKey()) return false;
    this.simpleKeyAllowed = false;
    const token = this.scanDirective();
    if (!token) return false;
    this.insertToken(-1, token);
    return true;
  }

  private fetchDocumentIndicator(type: TokenType): boolean {
    if (!this.unrollIndent(-1)) return false;
    if (!this.removeSimpleKey()) return false;
    this.simpleKeyAllowed = false;
    const startMark = copyMark(this.mark);
    this.skip();
    this.skip();
    this.skip();
    this.insertToken(-1, { type, startMark, endMark: copyMark(this.mark) });
    return true;
  }

  private fetchFlowCollectionStart(type: TokenType): boolean {
    if (!this.saveSimpleKey()) return false;
    if (!this.increaseFlowLevel()) return false;
    this.simpleKeyAllowed = true;
    const startMark = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type, startMark, endMark: copyMark(this.mark) });
    return true;
  }

  private fetchFlowCollectionEnd(type: TokenType): boolean {
    if (!this.removeSimpleKey()) return false;
    if (!this.decreaseFlowLevel()) return false;
    this.simpleKeyAllowed = false;
    const startMark = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type, startMark, endMark: copyMark(this.mark) });
    return true;
  }

  private fetchFlowEntry(): boolean {
    if (!this.removeSimpleKey()) return false;
    this.simpleKeyAllowed = true;
    const startMark = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type: TokenType.FLOW_ENTRY, startMark, endMark: copyMark(this.mark) });
    return true;
  }

  private fetchBlockEntry(): boolean {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) return this.setScannerError('', this.mark, 'block sequence entries are not allowed in this context');
      if (!this.rollIndent(this.mark.column, -1, TokenType.BLOCK_SEQUENCE_START, this.mark)) return false;
    }
    if (!this.removeSimpleKey()) return false;
    this.simpleKeyAllowed = true;
    const startMark = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type: TokenType.BLOCK_ENTRY, startMark, endMark: copyMark(this.mark) });
    return true;
  }

  private fetchKey(): boolean {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) return this.setScannerError('', this.mark, 'mapping keys are not allowed in this context');
      if (!this.rollIndent(this.mark.column, -1, TokenType.BLOCK_MAPPING_START, this.mark)) return false;
    }
    if (!this.removeSimpleKey()) return false;
    this.simpleKeyAllowed = this.flowLevel === 0;
    const startMark = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type: TokenType.KEY, startMark, endMark: copyMark(this.mark) });
    return true;
  }

  private fetchValue(): boolean {
    const simpleKey = this.simpleKeys[this.simpleKeys.length - 1]!;
    const [valid, ok] = this.simpleKeyIsValid(simpleKey);
    if (!ok) return false;
    if (valid) {
      this.insertToken(simpleKey.tokenNumber - this.tokensParsed, { type: TokenType.KEY, startMark: copyMark(simpleKey.mark), endMark: copyMark(simpleKey.mark) });
      if (!this.rollIndent(simpleKey.mark.column, simpleKey.tokenNumber, TokenType.BLOCK_MAPPING_START, simpleKey.mark)) return false;
      simpleKey.possible = false;
      this.simpleKeysByTok.delete(simpleKey.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) return this.setScannerError('', this.mark, 'mapping values are not allowed in this context');
        if (!this.rollIndent(this.mark.column, -1, TokenType.BLOCK_MAPPING_START, this.mark)) return false;
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const startMark = copyMark(this.mark);
    this.skip();
    this.insertToken(-1, { type: TokenType.VALUE, startMark, endMark: copyMark(this.mark) });
    return true;
  }

  private fetchAnchor(type: TokenType): boolean {
    if (!this.saveSimpleKey()) return false;
    this.simpleKeyAllowed = false;
    const token = this.scanAnchor(type);
    if (!token) return false;
    this.insertToken(-1, token);
    return true;
  }

  private fetchTag(): boolean {
    if (!this.saveSimpleKey()) return false;
    this.simpleKeyAllowed = false;
    const token = this.scanTag();
    if (!token) return false;
    this.insertToken(-1, token);
    return true;
  }

  private fetchBlockScalar(literal: boolean): boolean {
    if (!this.removeSimpleKey()) return false;
    this.simpleKeyAllowed = true;
    const token = this.scanBlockScalar(literal);
    if (!token) return false;
    this.insertToken(-1, token);
    return true;
  }

  private fetchFlowScalar(single: boolean): boolean {
    if (!this.saveSimpleKey()) return false;
    this.simpleKeyAllowed = false;
    const token = this.scanFlowScalar(single);
    if (!token) return false;
    this.insertToken(-1, token);
    return true;
  }

  private fetchPlainScalar(): boolean {
    if (!this.saveSimpleKey()) return false;
    this.simpleKeyAllowed = false;
    const token = this.scanPlainScalar();
    if (!token) return false;
    this.insertToken(-1, token);
    return true;
  }

  private scanToNextToken(): boolean {
    for (;;) {
      if (!this.cache(1)) return false;
      if (this.mark.column === 0 && isBom(this.buffer, this.bufferPos)) this.skip();
      if (!this.cache(1)) return false;
      while (this.at() === SP || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.at() === TAB)) {
        this.skip();
        if (!this.cache(1)) return false;
      }
      if (this.at() === HASH) {
        while (!isBreakz(this.buffer, this.bufferPos)) {
          this.skip();
          if (!this.cache(1)) return false;
        }
      }
      if (isBreak(this.buffer, this.bufferPos)) {
        if (!this.cache(2)) return false;
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else {
        break;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Directives

  private scanDirective(): Token | undefined {
    const startMark = copyMark(this.mark);
    this.skip();
    const name = this.scanDirectiveName(startMark);
    if (!name) return undefined;
    let token: Token;
    const nameText = String.fromCharCode(...name);
    if (nameText === 'YAML') {
      const version = this.scanVersionDirectiveValue(startMark);
      if (!version) return undefined;
      token = { type: TokenType.VERSION_DIRECTIVE, startMark, endMark: copyMark(this.mark), major: version[0], minor: version[1] };
    } else if (nameText === 'TAG') {
      const tag = this.scanTagDirectiveValue(startMark);
      if (!tag) return undefined;
      token = { type: TokenType.TAG_DIRECTIVE, startMark, endMark: copyMark(this.mark), value: tag[0], prefix: tag[1] };
    } else {
      this.setScannerError('while scanning a directive', startMark, 'found unknown directive name');
      return undefined;
    }
    if (!this.cache(1)) return undefined;
    while (isBlank(this.buffer, this.bufferPos)) {
      this.skip();
      if (!this.cache(1)) return undefined;
    }
    if (this.at() === HASH) {
      while (!isBreakz(this.buffer, this.bufferPos)) {
        this.skip();
        if (!this.cache(1)) return undefined;
      }
    }
    if (!isBreakz(this.buffer, this.bufferPos)) {
      this.setScannerError('while scanning a directive', startMark, 'did not find expected comment or line break');
      return undefined;
    }
    if (isBreak(this.buffer, this.bufferPos)) {
      if (!this.cache(2)) return undefined;
      this.skipLine();
    }
    return token;
  }

  private scanDirectiveName(startMark: Mark): number[] | undefined {
    if (!this.cache(1)) return undefined;
    const s: number[] = [];
    while (isAlpha(this.buffer, this.bufferPos)) {
      this.read(s);
      if (!this.cache(1)) return undefined;
    }
    if (s.length === 0) {
      this.setScannerError('while scanning a directive', startMark, 'could not find expected directive name');
      return undefined;
    }
    if (!isBlankz(this.buffer, this.bufferPos)) {
      this.setScannerError('while scanning a directive', startMark, 'found unexpected non-alphabetical character');
      return undefined;
    }
    return s;
  }

  private scanVersionDirectiveValue(startMark: Mark): [number, number] | undefined {
    if (!this.cache(1)) return undefined;
    while (isBlank(this.buffer, this.bufferPos)) {
      this.skip();
      if (!this.cache(1)) return undefined;
    }
    const major = this.scanVersionDirectiveNumber(startMark);
    if (major === undefined) return undefined;
    if (this.at() !== DOT) {
      this.setScannerError('while scanning a %YAML directive', startMark, "did not find expected digit or '.' character");
      return undefined;
    }
    this.skip();
    const minor = this.scanVersionDirectiveNumber(startMark);
    if (minor === undefined) return undefined;
    return [major, minor];
  }

  private scanVersionDirectiveNumber(startMark: Mark): number | undefined {
    if (!this.cache(1)) return undefined;
    let value = 0;
    let length = 0;
    while (isDigit(this.buffer, this.bufferPos)) {
      length++;
      if (length > MAX_NUMBER_LENGTH) {
        this.setScannerError('while scanning a %YAML directive', startMark, 'found extremely long version number');
        return undefined;
      }
      value = value * 10 + asDigit(this.buffer, this.bufferPos);
      this.skip();
      if (!this.cache(1)) return undefined;
    }
    if (length === 0) {
      this.setScannerError('while scanning a %YAML directive', startMark, 'did not find expected version number');
      return undefined;
    }
    return value;
  }

  private scanTagDirectiveValue(startMark: Mark): [number[], number[]] | undefined {
    if (!this.cache(1)) return undefined;
    while (isBlank(this.buffer, this.bufferPos)) {
      this.skip();
      if (!this.cache(1)) return undefined;
    }
    const handle = this.scanTagHandle(true, startMark);
    if (!handle) return undefined;
    if (!this.cache(1)) return undefined;
    if (!isBlank(this.buffer, this.bufferPos)) {
      this.setScannerError('while scanning a %TAG directive', startMark, 'did not find expected whitespace');
      return undefined;
    }
    while (isBlank(this.buffer, this.bufferPos)) {
      this.skip();
      if (!this.cache(1)) return undefined;
    }
    const prefix = this.scanTagUri(true, [], startMark);
    if (!prefix) return undefined;
    if (!this.cache(1)) return undefined;
    if (!isBlankz(this.buffer, this.bufferPos)) {
      this.setScannerError('while scanning a %TAG directive', startMark, 'did not find expected whitespace or line break');
      return undefined;
    }
    return [handle, prefix];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Anchors and tags

  private scanAnchor(type: TokenType): Token | undefined {
    const s: number[] = [];
    const startMark = copyMark(this.mark);
    this.skip();
    if (!this.cache(1)) return undefined;
    while (isAlpha(this.buffer, this.bufferPos)) {
      this.read(s);
      if (!this.cache(1)) return undefined;
    }
    const endMark = copyMark(this.mark);
    const ch = this.at();
    if (s.length === 0 || !(isBlankz(this.buffer, this.bufferPos) || '?:,]}%@`'.includes(String.fromCharCode(ch)))) {
      this.setScannerError(type === TokenType.ANCHOR ? 'while scanning an anchor' : 'while scanning an alias', startMark, 'did not find expected alphabetic or numeric character');
      return undefined;
    }
    return { type, startMark, endMark, value: s };
  }

  private scanTag(): Token | undefined {
    let handle: number[];
    let suffix: number[];
    const startMark = copyMark(this.mark);
    if (!this.cache(2)) return undefined;
    if (this.at(1) === LT) {
      handle = [];
      this.skip();
      this.skip();
      const uri = this.scanTagUri(false, [], startMark);
      if (!uri) return undefined;
      suffix = uri;
      if (this.at() !== GT) {
        this.setScannerError('while scanning a tag', startMark, "did not find the expected '>'");
        return undefined;
      }
      this.skip();
    } else {
      const h = this.scanTagHandle(false, startMark);
      if (!h) return undefined;
      handle = h;
      if (handle[0] === BANG && handle.length > 1 && handle[handle.length - 1] === BANG) {
        const uri = this.scanTagUri(false, [], startMark);
        if (!uri) return undefined;
        suffix = uri;
      } else {
        const uri = this.scanTagUri(false, handle, startMark);
        if (!uri) return undefined;
        suffix = uri;
        handle = [BANG];
        if (suffix.length === 0) [handle, suffix] = [suffix, handle];
      }
    }
    if (!this.cache(1)) return undefined;
    if (!isBlankz(this.buffer, this.bufferPos)) {
      this.setScannerError('while scanning a tag', startMark, 'did not find expected whitespace or line break');
      return undefined;
    }
    return { type: TokenType.TAG, startMark, endMark: copyMark(this.mark), value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, startMark: Mark): number[] | undefined {
    if (!this.cache(1)) return undefined;
    if (this.at() !== BANG) {
      this.setScannerTagError(directive, startMark, "did not find expected '!'");
      return undefined;
    }
    const s: number[] = [];
    this.read(s);
    if (!this.cache(1)) return undefined;
    while (isAlpha(this.buffer, this.bufferPos)) {
      this.read(s);
      if (!this.cache(1)) return undefined;
    }
    if (this.at() === BANG) {
      this.read(s);
    } else if (directive && !(s.length === 1 && s[0] === BANG)) {
      this.setScannerTagError(directive, startMark, "did not find expected '!'");
      return undefined;
    }
    return s;
  }

  private scanTagUri(directive: boolean, head: number[], startMark: Mark): number[] | undefined {
    const s: number[] = [];
    let hasTag = head.length > 0;
    if (head.length > 1) s.push(...head.slice(1));
    if (!this.cache(1)) return undefined;
    while (isAlpha(this.buffer, this.bufferPos) || ";/?:@&=+$,.!~*'()[]%".includes(String.fromCharCode(this.at()))) {
      if (this.at() === PERCENT) {
        if (!this.scanUriEscapes(directive, startMark, s)) return undefined;
      } else {
        this.read(s);
      }
      if (!this.cache(1)) return undefined;
      hasTag = true;
    }
    if (!hasTag) {
      this.setScannerTagError(directive, startMark, 'did not find expected tag URI');
      return undefined;
    }
    return s;
  }

  private scanUriEscapes(directive: boolean, startMark: Mark, s: number[]): boolean {
    let w = 1024;
    while (w > 0) {
      if (!this.cache(3)) return false;
      if (!(this.at() === PERCENT && isHex(this.buffer, this.bufferPos + 1) && isHex(this.buffer, this.bufferPos + 2))) {
        return this.setScannerTagError(directive, startMark, 'did not find URI escaped octet');
      }
      const octet = (asHex(this.buffer, this.bufferPos + 1) << 4) + asHex(this.buffer, this.bufferPos + 2);
      if (w === 1024) {
        w = width(octet);
        if (w === 0) return this.setScannerTagError(directive, startMark, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) {
        return this.setScannerTagError(directive, startMark, 'found an incorrect trailing UTF-8 octet');
      }
      s.push(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Scalars

  private scanBlockScalar(literal: boolean): Token | undefined {
    const startMark = copyMark(this.mark);
    this.skip();
    if (!this.cache(1)) return undefined;
    let chomping = 0;
    let increment = 0;
    if (this.at() === PLUS || this.at() === DASH) {
      chomping = this.at() === PLUS ? 1 : -1;
      this.skip();
      if (!this.cache(1)) return undefined;
      if (isDigit(this.buffer, this.bufferPos)) {
        if (this.at() === ZERO) {
          this.setScannerError('while scanning a block scalar', startMark, 'found an indentation indicator equal to 0');
          return undefined;
        }
        increment = asDigit(this.buffer, this.bufferPos);
        this.skip();
      }
    } else if (isDigit(this.buffer, this.bufferPos)) {
      if (this.at() === ZERO) {
        this.setScannerError('while scanning a block scalar', startMark, 'found an indentation indicator equal to 0');
        return undefined;
      }
      increment = asDigit(this.buffer, this.bufferPos);
      this.skip();
      if (!this.cache(1)) return undefined;
      if (this.at() === PLUS || this.at() === DASH) {
        chomping = this.at() === PLUS ? 1 : -1;
        this.skip();
      }
    }
    if (!this.cache(1)) return undefined;
    while (isBlank(this.buffer, this.bufferPos)) {
      this.skip();
      if (!this.cache(1)) return undefined;
    }
    if (this.at() === HASH) {
      while (!isBreakz(this.buffer, this.bufferPos)) {
        this.skip();
        if (!this.cache(1)) return undefined;
      }
    }
    if (!isBreakz(this.buffer, this.bufferPos)) {
      this.setScannerError('while scanning a block scalar', startMark, 'did not find expected comment or line break');
      return undefined;
    }
    if (isBreak(this.buffer, this.bufferPos)) {
      if (!this.cache(2)) return undefined;
      this.skipLine();
    }
    const endMark = { value: copyMark(this.mark) };
    const indent = { value: 0 };
    if (increment > 0) indent.value = this.indent >= 0 ? this.indent + increment : increment;
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    if (!this.scanBlockScalarBreaks(indent, trailingBreaks, startMark, endMark)) return undefined;
    if (!this.cache(1)) return undefined;
    let leadingBlank = false;
    let trailingBlank = false;
    while (this.mark.column === indent.value && !isZ(this.buffer, this.bufferPos)) {
      trailingBlank = isBlank(this.buffer, this.bufferPos);
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.length > 0 && leadingBreak[0] === LF) {
        if (trailingBreaks.length === 0) s.push(SP);
      } else {
        s.push(...leadingBreak);
      }
      leadingBreak = [];
      s.push(...trailingBreaks);
      trailingBreaks = [];
      leadingBlank = isBlank(this.buffer, this.bufferPos);
      while (!isBreakz(this.buffer, this.bufferPos)) {
        this.read(s);
        if (!this.cache(1)) return undefined;
      }
      if (!this.cache(2)) return undefined;
      this.readLine(leadingBreak);
      if (!this.scanBlockScalarBreaks(indent, trailingBreaks, startMark, endMark)) return undefined;
    }
    if (chomping !== -1) s.push(...leadingBreak);
    if (chomping === 1) s.push(...trailingBreaks);
    return { type: TokenType.SCALAR, startMark, endMark: endMark.value, value: s, style: literal ? ScalarStyle.LITERAL : ScalarStyle.FOLDED };
  }

  private scanBlockScalarBreaks(indent: { value: number }, breaks: number[], startMark: Mark, endMark: { value: Mark }): boolean {
    endMark.value = copyMark(this.mark);
    let maxIndent = 0;
    for (;;) {
      if (!this.cache(1)) return false;
      while ((indent.value === 0 || this.mark.column < indent.value) && isSpace(this.buffer, this.bufferPos)) {
        this.skip();
        if (!this.cache(1)) return false;
      }
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((indent.value === 0 || this.mark.column < indent.value) && isTab(this.buffer, this.bufferPos)) {
        return this.setScannerError('while scanning a block scalar', startMark, 'found a tab character where an indentation space is expected');
      }
      if (!isBreak(this.buffer, this.bufferPos)) break;
      if (!this.cache(2)) return false;
      this.readLine(breaks);
      endMark.value = copyMark(this.mark);
    }
    if (indent.value === 0) {
      indent.value = maxIndent;
      if (indent.value < this.indent + 1) indent.value = this.indent + 1;
      if (indent.value < 1) indent.value = 1;
    }
    return true;
  }

  private scanFlowScalar(single: boolean): Token | undefined {
    const startMark = copyMark(this.mark);
    this.skip();
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    let whitespaces: number[] = [];
    for (;;) {
      if (!this.cache(4)) return undefined;
      const b = this.buffer;
      const p = this.bufferPos;
      if (
        this.mark.column === 0 &&
        ((b[p] === DASH && b[p + 1] === DASH && b[p + 2] === DASH) || (b[p] === DOT && b[p + 1] === DOT && b[p + 2] === DOT)) &&
        isBlankz(b, p + 3)
      ) {
        this.setScannerError('while scanning a quoted scalar', startMark, 'found unexpected document indicator');
        return undefined;
      }
      if (isZ(b, p)) {
        this.setScannerError('while scanning a quoted scalar', startMark, 'found unexpected end of stream');
        return undefined;
      }
      let leadingBlanks = false;
      while (!isBlankz(this.buffer, this.bufferPos)) {
        const ch = this.at();
        if (single && ch === SQUOTE && this.at(1) === SQUOTE) {
          s.push(SQUOTE);
          this.skip();
          this.skip();
        } else if (single && ch === SQUOTE) {
          break;
        } else if (!single && ch === DQUOTE) {
          break;
        } else if (!single && ch === BACKSLASH && isBreak(this.buffer, this.bufferPos + 1)) {
          if (!this.cache(3)) return undefined;
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && ch === BACKSLASH) {
          let codeLength = 0;
          const esc = String.fromCharCode(this.at(1));
          switch (esc) {
            case '0':
              s.push(0);
              break;
            case 'a':
              s.push(0x07);
              break;
            case 'b':
              s.push(0x08);
              break;
            case 't':
            case '\t':
              s.push(0x09);
              break;
            case 'n':
              s.push(0x0a);
              break;
            case 'v':
              s.push(0x0b);
              break;
            case 'f':
              s.push(0x0c);
              break;
            case 'r':
              s.push(0x0d);
              break;
            case 'e':
              s.push(0x1b);
              break;
            case ' ':
              s.push(0x20);
              break;
            case '"':
              s.push(DQUOTE);
              break;
            case "'":
              s.push(SQUOTE);
              break;
            case '\\':
              s.push(BACKSLASH);
              break;
            case 'N':
              s.push(0xc2, 0x85);
              break;
            case '_':
              s.push(0xc2, 0xa0);
              break;
            case 'L':
              s.push(0xe2, 0x80, 0xa8);
              break;
            case 'P':
              s.push(0xe2, 0x80, 0xa9);
              break;
            case 'x':
              codeLength = 2;
              break;
            case 'u':
              codeLength = 4;
              break;
            case 'U':
              codeLength = 8;
              break;
            default:
              this.setScannerError('while parsing a quoted scalar', startMark, 'found unknown escape character');
              return undefined;
          }
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let value = 0;
            if (!this.cache(codeLength)) return undefined;
            for (let k = 0; k < codeLength; k++) {
              if (!isHex(this.buffer, this.bufferPos + k)) {
                this.setScannerError('while parsing a quoted scalar', startMark, 'did not find expected hexdecimal number');
                return undefined;
              }
              value = value * 16 + asHex(this.buffer, this.bufferPos + k);
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
              this.setScannerError('while parsing a quoted scalar', startMark, 'found invalid Unicode character escape code');
              return undefined;
            }
            appendRune(s, value);
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else {
          this.read(s);
        }
        if (!this.cache(2)) return undefined;
      }
      if (!this.cache(1)) return undefined;
      if (single ? this.at() === SQUOTE : this.at() === DQUOTE) break;
      while (isBlank(this.buffer, this.bufferPos) || isBreak(this.buffer, this.bufferPos)) {
        if (isBlank(this.buffer, this.bufferPos)) {
          if (!leadingBlanks) this.read(whitespaces);
          else this.skip();
        } else {
          if (!this.cache(2)) return undefined;
          if (!leadingBlanks) {
            whitespaces = [];
            this.readLine(leadingBreak);
            leadingBlanks = true;
          } else {
            this.readLine(trailingBreaks);
          }
        }
        if (!this.cache(1)) return undefined;
      }
      if (leadingBlanks) {
        if (leadingBreak.length > 0 && leadingBreak[0] === LF) {
          if (trailingBreaks.length === 0) s.push(SP);
          else s.push(...trailingBreaks);
        } else {
          s.push(...leadingBreak, ...trailingBreaks);
        }
        trailingBreaks = [];
        leadingBreak = [];
      } else {
        s.push(...whitespaces);
        whitespaces = [];
      }
    }
    this.skip();
    return { type: TokenType.SCALAR, startMark, endMark: copyMark(this.mark), value: s, style: single ? ScalarStyle.SINGLE_QUOTED : ScalarStyle.DOUBLE_QUOTED };
  }

  private scanPlainScalar(): Token | undefined {
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    let whitespaces: number[] = [];
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const startMark = copyMark(this.mark);
    let endMark = copyMark(this.mark);
    for (;;) {
      if (!this.cache(4)) return undefined;
      const b = this.buffer;
      const p = this.bufferPos;
      if (
        this.mark.column === 0 &&
        ((b[p] === DASH && b[p + 1] === DASH && b[p + 2] === DASH) || (b[p] === DOT && b[p + 1] === DOT && b[p + 2] === DOT)) &&
        isBlankz(b, p + 3)
      ) {
        break;
      }
      if (this.at() === HASH) break;
      while (!isBlankz(this.buffer, this.bufferPos)) {
        const ch = this.at();
        if ((ch === COLON && isBlankz(this.buffer, this.bufferPos + 1)) || (this.flowLevel > 0 && ',?[]{}'.includes(String.fromCharCode(ch)))) break;
        if (leadingBlanks || whitespaces.length > 0) {
          if (leadingBlanks) {
            if (leadingBreak[0] === LF) {
              if (trailingBreaks.length === 0) s.push(SP);
              else s.push(...trailingBreaks);
            } else {
              s.push(...leadingBreak, ...trailingBreaks);
            }
            trailingBreaks = [];
            leadingBreak = [];
            leadingBlanks = false;
          } else {
            s.push(...whitespaces);
            whitespaces = [];
          }
        }
        this.read(s);
        endMark = copyMark(this.mark);
        if (!this.cache(2)) return undefined;
      }
      if (!(isBlank(this.buffer, this.bufferPos) || isBreak(this.buffer, this.bufferPos))) break;
      if (!this.cache(1)) return undefined;
      while (isBlank(this.buffer, this.bufferPos) || isBreak(this.buffer, this.bufferPos)) {
        if (isBlank(this.buffer, this.bufferPos)) {
          if (leadingBlanks && this.mark.column < indent && isTab(this.buffer, this.bufferPos)) {
            this.setScannerError('while scanning a plain scalar', startMark, 'found a tab character that violates indentation');
            return undefined;
          }
          if (!leadingBlanks) this.read(whitespaces);
          else this.skip();
        } else {
          if (!this.cache(2)) return undefined;
          if (!leadingBlanks) {
            whitespaces = [];
            this.readLine(leadingBreak);
            leadingBlanks = true;
          } else {
            this.readLine(trailingBreaks);
          }
        }
        if (!this.cache(1)) return undefined;
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: TokenType.SCALAR, startMark, endMark, value: s, style: ScalarStyle.PLAIN };
  }
}
