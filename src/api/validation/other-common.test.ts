import { FieldPath } from '../field-error.js';
import {
  goLabelSelector,
  intOrPercentValue,
  invalidOmitValue,
  isDomainPrefixedPath,
  selectorIsEmpty,
  selectorMatches,
  validateImmutableSelector,
  validatePositiveIntOrPercent,
} from './other-common.js';

const p = FieldPath.root('f');

describe('goLabelSelector', () => {
  it.each<[string, unknown, string]>([
    ['a missing selector prints nil maps and slices', undefined, 'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}'],
    ['matchLabels print sorted', { matchLabels: { b: '2', a: '1' } }, 'v1.LabelSelector{MatchLabels:map[string]string{"a":"1", "b":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}'],
    [
      'expressions print as structs',
      { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }, { key: 'x', operator: 'Exists' }] },
      'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"NotIn", Values:[]string{"db"}}, v1.LabelSelectorRequirement{Key:"x", Operator:"Exists", Values:[]string(nil)}}}',
    ],
  ])('%s', (_name, sel, expected) => {
    expect(goLabelSelector(sel).text).toBe(expected);
  });
});

describe('selectors', () => {
  it.each<[string, unknown, unknown, boolean]>([
    ['a nil selector matches nothing', undefined, { a: '1' }, false],
    ['an empty selector matches everything', {}, { a: '1' }, true],
    ['matchLabels must all be present', { matchLabels: { a: '1', b: '2' } }, { a: '1' }, false],
    ['NotIn matches a missing key', { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {}, true],
    ['a broken selector matches nothing', { matchExpressions: [{ key: 'a', operator: 'Has' }] }, { a: '1' }, false],
  ])('%s', (_name, sel, labels, expected) => {
    expect(selectorMatches(sel, labels)).toBe(expected);
  });

  it('only {} is empty; nil is not', () => {
    expect([selectorIsEmpty({}), selectorIsEmpty(undefined), selectorIsEmpty({ matchLabels: { a: '1' } })]).toEqual([true, false, false]);
  });

  it('an immutable selector compares by meaning, not by empty maps', () => {
    expect(validateImmutableSelector({ matchLabels: { a: '1' }, matchExpressions: [] }, { matchLabels: { a: '1' } }, p)).toEqual([]);
    expect(validateImmutableSelector({ matchLabels: { a: '2' } }, { matchLabels: { a: '1' } }, p).map(String)).toEqual([
      'f: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});

describe('int or percent', () => {
  it.each<[string, unknown, number]>([
    ['a number is itself', 3, 3],
    ['a percentage is its number', '25%', 25],
    ['a missing value is 0', undefined, 0],
    ['a bad string is 0, as IntValue', 'x', 0],
  ])('%s', (_name, v, expected) => {
    expect(intOrPercentValue(v)).toBe(expected);
  });

  it('a missing value validates as the int 0', () => {
    expect(validatePositiveIntOrPercent(undefined, p)).toEqual([]);
  });
});

describe('isDomainPrefixedPath', () => {
  it.each<[string, string, string[]]>([
    ['a domain and a path are fine', 'example.com/controller', []],
    ['empty is required', '', ['f: Required value']],
    ['no slash is not a domain-prefixed path', 'example.com', ['f: Invalid value: "example.com": must be a domain-prefixed path (such as "acme.io/foo")']],
    [
      'the domain must be a DNS subdomain',
      'Example.com/x',
      [
        "f: Invalid value: \"Example.com\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    ['the path may not hold spaces', 'example.com/a b', ["f: Invalid value: \"a b\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"]],
  ])('%s', (_name, value, expected) => {
    expect(isDomainPrefixedPath(p, value).map(String)).toEqual(expected);
  });
});

describe('invalidOmitValue', () => {
  it('prints no value, as field.OmitValueType', () => {
    const e = invalidOmitValue(p, 'cannot do that');
    expect([String(e), e.body(), e.type]).toEqual(['f: Invalid value: cannot do that', 'Invalid value: cannot do that', 'FieldValueInvalid']);
  });
});
