#!/usr/bin/env node
/**
 * Captures kubectl 1.32's own help (`kubectl VERB --help`, non-TTY, so unwrapped) for kubesim's verbs and all their
 * subcommands, writes it as goldens into test/golden/help/, and writes the parsed help (kubectl's Use, Short, Long,
 * Example, Aliases and flag definitions) into src/cli/help/kubectl/<verb>.ts, from which kubesim renders its help.
 *
 *   node scripts/gen-kubectl-help.mjs [extra verbs...]
 *
 * The verbs are those of src/cli/commands/index.ts that kubectl has, plus any named on the command line.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const goldenDir = join(root, 'test', 'golden', 'help');
const catalogDir = join(root, 'src', 'cli', 'help', 'kubectl');
const kubectl = process.env.KUBECTL ?? '/usr/bin/kubectl';

/** kubectl's help as a pipe gets it: no terminal, so no wrapping; no kubeconfig needed. */
function help(path) {
  return execFileSync(kubectl, [...path, '--help'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent', KUBECONFIG: '/nonexistent' } });
}

/** The `name   Short` lines of a command list (root groups or "Available Commands:"). */
function commandLines(block) {
  return block
    .split('\n')
    .slice(1)
    .map((l) => /^ {2}(\S+)\s{3,}(.*)$/.exec(l))
    .filter(Boolean)
    .map((m) => ({ name: m[1], short: m[2] }));
}

const SECTIONS = ['Aliases:', 'Examples:', 'Available Commands:', 'Options:', 'Usage:'];

/** Splits one command's help into cobra's template sections. */
function parseHelp(text) {
  const out = { long: '', aliases: undefined, example: '', subcommands: [], flags: [], use: '' };
  // Everything after "\n\n<Section>:\n" up to the next section; the text before the first section is the long help.
  const re = new RegExp(`\\n\\n(${SECTIONS.map((s) => s.replace(/[()]/g, '\\$&')).join('|')})\\n`, 'g');
  const marks = [];
  for (let m; (m = re.exec(text)); ) {
    // A section header must come in template order and only once.
    if (marks.some((x) => x.name === m[1])) continue;
    marks.push({ name: m[1], start: m.index, body: m.index + m[0].length });
  }
  const tail = /\n\n(Use "[^\n]*\n)+$/.exec(text);
  const end = tail ? tail.index : text.length;
  out.long = text.slice(0, marks[0]?.start ?? end);
  marks.forEach((mark, i) => {
    const body = text.slice(mark.body, i + 1 < marks.length ? marks[i + 1].start : end);
    if (mark.name === 'Aliases:') out.aliases = body.split(', ').slice(1);
    if (mark.name === 'Examples:') out.example = body;
    if (mark.name === 'Available Commands:') out.subcommands = commandLines(`x\n${body}`);
    if (mark.name === 'Options:') out.flags = parseFlags(body);
    if (mark.name === 'Usage:') out.use = body.replace(/^ {2}/, '');
  });
  return out;
}

/** `    -A, --all-namespaces=false:\n\tusage` blocks: pflag's name, shorthand, DefValue, and whether it is a string. */
function parseFlags(body) {
  return body.split('\n\n').map((block) => {
    const [head, ...usage] = block.split('\n');
    const m = /^ {4}(?:-(.), )?--([^=]+)=(.*):$/.exec(head);
    if (!m) throw new Error(`unparsable flag line: ${JSON.stringify(head)}`);
    const quoted = /^'.*'$/s.test(m[3]);
    const flag = { name: m[2] };
    if (m[1]) flag.shorthand = m[1];
    flag.type = quoted ? 'string' : typeOf(m[3]);
    flag.defValue = quoted ? m[3].slice(1, -1) : m[3];
    flag.usage = usage.map((l) => l.replace(/^\t/, '')).join(' ');
    return flag;
  });
}

/** pflag's value type, as far as its printed default tells it (the help prints quotes only for strings). */
function typeOf(def) {
  if (def === 'true' || def === 'false') return 'bool';
  if (/^-?\d+$/.test(def)) return 'int';
  if (/^-?(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/.test(def)) return 'duration';
  if (/^\[.*\]$/.test(def)) return 'stringSlice';
  if (/^map\[.*\]$/.test(def)) return 'map';
  return 'other';
}

/** kubectl's commands, as its root help lists them (every group, "Other Commands" included). */
function kubectlVerbs() {
  const text = help([]);
  return text
    .split('\n\n')
    .filter((b) => /^[A-Z][^\n]*:\n {2}\S/.test(b) && !b.startsWith('Usage:'))
    .flatMap((b) => commandLines(b));
}

async function kubesimVerbs() {
  const index = readFileSync(join(root, 'src', 'cli', 'commands', 'index.ts'), 'utf8');
  return [...index.matchAll(/\bname: '([^']+)'/g)].map((m) => m[1]);
}

const verbs = kubectlVerbs();
const wanted = new Set([...(await kubesimVerbs()), ...process.argv.slice(2)]);
const chosen = verbs.filter((v) => wanted.has(v.name));

rmSync(catalogDir, { recursive: true, force: true });
mkdirSync(catalogDir, { recursive: true });
mkdirSync(goldenDir, { recursive: true });
for (const f of readdirSync(goldenDir)) if (f.endsWith('.txt')) rmSync(join(goldenDir, f));

writeFileSync(join(goldenDir, 'root.txt'), help([]));
const optionsText = execFileSync(kubectl, ['options'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent', KUBECONFIG: '/nonexistent' } });
writeFileSync(join(goldenDir, 'options.txt'), optionsText);

const header = (what) =>
  `/** kubectl 1.32's help for ${what}, as \`kubectl ... --help\` prints it; generated by scripts/gen-kubectl-help.mjs, do not edit. */\nimport type { KubectlHelp } from '../kubectl-help.js';\n\n`;

const globalFlags = parseFlags(optionsText.replace(/^The following options can be passed to any command:\n\n/, '').trimEnd());
writeFileSync(join(catalogDir, 'options.ts'), `${header('the global flags (`kubectl options`)').replace("import type { KubectlHelp } from '../kubectl-help.js';", "import type { KubectlFlag } from '../kubectl-help.js';")}export const globalFlags: KubectlFlag[] = ${JSON.stringify(globalFlags, null, 2)};\n`);

const written = [];
/** Per command path, the flags whose type pflag checks when parsing (bool, int, duration): what kubesim's parser needs. */
const flagTypes = {};
for (const verb of chosen) {
  const entries = {};
  const walk = (path, short) => {
    const text = help(path);
    writeFileSync(join(goldenDir, `${path.join('_')}.txt`), text);
    const parsed = parseHelp(text);
    const entry = { use: parsed.use, short, long: parsed.long };
    if (parsed.aliases) entry.aliases = parsed.aliases;
    if (parsed.example) entry.example = parsed.example;
    entry.flags = parsed.flags;
    if (parsed.subcommands.length) entry.subcommands = parsed.subcommands.map((s) => s.name);
    entries[path.join(' ')] = entry;
    const typed = Object.fromEntries(parsed.flags.filter((f) => ['bool', 'int', 'duration'].includes(f.type)).map((f) => [f.name, f.type]));
    if (Object.keys(typed).length) flagTypes[path.join(' ')] = typed;
    for (const sub of parsed.subcommands) walk([...path, sub.name], sub.short);
  };
  walk([verb.name], verb.short);
  const file = `${verb.name}.ts`;
  writeFileSync(join(catalogDir, file), `${header(`\`kubectl ${verb.name}\` and its subcommands`)}export const help: Record<string, KubectlHelp> = ${JSON.stringify(entries, null, 2)};\n`);
  written.push(verb.name);
}

writeFileSync(
  join(catalogDir, 'flag-types.ts'),
  `/** The flags of kubectl's commands whose values pflag parses (bool, int, duration), by command path; generated by scripts/gen-kubectl-help.mjs, do not edit. */\nexport const kubectlFlagTypes: Record<string, Record<string, 'bool' | 'int' | 'duration'>> = ${JSON.stringify(flagTypes)};\n`,
);

const loaders = written.map((v) => `  ${JSON.stringify(v)}: () => import('./${v}.js'),`).join('\n');
writeFileSync(
  join(catalogDir, 'index.ts'),
  `/** Which kubectl verbs have their help here, each loaded on demand; generated by scripts/gen-kubectl-help.mjs, do not edit. */\nimport type { KubectlHelp } from '../kubectl-help.js';\n\nexport const kubectlHelpLoaders: Record<string, () => Promise<{ help: Record<string, KubectlHelp> }>> = {\n${loaders}\n};\n`,
);

// On a terminal kubectl wraps its help to 80, 100 or 120 columns: a few commands at each width, through a pty.
const wrappedDir = join(goldenDir, 'wrapped');
rmSync(wrappedDir, { recursive: true, force: true });
mkdirSync(wrappedDir, { recursive: true });
for (const path of [['get'], ['run'], ['create', 'deployment'], ['apply'], ['options']]) {
  for (const cols of [80, 100, 120]) {
    const cmd = `stty cols ${cols} rows 50; ${kubectl} ${path.join(' ')}${path[0] === 'options' ? '' : ' --help'}`;
    const text = execFileSync('script', ['-qc', cmd, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/nonexistent', KUBECONFIG: '/nonexistent', TERM: 'xterm' } });
    writeFileSync(join(wrappedDir, `${path.join('_')}.${cols}.txt`), text.replaceAll('\r\n', '\n'));
  }
}

console.log(`gen-kubectl-help: ${written.length} verbs (${written.join(', ')}) into ${catalogDir} and ${goldenDir}`);
