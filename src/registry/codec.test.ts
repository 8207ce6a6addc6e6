import { copyParsed } from './codec.js';

describe('copyParsed', () => {
  it('a copy of a parsed object equals its text parsed again, key order and a "__proto__" key included', () => {
    const text = JSON.stringify({ kind: 'ConfigMap', metadata: { name: 'c', labels: { b: '1', a: '2' } }, data: JSON.parse('{"__proto__":"x","2":"two","1":"one"}'), list: [1, 'a', null, true, { z: [] }] });
    const parsed = JSON.parse(text);
    const copy = copyParsed(parsed);
    expect(JSON.stringify(copy)).toBe(text);
    expect(copy).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(copy.data)).toBe(Object.prototype);
  });

  it('a copy shares nothing with the original: changing it leaves the original as it was', () => {
    const parsed = JSON.parse('{"metadata":{"labels":{"a":"1"}},"spec":{"containers":[{"name":"app"}]}}');
    const copy = copyParsed(parsed);
    copy.metadata.labels.a = '2';
    copy.spec.containers[0].name = 'changed';
    copy.spec.containers.push({ name: 'more' });
    expect(parsed).toEqual({ metadata: { labels: { a: '1' } }, spec: { containers: [{ name: 'app' }] } });
  });
});
