import { breakdownRule, combineResourceGroup, compactRules, describeRole } from './describe-rbac.js';

describe('rbac rule helpers', () => {
  it('a rule breaks down into one rule per group, resource and verb', () => {
    expect(breakdownRule({ apiGroups: ['', 'apps'], resources: ['pods'], verbs: ['get', 'list'] }).map((r) => [r.apiGroups[0], r.resources[0], r.verbs[0]])).toEqual([
      ['', 'pods', 'get'],
      ['', 'pods', 'list'],
      ['apps', 'pods', 'get'],
      ['apps', 'pods', 'list'],
    ]);
  });

  it('non-resource URLs break down per verb and carry no groups', () => {
    expect(breakdownRule({ nonResourceURLs: ['/healthz'], verbs: ['get', 'head'] })).toEqual([
      { verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/healthz'] },
      { verbs: ['head'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/healthz'] },
    ]);
  });

  it('compacting merges verbs of one resource once each, in first-seen order', () => {
    const rules = [...breakdownRule({ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }), ...breakdownRule({ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'watch'] })];
    expect(compactRules(rules).map((r) => r.verbs)).toEqual([['get', 'list', 'watch']]);
  });

  it('different resource names stay separate rules', () => {
    const rules = breakdownRule({ apiGroups: [''], resources: ['configmaps'], resourceNames: ['a', 'b'], verbs: ['get'] });
    expect(compactRules(rules).map((r) => r.resourceNames)).toEqual([['a'], ['b']]);
  });

  it.each([
    [['pods'], [''], 'pods'],
    [['deployments'], ['apps'], 'deployments.apps'],
    [['deployments/scale'], ['apps'], 'deployments.apps/scale'],
    [[], ['apps'], ''],
  ])('resources %j in groups %j print as %j', (resources, groups, expected) => {
    expect(combineResourceGroup(resources, groups)).toBe(expected);
  });

  it('a role without rules prints only the table header', () => {
    const out = describeRole({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' } });
    expect(out).toBe(
      'Name:         r\nLabels:       <none>\nAnnotations:  <none>\nPolicyRule:\n  Resources  Non-Resource URLs  Resource Names  Verbs\n  ---------  -----------------  --------------  -----\n',
    );
  });
});
