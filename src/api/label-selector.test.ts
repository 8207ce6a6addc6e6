import { FieldPath } from './field-error.js';
import {
  everything,
  formatLabelSelector,
  labelSelectorAsMap,
  labelSelectorAsSelector,
  labelSelectorMatches,
  LabelSelectorError,
  Lexer,
  matchesNothing,
  newRequirement,
  nothing,
  Operator,
  parseLabelSelector,
  parseToLabelSelector,
  parseToRequirements,
  requirementMatches,
  selectorFromRequirements,
  selectorFromSet,
  Token,
  validatedSelectorFromSet,
  validateLabelSelector,
  type MetaLabelSelector,
  type Requirement,
} from './label-selector.js';

const req = (key: string, operator: Operator, ...values: string[]): Requirement => newRequirement(key, operator, values);
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof LabelSelectorError) return e.message;
    throw e;
  }
  throw new Error('expected a LabelSelectorError');
};

// Upstream's validation texts, as kubectl v1.32 prints them.
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('parsing (upstream TestSelectorParse)', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'])(
    'the good selector %j prints back as written without its spaces',
    (s) => {
      expect(parseLabelSelector(s).toString()).toBe(s.replace(/ /g, ''));
    },
  );

  it.each(['x=a||y=b', 'x==a==b', '!x=a', 'x<a'])('the bad selector %j is refused', (s) => {
    expect(() => parseLabelSelector(s)).toThrow(LabelSelectorError);
  });

  it('parsing is deterministic: the same requirements in another order print the same', () => {
    expect(parseLabelSelector('x=a,a=x').toString()).toBe(parseLabelSelector('a=x,x=a').toString());
  });
});

describe('matching (upstream TestSelectorMatches)', () => {
  const labelset = { foo: 'bar', baz: 'blah' };
  it.each([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['foo=bar', labelset, true],
    ['baz=blah', labelset, true],
    ['foo=bar,baz=blah', labelset, true],
    ['foo=blah', labelset, false],
    ['baz=bar', labelset, false],
    ['foo=bar,foobar=bar,baz=blah', labelset, false],
  ])('%j against %j matches: %s', (selector, labels, want) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(want);
  });
});

describe('matching semantics', () => {
  it.each([
    ['a notin requirement matches an object that lacks the key', 'env notin (prod)', { app: 'web' }, true],
    ['a != requirement matches an object that lacks the key', 'env!=prod', undefined, true],
    ['a notin requirement does not match a listed value', 'env notin (prod,qa)', { env: 'qa' }, false],
    ['an in requirement needs the key', 'env in (prod)', {}, false],
    ['an in requirement matches any listed value', 'env in (prod,qa)', { env: 'qa' }, true],
    ['an exists requirement matches an empty value', 'env', { env: '' }, true],
    ['"key=" selects the empty value, not a missing key', 'env=', {}, false],
    ['"key in ()" selects the empty value', 'env in ()', { env: '' }, true],
    ['a gt requirement does not match a value that is not an integer', 'rank>1', { rank: 'v2' }, false],
    ['a gt requirement does not match a missing key', 'rank>1', {}, false],
    ['a lt requirement accepts a signed value', 'rank<0', { rank: '-5' }, true],
    ['a gt requirement compares 64-bit integers exactly', 'n>9007199254740992', { n: '9007199254740993' }, true],
    ['a label value beyond int64 is not an integer', 'n>1', { n: '9223372036854775808' }, false],
    ['an object with no labels matches a does-not-exist requirement', '!env', undefined, true],
    ['inherited properties are not labels', 'constructor', {}, false],
  ])('%s', (_name, selector, labels, want) => {
    expect(parseLabelSelector(selector).matches(labels)).toBe(want);
  });
});

describe('the lexer (upstream TestLexer, TestLexerSequence)', () => {
  it.each([
    ['', Token.EndOfString],
    [',', Token.Comma],
    ['notin', Token.NotIn],
    ['in', Token.In],
    ['=', Token.Equals],
    ['==', Token.DoubleEquals],
    ['>', Token.GreaterThan],
    ['<', Token.LessThan],
    ['!', Token.DoesNotExist],
    ['!=', Token.NotEquals],
    ['(', Token.OpenPar],
    [')', Token.ClosedPar],
    ['~', Token.Identifier],
    ['||', Token.Identifier],
  ])('%j lexes as %s with itself as literal', (s, want) => {
    expect(new Lexer(s).lex()).toEqual([want, s]);
  });

  const I = Token.Identifier;
  it.each([
    ['key in ( value )', [I, Token.In, Token.OpenPar, I, Token.ClosedPar]],
    ['key notin ( value )', [I, Token.NotIn, Token.OpenPar, I, Token.ClosedPar]],
    ['key in ( value1, value2 )', [I, Token.In, Token.OpenPar, I, Token.Comma, I, Token.ClosedPar]],
    ['key', [I]],
    ['!key', [Token.DoesNotExist, I]],
    ['()', [Token.OpenPar, Token.ClosedPar]],
    ['x in (),y', [I, Token.In, Token.OpenPar, Token.ClosedPar, Token.Comma, I]],
    ['== != (), = notin', [Token.DoubleEquals, Token.NotEquals, Token.OpenPar, Token.ClosedPar, Token.Comma, Token.Equals, Token.NotIn]],
    ['key>2', [I, Token.GreaterThan, I]],
    ['key<1', [I, Token.LessThan, I]],
  ])('%j lexes as the expected token sequence', (s, want) => {
    const lexer = new Lexer(s);
    const got: Token[] = [];
    for (let [t] = lexer.lex(); t !== Token.EndOfString; [t] = lexer.lex()) got.push(t);
    expect(got).toEqual(want);
  });
});

describe('requirements (upstream TestRequirementConstructor)', () => {
  it.each([
    ['x', Operator.In, [], false],
    ['x', Operator.NotIn, [], false],
    ['x', Operator.In, ['foo'], true],
    ['x', Operator.NotIn, ['foo'], true],
    ['x', Operator.Exists, [], true],
    ['x', Operator.DoesNotExist, [], true],
    ['1foo', Operator.In, ['bar'], true],
    ['1234', Operator.In, ['bar'], true],
    ['y', Operator.GreaterThan, ['1'], true],
    ['z', Operator.LessThan, ['6'], true],
    ['foo', Operator.GreaterThan, ['bar'], false],
    ['barz', Operator.LessThan, ['blah'], false],
    ['a'.repeat(254), Operator.Exists, [], false],
  ])('key %j with operator %j and values %j is valid: %s', (key, op, values, ok) => {
    if (ok) expect(newRequirement(key, op, values)).toEqual({ key, operator: op, values });
    else expect(() => newRequirement(key, op, values)).toThrow(LabelSelectorError);
  });

  it.each([
    ['an in requirement without values', () => newRequirement('x', Operator.In, []), "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    ['an equals requirement with two values', () => newRequirement('x', Operator.Equals, ['a', 'b']), 'values: Invalid value: []string{"a", "b"}: exact-match compatibility requires one single value'],
    ['an exists requirement with a value', () => newRequirement('x', Operator.Exists, ['a']), 'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist'],
    ['a gt requirement with two values', () => newRequirement('x', Operator.GreaterThan, ['1', '2']), `values: Invalid value: []string{"1", "2"}: for 'Gt', 'Lt' operators, exactly one value is required`],
    ['a bad key', () => newRequirement('-x', Operator.Exists, []), `key: Invalid value: "-x": ${NAME_PART}`],
    ['an unknown operator', () => newRequirement('x', 'like' as Operator, []), 'operator: Unsupported value: "like": supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"'],
    [
      'a bad key and a bad value together, aggregated',
      () => newRequirement('-x', Operator.Equals, ['-v']),
      `[key: Invalid value: "-x": ${NAME_PART}, values[0][-x]: Invalid value: "-v": ${LABEL_VALUE}]`,
    ],
    ['a path given by the caller', () => newRequirement('x', Operator.In, [], FieldPath.root('spec', 'selector')), "spec.selector.values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
  ])('%s is refused with upstream message', (_name, fn, want) => {
    expect(errorOf(fn)).toBe(want);
  });
});

describe('printing (upstream TestToString)', () => {
  it.each([
    [[req('x', Operator.In, 'abc', 'def'), req('y', Operator.NotIn, 'jkl'), req('z', Operator.Exists)], 'x in (abc,def),y notin (jkl),z'],
    [[req('x', Operator.NotIn, 'abc', 'def'), req('y', Operator.NotEquals, 'jkl'), req('z', Operator.DoesNotExist)], 'x notin (abc,def),y!=jkl,!z'],
    [[req('x', Operator.NotIn, 'abc'), req('y', Operator.In, 'jkl', 'mno'), req('z', Operator.NotIn, '')], 'x notin (abc),y in (jkl,mno),z notin ()'],
    [[req('x', Operator.Equals, 'abc'), req('y', Operator.DoubleEquals, 'jkl'), req('z', Operator.NotEquals, 'a'), req('z', Operator.Exists)], 'x=abc,y==jkl,z!=a,z'],
    [[req('x', Operator.GreaterThan, '2'), req('y', Operator.LessThan, '8'), req('z', Operator.Exists)], 'x>2,y<8,z'],
  ])('%j prints as %j', (reqs, want) => {
    expect(selectorFromRequirements(reqs).toString()).toBe(want);
  });

  it('requirements are sorted by key and in-values sorted when printed, without reordering the stored values', () => {
    const s = selectorFromRequirements([req('tier', Operator.In, 'web', 'api'), req('app', Operator.Exists)]);
    expect(s.toString()).toBe('app,tier in (api,web)');
    expect(s.requirements()[1]!.values).toEqual(['web', 'api']);
  });

  it('adding a requirement returns a new selector sorted by key (upstream TestAdd)', () => {
    const a = selectorFromRequirements([req('key', Operator.In, 'value')]);
    const b = a.add(req('a', Operator.Equals, 'v'));
    expect(b.toString()).toBe('a=v,key in (value)');
    expect(a.toString()).toBe('key in (value)');
  });
});

describe('requirement matching (upstream TestRequirementSelectorMatching)', () => {
  it.each([
    [{ x: 'foo', y: 'baz' }, [req('x', Operator.In, 'foo'), req('y', Operator.NotIn, 'alpha')], true],
    [{ x: 'foo', y: 'baz' }, [req('x', Operator.In, 'foo'), req('y', Operator.In, 'alpha')], false],
    [{ y: '' }, [req('x', Operator.NotIn, ''), req('y', Operator.Exists)], true],
    [{ y: '' }, [req('x', Operator.DoesNotExist), req('y', Operator.Exists)], true],
    [{ y: '' }, [req('x', Operator.NotIn, ''), req('y', Operator.DoesNotExist)], false],
    [{ y: 'baz' }, [req('x', Operator.In, '')], false],
    [{ z: '2' }, [req('z', Operator.GreaterThan, '1')], true],
    [{ z: 'v2' }, [req('z', Operator.GreaterThan, '1')], false],
  ])('%j against %j matches: %s', (labels, reqs, want) => {
    expect(selectorFromRequirements(reqs).matches(labels)).toBe(want);
    expect(reqs.every((r) => requirementMatches(r, labels))).toBe(want);
  });
});

describe('the set grammar (upstream TestSetSelectorParser)', () => {
  const r = (key: string, operator: Operator, ...values: string[]) => ({ key, operator, values });
  it.each([
    ['', []],
    ['\rx', [r('x', 'exists')]],
    ['this-is-a-dns.domain.com/key-with-dash', [r('this-is-a-dns.domain.com/key-with-dash', 'exists')]],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', [r('this-is-another-dns.domain.com/key-with-dash', 'in', 'so', 'what')]],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', [r('0.1.2.domain/99', 'notin', '10.10.100.1', 'tick.tack.clock')]],
    ['foo  in\t (abc)', [r('foo', 'in', 'abc')]],
    ['x notin\n (abc)', [r('x', 'notin', 'abc')]],
    ['x  notin\t\t\t(abc,def)', [r('x', 'notin', 'abc', 'def')]],
    ['x in (abc,def)', [r('x', 'in', 'abc', 'def')]],
    ['x in (abc,)', [r('x', 'in', '', 'abc')]],
    ['x in ()', [r('x', 'in', '')]],
    ['x notin (abc,def),bar,z in (),w', [r('bar', 'exists'), r('w', 'exists'), r('x', 'notin', 'abc', 'def'), r('z', 'in', '')]],
    ['x,y in (a)', [r('x', 'exists'), r('y', 'in', 'a')]],
    ['x,y', [r('x', 'exists'), r('y', 'exists')]],
    ['x=a', [r('x', '=', 'a')]],
    ['x>1', [r('x', 'gt', '1')]],
    ['x<7', [r('x', 'lt', '7')]],
    ['x=a,y!=b', [r('x', '=', 'a'), r('y', '!=', 'b')]],
    ['x=a,y!=b,z in (h,i,j)', [r('x', '=', 'a'), r('y', '!=', 'b'), r('z', 'in', 'h', 'i', 'j')]],
    ['x notin ( )', [r('x', 'notin', '')]],
    ['x notin (, a)', [r('x', 'notin', '', 'a')]],
    ['a ', [r('a', 'exists')]],
    ['a in (x,y,notin, z,in)', [r('a', 'in', 'in', 'notin', 'x', 'y', 'z')]],
    // Parsed as kubectl v1.32 parses them (seen through `kubectl create pdb --selector`).
    ['x in (a,,b)', [r('x', 'in', '', 'a', 'b')]],
    ['x in (,,a)', [r('x', 'in', '', 'a')]],
    ['x in (b,a,b)', [r('x', 'in', 'a', 'b')]],
    ['in in (in)', [r('in', 'in', 'in')]],
    ['x in (a),x notin (b)', [r('x', 'in', 'a'), r('x', 'notin', 'b')]],
  ])('%j parses to the expected requirements', (s, want) => {
    expect(parseToRequirements(s)).toEqual(want);
  });

  it.each(['x=a||y=b', ',x,y', 'x nott in (y)', 'a in (xyz),', 'a in (xyz)b notin ()', 'a in (xyz abc)', 'a notin(', 'a (', '('])(
    '%j is refused',
    (s) => {
      expect(() => parseLabelSelector(s)).toThrow(LabelSelectorError);
    },
  );
});

describe('parse errors carry the messages kubectl v1.32 prints', () => {
  it.each([
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
    ['x>a', `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['x<', `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`],
    [
      'Ab/x=y',
      "unable to parse requirement: <nil>: Invalid value: \"Ab/x\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ],
    [
      'a/b/c',
      "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ],
    ['-x', `unable to parse requirement: <nil>: Invalid value: "-x": ${NAME_PART}`],
    ['x=-a', `unable to parse requirement: values[0][x]: Invalid value: "-a": ${LABEL_VALUE}`],
    ['x=é', `unable to parse requirement: values[0][x]: Invalid value: "é": ${LABEL_VALUE}`],
    ['x=' + 'a'.repeat(64), `unable to parse requirement: values[0][x]: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`],
    [
      'x>-a',
      `unable to parse requirement: [values[0]: Invalid value: "-a": for 'Gt', 'Lt' operators, the value must be an integer, values[0][x]: Invalid value: "-a": ${LABEL_VALUE}]`,
    ],
    [
      'x in (-a,-b)',
      `unable to parse requirement: [values[0][x]: Invalid value: "-a": ${LABEL_VALUE}, values[1][x]: Invalid value: "-b": ${LABEL_VALUE}]`,
    ],
    ['x in (b,-a)', `unable to parse requirement: values[0][x]: Invalid value: "-a": ${LABEL_VALUE}`],
    ['x in (,,)', "unable to parse requirement: found ')', expected: ',', or identifier"],
    ['x in (a,,)', "unable to parse requirement: found ')', expected: ',', or identifier"],
    ['x!', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
    ['x)', "unable to parse requirement: found ')', expected: in, notin, =, ==, !=, gt, lt"],
    ['x!=a,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['x,,y', "found ',', expected: identifier after ','"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in', "unable to parse requirement: found '' expected: '('"],
    ['x notin (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['!=', "found '!=', expected: !, identifier, or 'end of string'"],
    ['x=(a)', "unable to parse requirement: found '(', expected: identifier"],
    ['x!==a', "unable to parse requirement: found '=', expected: identifier"],
    ['x=!a', "unable to parse requirement: found '!', expected: identifier"],
    ['x>=1', "unable to parse requirement: found '=', expected: identifier"],
    ['(', "found '(', expected: !, identifier, or 'end of string'"],
    ['x==a==b', "found '==', expected: ',' or 'end of string'"],
    ['!!x', "unable to parse requirement: found '!', expected: identifier"],
    ['x in ((', "unable to parse requirement: found '(', expected: ',', ')' or identifier"],
    ['x in (a=)', "unable to parse requirement: found '=', expected: ',' or ')'"],
    ['x<1<2', "found '<', expected: ',' or 'end of string'"],
  ])('%j fails with upstream message', (s, want) => {
    expect(errorOf(() => parseLabelSelector(s))).toBe(want);
  });

  it('a caller path prefixes the key and value errors', () => {
    expect(errorOf(() => parseLabelSelector('-x', FieldPath.root('labelSelector')))).toBe(`unable to parse requirement: labelSelector: Invalid value: "-x": ${NAME_PART}`);
    expect(errorOf(() => parseLabelSelector('x=-a', FieldPath.root('labelSelector')))).toBe(
      `unable to parse requirement: labelSelector.values[0][x]: Invalid value: "-a": ${LABEL_VALUE}`,
    );
  });
});

describe('Everything and Nothing', () => {
  it('Everything matches all labels and is empty', () => {
    expect(everything().matches({ x: 'y' })).toBe(true);
    expect(everything().matches(undefined)).toBe(true);
    expect(everything().isEmpty()).toBe(true);
    expect(everything().toString()).toBe('');
  });

  it('Nothing matches no labels, is not empty, and stays Nothing when requirements are added', () => {
    expect(nothing().matches({})).toBe(false);
    expect(nothing().isEmpty()).toBe(false);
    expect(nothing().toString()).toBe('');
    expect(matchesNothing(nothing().add(req('x', Operator.Exists)))).toBe(true);
    expect(matchesNothing(everything())).toBe(false);
  });

  it('an empty set selects everything and a set selects its pairs exactly (upstream TestSetMatches)', () => {
    const labelset = { foo: 'bar', baz: 'blah' };
    expect(selectorFromSet({}).isEmpty()).toBe(true);
    expect(selectorFromSet(undefined).matches(labelset)).toBe(true);
    expect(selectorFromSet({ foo: 'bar' }).matches(labelset)).toBe(true);
    expect(selectorFromSet({ foo: 'bar', baz: 'blah' }).matches(labelset)).toBe(true);
    expect(selectorFromSet({ foo: 'bar', baz: 'x' }).matches(labelset)).toBe(false);
    expect(selectorFromSet({ tier: 'web', app: 'shop' }).toString()).toBe('app=shop,tier=web');
  });

  it('a validated set refuses a bad value', () => {
    expect(errorOf(() => validatedSelectorFromSet({ app: '-web' }))).toBe(`values[0][app]: Invalid value: "-web": ${LABEL_VALUE}`);
  });

  it('requiresExactMatch reports the one value an equality or single-value in demands', () => {
    const s = parseLabelSelector('app=web,tier in (a),env in (a,b),x!=y');
    expect(s.requiresExactMatch('app')).toBe('web');
    expect(s.requiresExactMatch('tier')).toBe('a');
    expect(s.requiresExactMatch('env')).toBeUndefined();
    expect(s.requiresExactMatch('x')).toBeUndefined();
    expect(s.requiresExactMatch('missing')).toBeUndefined();
  });
});

describe('metav1.LabelSelector', () => {
  it.each<[string, MetaLabelSelector | null | undefined, Record<string, string> | undefined, boolean]>([
    ['a missing selector selects nothing', undefined, { app: 'web' }, false],
    ['a null selector selects nothing', null, {}, false],
    ['an empty selector selects everything', {}, { app: 'web' }, true],
    ['an empty selector selects an object without labels', { matchLabels: {}, matchExpressions: [] }, undefined, true],
    ['matchLabels must all hold', { matchLabels: { app: 'web', tier: 'fe' } }, { app: 'web' }, false],
    ['NotIn matches an object that lacks the key', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, { app: 'web' }, true],
    ['DoesNotExist refuses an object with the key', { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] }, { env: '' }, false],
    ['matchLabels and matchExpressions are ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['qa', 'prod'] }] }, { app: 'web', env: 'qa' }, true],
    ['a selector with a bad operator selects nothing', { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['a'] }] }, { env: 'a' }, false],
  ])('%s', (_name, ps, labels, want) => {
    expect(labelSelectorMatches(ps, labels)).toBe(want);
  });

  it.each<[string, MetaLabelSelector, string]>([
    ['an unknown operator', { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['a'] }] }, '"Equals" is not a valid label selector operator'],
    ['a lower-case operator', { matchExpressions: [{ key: 'env', operator: 'in', values: ['a'] }] }, '"in" is not a valid label selector operator'],
    ['In without values', { matchExpressions: [{ key: 'env', operator: 'In' }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    ['In with an empty values list', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: [] }] }, "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"],
    ['Exists with values', { matchExpressions: [{ key: 'env', operator: 'Exists', values: ['a'] }] }, 'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist'],
    ['a bad matchLabels key', { matchLabels: { 'a b': 'c' } }, `key: Invalid value: "a b": ${NAME_PART}`],
    ['a bad matchLabels value', { matchLabels: { app: 'a b' } }, `values[0][app]: Invalid value: "a b": ${LABEL_VALUE}`],
  ])('%s is refused with upstream message', (_name, ps, want) => {
    expect(errorOf(() => labelSelectorAsSelector(ps))).toBe(want);
  });

  it.each<[MetaLabelSelector | undefined, string]>([
    [{ matchLabels: { tier: 'fe', app: 'web' } }, 'app=web,tier=fe'],
    [{ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['qa', 'dev'] }, { key: 'canary', operator: 'DoesNotExist' }] }, 'app=web,!canary,env notin (dev,qa)'],
    [{}, '<none>'],
    [undefined, '<none>'],
    [{ matchExpressions: [{ key: 'env', operator: 'Bad' }] }, '<error>'],
  ])('%j is printed by kubectl as %j', (ps, want) => {
    expect(formatLabelSelector(ps)).toBe(want);
  });

  it.each<[string, MetaLabelSelector]>([
    // As `kubectl create pdb --selector=...` prints them (v1.32).
    [
      'x notin (abc,def),bar,z in (),w,!q,k=v,k2==v2',
      {
        matchLabels: { k: 'v', k2: 'v2' },
        matchExpressions: [
          { key: 'bar', operator: 'Exists' },
          { key: 'q', operator: 'DoesNotExist' },
          { key: 'w', operator: 'Exists' },
          { key: 'x', operator: 'NotIn', values: ['abc', 'def'] },
          { key: 'z', operator: 'In', values: [''] },
        ],
      },
    ],
    ['x=,y= ', { matchLabels: { x: '', y: '' } }],
    ['', {}],
  ])('the selector string %j converts to the expected metav1.LabelSelector', (s, want) => {
    expect(parseToLabelSelector(s)).toEqual(want);
  });

  it.each([
    ['x>1', `"gt" isn't supported in label selectors`],
    ['x!=a', '"!=" is not a valid label selector operator'],
    ['x in (a', `couldn't parse the selector string "x in (a": unable to parse requirement: found '', expected: ',' or ')'`],
  ])('the selector string %j cannot become a metav1.LabelSelector', (s, want) => {
    expect(errorOf(() => parseToLabelSelector(s))).toBe(want);
  });

  it('a selector of matchLabels and single-value In converts to a map; other operators do not', () => {
    expect(labelSelectorAsMap({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }] })).toEqual({ app: 'web', tier: 'fe' });
    expect(labelSelectorAsMap(undefined)).toBeUndefined();
    expect(errorOf(() => labelSelectorAsMap({ matchExpressions: [{ key: 'x', operator: 'In', values: ['a', 'b'] }] }))).toBe(
      'operator "In" without a single value cannot be converted into the old label selector format',
    );
    expect(errorOf(() => labelSelectorAsMap({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }))).toBe(
      'operator "Exists" cannot be converted into the old label selector format',
    );
  });
});

describe('API validation of a metav1.LabelSelector', () => {
  const at = FieldPath.root('spec', 'selector');
  it.each<[string, MetaLabelSelector, string[]]>([
    ['a good selector has no errors', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['qa'] }] }, []],
    ['In requires values', { matchExpressions: [{ key: 'env', operator: 'In' }] }, ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"]],
    [
      'Exists forbids values',
      { matchExpressions: [{ key: 'env', operator: 'Exists', values: ['a'] }] },
      ["spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"],
    ],
    ['an unknown operator is invalid', { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['a'] }] }, ['spec.selector.matchExpressions[0].operator: Invalid value: "Equals": not a valid selector operator']],
    [
      'a bad key and a bad value are reported at their paths',
      { matchExpressions: [{ key: '-env', operator: 'In', values: ['ok', '-v'] }] },
      [`spec.selector.matchExpressions[0].key: Invalid value: "-env": ${NAME_PART}`, `spec.selector.matchExpressions[0].values[1]: Invalid value: "-v": ${LABEL_VALUE}`],
    ],
    ['a bad matchLabels value is reported at matchLabels', { matchLabels: { app: '-web' } }, [`spec.selector.matchLabels: Invalid value: "-web": ${LABEL_VALUE}`]],
  ])('%s', (_name, ps, want) => {
    expect(validateLabelSelector(ps, {}, at).map(String)).toEqual(want);
  });

  it('options allow unknown operators and invalid values for old objects', () => {
    const ps = { matchExpressions: [{ key: 'env', operator: 'Equals', values: ['-v'] }] };
    expect(validateLabelSelector(ps, { allowUnknownOperatorInRequirement: true, allowInvalidLabelValueInSelector: true }, at)).toEqual([]);
  });
});
