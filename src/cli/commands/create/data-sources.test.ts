import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFileSource, parseLiteralSource, readEnvFile } from './data-sources.js';

describe('parseFileSource reads --from-file as util.ParseFileSource', () => {
  it.each([
    ['game.properties', ['game.properties', 'game.properties']],
    ['conf/nginx.conf', ['nginx.conf', 'conf/nginx.conf']],
    ['key=conf/nginx.conf', ['key', 'conf/nginx.conf']],
  ])('%s is %j', (source, expected) => {
    expect(parseFileSource(source)).toEqual(expected);
  });

  it.each([
    ['=path', 'error: key name for file path path missing'],
    ['key=', 'error: file path for key name key missing'],
    ['a=b=c', "error: key names or file paths cannot contain '='"],
  ])('%s is refused', (source, message) => {
    expect(() => parseFileSource(source)).toThrow(message);
  });
});

describe('parseLiteralSource reads --from-literal', () => {
  it('splits at the first =', () => {
    expect(parseLiteralSource('url=http://x/?a=b')).toEqual(['url', 'http://x/?a=b']);
  });

  it.each(['novalue', '=value'])('%s is refused', (source) => {
    expect(() => parseLiteralSource(source)).toThrow(`error: invalid literal source ${source}, expected key=value`);
  });
});

describe('readEnvFile reads an env file as cmdutil.AddFromEnvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubesim-env-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const read = (bytes: Buffer | string, env: NodeJS.ProcessEnv = {}) => {
    const path = join(dir, 'x.env');
    writeFileSync(path, bytes);
    const out: Array<[string, string]> = [];
    readEnvFile(path, env, 'config', (k, v) => out.push([k, v]));
    return out;
  };

  it('skips comments and blank lines, trims the left only, and looks bare keys up in the environment', () => {
    expect(read('# c\n\n  A=1 \nB\nC=\n', { B: 'from-env' })).toEqual([
      ['A', '1 '],
      ['B', 'from-env'],
      ['C', ''],
    ]);
  });

  it('drops CRLF line ends and a BOM on the first line only', () => {
    expect(read(Buffer.from('\ufeffA=1\r\nB=2', 'utf8'))).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
    expect(() => read(Buffer.from('A=1\n\ufeffB=2\n', 'utf8'))).toThrow(/^error: "\\ufeffB" is not a valid key name/);
  });

  it('names the line holding invalid UTF-8', () => {
    const path = join(dir, 'x.env');
    expect(() => read(Buffer.from([0x41, 0x3d, 0x31, 0x0a, 0x42, 0x3d, 0xff, 0x0a]))).toThrow(`error: env file ${path} contains invalid utf8 bytes at line 2: [66 61 255]`);
  });
});
