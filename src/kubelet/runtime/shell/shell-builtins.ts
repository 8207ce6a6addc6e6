import { posix } from 'node:path';
import type { CommandContext } from './command-context.js';
import { ShellError } from './expand.js';
import { ExitShell, LoopControl, ReturnFromFunction, type Builtin, type Fds, type Shell } from './interpreter.js';
import { isName } from './parser.js';
import type { Signal } from './process-context.js';
import { FsError } from '../vfs/fs-error.js';

/** The builtins that live inside ash (cd, exit, export, read, set, trap, wait, ...): they change the shell itself. */

/** ash's error for a builtin: `sh: cd: line 1: can't cd to /x: No such file or directory`. */
function fail(sh: Shell, ctx: CommandContext, fds: Fds, message: string, status = 2): Promise<number> {
  return sh.error(message, fds, ctx.argv[0]).then(() => status);
}

function number(arg: string): number | undefined {
  return /^[0-9]+$/.test(arg) ? Number(arg) : undefined;
}

const exit: Builtin = async (sh, ctx, fds) => {
  const arg = ctx.argv[1];
  if (arg === undefined) throw new ExitShell(sh.status);
  const n = number(arg);
  if (n === undefined) {
    await fail(sh, ctx, fds, `Illegal number: ${arg}`);
    throw new ExitShell(2);
  }
  throw new ExitShell(n & 255);
};

const loopControl =
  (kind: 'break' | 'continue'): Builtin =>
  async (sh, ctx, fds) => {
    const arg = ctx.argv[1];
    const n = arg === undefined ? 1 : number(arg);
    if (n === undefined || n === 0) return fail(sh, ctx, fds, `Illegal number: ${arg}`, 1);
    if (sh.loopDepth === 0) return 0;
    throw new LoopControl(kind, Math.min(n, sh.loopDepth));
  };

const returnBuiltin: Builtin = async (sh, ctx, fds) => {
  const arg = ctx.argv[1];
  const n = arg === undefined ? sh.status : number(arg);
  if (n === undefined) return fail(sh, ctx, fds, `Illegal number: ${arg}`);
  throw new ReturnFromFunction(n & 255);
};

function quoteValue(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

function listVars(sh: Shell, prefix: string, filter: (name: string) => boolean): string {
  return [...sh.vars.entries()]
    .filter(([name]) => filter(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, v]) => `${prefix}${name}=${quoteValue(v.value)}\n`)
    .join('');
}

const exportBuiltin: Builtin = async (sh, ctx, fds) => {
  const args = ctx.argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    await ctx.stdout.write(listVars(sh, 'export ', (n) => sh.vars.get(n)!.exported));
    return 0;
  }
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!isName(name)) return fail(sh, ctx, fds, `bad variable name: ${name}`);
    sh.exportVar(name, eq < 0 ? undefined : arg.slice(eq + 1));
  }
  return 0;
};

const readonlyBuiltin: Builtin = async (sh, ctx, fds) => {
  const args = ctx.argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    await ctx.stdout.write(listVars(sh, 'readonly ', (n) => sh.vars.get(n)!.readonly));
    return 0;
  }
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    if (!isName(name)) return fail(sh, ctx, fds, `bad variable name: ${name}`);
    sh.markReadonly(name, eq < 0 ? undefined : arg.slice(eq + 1));
  }
  return 0;
};

const unset: Builtin = async (sh, ctx) => {
  let functions = false;
  for (const arg of ctx.argv.slice(1)) {
    if (arg === '-f') functions = true;
    else if (arg === '-v') functions = false;
    else if (functions) sh.functions.delete(arg);
    else sh.unsetVar(arg);
  }
  return 0;
};

const optionLetters: Record<string, keyof Shell['options']> = { e: 'errexit', u: 'nounset', x: 'xtrace', f: 'noglob' };
const optionNames: Record<string, keyof Shell['options']> = { errexit: 'errexit', nounset: 'nounset', xtrace: 'xtrace', noglob: 'noglob' };

const set: Builtin = async (sh, ctx, fds) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    await ctx.stdout.write(listVars(sh, '', () => true));
    return 0;
  }
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      i++;
      sh.positional = args.slice(i);
      return 0;
    }
    if (!/^[-+]/.test(arg) || arg === '-' || arg === '+') break;
    const on = arg[0] === '-';
    for (const letter of arg.slice(1)) {
      if (letter === 'o') {
        const name = args[++i];
        const opt = name === undefined ? undefined : optionNames[name];
        if (!opt) return fail(sh, ctx, fds, `Illegal option ${on ? '-' : '+'}o ${name ?? ''}`.trimEnd(), 1);
        sh.options[opt] = on;
        continue;
      }
      const opt = optionLetters[letter];
      if (!opt) return fail(sh, ctx, fds, `Illegal option ${on ? '-' : '+'}${letter}`);
      sh.options[opt] = on;
    }
  }
  if (i < args.length) sh.positional = args.slice(i);
  return 0;
};

const shift: Builtin = async (sh, ctx, fds) => {
  const arg = ctx.argv[1];
  const n = arg === undefined ? 1 : number(arg);
  if (n === undefined) return fail(sh, ctx, fds, `Illegal number: ${arg}`);
  if (n > sh.positional.length) return 1;
  sh.positional = sh.positional.slice(n);
  return 0;
};

const evalBuiltin: Builtin = async (sh, ctx, fds) => sh.runScriptFragment(ctx.argv.slice(1).join(' '), fds);

/** exec: with a command, the command replaces the shell (and, as PID 1, takes over its signals); without, redirections stay. */
const exec: Builtin = async (sh, ctx, fds) => {
  const argv = ctx.argv.slice(1);
  if (argv.length === 0) {
    sh.fds = fds;
    return 0;
  }
  sh.process.termHandler = undefined;
  const status = await sh.run(argv, [], fds);
  throw new ExitShell(status);
};

const signalNames: Record<string, string> = { '0': 'EXIT', '1': 'HUP', '2': 'INT', '3': 'QUIT', '9': 'KILL', '10': 'USR1', '12': 'USR2', '15': 'TERM' };

function signalName(spec: string): string | undefined {
  const upper = spec.toUpperCase().replace(/^SIG/, '');
  if (signalNames[upper]) return signalNames[upper];
  return Object.values(signalNames).includes(upper) ? upper : undefined;
}

const trap: Builtin = async (sh, ctx, fds) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    for (const [sig, action] of sh.traps) await ctx.stdout.write(`trap -- ${quoteValue(action)} ${sig}\n`);
    return 0;
  }
  const action = args[0]!;
  const reset = action === '-' || (number(action) !== undefined && args.length === 1);
  const sigs = reset && number(action) !== undefined ? args : args.slice(1);
  for (const spec of sigs) {
    const sig = signalName(spec);
    if (!sig) return fail(sh, ctx, fds, `${spec}: bad trap`, 1);
    if (reset) sh.traps.delete(sig);
    else sh.traps.set(sig, action);
  }
  sh.process.termHandler = [...sh.traps.keys()].some((s) => s === 'TERM' || s === 'INT') ? (sig: Signal) => sh.deliver(sig) : undefined;
  return 0;
};

const cd: Builtin = async (sh, ctx, fds) => {
  let dir = ctx.argv[1];
  let print = false;
  if (dir === undefined) dir = sh.get('HOME') ?? '/';
  else if (dir === '-') {
    dir = sh.get('OLDPWD') ?? sh.cwd;
    print = true;
  }
  const target = posix.resolve(sh.cwd, dir);
  try {
    const st = await sh.fs.stat(target);
    if (st.type !== 'dir') throw new FsError('ENOTDIR');
  } catch (e) {
    if (e instanceof FsError) return fail(sh, ctx, fds, `can't cd to ${dir}: ${e.message}`);
    throw e;
  }
  sh.setVar('OLDPWD', sh.cwd, true);
  sh.cwd = target;
  sh.setVar('PWD', target, true);
  if (print) await ctx.stdout.write(target + '\n');
  return 0;
};

const pwd: Builtin = async (sh, ctx) => {
  await ctx.stdout.write(sh.cwd + '\n');
  return 0;
};

/** read [-r] [-p prompt] NAME...: one line of input split on IFS; status 1 at end of input. */
const read: Builtin = async (sh, ctx) => {
  const args = ctx.argv.slice(1);
  let raw = false;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-r') raw = true;
    else if (a === '-p') await ctx.stderr.write(args[++i] ?? '');
    else if (a === '-t' || a === '-n' || a === '-u' || a === '-d') i++;
    else names.push(a);
  }
  if (names.length === 0) names.push('REPLY');
  let line = '';
  let eof = false;
  for (;;) {
    const chunk = await ctx.stdin.readLine();
    if (chunk === null) {
      eof = true;
      break;
    }
    const text = chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk;
    if (!chunk.endsWith('\n')) eof = true;
    if (!raw && text.endsWith('\\') && !text.endsWith('\\\\') && !eof) {
      line += text.slice(0, -1);
      continue;
    }
    line += text;
    break;
  }
  if (!raw) line = line.replace(/\\(.)/g, '$1');
  const ifs = sh.get('IFS') ?? ' \t\n';
  const ws = [...ifs].filter((c) => ' \t\n'.includes(c)).join('');
  let rest = line.replace(new RegExp(`^[${escapeClass(ws)}]+`), '');
  names.forEach((name, i) => {
    if (i === names.length - 1) {
      sh.setVar(name, rest.replace(new RegExp(`[${escapeClass(ws)}]+$`), ''));
      return;
    }
    const m = ifs ? new RegExp(`[${escapeClass(ifs)}]`).exec(rest) : null;
    if (!m) {
      sh.setVar(name, rest);
      rest = '';
      return;
    }
    sh.setVar(name, rest.slice(0, m.index));
    rest = rest.slice(m.index + 1).replace(new RegExp(`^[${escapeClass(ws)}]+`), '');
  });
  return eof && line === '' ? 1 : eof ? 1 : 0;
};

function escapeClass(chars: string): string {
  return chars.replace(/[\]\\^-]/g, '\\$&') || '\\s';
}

/** wait [PID...]: waits for background jobs; a trapped signal interrupts it (status 128+n), as in ash. */
const wait: Builtin = async (sh, ctx) => {
  const pids = ctx.argv.slice(1).map(Number);
  const targets = pids.length > 0 ? pids : [...sh.jobs.keys()];
  let status = 0;
  for (const pid of targets) {
    const job = sh.jobs.get(pid);
    if (!job) {
      status = 127;
      continue;
    }
    const interrupted = new Promise<'signal'>((resolve) => (sh.signalWake = () => resolve('signal')));
    const result = await Promise.race([job, interrupted, abortPromise(sh)]);
    if (result === 'signal') {
      const sig = sh.pendingSignals[0] ?? 'TERM';
      await sh.runPendingTraps();
      return 128 + (sig === 'INT' ? 2 : 15);
    }
    sh.jobs.delete(pid);
    status = result;
  }
  sh.signalWake = undefined;
  return status;
};

function abortPromise(sh: Shell): Promise<never> {
  return new Promise((_resolve, reject) => {
    const signal = sh.process.kill.signal;
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

const local: Builtin = async (sh, ctx, fds) => {
  if (!sh.inFunction) return fail(sh, ctx, fds, 'not in a function');
  for (const arg of ctx.argv.slice(1)) {
    const eq = arg.indexOf('=');
    if (eq >= 0) sh.setVar(arg.slice(0, eq), arg.slice(eq + 1));
    else if (sh.get(arg) === undefined) sh.setVar(arg, '');
  }
  return 0;
};

const type: Builtin = async (sh, ctx) => {
  let status = 0;
  for (const name of ctx.argv.slice(1)) {
    if (sh.functions.has(name)) await ctx.stdout.write(`${name} is a function\n`);
    else if (sh.commands.specialBuiltins[name]) await ctx.stdout.write(`${name} is a special shell builtin\n`);
    else if (sh.commands.builtins[name] || sh.commands.builtinApplets[name]) await ctx.stdout.write(`${name} is a shell builtin\n`);
    else if (sh.commands.utilities[name]) await ctx.stdout.write(`${name} is /bin/${name}\n`);
    else {
      await ctx.stdout.write(`${name}: not found\n`);
      status = 127;
    }
  }
  return status;
};

const dot: Builtin = async (sh, ctx, fds) => {
  const file = ctx.argv[1];
  if (file === undefined) return 0;
  const path = posix.resolve(sh.cwd, file);
  let text: string;
  try {
    text = await sh.fs.readFile(path);
  } catch (e) {
    if (e instanceof FsError) throw new ShellError(`can't open '${file}': ${e.message}`);
    throw e;
  }
  return sh.runScriptFragment(text, fds);
};

const colon: Builtin = async () => 0;

export const specialBuiltins: Record<string, Builtin> = {
  ':': colon,
  '.': dot,
  break: loopControl('break'),
  continue: loopControl('continue'),
  eval: evalBuiltin,
  exec,
  exit,
  export: exportBuiltin,
  readonly: readonlyBuiltin,
  return: returnBuiltin,
  set,
  shift,
  trap,
  unset,
};

export const shellBuiltins: Record<string, Builtin> = {
  cd,
  pwd,
  read,
  wait,
  local,
  type,
  source: dot,
};
