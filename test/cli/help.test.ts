/**
 * kubesim's help is kubectl 1.32's help (test/golden/help/, captured by scripts/gen-kubectl-help.mjs) read through the
 * rule of test/golden/help/README.md: `kubectl` becomes `kubesim`, and flags, examples and subcommands kubesim does
 * not have are left out. Commands of kubesim's own have kubectl's layout and examples too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { commands } from '../../src/cli/commands/index.js';
import type { CliDeps } from '../../src/cli/context.js';
import { asKubesim, namePadding } from '../../src/cli/help/render-help.js';
import { main, rootProgram } from '../../src/cli/main.js';

const goldenDir = join(process.cwd(), 'test', 'golden', 'help');
const golden = (name: string) => readFileSync(join(goldenDir, name), 'utf8');

async function kubesim(args: string[], tty: { isTTY?: boolean; columns?: number } = {}) {
  let stdout = '';
  let stderr = '';
  const deps: CliDeps = {
    out: { write: (s) => void (stdout += s), ...tty },
    err: { write: (s) => void (stderr += s) },
    env: { HOME: '/nonexistent', KUBESIM_HOME: '/nonexistent' },
    now: () => new Date(),
    stdin: () => '',
    openCluster: () => Promise.reject(new Error('help needs no cluster')),
  };
  const code = await main(args, deps);
  return { code, stdout, stderr };
}

/** Every command path of kubesim, with its commander command (all modules registered). */
async function commandTree(): Promise<Array<{ path: string[]; cmd: Command }>> {
  const deps = {} as CliDeps;
  const program = rootProgram(deps);
  for (const entry of commands) (await entry.load()).register(program, deps);
  const out: Array<{ path: string[]; cmd: Command }> = [];
  const walk = (cmd: Command, path: string[]) => {
    out.push({ path, cmd });
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  for (const cmd of program.commands) walk(cmd, [cmd.name()]);
  return out;
}

/** The text between a section header and the next blank-line-separated header of cobra's template. */
function section(text: string, title: string): string | undefined {
  const m = new RegExp(`\\n\\n${title}\\n([\\s\\S]*?)\\n\\n(?=[A-Z][A-Za-z ]*:\\n|Use ")`).exec(text);
  return m?.[1];
}

/** The flags an Options section lists: long name, shorthand and whether it is a bool (its default prints as true/false). */
function listedFlags(options: string | undefined): Array<{ name: string; shorthand?: string; bool: boolean; block: string }> {
  if (!options) return [];
  return options.split('\n\n').map((block) => {
    const m = /^ {4}(?:-(.), )?--([^=]+)=(.*):\n/.exec(block)!;
    return { name: m[2]!, ...(m[1] ? { shorthand: m[1] } : {}), bool: m[3] === 'true' || m[3] === 'false', block };
  });
}

/** The flag words of an example paragraph's kubesim command lines (up to `--`, where the container's command starts). */
function flagWords(paragraph: string): string[] {
  const words: string[] = [];
  for (const line of paragraph.split('\n').filter((l) => !l.trim().startsWith('#'))) {
    for (const segment of line.split(/\|\||&&|\||;/)) {
      const tokens: string[] = segment.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
      const at = tokens.indexOf('kubesim');
      if (at < 0) continue;
      for (const t of tokens.slice(at + 1)) {
        if (t === '--') break;
        if (t.length > 1 && t.startsWith('-')) words.push(t);
      }
    }
  }
  return words;
}

/** Whether every flag of the paragraph is one kubesim's command lists (or a global one), by pflag's reading of runs like -it. */
function usesOnly(paragraph: string, flags: ReturnType<typeof listedFlags>, kubectlFlags: ReturnType<typeof listedFlags>): boolean {
  // --as and --as-group: kubectl's global impersonation flags, which kubesim's auth can-i takes (unlisted, as kubectl lists them in options).
  const long = new Set([...flags.map((f) => f.name), 'namespace', 'v', 'help', 'as', 'as-group']);
  const short = new Set([...flags.flatMap((f) => (f.shorthand ? [f.shorthand] : [])), 'n', 'v', 'h']);
  const boolShort = new Set(kubectlFlags.filter((f) => f.bool && f.shorthand).map((f) => f.shorthand!));
  return flagWords(paragraph).every((w) => {
    if (w.startsWith('--')) return long.has(w.slice(2).split('=')[0]!);
    for (const c of w.slice(1)) {
      if (!short.has(c)) return false;
      if (!boolShort.has(c)) return true;
    }
    return true;
  });
}

/**
 * The README's rule: kubectl's help, `kubectl` read as `kubesim`, with kubesim's aliases and subcommands, the Options
 * of the flags kubesim's command has, and the example paragraphs that use only those flags.
 */
function expectedHelp(kubectlText: string, kubesimText: string, cmd: Command): string {
  let text = asKubesim(kubectlText);
  const kubesimFlags = listedFlags(section(kubesimText, 'Options:'));
  const kubectlFlags = listedFlags(section(text, 'Options:'));
  const options = section(text, 'Options:');
  if (options !== undefined) {
    const kept = kubectlFlags.filter((f) => kubesimFlags.some((k) => k.name === f.name)).map((f) => f.block);
    text = text.replace(`\n\nOptions:\n${options}\n\n`, kept.length ? `\n\nOptions:\n${kept.join('\n\n')}\n\n` : '\n\n');
  }
  const examples = section(text, 'Examples:');
  if (examples !== undefined) {
    // A parent command's examples run its subcommands (kubectl rollout restart deployment --selector=...): their flags count too.
    const subcommandFlags = cmd.commands.flatMap((sub) => sub.options.filter((o) => o.long).map((o) => ({ name: o.long!.slice(2), ...(o.short ? { shorthand: o.short.slice(1) } : {}), bool: o.isBoolean(), block: '' })));
    const kept = examples.split('\n  \n').filter((p) => usesOnly(p, [...kubesimFlags, ...subcommandFlags], kubectlFlags));
    text = text.replace(`\n\nExamples:\n${examples}\n\n`, kept.length ? `\n\nExamples:\n${kept.join('\n  \n')}\n\n` : '\n\n');
  }
  const aliases = section(text, 'Aliases:');
  if (aliases !== undefined) {
    text = text.replace(`\n\nAliases:\n${aliases}\n\n`, cmd.aliases().length ? `\n\nAliases:\n${[cmd.name(), ...cmd.aliases()].join(', ')}\n\n` : '\n\n');
  }
  const available = section(text, 'Available Commands:');
  if (available !== undefined) {
    const names = cmd.commands.map((c) => c.name());
    const pad = namePadding(names);
    const lines = available
      .split('\n')
      .map((l) => /^ {2}(\S+)\s+(.*)$/.exec(l)!)
      .filter((m) => names.includes(m[1]!))
      .map((m) => `  ${m[1]!.padEnd(pad)}   ${m[2]}`);
    text = text.replace(`\n\nAvailable Commands:\n${available}\n\n`, lines.length ? `\n\nAvailable Commands:\n${lines.join('\n')}\n\n` : '\n\n');
    // Without subcommands, no hint about their help either.
    if (!lines.length) text = text.replace(/^Use "kubesim [^"]* <command> --help" for more information about a given command\.\n/m, '');
  }
  return text;
}

/** Where two texts first differ, as a few lines of each (readable where a whole help text is not). */
function firstDifference(got: string, want: string): { got: string[]; want: string[] } {
  const a = got.split('\n');
  const b = want.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return { got: a.slice(Math.max(0, i - 2), i + 3), want: b.slice(Math.max(0, i - 2), i + 3) };
}

describe('kubesim VERB --help is kubectl VERB --help, read by the README rule', () => {
  let tree: Array<{ path: string[]; cmd: Command }>;
  beforeAll(async () => {
    tree = await commandTree();
  });

  it('every kubesim command that kubectl has has a golden', async () => {
    const { kubectlHelpFor } = await import('../../src/cli/help/command-help.js');
    const missing: string[] = [];
    for (const { path } of tree) if ((await kubectlHelpFor(path)) && !existsSync(join(goldenDir, `${path.join('_')}.txt`))) missing.push(path.join(' '));
    expect(missing).toEqual([]);
  });

  it("every command's help equals kubectl's, with only kubesim's flags, examples and subcommands", async () => {
    const differing: Array<{ command: string; difference: ReturnType<typeof firstDifference> }> = [];
    for (const { path, cmd } of tree) {
      const file = join(goldenDir, `${path.join('_')}.txt`);
      if (!existsSync(file)) continue;
      const r = await kubesim([...path, '--help']);
      const want = expectedHelp(golden(`${path.join('_')}.txt`), r.stdout, cmd);
      if (r.code !== 0 || r.stdout !== want) differing.push({ command: `kubesim ${path.join(' ')} --help`, difference: firstDifference(r.stdout, want) });
    }
    expect(differing).toEqual([]);
  });

  it("every command's help has examples (where kubectl's has) and kubectl's closing lines", async () => {
    const lacking: string[] = [];
    for (const { path } of tree) {
      const r = await kubesim([...path, '--help']);
      const file = join(goldenDir, `${path.join('_')}.txt`);
      // kubectl's groups of subcommands (create secret, config) have no examples of their own.
      const kubectlHasExamples = !existsSync(file) || golden(`${path.join('_')}.txt`).includes('\n\nExamples:\n');
      if ((kubectlHasExamples && !r.stdout.includes('\n\nExamples:\n  ')) || !r.stdout.endsWith('Use "kubesim options" for a list of global command-line options (applies to all commands).\n')) lacking.push(path.join(' '));
    }
    expect(lacking).toEqual([]);
  });

  it.each([
    ['-h', ['get', '-h']],
    ['help VERB', ['help', 'get']],
    ['--help after other flags and arguments', ['get', 'pods', '-o', 'wide', '--help']],
  ])('%s prints the same help as --help', async (_name, args) => {
    const want = await kubesim(['get', '--help']);
    expect(await kubesim(args)).toEqual(want);
  });
});

/** kubectl's root help with kubesim's header, its commands only (empty groups dropped), and its own lifecycle group first. */
function expectedRoot(): string {
  const text = golden('root.txt');
  const blocks = text.split('\n\n');
  const header = 'kubesim controls a simulated Kubernetes cluster, as kubectl controls a real one.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/';
  const names = new Set(commands.map((c) => c.name));
  const pad = namePadding([...commands.map((c) => c.name), 'options', 'help']);
  const line = (name: string, short: string) => `  ${name.padEnd(pad)}   ${short}`;
  const lifecycle = commands.filter((c) => c.group === 'lifecycle').map((c) => line(c.name, c.description));
  const groups = blocks
    .filter((b) => /^[A-Z][^\n]*:\n/.test(b) && !b.startsWith('Usage:'))
    .map((b) => {
      const [title, ...lines] = b.split('\n');
      const kept = lines.map((l) => /^ {2}(\S+)\s+(.*)$/.exec(l)!).filter((m) => names.has(m[1]!));
      return kept.length ? [title, ...kept.map((m) => line(m[1]!, m[2]!))].join('\n') : undefined;
    })
    .filter((g): g is string => !!g);
  if (lifecycle.length) groups.unshift(['Cluster Lifecycle Commands:', ...lifecycle].join('\n'));
  return `${header}\n\n${asKubesim(`${groups.join('\n\n')}\n\n${blocks.slice(blocks.findIndex((b) => b.startsWith('Usage:'))).join('\n\n')}`)}`;
}

describe('kubesim --help is kubectl --help with kubesim’s commands', () => {
  it.each([
    ['kubesim --help', ['--help']],
    ['kubesim -h', ['-h']],
    ['kubesim help', ['help']],
    ['kubesim with no command', []],
    ['kubesim with only global flags', ['-n', 'kube-system']],
  ])('%s prints the root help on stdout and succeeds', async (_name, args) => {
    expect(await kubesim(args)).toEqual({ code: 0, stdout: expectedRoot(), stderr: '' });
  });

  it('every listed command short is the table’s and every kubectl command keeps kubectl’s group and words', () => {
    const root = golden('root.txt');
    for (const c of commands.filter((x) => x.group !== 'lifecycle')) {
      expect({ name: c.name, listed: new RegExp(`\\n  ${c.name} +${c.description.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`).test(root) }).toEqual({ name: c.name, listed: true });
    }
  });

  it('an unknown help topic prints the root usage on stderr and succeeds, as cobra does', async () => {
    const r = await kubesim(['help', 'foo']);
    const usage = expectedRoot().slice(expectedRoot().indexOf('\n\n', expectedRoot().indexOf('Find more information')));
    expect(r).toEqual({ code: 0, stdout: '', stderr: `Unknown help topic [\`foo\`]\n${usage}` });
  });
});

describe('kubesim options', () => {
  it("lists the global flags kubesim has, in kubectl's words", async () => {
    const kubectl = golden('options.txt');
    const blocks = kubectl.replace(/^The following options can be passed to any command:\n\n/, '').split('\n\n').filter(Boolean);
    const kept = blocks.filter((b) => /--(namespace|v)=/.test(b));
    expect(await kubesim(['options'])).toEqual({ code: 0, stdout: `The following options can be passed to any command:\n\n${kept.join('\n\n')}\n\n`, stderr: '' });
  });

  it('takes no flags, as kubectl options says', async () => {
    expect(await kubesim(['options', '--foo'])).toEqual({ code: 1, stdout: '', stderr: "Error: unknown flag: --foo\nRun 'kubesim options' without flags.\n" });
  });
});

describe('help on a terminal', () => {
  it('wraps at the terminal width steps kubectl uses', async () => {
    const narrow = await kubesim(['get', '--help'], { isTTY: true, columns: 90 });
    // go-wordwrap breaks only at spaces: a line past the limit is one long word.
    expect(narrow.stdout.split('\n').filter((l) => l.length > 80 && /\S\s+\S/.test(l.trim()))).toEqual([]);
    expect(narrow.stdout).not.toBe((await kubesim(['get', '--help'])).stdout);
    const pipe = await kubesim(['get', '--help'], { isTTY: false, columns: 90 });
    expect(pipe.stdout).toBe((await kubesim(['get', '--help'])).stdout);
  });
});
