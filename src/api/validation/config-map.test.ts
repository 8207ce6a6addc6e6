import type { KubeObject } from '../object.js';
import { validateConfigMap, validateConfigMapUpdate } from './config-map.js';

type Json = Record<string, any>;
const makeConfigMap = (over: Json = {}, meta: Json = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'game-config', namespace: 'default', uid: 'u1', resourceVersion: '2', ...meta },
  data: { 'game.properties': 'lives=3' },
  ...over,
});

const keyMsg =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe('validateConfigMap', () => {
  test.each([
    ['a config map with file-like keys is valid', makeConfigMap(), []],
    ['a key may not contain a slash', makeConfigMap({ data: { 'conf/app.ini': 'x' } }), [`data[conf/app.ini]: Invalid value: "conf/app.ini": ${keyMsg}`]],
    ['a key may not be ..', makeConfigMap({ data: { '..': 'x' } }), ['data[..]: Invalid value: "..": must not be \'..\'']],
    [
      'a key may not be in data and binaryData',
      makeConfigMap({ data: { a: 'x' }, binaryData: { a: 'eA==' } }),
      ['data[a]: Invalid value: "a": duplicate of key present in binaryData'],
    ],
    ['the whole map may hold at most 1 MiB', makeConfigMap({ data: { big: 'x'.repeat(1048577) } }), ['[]: Too long: must have at most 1048576 bytes']],
  ] as [string, KubeObject, string[]][])('%s', (_n, cm, expected) => {
    expect(validateConfigMap(cm).map(String)).toEqual(expected);
  });
});

describe('validateConfigMapUpdate', () => {
  test.each([
    ['a mutable config map may change', makeConfigMap(), makeConfigMap({ data: { x: 'y' } }), []],
    [
      'an immutable config map keeps its data',
      makeConfigMap({ immutable: true }),
      makeConfigMap({ immutable: true, data: { x: 'y' } }),
      ['data: Forbidden: field is immutable when `immutable` is set'],
    ],
    [
      'immutable may not be turned off',
      makeConfigMap({ immutable: true }),
      makeConfigMap({ immutable: false }),
      ['immutable: Forbidden: field is immutable when `immutable` is set'],
    ],
  ] as [string, KubeObject, KubeObject, string[]][])('%s', (_n, old, cur, expected) => {
    expect(validateConfigMapUpdate(cur, old).map(String)).toEqual(expected);
  });
});
