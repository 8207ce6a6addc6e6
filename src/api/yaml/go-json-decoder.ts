/**
 * Go's json.Decoder reading a stream of JSON values (encoding/json's scanner), as kubectl reads a `-f` file that
 * starts with `{`: values one after another, each checked byte by byte so that a mistake reads as Go words it
 * (`invalid character '}' looking for beginning of object key string`, at Go's byte offset), and a value cut short
 * as `unexpected EOF`.
 */

/** A syntax error or a truncated value; `offset` is Go's SyntaxError.Offset (bytes read, the bad one included). */
export class GoJSONError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** encoding/json's quoteChar: a byte as it appears in a syntax error (a lone UTF-8 byte reads as a Latin-1 rune). */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  return `'${goQuoteRune(c)}'`;
}

/** strconv.Quote's escaping of one rune below U+0100, without the quotes. */
function goQuoteRune(r: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v', 0x5c: '\\\\' };
  if (named[r]) return named[r];
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  // Latin-1 runes Go does not print: C1 controls and the soft hyphen.
  if ((r >= 0x80 && r < 0xa0) || r === 0xad) return `\\u00${r.toString(16).padStart(2, '0')}`;
  return String.fromCharCode(r);
}

/** The scanner's parse stack entries. */
const ParseObjectKey = 0;
const ParseObjectValue = 1;
const ParseArrayValue = 2;

type Step = (c: number) => Result;
const Result = { CONTINUE: 0, END_VALUE: 1, END: 2, ERROR: 3 } as const;
type Result = (typeof Result)[keyof typeof Result];

/** encoding/json's scanner state machine for one value. */
class ValueScanner {
  step: Step = (c) => this.stateBeginValue(c);
  private parseState: number[] = [];
  err = '';
  /** Whether the value ended (the scanner saw its last byte). */
  endTop = false;

  private error(c: number, context: string): Result {
    this.step = () => Result.ERROR;
    this.err = `invalid character ${quoteChar(c)} ${context}`;
    return Result.ERROR;
  }

  private pushParseState(c: number, newState: number, success: Result): Result {
    this.parseState.push(newState);
    if (this.parseState.length <= 10000) return success;
    return this.error(c, 'exceeded max depth');
  }

  private popParseState(): void {
    this.parseState.pop();
    if (this.parseState.length === 0) {
      this.step = (c) => this.stateEndTop(c);
      this.endTop = true;
    } else {
      this.step = (c) => this.stateEndValue(c);
    }
  }

  stateBeginValueOrEmpty(c: number): Result {
    if (isSpace(c)) return Result.CONTINUE;
    if (c === 0x5d) return this.stateEndValue(c);
    return this.stateBeginValue(c);
  }

  stateBeginValue(c: number): Result {
    if (isSpace(c)) return Result.CONTINUE;
    switch (c) {
      case 0x7b: // {
        this.step = (x) => this.stateBeginStringOrEmpty(x);
        return this.pushParseState(c, ParseObjectKey, Result.CONTINUE);
      case 0x5b: // [
        this.step = (x) => this.stateBeginValueOrEmpty(x);
        return this.pushParseState(c, ParseArrayValue, Result.CONTINUE);
      case 0x22: // "
        this.step = (x) => this.stateInString(x);
        return Result.CONTINUE;
      case 0x2d: // -
        this.step = (x) => this.stateNeg(x);
        return Result.CONTINUE;
      case 0x30: // 0
        this.step = (x) => this.state0(x);
        return Result.CONTINUE;
      case 0x74: // t
        this.step = this.literal('true', 1);
        return Result.CONTINUE;
      case 0x66: // f
        this.step = this.literal('false', 1);
        return Result.CONTINUE;
      case 0x6e: // n
        this.step = this.literal('null', 1);
        return Result.CONTINUE;
    }
    if (c >= 0x31 && c <= 0x39) {
      this.step = (x) => this.state1(x);
      return Result.CONTINUE;
    }
    return this.error(c, 'looking for beginning of value');
  }

  private stateBeginStringOrEmpty(c: number): Result {
    if (isSpace(c)) return Result.CONTINUE;
    if (c === 0x7d) {
      this.parseState[this.parseState.length - 1] = ParseObjectValue;
      return this.stateEndValue(c);
    }
    return this.stateBeginString(c);
  }

  private stateBeginString(c: number): Result {
    if (isSpace(c)) return Result.CONTINUE;
    if (c === 0x22) {
      this.step = (x) => this.stateInString(x);
      return Result.CONTINUE;
    }
    return this.error(c, 'looking for beginning of object key string');
  }

  stateEndValue(c: number): Result {
    const n = this.parseState.length;
    if (n === 0) {
      this.step = (x) => this.stateEndTop(x);
      this.endTop = true;
      return this.stateEndTop(c);
    }
    if (isSpace(c)) {
      this.step = (x) => this.stateEndValue(x);
      return Result.CONTINUE;
    }
    const ps = this.parseState[n - 1];
    if (ps === ParseObjectKey) {
      if (c === 0x3a) {
        this.parseState[n - 1] = ParseObjectValue;
        this.step = (x) => this.stateBeginValue(x);
        return Result.CONTINUE;
      }
      return this.error(c, 'after object key');
    }
    if (ps === ParseObjectValue) {
      if (c === 0x2c) {
        this.parseState[n - 1] = ParseObjectKey;
        this.step = (x) => this.stateBeginString(x);
        return Result.CONTINUE;
      }
      if (c === 0x7d) {
        this.popParseState();
        return Result.END_VALUE;
      }
      return this.error(c, 'after object key:value pair');
    }
    if (c === 0x2c) {
      this.step = (x) => this.stateBeginValue(x);
      return Result.CONTINUE;
    }
    if (c === 0x5d) {
      this.popParseState();
      return Result.END_VALUE;
    }
    return this.error(c, 'after array element');
  }

  stateEndTop(c: number): Result {
    if (!isSpace(c)) this.error(c, 'after top-level value');
    return Result.END;
  }

  private stateInString(c: number): Result {
    if (c === 0x22) {
      this.step = (x) => this.stateEndValue(x);
      return Result.CONTINUE;
    }
    if (c === 0x5c) {
      this.step = (x) => this.stateInStringEsc(x);
      return Result.CONTINUE;
    }
    if (c < 0x20) return this.error(c, 'in string literal');
    return Result.CONTINUE;
  }

  private stateInStringEsc(c: number): Result {
    if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
      this.step = (x) => this.stateInString(x);
      return Result.CONTINUE;
    }
    if (c === 0x75) {
      this.step = this.hexEscape(4);
      return Result.CONTINUE;
    }
    return this.error(c, 'in string escape code');
  }

  private hexEscape(left: number): Step {
    return (c) => {
      if (!isHex(c)) return this.error(c, 'in \\u hexadecimal character escape');
      this.step = left > 1 ? this.hexEscape(left - 1) : (x) => this.stateInString(x);
      return Result.CONTINUE;
    };
  }

  private stateNeg(c: number): Result {
    if (c === 0x30) {
      this.step = (x) => this.state0(x);
      return Result.CONTINUE;
    }
    if (c >= 0x31 && c <= 0x39) {
      this.step = (x) => this.state1(x);
      return Result.CONTINUE;
    }
    return this.error(c, 'in numeric literal');
  }

  private state1(c: number): Result {
    if (isDigit(c)) return Result.CONTINUE;
    return this.state0(c);
  }

  private state0(c: number): Result {
    if (c === 0x2e) {
      this.step = (x) => this.stateDot(x);
      return Result.CONTINUE;
    }
    if (c === 0x65 || c === 0x45) {
      this.step = (x) => this.stateE(x);
      return Result.CONTINUE;
    }
    return this.stateEndValue(c);
  }

  private stateDot(c: number): Result {
    if (isDigit(c)) {
      this.step = (x) => this.stateDot0(x);
      return Result.CONTINUE;
    }
    return this.error(c, 'after decimal point in numeric literal');
  }

  private stateDot0(c: number): Result {
    if (isDigit(c)) return Result.CONTINUE;
    if (c === 0x65 || c === 0x45) {
      this.step = (x) => this.stateE(x);
      return Result.CONTINUE;
    }
    return this.stateEndValue(c);
  }

  private stateE(c: number): Result {
    if (c === 0x2b || c === 0x2d) {
      this.step = (x) => this.stateESign(x);
      return Result.CONTINUE;
    }
    return this.stateESign(c);
  }

  private stateESign(c: number): Result {
    if (isDigit(c)) {
      this.step = (x) => this.stateE0(x);
      return Result.CONTINUE;
    }
    return this.error(c, 'in exponent of numeric literal');
  }

  private stateE0(c: number): Result {
    if (isDigit(c)) return Result.CONTINUE;
    return this.stateEndValue(c);
  }

  private literal(word: string, at: number): Step {
    return (c) => {
      const want = word.charCodeAt(at);
      if (c !== want) return this.error(c, `in literal ${word} (expecting ${quoteChar(want)})`);
      this.step = at + 1 < word.length ? this.literal(word, at + 1) : (x) => this.stateEndValue(x);
      return Result.CONTINUE;
    };
  }
}

/** json.NewDecoder over a whole stream: `next()` gives each value's raw bytes, undefined at the end. */
export class GoJSONDecoder {
  private pos = 0;
  /** dec.scan.bytes: bytes scanned so far, which Go never resets between values. */
  private scanned = 0;

  constructor(private readonly data: Uint8Array) {}

  /** The next value's bytes, undefined at a clean end of the stream; throws GoJSONError. */
  next(): Uint8Array | undefined {
    const scan = new ValueScanner();
    const start = this.pos;
    let p = this.pos;
    for (; p < this.data.length; p++) {
      const c = this.data[p]!;
      this.scanned++;
      const r = scan.step(c);
      if (r === Result.END) {
        // scanEnd comes one byte late: that byte belongs to the next value.
        this.scanned--;
        break;
      }
      if (r === Result.END_VALUE && scan.endTop) {
        p++;
        break;
      }
      if (r === Result.ERROR) throw new GoJSONError(scan.err, this.scanned);
    }
    if (p >= this.data.length && !scan.endTop) {
      // At EOF a number may still be open: a space ends it.
      if (scan.step(0x20) !== Result.END) {
        if (this.data.subarray(start).some((c) => !isSpace(c))) throw new GoJSONError('unexpected EOF');
        this.pos = p;
        return undefined;
      }
    }
    this.pos = p;
    return trimSpace(this.data.subarray(start, p));
  }
}

function trimSpace(b: Uint8Array): Uint8Array {
  let i = 0;
  let j = b.length;
  while (i < j && isSpace(b[i]!)) i++;
  while (j > i && isSpace(b[j - 1]!)) j--;
  return b.subarray(i, j);
}
