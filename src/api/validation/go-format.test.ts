import { goIntOrString, goQuantity, quantityParts } from './go-format.js';

describe('Go formatting of bad values', () => {
  test.each([
    ['a canonical milli quantity keeps its string', '100m', 'resource.Quantity{i:resource.int64Amount{value:100, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"100m", Format:"DecimalSI"}'],
    ['a binary quantity is held in bytes', '1Gi', 'resource.Quantity{i:resource.int64Amount{value:1073741824, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1Gi", Format:"BinarySI"}'],
    ['a non-canonical quantity has no cached string', '1.5', 'resource.Quantity{i:resource.int64Amount{value:15, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}'],
  ])('%s', (_n, input, expected) => {
    expect(goQuantity(input).text).toBe(expected);
  });

  test('a fraction of a binary unit needs an inf.Dec', () => {
    expect(quantityParts('0.5Gi')?.inf).toBe(true);
  });

  test('an IntOrString prints its type and both values', () => {
    expect(goIntOrString(80)).toBe('intstr.IntOrString{Type:0, IntVal:80, StrVal:""}');
    expect(goIntOrString('http')).toBe('intstr.IntOrString{Type:1, IntVal:0, StrVal:"http"}');
  });
});
