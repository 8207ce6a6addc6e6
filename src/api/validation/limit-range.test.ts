import type { KubeObject } from '../object.js';
import { validateLimitRange } from './limit-range.js';

type Json = Record<string, any>;
const makeLimitRange = (limits: Json[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'limits', namespace: 'default' },
  spec: { limits },
});
const q = (s: string, canonical = s, value = s, scale = 0, format = 'DecimalSI') =>
  `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"${canonical}", Format:"${format}"}`;

describe('validateLimitRange', () => {
  test.each([
    [
      'a defaulted container limit range is valid',
      makeLimitRange([{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' }, max: { cpu: '1' }, min: { cpu: '50m' } }]),
      [],
    ],
    [
      'min may not exceed max',
      makeLimitRange([{ type: 'Container', min: { memory: '1Gi' }, max: { memory: '500Mi' } }]),
      [`spec.limits[0].min[memory]: Invalid value: ${q('1Gi', '1Gi', '1073741824', 0, 'BinarySI')}: min value 1Gi is greater than max value 500Mi`],
    ],
    [
      'a default request above the default is rejected',
      makeLimitRange([{ type: 'Container', default: { cpu: '200m' }, defaultRequest: { cpu: '300m' } }]),
      [`spec.limits[0].defaultRequest[cpu]: Invalid value: ${q('300m', '300m', '300', -3)}: default request value 300m is greater than default limit value 200m`],
    ],
    [
      'a Pod limit takes no defaults',
      makeLimitRange([{ type: 'Pod', max: { cpu: '2' }, default: { cpu: '1' } }]),
      ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"],
    ],
    [
      'a type may appear once and must be known',
      makeLimitRange([{ type: 'Container' }, { type: 'Container' }, { type: 'Volume' }]),
      ['spec.limits[1].type: Duplicate value: "Container"', 'spec.limits[2].type: Invalid value: "Volume": must be a standard limit type or fully qualified'],
    ],
    [
      'a claim limit needs a min or max storage',
      makeLimitRange([{ type: 'PersistentVolumeClaim' }]),
      ['spec.limits[0].limits: Required value: either minimum or maximum storage value is required, but neither was provided'],
    ],
    [
      'a ratio below one is rejected',
      makeLimitRange([{ type: 'Container', maxLimitRequestRatio: { cpu: '500m' } }]),
      [`spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: ${q('500m', '500m', '500', -3)}: ratio 500m is less than 1`],
    ],
    [
      'a ratio above max/min is rejected',
      makeLimitRange([{ type: 'Container', min: { cpu: '100m' }, max: { cpu: '200m' }, maxLimitRequestRatio: { cpu: '3' } }]),
      [`spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: ${q('3')}: ratio 3 is greater than max/min = 2.000000`],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, lr, expected) => {
    expect(validateLimitRange(lr).map(String)).toEqual(expected);
  });
});
