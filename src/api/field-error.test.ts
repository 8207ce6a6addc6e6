import { FieldPath, GoRaw, aggregate, duplicate, forbidden, invalid, notSupported, omitValue, required, tooLong, tooMany, FieldError, ErrorType } from './field-error.js';

const spec = FieldPath.root('spec');

describe('field errors print as apimachinery prints them', () => {
  it.each([
    ['a required value', required(spec.child('selector')), 'spec.selector: Required value'],
    ['a required value with detail', required('metadata.name', 'name or generateName is required'), 'metadata.name: Required value: name or generateName is required'],
    ['an invalid number', invalid(spec.child('replicas'), -1, 'must be greater than or equal to 0'), 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['an invalid string is quoted', invalid('metadata.name', 'Bad_Name', 'x'), 'metadata.name: Invalid value: "Bad_Name": x'],
    ['a map prints as a Go map with sorted keys', invalid('l', { b: '2', a: '1' }, 'x'), 'l: Invalid value: map[string]string{"a":"1", "b":"2"}: x'],
    ['a nil value prints as the quoted string null', invalid('spec.x', null, 'field is immutable'), 'spec.x: Invalid value: "null": field is immutable'],
    ['an unsupported value lists the supported ones', notSupported(spec.child('restartPolicy'), 'Sometimes', ['Always', 'OnFailure', 'Never']), 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
    ['a forbidden field hides its value', forbidden(spec, 'pod updates may not change fields'), 'spec: Forbidden: pod updates may not change fields'],
    ['a duplicate', duplicate(spec.child('containers').index(1).child('name'), 'web'), 'spec.containers[1].name: Duplicate value: "web"'],
    ['a value too long hides the value', tooLong('metadata.annotations', 'xxx', 262144), 'metadata.annotations: Too long: must have at most 262144 bytes'],
    ['too many items shows the count', tooMany('spec.items', 5, 3), 'spec.items: Too many: 5: must have at most 3 items'],
    ['a raw Go value prints verbatim', invalid('spec.selector', new GoRaw('v1.LabelSelector{}'), 'x'), 'spec.selector: Invalid value: v1.LabelSelector{}: x'],
    ['an omitted value prints only the type', new FieldError(ErrorType.Invalid, 'f', omitValue, 'd'), 'f: Invalid value: d'],
    ['a map key path', FieldPath.root('metadata', 'labels').key('app').toString(), 'metadata.labels[app]'],
  ])('%s', (_name, err, text) => {
    expect(err.toString()).toBe(text);
  });

  it('an aggregate of one is the message; of several, bracketed with duplicates dropped', () => {
    const a = required('a');
    const b = required('b');
    expect(aggregate([a])).toBe('a: Required value');
    expect(aggregate([a, b, required('a')])).toBe('[a: Required value, b: Required value]');
  });
});
