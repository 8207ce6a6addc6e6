import type { KubeObject } from '../object.js';
import { validateServiceAccount, validateServiceAccountUpdate } from './service-account.js';

const makeServiceAccount = (meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'my-scheduler', namespace: 'kube-system', uid: 'u1', resourceVersion: '1', ...meta },
});

describe('ServiceAccount validation', () => {
  test.each([
    ['the seed example my-scheduler service account is valid', makeServiceAccount(), []],
    [
      'a service account name is a DNS subdomain',
      makeServiceAccount({ name: 'My_Scheduler' }),
      [
        "metadata.name: Invalid value: \"My_Scheduler\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
  ] as [string, KubeObject, string[]][])('%s', (_n, sa, expected) => {
    expect(validateServiceAccount(sa).map(String)).toEqual(expected);
  });

  test('an update keeps the namespace', () => {
    expect(validateServiceAccountUpdate(makeServiceAccount({ namespace: 'default' }), makeServiceAccount()).map(String)).toEqual([
      'metadata.namespace: Invalid value: "default": field is immutable',
    ]);
  });
});
