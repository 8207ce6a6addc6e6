import { noResourcesFoundMessage } from './no-resources-found.js';

describe('noResourcesFoundMessage', () => {
  it.each<[string, Parameters<typeof noResourcesFoundMessage>[0], string]>([
    ['names the namespace when every type is namespaced', { namespace: 'dev', allNamespaced: true }, 'No resources found in dev namespace.'],
    ['says nothing of namespaces with -A', { namespace: 'dev', allNamespaced: true, allNamespaces: true }, 'No resources found'],
    ['says nothing of namespaces when a type is cluster-scoped', { namespace: 'default', allNamespaced: false }, 'No resources found'],
  ])('%s', (_name, options, message) => {
    expect(noResourcesFoundMessage(options)).toBe(message);
  });
});
