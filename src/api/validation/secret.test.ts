import type { KubeObject } from '../object.js';
import { validateSecret, validateSecretUpdate } from './secret.js';

type Json = Record<string, any>;
const b64 = (s: string) => Buffer.from(s).toString('base64');
const makeSecret = (over: Json = {}, meta: Json = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds', namespace: 'default', uid: 'u1', resourceVersion: '4', ...meta },
  type: 'Opaque',
  data: { password: b64('s3cret') },
  ...over,
});

describe('validateSecret', () => {
  test.each([
    ['an opaque secret is valid', makeSecret(), []],
    [
      'stringData keys are checked as data keys',
      makeSecret({ stringData: { 'bad key': 'x' } }),
      [
        "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    ['data may hold at most 1 MiB', makeSecret({ data: { big: Buffer.alloc(1048577).toString('base64') } }), ['data: Too long: must have at most 1048576 bytes']],
    [
      'a service account token secret names its service account',
      makeSecret({ type: 'kubernetes.io/service-account-token', data: {} }),
      ['metadata.annotations[kubernetes.io/service-account.name]: Required value'],
    ],
    ['a docker config secret needs .dockerconfigjson', makeSecret({ type: 'kubernetes.io/dockerconfigjson' }), ['data[.dockerconfigjson]: Required value']],
    [
      'a docker config must be a JSON object, reported as Go does',
      makeSecret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths": {') } }),
      ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input'],
    ],
    [
      'a JSON array is not a docker config',
      makeSecret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('[]') } }),
      ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ],
    [
      'a malformed docker config names the bad character',
      makeSecret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64("{'auths': {}}") } }),
      ["data[.dockercfg]: Invalid value: \"<secret contents redacted>\": invalid character '\\'' looking for beginning of object key string"],
    ],
    ['a TLS secret needs a certificate and a key', makeSecret({ type: 'kubernetes.io/tls', data: {} }), ['data[tls.crt]: Required value', 'data[tls.key]: Required value']],
    [
      'a basic-auth secret needs a username or a password',
      makeSecret({ type: 'kubernetes.io/basic-auth', data: {} }),
      ['data[username]: Required value', 'data[password]: Required value'],
    ],
    ['an ssh-auth secret needs a private key', makeSecret({ type: 'kubernetes.io/ssh-auth', data: {} }), ['data[ssh-privatekey]: Required value']],
  ] as [string, KubeObject, string[]][])('%s', (_n, secret, expected) => {
    expect(validateSecret(secret).map(String)).toEqual(expected);
  });
});

describe('validateSecretUpdate', () => {
  test.each([
    ['the data of a mutable secret may change', makeSecret(), makeSecret({ data: { password: b64('new') } }), []],
    [
      'the type may not change',
      makeSecret(),
      makeSecret({ type: 'kubernetes.io/basic-auth' }),
      ['type: Invalid value: "kubernetes.io/basic-auth": field is immutable'],
    ],
    [
      'an immutable secret keeps its data, even through stringData',
      makeSecret({ immutable: true }),
      makeSecret({ immutable: true, stringData: { password: 'other' } }),
      ['data: Forbidden: field is immutable when `immutable` is set'],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validateSecretUpdate(cur, old).map(String)).toEqual(expected);
  });
});
