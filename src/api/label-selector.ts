/** Label selectors as apimachinery's labels.Selector: the `-l` / `labelSelector` grammar, metav1.LabelSelector, matching. */
import { aggregate, FieldPath, forbidden, GoRaw, goQuote, invalid, notSupported, required, type FieldError } from './field-error.js';
import { isQualifiedName, isValidLabelValue, validateLabelName, validateLabels } from './name-validation.js';

/** selection.Operator: the string values upstream uses (they show up in error messages). */
export const Operator = {
  DoesNotExist: '!',
  Equals: '=',
  DoubleEquals: '==',
  In: 'in',
  NotEquals: '!=',
  NotIn: 'notin',
  Exists: 'exists',
  GreaterThan: 'gt',
  LessThan: 'lt',
} as const;
export type Operator = (typeof Operator)[keyof typeof Operator];

// Order as upstream's binaryOperators + unaryOperators: it is printed in "expected:" and "supported values:".
const binaryOperators: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const validRequirementOperators: readonly Operator[] = [...binaryOperators, 'exists', '!'];

/** One requirement (`key in (a,b)`); values are kept as given, as upstream's strValues. */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/** Labels as objects carry them; undefined is an object without labels. */
export type Labels = Readonly<Record<string, string>> | undefined | null;

/** A small immutable selector, as labels.Selector. */
export interface LabelSelector {
  matches(labels: Labels): boolean;
  /** True when the selector does not restrict anything (Everything). Nothing is not empty. */
  isEmpty(): boolean;
  /** Requirements sorted by key, joined by commas; values of in/notin sorted. */
  toString(): string;
  /** The requirements, sorted by key; none for Nothing (see matchesNothing). */
  requirements(): readonly Requirement[];
  /** A new selector with more requirements, re-sorted by key. */
  add(...reqs: Requirement[]): LabelSelector;
  /** The value the selector requires for key (`key=v`, `key==v`, `key in (v)`), if it requires exactly one. */
  requiresExactMatch(key: string): string | undefined;
}

/** metav1.LabelSelector as it appears in objects (spec.selector of a Deployment, a ReplicaSet...). */
export interface MetaLabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: MetaLabelSelectorRequirement[];
}

export interface MetaLabelSelectorRequirement {
  key: string;
  /** In, NotIn, Exists or DoesNotExist. */
  operator: string;
  values?: string[];
}

/** A bad selector; the message is upstream's. */
export class LabelSelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelSelectorError';
  }
}

const has = (labels: Labels, key: string): labels is Record<string, string> =>
  labels != null && Object.prototype.hasOwnProperty.call(labels, key);

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, int64 range. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > 9223372036854775807n || n < -9223372036854775808n ? undefined : n;
}

const byKey = (a: Requirement, b: Requirement) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sortedStrings = (v: readonly string[]) => [...v].sort();

const child = (path: FieldPath | undefined, name: string) => (path ? path.child(name) : FieldPath.root(name));
const pathText = (path: FieldPath | undefined) => (path ? path.toString() : '<nil>');

function keyError(key: string, path: FieldPath | string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? invalid(path, key, errs.join('; ')) : undefined;
}

/**
 * Builds a checked requirement, as labels.NewRequirement: the key must be a qualified name, in/notin need
 * values, =/==/!= exactly one, exists/! none, gt/lt one integer; every value must be a valid label value.
 */
export function newRequirement(key: string, operator: Operator, values: readonly string[], path?: FieldPath): Requirement {
  const errs: FieldError[] = [];
  const k = keyError(key, child(path, 'key'));
  if (k) errs.push(k);
  const valuePath = child(path, 'values');
  // The values slice as Go prints it with %#v; a nil slice (no values given) prints differently from an empty one.
  const badValues = values.length ? [...values] : new GoRaw('[]string(nil)');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) errs.push(invalid(valuePath, badValues, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) errs.push(invalid(valuePath, badValues, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) errs.push(invalid(valuePath, badValues, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) errs.push(invalid(valuePath, badValues, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(invalid(valuePath.index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(notSupported(child(path, 'operator'), operator, validRequirementOperators));
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length) errs.push(invalid(valuePath.index(i).key(key), v, msgs.join('; ')));
  });
  if (errs.length) throw new LabelSelectorError(aggregate(errs));
  return { key, operator, values: [...values] };
}

/** Whether one requirement holds for a label set; notin and != hold when the key is absent. */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has(labels, r.key) && r.values.includes(labels[r.key]!);
    case 'notin':
    case '!=':
      return !has(labels, r.key) || !r.values.includes(labels[r.key]!);
    case 'exists':
      return has(labels, r.key);
    case '!':
      return !has(labels, r.key);
    case 'gt':
    case 'lt': {
      if (!has(labels, r.key)) return false;
      const actual = parseInt64(labels[r.key]!);
      if (actual === undefined || r.values.length !== 1) return false;
      const wanted = parseInt64(r.values[0]!);
      if (wanted === undefined) return false;
      return r.operator === 'gt' ? actual > wanted : actual < wanted;
    }
    default:
      return false;
  }
}

/** One requirement as upstream's Requirement.String(). */
export function requirementString(r: Requirement): string {
  let s = r.operator === '!' ? `!${r.key}` : r.key;
  switch (r.operator) {
    case 'exists':
    case '!':
      return s;
    case '=':
    case '==':
    case '!=':
      s += r.operator;
      break;
    case 'in':
    case 'notin':
      s += ` ${r.operator} (`;
      break;
    case 'gt':
      s += '>';
      break;
    case 'lt':
      s += '<';
      break;
  }
  s += r.values.length === 1 ? r.values[0] : sortedStrings(r.values).join(',');
  if (r.operator === 'in' || r.operator === 'notin') s += ')';
  return s;
}

class RequirementsSelector implements LabelSelector {
  private readonly reqs: readonly Requirement[];
  constructor(reqs: readonly Requirement[]) {
    this.reqs = [...reqs].sort(byKey);
  }
  matches(labels: Labels): boolean {
    return this.reqs.every((r) => requirementMatches(r, labels));
  }
  isEmpty(): boolean {
    return this.reqs.length === 0;
  }
  toString(): string {
    return this.reqs.map(requirementString).join(',');
  }
  requirements(): readonly Requirement[] {
    return this.reqs;
  }
  add(...reqs: Requirement[]): LabelSelector {
    return new RequirementsSelector([...this.reqs, ...reqs]);
  }
  requiresExactMatch(key: string): string | undefined {
    const r = this.reqs.find((x) => x.key === key);
    if (!r) return undefined;
    return (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1 ? r.values[0] : undefined;
  }
}

const nothingSelector: LabelSelector = {
  matches: () => false,
  isEmpty: () => false,
  toString: () => '',
  requirements: () => [],
  add() {
    return nothingSelector;
  },
  requiresExactMatch: () => undefined,
};

const everythingSelector: LabelSelector = new RequirementsSelector([]);

/** Matches every object (labels.Everything()). */
export const everything = (): LabelSelector => everythingSelector;

/** Matches no object (labels.Nothing()): what a nil metav1.LabelSelector means. */
export const nothing = (): LabelSelector => nothingSelector;

/** True only for the Nothing selector, as labels.MatchesNothing. */
export const matchesNothing = (s: LabelSelector): boolean => s === nothingSelector;

/** A selector from checked requirements (sorted by key for a stable string). */
export const selectorFromRequirements = (reqs: readonly Requirement[]): LabelSelector => new RequirementsSelector(reqs);

/** `k=v` for every pair, unchecked, as labels.SelectorFromSet / SelectorFromValidatedSet (Services, ReplicationControllers). */
export function selectorFromSet(set: Labels): LabelSelector {
  if (!set) return everythingSelector;
  return new RequirementsSelector(Object.keys(set).map((key) => ({ key, operator: Operator.Equals, values: [set[key]!] })));
}

/** As selectorFromSet, but every key and value is checked first (labels.ValidatedSelectorFromSet). */
export function validatedSelectorFromSet(set: Labels): LabelSelector {
  if (!set) return everythingSelector;
  return new RequirementsSelector(Object.keys(set).sort().map((key) => newRequirement(key, Operator.Equals, [set[key]!])));
}

// ---- The string grammar (labels.Parse) ----

/** Lexer tokens, as upstream's Token. */
export const Token = {
  Error: 'Error',
  EndOfString: 'EndOfString',
  ClosedPar: 'ClosedPar',
  Comma: 'Comma',
  DoesNotExist: 'DoesNotExist',
  DoubleEquals: 'DoubleEquals',
  Equals: 'Equals',
  GreaterThan: 'GreaterThan',
  Identifier: 'Identifier',
  In: 'In',
  LessThan: 'LessThan',
  NotEquals: 'NotEquals',
  NotIn: 'NotIn',
  OpenPar: 'OpenPar',
} as const;
export type Token = (typeof Token)[keyof typeof Token];

const string2token: Readonly<Record<string, Token>> = {
  ')': Token.ClosedPar,
  ',': Token.Comma,
  '!': Token.DoesNotExist,
  '==': Token.DoubleEquals,
  '=': Token.Equals,
  '>': Token.GreaterThan,
  in: Token.In,
  '<': Token.LessThan,
  '!=': Token.NotEquals,
  notin: Token.NotIn,
  '(': Token.OpenPar,
};
const tokenOf = (s: string): Token | undefined => (Object.prototype.hasOwnProperty.call(string2token, s) ? string2token[s] : undefined);

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string) => ch.length === 1 && '=!(),><'.includes(ch);
// Upstream reads bytes and returns 0 at the end; a NUL in the input therefore also ends it.
const END = '\0';

/** Splits a selector string into tokens, as upstream's Lexer (exported for its tests). */
export class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  private read(): string {
    if (this.pos < this.s.length) return this.s[this.pos++]!;
    return END;
  }

  private unread(): void {
    this.pos--;
  }

  private scanIdOrKeyword(): [Token, string] {
    let buffer = '';
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
    }
    return [tokenOf(buffer) ?? Token.Identifier, buffer];
  }

  // The longest operator made of special symbols: "!=" rather than "!", "==" rather than "=".
  private scanSpecialSymbol(): [Token, string] {
    let last: [Token, string] | undefined;
    let buffer = '';
    for (;;) {
      const ch = this.read();
      if (ch === END) break;
      if (!isSpecialSymbol(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
      const t = tokenOf(buffer);
      if (t) last = [t, buffer];
      else if (last) {
        this.unread();
        break;
      }
    }
    return last ?? [Token.Error, `error expected: keyword found '${buffer}'`];
  }

  lex(): [Token, string] {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === END) return [Token.EndOfString, ''];
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIdOrKeyword();
  }
}

// In a values context, "in" and "notin" are plain identifiers: `x in (in)` is valid.
type Context = 'KeyAndOperator' | 'Values';

class Parser {
  private items: [Token, string][] = [];
  private position = 0;
  constructor(
    private readonly lexer: Lexer,
    private readonly path: FieldPath | undefined,
  ) {}

  private lookahead(ctx: Context): [Token, string] {
    const [tok, lit] = this.items[this.position]!;
    return [ctx === 'Values' && (tok === Token.In || tok === Token.NotIn) ? Token.Identifier : tok, lit];
  }

  private consume(ctx: Context): [Token, string] {
    const r = this.lookahead(ctx);
    this.position++;
    return r;
  }

  parse(): Requirement[] {
    for (;;) {
      const [t, l] = this.lexer.lex();
      this.items.push([t, l]);
      if (t === Token.EndOfString) break;
    }
    const reqs: Requirement[] = [];
    for (;;) {
      const [tok, lit] = this.lookahead('Values');
      switch (tok) {
        case Token.Identifier:
        case Token.DoesNotExist: {
          try {
            reqs.push(this.parseRequirement());
          } catch (e) {
            if (e instanceof LabelSelectorError) throw new LabelSelectorError(`unable to parse requirement: ${e.message}`);
            throw e;
          }
          const [t, l] = this.consume('Values');
          if (t === Token.EndOfString) return reqs;
          if (t === Token.Comma) {
            const [t2, l2] = this.lookahead('Values');
            if (t2 !== Token.Identifier && t2 !== Token.DoesNotExist) throw new LabelSelectorError(`found '${l2}', expected: identifier after ','`);
            break;
          }
          throw new LabelSelectorError(`found '${l}', expected: ',' or 'end of string'`);
        }
        case Token.EndOfString:
          return reqs;
        default:
          throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred === 'exists' || inferred === '!') return newRequirement(key, inferred, [], this.path);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    // A set: sorted, duplicates gone.
    return newRequirement(key, operator, sortedStrings([...values]), this.path);
  }

  private parseKeyAndInferOperator(): [string, Operator | ''] {
    let operator: Operator | '' = '';
    let [tok, literal] = this.consume('Values');
    if (tok === Token.DoesNotExist) {
      operator = '!';
      [tok, literal] = this.consume('Values');
    }
    if (tok !== Token.Identifier) throw new LabelSelectorError(`found '${literal}', expected: identifier`);
    const err = keyError(literal, pathText(this.path));
    if (err) throw new LabelSelectorError(err.toString());
    const [next] = this.lookahead('Values');
    if ((next === Token.EndOfString || next === Token.Comma) && operator !== '!') operator = 'exists';
    return [literal, operator];
  }

  private parseOperator(): Operator {
    const [tok, lit] = this.consume('KeyAndOperator');
    switch (tok) {
      case Token.In:
        return 'in';
      case Token.Equals:
        return '=';
      case Token.DoubleEquals:
        return '==';
      case Token.GreaterThan:
        return 'gt';
      case Token.LessThan:
        return 'lt';
      case Token.NotIn:
        return 'notin';
      case Token.NotEquals:
        return '!=';
      default:
        throw new LabelSelectorError(`found '${lit}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  private parseValues(): Set<string> {
    const [tok, lit] = this.consume('Values');
    if (tok !== Token.OpenPar) throw new LabelSelectorError(`found '${lit}' expected: '('`);
    const [next, nextLit] = this.lookahead('Values');
    switch (next) {
      case Token.Identifier:
      case Token.Comma: {
        const s = this.parseIdentifiersList();
        // Upstream reports the literal seen after '(' here, not the one that is not ')'.
        if (this.consume('Values')[0] !== Token.ClosedPar) throw new LabelSelectorError(`found '${nextLit}', expected: ')'`);
        return s;
      }
      case Token.ClosedPar:
        this.consume('Values');
        return new Set(['']);
      default:
        throw new LabelSelectorError(`found '${nextLit}', expected: ',', ')' or identifier`);
    }
  }

  // A comma-separated list of possibly empty identifiers: `(a,,b)` and `(,a)` hold "".
  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const [tok, lit] = this.consume('Values');
      switch (tok) {
        case Token.Identifier: {
          s.add(lit);
          const [t2, l2] = this.lookahead('Values');
          if (t2 === Token.Comma) continue;
          if (t2 === Token.ClosedPar) return s;
          throw new LabelSelectorError(`found '${l2}', expected: ',' or ')'`);
        }
        case Token.Comma: {
          if (s.size === 0) s.add('');
          const [t2] = this.lookahead('Values');
          if (t2 === Token.ClosedPar) {
            s.add('');
            return s;
          }
          if (t2 === Token.Comma) {
            this.consume('Values');
            s.add('');
          }
          continue;
        }
        default:
          throw new LabelSelectorError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const [next] = this.lookahead('Values');
    if (next === Token.EndOfString || next === Token.Comma) return new Set(['']);
    const [tok, lit] = this.consume('Values');
    if (tok === Token.Identifier) return new Set([lit]);
    throw new LabelSelectorError(`found '${lit}', expected: identifier`);
  }
}

/** The requirements of a selector string, sorted by key, as labels.ParseToRequirements. Throws LabelSelectorError. */
export function parseToRequirements(selector: string, path?: FieldPath): Requirement[] {
  return new Parser(new Lexer(selector), path).parse().sort(byKey);
}

/**
 * Parses `-l` / `labelSelector` syntax, as labels.Parse:
 * `x=a`, `x==a`, `x!=a`, `x in (a,b)`, `x notin (a)`, `x`, `!x`, `x>1`, `x<1`, comma-separated. Throws LabelSelectorError.
 */
export function parseLabelSelector(selector: string, path?: FieldPath): LabelSelector {
  return new RequirementsSelector(parseToRequirements(selector, path));
}

// ---- metav1.LabelSelector ----

const metaOperators: Readonly<Record<string, Operator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/**
 * A metav1.LabelSelector as a selector, as metav1.LabelSelectorAsSelector: undefined/null selects nothing,
 * `{}` selects everything. Throws LabelSelectorError with upstream's message for a bad key, value or operator.
 */
export function labelSelectorAsSelector(ps: MetaLabelSelector | null | undefined): LabelSelector {
  if (ps == null) return nothingSelector;
  const matchLabels = ps.matchLabels ?? {};
  const exprs = ps.matchExpressions ?? [];
  if (Object.keys(matchLabels).length + exprs.length === 0) return everythingSelector;
  const reqs: Requirement[] = [];
  // Upstream walks a Go map (random order); sorted keys make the first error reported deterministic.
  for (const k of Object.keys(matchLabels).sort()) reqs.push(newRequirement(k, Operator.Equals, [matchLabels[k]!]));
  for (const expr of exprs) {
    const op = Object.prototype.hasOwnProperty.call(metaOperators, expr.operator) ? metaOperators[expr.operator] : undefined;
    if (!op) throw new LabelSelectorError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    reqs.push(newRequirement(expr.key, op, expr.values ?? []));
  }
  return new RequirementsSelector(reqs);
}

/** Whether a metav1.LabelSelector selects a label set; a bad selector selects nothing (as controllers treat it). */
export function labelSelectorMatches(ps: MetaLabelSelector | null | undefined, labels: Labels): boolean {
  try {
    return labelSelectorAsSelector(ps).matches(labels);
  } catch (e) {
    if (e instanceof LabelSelectorError) return false;
    throw e;
  }
}

/** A metav1.LabelSelector as kubectl prints it (SELECTOR columns, describe): `app=web`, `<none>`, or `<error>`. */
export function formatLabelSelector(ps: MetaLabelSelector | null | undefined): string {
  let s: string;
  try {
    s = labelSelectorAsSelector(ps).toString();
  } catch (e) {
    if (e instanceof LabelSelectorError) return '<error>';
    throw e;
  }
  return s.length ? s : '<none>';
}

/** A selector string as a metav1.LabelSelector, as metav1.ParseToLabelSelector (kubectl create pdb --selector). */
export function parseToLabelSelector(selector: string): MetaLabelSelector {
  let reqs: Requirement[];
  try {
    reqs = parseToRequirements(selector);
  } catch (e) {
    if (e instanceof LabelSelectorError) throw new LabelSelectorError(`couldn't parse the selector string "${selector}": ${e.message}`);
    throw e;
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: MetaLabelSelectorRequirement[] = [];
  const metaOf: Partial<Record<Operator, string>> = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' };
  for (const r of reqs) {
    if (r.operator === '=' || r.operator === '==') {
      if (r.values.length !== 1) throw new LabelSelectorError('equals operator must have exactly one value');
      matchLabels[r.key] = r.values[0]!;
      continue;
    }
    if (r.operator === 'gt' || r.operator === 'lt') throw new LabelSelectorError(`${goQuote(r.operator)} isn't supported in label selectors`);
    const op = metaOf[r.operator];
    if (!op) throw new LabelSelectorError(`${goQuote(r.operator)} is not a valid label selector operator`);
    const values = [...new Set(r.values)].sort();
    matchExpressions.push(values.length ? { key: r.key, operator: op, values } : { key: r.key, operator: op });
  }
  // As the JSON form: omitempty drops empty matchLabels and matchExpressions.
  const out: MetaLabelSelector = {};
  if (Object.keys(matchLabels).length) out.matchLabels = matchLabels;
  if (matchExpressions.length) out.matchExpressions = matchExpressions;
  return out;
}

/**
 * A metav1.LabelSelector as a plain map, as metav1.LabelSelectorAsMap (kubectl expose turns a Deployment's
 * selector into a Service's). Only `In` with one value converts; other operators throw.
 */
export function labelSelectorAsMap(ps: MetaLabelSelector | null | undefined): Record<string, string> | undefined {
  if (ps == null) return undefined;
  const out: Record<string, string> = { ...(ps.matchLabels ?? {}) };
  for (const expr of ps.matchExpressions ?? []) {
    switch (expr.operator) {
      case 'In':
        if ((expr.values ?? []).length !== 1) {
          throw new LabelSelectorError(`operator ${goQuote(expr.operator)} without a single value cannot be converted into the old label selector format`);
        }
        out[expr.key] = expr.values![0]!;
        break;
      case 'NotIn':
      case 'Exists':
      case 'DoesNotExist':
        throw new LabelSelectorError(`operator ${goQuote(expr.operator)} cannot be converted into the old label selector format`);
      default:
        throw new LabelSelectorError(`${goQuote(expr.operator)} is not a valid selector operator`);
    }
  }
  return out;
}

/** Options of validateLabelSelector, as metav1validation.LabelSelectorValidationOptions. */
export interface LabelSelectorValidationOptions {
  /** Only for old objects that already hold invalid values. */
  allowInvalidLabelValueInSelector?: boolean;
  allowUnknownOperatorInRequirement?: boolean;
}

/** API validation of a metav1.LabelSelector field, as metav1validation.ValidateLabelSelector. */
export function validateLabelSelector(
  ps: MetaLabelSelector | null | undefined,
  opts: LabelSelectorValidationOptions,
  fldPath: FieldPath,
): FieldError[] {
  if (ps == null) return [];
  const errs = validateLabels(ps.matchLabels, fldPath.child('matchLabels'));
  (ps.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, opts, fldPath.child('matchExpressions').index(i)));
  });
  return errs;
}

/** One matchExpressions entry, as metav1validation.ValidateLabelSelectorRequirement. */
export function validateLabelSelectorRequirement(
  sr: MetaLabelSelectorRequirement,
  opts: LabelSelectorValidationOptions,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(required(fldPath.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(fldPath.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      if (!opts.allowUnknownOperatorInRequirement) errs.push(invalid(fldPath.child('operator'), sr.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(sr.key, fldPath.child('key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(fldPath.child('values').index(i), v, msg));
    });
  }
  return errs;
}
