import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateLabels,
  validatePathSegmentName,
} from './name-validation.js';

// Upstream's texts, as kubectl v1.32 prints them (copied from its output, not from the code under test).
const QNAME =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('isQualifiedName', () => {
  it.each([
    ['a plain key is valid', 'app', []],
    ['a prefixed key is valid', 'app.kubernetes.io/name', []],
    ['a key may start with a digit and hold upper case, dots and underscores', '1Foo_bar.Baz', []],
    ['a prefix with upper case is not a DNS subdomain', 'Ab/x', [`prefix part ${SUBDOMAIN}`]],
    ['a key with two slashes is not a qualified name', 'a/b/c', [`a qualified name ${QNAME} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`]],
    ['a key may not start with a dash', '-x', [`name part ${QNAME}`]],
    ['a key may not be empty', '', ['name part must be non-empty', `name part ${QNAME}`]],
    ['an empty prefix is reported', '/x', ['prefix part must be non-empty']],
    ['an empty name after a prefix is reported twice, like upstream', 'example.com/', ['name part must be non-empty', `name part ${QNAME}`]],
    ['a name part of 64 characters is too long', 'a'.repeat(64), ['name part must be no more than 63 characters']],
    ['a name part of 63 characters is fine', 'a'.repeat(63), []],
    ['a prefix longer than 253 characters is too long', `${'a'.repeat(254)}/x`, ['prefix part must be no more than 253 characters']],
  ])('%s', (_name, key, want) => {
    expect(isQualifiedName(key)).toEqual(want);
  });
});

describe('isValidLabelValue', () => {
  it.each([
    ['an empty value is valid', '', []],
    ['dots, dashes and underscores inside a value are valid', 'a.b-c_d', []],
    ['a value may not start with a dash', '-a', [LABEL_VALUE]],
    ['a value of 64 characters is too long', 'a'.repeat(64), ['must be no more than 63 characters']],
    ['a non-ASCII letter is not allowed', 'é', [LABEL_VALUE]],
    ['length counts bytes as Go does: 32 é are 64 bytes', 'é'.repeat(32), ['must be no more than 63 characters', LABEL_VALUE]],
  ])('%s', (_name, value, want) => {
    expect(isValidLabelValue(value)).toEqual(want);
  });
});

describe('DNS names', () => {
  it.each([
    ['a DNS-1123 label may hold dashes and start with a digit', isDNS1123Label, '0-my-name', []],
    ['a DNS-1123 label with dots only needs to lose the dots', isDNS1123Label, 'a.b', ['must not contain dots']],
    ['a DNS-1123 label may not hold upper case', isDNS1123Label, 'My', [DNS1123_LABEL]],
    ['a DNS-1123 label of 64 characters is too long', isDNS1123Label, 'a'.repeat(64), ['must be no more than 63 characters']],
    ['a DNS-1123 subdomain may hold dots', isDNS1123Subdomain, 'example.com', []],
    ['a DNS-1123 subdomain may not end with a dot', isDNS1123Subdomain, 'example.', [SUBDOMAIN]],
    ['a DNS-1123 subdomain of 254 characters is too long', isDNS1123Subdomain, 'a'.repeat(254), ['must be no more than 253 characters']],
    ['a DNS-1035 label must start with a letter', isDNS1035Label, '1abc', [DNS1035_LABEL]],
    ['a DNS-1035 label with a dot is refused with the full message', isDNS1035Label, 'my.svc', [DNS1035_LABEL]],
    ['a DNS-1035 label of 64 characters is too long and nothing else', isDNS1035Label, 'a'.repeat(64), ['must be no more than 63 characters']],
  ])('%s', (_name, fn, value, want) => {
    expect(fn(value)).toEqual(want);
  });
});

describe('name functions for metadata.name and generateName', () => {
  it.each([
    ['a generateName may end with a dash', nameIsDNSSubdomain, 'web-', true, []],
    ['a name may not end with a dash', nameIsDNSSubdomain, 'web-', false, [SUBDOMAIN]],
    ['a namespace generateName may end with a dash', nameIsDNSLabel, 'team-', true, []],
    ['a service generateName still must start with a letter', nameIsDNS1035Label, '1svc-', true, [DNS1035_LABEL]],
    // Upstream masks "x-" as name[:len-2]+"a": the character before the dash is dropped, so "A-" passes.
    ['masking the trailing dash drops the character before it, as upstream does', nameIsDNSSubdomain, 'A-', true, []],
  ])('%s', (_name, fn, value, prefix, want) => {
    expect(fn(value, prefix)).toEqual(want);
  });

  it.each([
    ['"." is not a valid path segment', '.', false, ["may not be '.'"]],
    ['".." is not a valid path segment', '..', false, ["may not be '..'"]],
    ['a slash and a percent sign are both reported', 'a/b%', false, ["may not contain '/'", "may not contain '%'"]],
    ['a generateName of "." is fine as a prefix', '.', true, []],
  ])('%s', (_name, value, prefix, want) => {
    expect(validatePathSegmentName(value, prefix)).toEqual(want);
    if (!prefix) expect(isValidPathSegmentName(value)).toEqual(want);
  });
});

describe('validateLabels', () => {
  it('reports a bad key and a bad value at the labels path, keys in sorted order', () => {
    const errs = validateLabels({ 'z-ok': '-bad', '-bad': 'ok' }, 'metadata.labels');
    expect(errs.map(String)).toEqual([
      `metadata.labels: Invalid value: "-bad": name part ${QNAME}`,
      `metadata.labels: Invalid value: "-bad": ${LABEL_VALUE}`,
    ]);
  });

  it('accepts no labels at all', () => {
    expect(validateLabels(undefined, 'metadata.labels')).toEqual([]);
  });
});
