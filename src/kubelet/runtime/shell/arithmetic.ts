/** $(( )) arithmetic as ash evaluates it (shell/math.c): integers, C operators, assignments to shell variables. */

export class ArithmeticError extends Error {}

export interface ArithmeticScope {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

type Node =
  | { k: 'num'; v: bigint }
  | { k: 'var'; name: string }
  | { k: 'un'; op: string; a: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'tern'; c: Node; a: Node; b: Node }
  | { k: 'assign'; op: string; name: string; b: Node }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; name: string };

const OPS = ['<<=', '>>=', '**', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '^=', '|=', '+', '-', '*', '/', '%', '<', '>', '&', '^', '|', '!', '~', '?', ':', '=', '(', ')', ','];

const BINARY: Record<string, number> = {
  ',': 1,
  '||': 4,
  '&&': 5,
  '|': 6,
  '^': 7,
  '&': 8,
  '==': 9,
  '!=': 9,
  '<': 10,
  '>': 10,
  '<=': 10,
  '>=': 10,
  '<<': 11,
  '>>': 11,
  '+': 12,
  '-': 12,
  '*': 13,
  '/': 13,
  '%': 13,
  '**': 14,
};

const syntax = () => new ArithmeticError('arithmetic syntax error');

function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const m = /^(0[xX][0-9a-fA-F]+|[0-9]+[A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
    if (m) {
      out.push(m[1]!);
      i += m[1]!.length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw syntax();
    out.push(op);
    i += op.length;
  }
  return out;
}

function parseNumber(tok: string): bigint {
  if (/^0[xX][0-9a-fA-F]+$/.test(tok)) return BigInt(tok);
  if (/^0[0-7]+$/.test(tok)) return BigInt('0o' + tok.slice(1));
  if (/^[0-9]+$/.test(tok)) return BigInt(tok);
  throw syntax();
}

class Parser {
  private i = 0;
  constructor(private readonly toks: string[]) {}

  parseAll(): Node {
    const n = this.expr(0);
    if (this.i < this.toks.length) throw syntax();
    return n;
  }

  private peek(): string | undefined {
    return this.toks[this.i];
  }

  private expr(minPrec: number): Node {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      if (op === undefined) return left;
      if (op === '?' && minPrec <= 3) {
        this.i++;
        const a = this.expr(1);
        if (this.toks[this.i++] !== ':') throw syntax();
        const b = this.expr(3);
        left = { k: 'tern', c: left, a, b };
        continue;
      }
      if (/^([-+*/%&^|]|<<|>>)?=$/.test(op) && op !== '==' && minPrec <= 2) {
        if (left.k !== 'var') throw syntax();
        this.i++;
        const b = this.expr(2);
        left = { k: 'assign', op, name: left.name, b };
        continue;
      }
      const prec = BINARY[op];
      if (prec === undefined || prec < minPrec) return left;
      this.i++;
      const b = this.expr(op === '**' ? prec : prec + 1);
      left = { k: 'bin', op, a: left, b };
    }
  }

  private unary(): Node {
    const t = this.toks[this.i++];
    if (t === undefined) throw syntax();
    if (t === '++' || t === '--') {
      const v = this.toks[this.i++];
      if (!v || !/^[A-Za-z_]/.test(v)) throw syntax();
      return { k: 'incdec', op: t, prefix: true, name: v };
    }
    if (t === '+' || t === '-' || t === '!' || t === '~') return { k: 'un', op: t, a: this.unary() };
    if (t === '(') {
      const n = this.expr(0);
      if (this.toks[this.i++] !== ')') throw syntax();
      return n;
    }
    if (/^[A-Za-z_]/.test(t)) {
      const next = this.peek();
      if (next === '++' || next === '--') {
        this.i++;
        return { k: 'incdec', op: next, prefix: false, name: t };
      }
      return { k: 'var', name: t };
    }
    if (/^[0-9]/.test(t)) return { k: 'num', v: parseNumber(t) };
    throw syntax();
  }
}

const MASK = (1n << 64n) - 1n;
/** Wraps to signed 64 bits, as C's intmax_t arithmetic does. */
function wrap(v: bigint): bigint {
  const u = v & MASK;
  return u >= 1n << 63n ? u - (1n << 64n) : u;
}

export function evaluateArithmetic(text: string, scope: ArithmeticScope, depth = 0): bigint {
  if (depth > 20) throw new ArithmeticError('expression recursion loop detected');
  const toks = tokenize(text);
  if (toks.length === 0) return 0n;
  const ast = new Parser(toks).parseAll();

  const readVar = (name: string): bigint => {
    const value = scope.get(name);
    if (value === undefined || value.trim() === '') return 0n;
    return evaluateArithmetic(value, scope, depth + 1);
  };

  const binary = (op: string, a: bigint, b: bigint): bigint => {
    switch (op) {
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n) throw new ArithmeticError('divide by zero');
        return wrap(op === '/' ? a / b : a % b);
      case '**':
        if (b < 0n) throw new ArithmeticError('exponent less than 0');
        return wrap(a ** b);
      case '<<':
        return wrap(a << (b & 63n));
      case '>>':
        return a >> (b & 63n);
      case '&':
        return a & b;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '<':
        return a < b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case ',':
        return b;
    }
    throw syntax();
  };

  const ev = (n: Node): bigint => {
    switch (n.k) {
      case 'num':
        return n.v;
      case 'var':
        return readVar(n.name);
      case 'un': {
        const a = ev(n.a);
        if (n.op === '-') return wrap(-a);
        if (n.op === '!') return a === 0n ? 1n : 0n;
        if (n.op === '~') return ~a;
        return a;
      }
      case 'bin':
        if (n.op === '&&') return ev(n.a) !== 0n && ev(n.b) !== 0n ? 1n : 0n;
        if (n.op === '||') return ev(n.a) !== 0n || ev(n.b) !== 0n ? 1n : 0n;
        return binary(n.op, ev(n.a), ev(n.b));
      case 'tern':
        return ev(n.c) !== 0n ? ev(n.a) : ev(n.b);
      case 'assign': {
        const b = ev(n.b);
        const v = n.op === '=' ? b : binary(n.op.slice(0, -1), readVar(n.name), b);
        scope.set(n.name, String(v));
        return v;
      }
      case 'incdec': {
        const old = readVar(n.name);
        const v = wrap(n.op === '++' ? old + 1n : old - 1n);
        scope.set(n.name, String(v));
        return n.prefix ? v : old;
      }
    }
  };
  return ev(ast);
}
