/**
 * kubesim's printers against real kubectl 1.32: every case of cases.json was run by real kubectl against the
 * fixture objects (see README.md); here the same `get` is answered from the same fixtures through our printers,
 * and stdout, stderr and the exit status must be the same bytes.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveResource } from '../../../src/api/kinds.js';
import type { KubeObject } from '../../../src/api/object.js';
import { customColumnsPrinterFor, type CustomColumnsFormat } from '../../../src/printers/custom-columns.js';
import { genericOutput, toJson } from '../../../src/printers/json.js';
import { jsonPathPrinterFor, type JsonPathFormat } from '../../../src/printers/jsonpath/jsonpath-printer.js';
import { toName } from '../../../src/printers/name.js';
import { toYaml } from '../../../src/printers/yaml.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Case {
  name: string;
  args: string[];
  exitCode: number;
  /** For generators (`create ... --dry-run=client`): the object kubectl built, in its Go struct field order. */
  input?: string;
}

const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8')) as Case[];
const fixtures = readdirSync(join(here, 'fixtures'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(here, 'fixtures', f), 'utf8')) as KubeObject);

const readFile = (path: string) => readFileSync(join(here, path), 'utf8');

interface GetCommand {
  resources: string[];
  names: string[];
  selector?: string;
  output: string;
  allowMissingKeys: boolean;
  noHeaders: boolean;
}

/** The few `kubectl get` flags the cases use. */
function parseGet(args: string[]): GetCommand {
  const [verb, resources, ...rest] = args;
  if (verb !== 'get' || !resources) throw new Error(`unsupported case ${args.join(' ')}`);
  const cmd: GetCommand = { resources: resources.split(','), names: [], output: '', allowMissingKeys: true, noHeaders: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '-o') cmd.output = rest[++i]!;
    else if (a === '-l') cmd.selector = rest[++i];
    else if (a === '--allow-missing-template-keys=false') cmd.allowMissingKeys = false;
    else if (a === '--no-headers') cmd.noHeaders = true;
    else if (a.startsWith('-')) throw new Error(`unsupported flag ${a}`);
    else cmd.names.push(a);
  }
  return cmd;
}

/** The objects the fake API server returned: by name in the order asked, or all of a kind sorted by name (optionally by one label). */
function objectsFor(cmd: GetCommand): KubeObject[] {
  return cmd.resources.flatMap((r) => {
    const kind = resolveResource(r)!.kind;
    const all = fixtures.filter((o) => o.kind === kind).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    if (cmd.names.length) return cmd.names.map((n) => all.find((o) => o.metadata.name === n)!);
    if (!cmd.selector) return all;
    const [k, v] = cmd.selector.split('=') as [string, string];
    return all.filter((o) => o.metadata.labels?.[k] === v);
  });
}

/** A generator's object printed as kubectl prints typed objects: JSON in struct field order, the name without an operation. */
function runGenerated(c: Case): { stdout: string; stderr: string; exitCode: number } {
  const obj = JSON.parse(readFile(c.input!)) as KubeObject;
  const output = c.args[c.args.indexOf('-o') + 1];
  const stdout = output === 'json' ? toJson(obj, { sortKeys: false }) : output === 'yaml' ? toYaml(obj) : toName(obj, { operation: 'created (dry run)', shortOutput: true });
  return { stdout, stderr: '', exitCode: 0 };
}

/** What our printers write for the command: stdout, stderr and the exit status. */
function run(args: string[]): { stdout: string; stderr: string; exitCode: number } {
  const cmd = parseGet(args);
  let stdout = '';
  const write = (s: string) => (stdout += s);
  try {
    const items = objectsFor(cmd);
    const obj = genericOutput(items, cmd.resources.length === 1 && cmd.names.length === 1);
    const eq = cmd.output.indexOf('=');
    const format = eq < 0 ? cmd.output : cmd.output.slice(0, eq);
    const value = eq < 0 ? '' : cmd.output.slice(eq + 1);
    if (format === 'yaml') write(toYaml(obj));
    else if (format === 'json') write(toJson(obj));
    else if (format === 'name') write(toName(obj));
    else if (format.startsWith('jsonpath')) write(jsonPathPrinterFor(format as JsonPathFormat, value, { allowMissingKeys: cmd.allowMissingKeys, readFile }).print(obj));
    else if (format.startsWith('custom-columns')) customColumnsPrinterFor(format as CustomColumnsFormat, value, { noHeaders: cmd.noHeaders, readFile }).printObj(obj, write);
    else throw new Error(`unsupported output ${format}`);
    return { stdout, stderr: '', exitCode: 0 };
  } catch (e) {
    // cmdutil.CheckErr: `error: ` before the message, and a newline unless it has one.
    const msg = `error: ${(e as Error).message}`;
    return { stdout, stderr: msg.endsWith('\n') ? msg : `${msg}\n`, exitCode: 1 };
  }
}

const golden = (name: string, stream: 'stdout' | 'stderr') => {
  const path = join(here, 'out', `${name}.${stream}`);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};

describe('kubectl 1.32 output for the fixture objects', () => {
  it.each(cases.map((c) => [`kubectl ${c.args.join(' ')} (${c.name}) prints the same bytes as kubectl`, c] as const))('%s', (_title, c) => {
    const got = c.input ? runGenerated(c) : run(c.args);
    expect(got.stdout).toBe(golden(c.name, 'stdout'));
    expect(got.stderr).toBe(golden(c.name, 'stderr'));
    expect(got.exitCode).toBe(c.exitCode);
  });
});
