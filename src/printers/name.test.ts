import { toName } from './name.js';

const makeObject = (apiVersion: string, kind: string, name: string) => ({ apiVersion, kind, metadata: { name } });

describe('toName', () => {
  it.each([
    ['a core object has no group', makeObject('v1', 'Pod', 'web'), 'pod/web\n'],
    ['an apps object carries its group', makeObject('apps/v1', 'Deployment', 'web'), 'deployment.apps/web\n'],
    ['an autoscaling object carries its group', makeObject('autoscaling/v2', 'HorizontalPodAutoscaler', 'x'), 'horizontalpodautoscaler.autoscaling/x\n'],
    ['a kind the server table does not know prints the same way', makeObject('example.com/v1', 'Widget', 'w'), 'widget.example.com/w\n'],
    ['an object without a name prints <unknown>', { apiVersion: 'v1', kind: 'Pod', metadata: {} }, 'pod/<unknown>\n'],
    ['an object without a kind prints <unknown> without its group', { apiVersion: 'apps/v1', metadata: { name: 'x' } }, '<unknown>/x\n'],
  ])('%s', (_name, obj, expected) => {
    expect(toName(obj)).toBe(expected);
  });

  it('prints one line per item of a List', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [makeObject('v1', 'Pod', 'a'), makeObject('v1', 'Service', 'b')], metadata: {} };
    expect(toName(list)).toBe('pod/a\nservice/b\n');
  });

  it('adds the operation unless the output is short', () => {
    expect(toName(makeObject('v1', 'Pod', 'web'), { operation: 'created' })).toBe('pod/web created\n');
    expect(toName(makeObject('v1', 'Pod', 'web'), { operation: 'created', shortOutput: true })).toBe('pod/web\n');
  });

  it('refuses an object with neither apiVersion nor kind', () => {
    expect(() => toName({ metadata: { name: 'x' } })).toThrow('missing apiVersion or kind');
  });
});
