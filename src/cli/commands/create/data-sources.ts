/**
 * The --from-literal, --from-file and --from-env-file sources of create configmap and create secret, read as
 * kubectl reads them (util.ParseLiteralSource, util.ParseFileSource, cmdutil.AddFromEnvFile), with its messages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compareGoStrings } from '../../../api/patch/json-value.js';
import { isEnvVarName } from '../../../api/validation/value-checks.js';
import { CliError } from '../../errors.js';

/** strconv.Quote: Go's escapes for control characters and for what unicode.IsPrint rejects. */
export function goQuote(s: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (named[ch]) out += named[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (ch === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else out += c > 0xffff ? `\\U${c.toString(16).padStart(8, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/** unicode.IsSpace, which Go trims an env file's lines with (JavaScript's \s also takes U+FEFF). */
const goSpace = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** `key=value`; the value may hold more `=`. */
export function parseLiteralSource(source: string): [key: string, value: string] {
  const i = source.indexOf('=');
  if (i <= 0) throw new CliError(`error: invalid literal source ${source}, expected key=value`);
  return [source.slice(0, i), source.slice(i + 1)];
}

/** `path` (the key is its base name) or `key=path`. */
export function parseFileSource(source: string): [key: string, path: string] {
  const separators = source.split('=').length - 1;
  if (separators === 0) return [basename(source) || (source.startsWith('/') ? '/' : '.'), source];
  if (separators === 1 && source.startsWith('=')) throw new CliError(`error: key name for file path ${source.slice(1)} missing`);
  if (separators === 1 && source.endsWith('=')) throw new CliError(`error: file path for key name ${source.slice(0, -1)} missing`);
  if (separators > 1) throw new CliError("error: key names or file paths cannot contain '='");
  const [key, path] = source.split('=');
  return [key!, path!];
}

const syscallText: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** os.Stat's *PathError as kubectl words it: `error reading PATH: no such file or directory`. */
function statOrFail(path: string) {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new CliError(`error: error reading ${path}: ${syscallText[code] ?? (e as Error).message}`);
  }
}

/**
 * Every file a --from-file source names, in kubectl's order: the file itself, or the regular files of a folder
 * sorted by name (os.ReadDir), each with its key.
 */
export function filesOfSource(source: string): Array<{ key: string; path: string }> {
  const [key, path] = parseFileSource(source);
  if (!statOrFail(path).isDirectory()) return [{ key, path }];
  if (source.includes('=')) throw new CliError('error: cannot give a key name for a directory path');
  return readdirSync(path, { withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name)
    .sort(compareGoStrings)
    .map((name) => ({ key: name, path: join(path, name) }));
}

export const readSourceFile = (path: string): Buffer => readFileSync(path);

/**
 * The key/value pairs of an env file, one a line: leading blanks and a first-line BOM dropped, `#` comments
 * and blank lines skipped, `KEY` alone taken from the environment. `kind` names the directory error.
 */
export function readEnvFile(path: string, env: NodeJS.ProcessEnv, kind: 'config' | 'secret', add: (key: string, value: string) => void): void {
  if (statOrFail(path).isDirectory()) throw new CliError(`error: env ${kind} file cannot be a directory`);
  const bytes = readFileSync(path);
  // bufio.ScanLines: split on \n, drop one \r before it; a last line without \n still counts.
  const lines: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      if (i === bytes.length && start === i) break;
      let end = i;
      if (end > start && bytes[end - 1] === 0x0d) end--;
      lines.push(bytes.subarray(start, end));
      start = i + 1;
    }
  }
  lines.forEach((raw, n) => {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let line: string;
    try {
      line = text.decode(raw);
    } catch {
      throw new CliError(`error: env file ${path} contains invalid utf8 bytes at line ${n + 1}: [${[...raw].join(' ')}]`);
    }
    if (n === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    line = line.replace(goSpace, '');
    if (!line || line.startsWith('#')) return;
    const i = line.indexOf('=');
    const key = i < 0 ? line : line.slice(0, i);
    const errs = isEnvVarName(key);
    if (errs.length) throw new CliError(`error: ${goQuote(key)} is not a valid key name: ${errs.join(';')}`);
    add(key, i < 0 ? (env[key] ?? '') : line.slice(i + 1));
  });
}
