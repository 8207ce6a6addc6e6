import { posix } from 'node:path';
import type { Command, Redirect } from './ast.js';
import type { CommandContext } from './command-context.js';
import { Expander, ShellError, type ExpansionHost } from './expand.js';
import { BrokenPipe, Capture, InputStream, Pipe, type OutputStream } from './io.js';
import { ScriptParser, ShellSyntaxError } from './parser.js';
import { matchPattern } from './pattern.js';
import { Killed, type ProcessContext, type Signal } from './process-context.js';
import { FsError } from '../vfs/fs-error.js';

/**
 * The shell: evaluates the syntax tree the way busybox ash does (shell/ash.c evaltree): special builtins, functions,
 * builtins, then utilities; every pipeline stage, $(...) and ( ) in a subshell; errors printed as
 * `sh: ...` (or `script: line N: ...`). All waiting is on the process's clock and kill signal.
 */

export type Stream = InputStream | OutputStream;
export type Fds = Map<number, Stream>;

/** A builtin runs inside the shell and may change it (cd, export, exit...); `fds` are its redirected descriptors. */
export type Builtin = (sh: Shell, ctx: CommandContext, fds: Fds) => Promise<number>;

export interface CommandTable {
  specialBuiltins: Record<string, Builtin>;
  builtins: Record<string, Builtin>;
  /** Applets ash runs itself (echo, printf, test, [, true, false): their messages start with the shell's name. */
  builtinApplets: Record<string, (ctx: CommandContext) => Promise<number>>;
  utilities: Record<string, (ctx: CommandContext) => Promise<number>>;
}

export class ExitShell {
  constructor(readonly status: number) {}
}
export class LoopControl {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}
export class ReturnFromFunction {
  constructor(readonly status: number) {}
}

interface Variable {
  value: string;
  exported: boolean;
  readonly: boolean;
  seq: number;
}

export interface ShellInit {
  process: ProcessContext;
  commands: CommandTable;
  /** $0, and the prefix of the shell's own messages (`/bin/sh: foo: not found`). */
  arg0: string;
  /** Set when running a script file: messages read `<script>: line N: ...`. */
  scriptName?: string;
  positional: string[];
  env: [string, string][];
  cwd: string;
  fds: Fds;
  /** This shell's $$. */
  pid: number;
}

/** How often (in executed commands) the shell yields to the event loop, so a busy loop cannot hang the daemon. */
export const YIELD_EVERY = 1000;

let varSeq = 0;

export class Shell implements ExpansionHost {
  readonly process: ProcessContext;
  readonly commands: CommandTable;
  arg0: string;
  scriptName: string | undefined;
  positional: string[];
  cwd: string;
  fds: Fds;
  status = 0;
  lineno = 0;
  readonly pid: number;
  lastBackgroundPid: number | undefined;
  readonly vars = new Map<string, Variable>();
  readonly functions = new Map<string, Command>();
  readonly jobs = new Map<number, Promise<number>>();
  readonly traps = new Map<string, string>();
  readonly options = { errexit: false, nounset: false, xtrace: false, noglob: false };
  pendingSignals: Signal[] = [];
  /** Resolves the current `wait` early when a trapped signal arrives. */
  signalWake: (() => void) | undefined;
  private conditionDepth = 0;
  /** Loops being run (break and continue outside one do nothing). */
  loopDepth = 0;
  private functionDepth = 0;
  private substitutionStatus: number | undefined;
  private readonly expander = new Expander(this);

  constructor(init: ShellInit) {
    this.process = init.process;
    this.commands = init.commands;
    this.arg0 = init.arg0;
    this.scriptName = init.scriptName;
    this.positional = init.positional;
    this.cwd = init.cwd;
    this.fds = init.fds;
    this.pid = init.pid;
  }

  /** Imports the environment as ash's init() does: PATH first (it is one of ash's own variables), SHLVL, HOSTNAME, PWD. */
  importEnvironment(env: [string, string][], hostname: string): void {
    this.vars.set('PATH', { value: '/sbin:/usr/sbin:/bin:/usr/bin', exported: false, readonly: false, seq: varSeq++ });
    for (const [name, value] of env) this.setVar(name, value, true);
    this.setVar('IFS', ' \t\n');
    this.setVar('PPID', '0');
    this.setVar('SHLVL', String(Number.parseInt(this.get('SHLVL') ?? '0', 10) + 1 || 1), true);
    if (this.get('HOSTNAME') === undefined) this.setVar('HOSTNAME', hostname);
    this.setVar('PWD', this.cwd, true);
  }

  // ---- ExpansionHost ----

  get fs() {
    return this.process.env.fs;
  }

  get nounset(): boolean {
    return this.options.nounset;
  }

  get(name: string): string | undefined {
    return this.vars.get(name)?.value;
  }

  set(name: string, value: string): void {
    this.setVar(name, value);
  }

  special(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return String(this.pid);
      case '#':
        return String(this.positional.length);
      case '!':
        return this.lastBackgroundPid === undefined ? '' : String(this.lastBackgroundPid);
      case '-':
        return (this.options.errexit ? 'e' : '') + (this.options.nounset ? 'u' : '') + (this.options.xtrace ? 'x' : '') + 'c';
      case '0':
        return this.arg0;
      case 'LINENO':
        return String(this.lineno);
      default:
        return undefined;
    }
  }

  async substitute(body: Command | undefined): Promise<string> {
    const capture = new Capture();
    const fds = new Map(this.fds);
    fds.set(1, capture);
    this.substitutionStatus = body ? await this.subshell().runSubshell(body, fds) : 0;
    return capture.text;
  }

  // ---- variables ----

  setVar(name: string, value: string, exported?: boolean): void {
    const v = this.vars.get(name);
    if (v?.readonly) throw new ShellError(`${name}: is read only`);
    if (v) {
      v.value = value;
      if (exported) v.exported = true;
    } else {
      this.vars.set(name, { value, exported: Boolean(exported), readonly: false, seq: varSeq++ });
    }
  }

  exportVar(name: string, value?: string): void {
    const v = this.vars.get(name);
    if (value !== undefined) this.setVar(name, value, true);
    else if (v) v.exported = true;
    else this.vars.set(name, { value: '', exported: true, readonly: false, seq: varSeq++ });
  }

  markReadonly(name: string, value?: string): void {
    if (value !== undefined) this.setVar(name, value);
    const v = this.vars.get(name) ?? { value: '', exported: false, readonly: false, seq: varSeq++ };
    v.readonly = true;
    this.vars.set(name, v);
  }

  unsetVar(name: string): void {
    if (this.vars.get(name)?.readonly) throw new ShellError(`${name}: is read only`);
    this.vars.delete(name);
  }

  /** The exported variables in ash's hash-table order (what `env` run from sh prints). */
  environment(overrides: [string, string][] = []): [string, string][] {
    const entries = [...this.vars.entries()].filter(([, v]) => v.exported);
    const out = new Map<string, { value: string; seq: number }>(entries.map(([k, v]) => [k, { value: v.value, seq: v.seq }]));
    for (const [k, value] of overrides) out.set(k, { value, seq: out.get(k)?.seq ?? varSeq++ });
    return [...out.entries()]
      .sort(([a, x], [b, y]) => ashBucket(a) - ashBucket(b) || x.seq - y.seq)
      .map(([k, v]) => [k, v.value]);
  }

  // ---- running ----

  /** Runs a script line by line, as ash's cmdloop; returns the shell's exit status. */
  async runScript(script: string): Promise<number> {
    const parser = new ScriptParser(script);
    try {
      for (;;) {
        let cmd: Command | undefined | 'eof';
        try {
          cmd = parser.next();
        } catch (e) {
          if (!(e instanceof ShellSyntaxError)) throw e;
          this.lineno = e.line;
          await this.error(`syntax error: ${e.message}`);
          this.status = 2;
          break;
        }
        if (cmd === 'eof') break;
        if (cmd) await this.exec(cmd, this.fds);
      }
    } catch (e) {
      this.status = await this.topLevelStatus(e);
    }
    await this.runExitTrap();
    return this.status;
  }

  /**
   * Runs commands read from a stream as they arrive (`sh` with no script, `kubectl exec -i pod -- sh`): each complete
   * command runs as soon as its last line is in; a syntax error ends the (non-interactive) shell with 2.
   */
  async runInput(input: InputStream): Promise<number> {
    let buffer = '';
    try {
      for (;;) {
        const line = await input.readLine();
        if (line !== null) buffer += line;
        if (line === null && buffer === '') break;
        const commands: Command[] = [];
        try {
          const parser = new ScriptParser(buffer);
          for (let cmd = parser.next(); cmd !== 'eof'; cmd = parser.next()) if (cmd) commands.push(cmd);
        } catch (e) {
          if (!(e instanceof ShellSyntaxError)) throw e;
          const incomplete = /^(unexpected end of file|unterminated quoted string|EOF in backquote)/.test(e.message);
          if (incomplete && line !== null) continue;
          await this.error(`syntax error: ${e.message}`);
          this.status = 2;
          break;
        }
        buffer = '';
        for (const cmd of commands) await this.exec(cmd, this.fds);
        if (line === null) break;
      }
    } catch (e) {
      this.status = await this.topLevelStatus(e);
    }
    await this.runExitTrap();
    return this.status;
  }

  /** Runs a command in this shell (already a subshell or the top level) and returns its status. */
  async runSubshell(cmd: Command, fds: Fds): Promise<number> {
    try {
      await this.exec(cmd, fds);
    } catch (e) {
      this.status = await this.topLevelStatus(e);
    }
    return this.status;
  }

  private async topLevelStatus(e: unknown): Promise<number> {
    if (e instanceof ExitShell) return e.status;
    if (e instanceof ReturnFromFunction) return e.status;
    if (e instanceof LoopControl) return this.status;
    if (e instanceof BrokenPipe) return 128 + 13;
    if (e instanceof ShellError) {
      await this.error(e.message);
      return e.status;
    }
    throw e;
  }

  /** A copy of this shell for a subshell: same variables, functions and directory; changes stay inside. */
  subshell(): Shell {
    const sh = new Shell({
      process: this.process,
      commands: this.commands,
      arg0: this.arg0,
      ...(this.scriptName !== undefined ? { scriptName: this.scriptName } : {}),
      positional: [...this.positional],
      env: [],
      cwd: this.cwd,
      fds: this.fds,
      pid: this.pid,
    });
    for (const [k, v] of this.vars) sh.vars.set(k, { ...v });
    for (const [k, v] of this.functions) sh.functions.set(k, v);
    Object.assign(sh.options, this.options);
    sh.status = this.status;
    sh.lineno = this.lineno;
    sh.lastBackgroundPid = this.lastBackgroundPid;
    return sh;
  }

  async exec(cmd: Command, fds: Fds): Promise<number> {
    const status = await this.evaluate(cmd, fds);
    this.status = status;
    if (status !== 0 && this.options.errexit && this.conditionDepth === 0 && isErrexitPoint(cmd)) throw new ExitShell(status);
    return status;
  }

  private async evaluate(cmd: Command, fds: Fds): Promise<number> {
    switch (cmd.type) {
      case 'simple':
        return this.simple(cmd, fds);
      case 'pipeline':
        return this.pipeline(cmd.commands, fds);
      case 'not':
        return (await this.conditional(() => this.exec(cmd.command, fds))) === 0 ? 1 : 0;
      case 'and':
      case 'or': {
        const left = await this.conditional(() => this.exec(cmd.left, fds));
        if ((cmd.type === 'and') === (left === 0)) return this.exec(cmd.right, fds);
        return left;
      }
      case 'list': {
        let status = 0;
        for (const item of cmd.items) {
          if (item.background) {
            this.background(item.command, fds);
            status = 0;
            this.status = 0;
          } else {
            status = await this.exec(item.command, fds);
          }
        }
        return status;
      }
      case 'if': {
        if ((await this.conditional(() => this.exec(cmd.cond, fds))) === 0) return this.exec(cmd.then, fds);
        if (cmd.else) return this.exec(cmd.else, fds);
        return 0;
      }
      case 'while':
      case 'until':
        return this.loop(cmd, fds);
      case 'for':
        return this.forLoop(cmd, fds);
      case 'case': {
        const value = await this.expander.string(cmd.word);
        for (const item of cmd.items) {
          for (const p of item.patterns) {
            if (matchPattern(await this.expander.pattern(p), value)) return item.body ? this.exec(item.body, fds) : 0;
          }
        }
        return 0;
      }
      case 'subshell':
        return this.subshell().runSubshell(cmd.body, fds);
      case 'group':
        return this.exec(cmd.body, fds);
      case 'function':
        this.functions.set(cmd.name, cmd.body);
        return 0;
      case 'redirected': {
        let redirected: Fds;
        try {
          redirected = await this.redirect(cmd.redirects, fds);
        } catch (e) {
          return this.redirectFailed(e);
        }
        return this.exec(cmd.command, redirected);
      }
    }
  }

  private async conditional(run: () => Promise<number>): Promise<number> {
    this.conditionDepth++;
    try {
      return await run();
    } finally {
      this.conditionDepth--;
    }
  }

  private async loop(cmd: Extract<Command, { type: 'while' | 'until' }>, fds: Fds): Promise<number> {
    this.loopDepth++;
    try {
      return await this.loopBody(cmd, fds);
    } finally {
      this.loopDepth--;
    }
  }

  private async loopBody(cmd: Extract<Command, { type: 'while' | 'until' }>, fds: Fds): Promise<number> {
    let status = 0;
    for (;;) {
      await this.tick();
      const cond = await this.conditional(() => this.exec(cmd.cond, fds));
      if ((cond === 0) !== (cmd.type === 'while')) break;
      try {
        status = await this.exec(cmd.body, fds);
      } catch (e) {
        if (!(e instanceof LoopControl)) throw e;
        if (e.levels > 1) {
          e.levels--;
          throw e;
        }
        if (e.kind === 'break') break;
      }
    }
    this.status = status;
    return status;
  }

  private async forLoop(cmd: Extract<Command, { type: 'for' }>, fds: Fds): Promise<number> {
    this.loopDepth++;
    try {
      return await this.forBody(cmd, fds);
    } finally {
      this.loopDepth--;
    }
  }

  private async forBody(cmd: Extract<Command, { type: 'for' }>, fds: Fds): Promise<number> {
    const items = cmd.items ? await this.expander.fields(cmd.items) : [...this.positional];
    let status = 0;
    for (const item of items) {
      await this.tick();
      this.setVar(cmd.name, item);
      try {
        status = await this.exec(cmd.body, fds);
      } catch (e) {
        if (!(e instanceof LoopControl)) throw e;
        if (e.levels > 1) {
          e.levels--;
          throw e;
        }
        if (e.kind === 'break') break;
      }
    }
    return status;
  }

  /** Counts a step; yields to the event loop every YIELD_EVERY steps and stops when killed. */
  private async tick(): Promise<void> {
    this.process.check();
    if (++this.process.steps % YIELD_EVERY === 0) await this.process.yieldNow();
    if (this.pendingSignals.length > 0) await this.runPendingTraps();
  }

  private async pipeline(commands: Command[], fds: Fds): Promise<number> {
    const pipes = commands.slice(1).map(() => new Pipe());
    const runs = commands.map(async (stage, i) => {
      const stageFds: Fds = new Map(fds);
      if (i > 0) stageFds.set(0, pipes[i - 1]!.reader);
      if (i < commands.length - 1) stageFds.set(1, pipes[i]!.writer);
      try {
        return await this.subshell().runSubshell(stage, stageFds);
      } finally {
        if (i < commands.length - 1) pipes[i]!.writer.close();
        if (i > 0) pipes[i - 1]!.closeReader();
      }
    });
    const statuses = await Promise.all(runs);
    return statuses[statuses.length - 1]!;
  }

  private background(cmd: Command, fds: Fds): void {
    const pid = this.process.allocatePid();
    const bgFds: Fds = new Map(fds);
    bgFds.set(0, InputStream.empty());
    const run = this.subshell()
      .runSubshell(cmd, bgFds)
      .catch((e: unknown) => (e instanceof Killed ? 128 + 9 : Promise.reject(e)));
    this.jobs.set(pid, run);
    this.lastBackgroundPid = pid;
  }

  // ---- simple commands ----

  private async simple(cmd: Extract<Command, { type: 'simple' }>, fds: Fds): Promise<number> {
    await this.tick();
    this.lineno = cmd.line;
    this.substitutionStatus = undefined;
    const argv = await this.expander.fields(cmd.words);
    const assigns: [string, string][] = [];
    for (const a of cmd.assigns) assigns.push([a.name, await this.expander.string(a.value)]);
    let cmdFds: Fds;
    try {
      cmdFds = await this.redirect(cmd.redirects, fds);
    } catch (e) {
      return this.redirectFailed(e);
    }
    if (argv.length === 0) {
      for (const [name, value] of assigns) this.setVar(name, value);
      return this.substitutionStatus ?? 0;
    }
    if (this.options.xtrace) await this.write(cmdFds, 2, `+ ${[...assigns.map(([k, v]) => `${k}=${v}`), ...argv].join(' ')}\n`);
    return this.run(argv, assigns, cmdFds);
  }

  /** Runs a command by name: special builtin, function, builtin, or utility (by path or name). */
  async run(argv: string[], assigns: [string, string][], fds: Fds): Promise<number> {
    const name = argv[0]!;
    const special: Builtin | undefined = this.commands.specialBuiltins[name];
    if (special) {
      for (const [k, v] of assigns) this.setVar(k, v);
      return special(this, this.context(argv, [], fds), fds);
    }
    const fn = this.functions.get(name);
    if (fn) return this.callFunction(fn, argv, assigns, fds);
    const builtin: Builtin | undefined = this.commands.builtins[name];
    if (builtin) return builtin(this, this.context(argv, assigns, fds), fds);
    const applet: ((ctx: CommandContext) => Promise<number>) | undefined = this.commands.builtinApplets[name];
    if (applet) return applet(this.context(argv, assigns, fds, undefined, posix.basename(this.arg0)));
    return this.runProgram(argv, assigns, fds);
  }

  private async callFunction(body: Command, argv: string[], assigns: [string, string][], fds: Fds): Promise<number> {
    const saved = this.positional;
    for (const [k, v] of assigns) this.setVar(k, v);
    this.positional = argv.slice(1);
    this.functionDepth++;
    try {
      return await this.exec(body, fds);
    } catch (e) {
      if (e instanceof ReturnFromFunction) return e.status;
      throw e;
    } finally {
      this.functionDepth--;
      this.positional = saved;
    }
  }

  get inFunction(): boolean {
    return this.functionDepth > 0;
  }

  /** A program found on disk (by path) or among the image's utilities (by name). */
  private async runProgram(argv: string[], assigns: [string, string][], fds: Fds, env?: [string, string][]): Promise<number> {
    const name = argv[0]!;
    let utility: ((ctx: CommandContext) => Promise<number>) | undefined = this.commands.utilities[name];
    if (name.includes('/')) {
      const path = posix.resolve(this.cwd, name);
      const program = this.commands.utilities[path];
      if (program) return program(this.context(argv, assigns, fds, env));
      let st;
      try {
        st = await this.fs.stat(path);
      } catch (e) {
        if (e instanceof FsError && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) return this.notFound(name, fds);
        throw e;
      }
      if (st.type === 'dir' || (st.mode & 0o111) === 0) {
        await this.error(`${name}: Permission denied`, fds);
        return 126;
      }
      utility = this.commands.utilities[posix.basename(path)] as typeof utility;
      const content = utility !== undefined && st.size === 0 ? '' : await this.fs.readFile(path);
      if (content !== '') return this.runScriptFile(path, content, argv, assigns, fds);
    }
    if (!utility) return this.notFound(name, fds);
    return utility(this.context(argv, assigns, fds, env));
  }

  /** An executable text file: `#!/bin/sh` scripts (or no #! line, as ash does on ENOEXEC) run in a child shell. */
  private async runScriptFile(path: string, content: string, argv: string[], assigns: [string, string][], fds: Fds): Promise<number> {
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(content);
    if (shebang) {
      const interp = posix.basename(shebang[1] === '/usr/bin/env' ? (shebang[2] ?? '') : shebang[1]!);
      if (!['sh', 'ash', 'bash', 'dash'].includes(interp)) {
        // An interpreter the image does not have: the kernel's ENOENT on exec, which ash reports as not found.
        return this.notFound(argv[0]!, fds);
      }
    }
    const sh = this.commands.utilities['sh'];
    if (!sh) return this.notFound(argv[0]!, fds);
    return sh(this.context(['sh', path, ...argv.slice(1)], assigns, fds));
  }

  private async notFound(name: string, fds: Fds): Promise<number> {
    await this.error(`${name}: not found`, fds);
    return 127;
  }

  context(argv: string[], assigns: [string, string][], fds: Fds, env?: [string, string][], messageName?: string): CommandContext {
    let exported = env;
    const shell = this;
    return {
      argv,
      ...(messageName !== undefined ? { messageName } : {}),
      // Computed on first use: most commands never look at their environment.
      get env() {
        return (exported ??= shell.environment(assigns));
      },
      spawn: (args, spawnEnv) => this.runProgram(args, [], fds, spawnEnv),
      cwd: this.cwd,
      stdin: input(fds),
      stdout: output(fds, 1),
      stderr: output(fds, 2),
      process: this.process,
    };
  }

  // ---- redirections ----

  private async redirect(redirects: readonly Redirect[], fds: Fds): Promise<Fds> {
    if (redirects.length === 0) return fds;
    const out: Fds = new Map(fds);
    for (const r of redirects) {
      if (r.op === '<<' || r.op === '<<-') {
        out.set(r.fd, InputStream.of(r.heredoc ? await this.expander.string(r.heredoc) : ''));
        continue;
      }
      const target = await this.expander.string(r.target);
      if (r.op === '>&' || r.op === '<&') {
        if (target === '-') {
          out.delete(r.fd);
          continue;
        }
        if (/^\d+$/.test(target)) {
          const src = out.get(Number(target));
          if (!src) throw new RedirectError(`${target}: Bad file descriptor`);
          out.set(r.fd, src);
          continue;
        }
        if (r.op === '<&') throw new RedirectError(`${target}: Bad file descriptor`);
      }
      const path = posix.resolve(this.cwd, target);
      const device = await this.deviceOf(path);
      if (r.op === '<' || r.op === '<>') {
        if (device) {
          out.set(r.fd, device === 'stdin' ? input(fds) : InputStream.empty());
          continue;
        }
        try {
          if (r.op === '<>' && !(await this.fs.exists(path))) await this.fs.writeFile(path, '');
          out.set(r.fd, InputStream.of(await this.fs.readFile(path)));
        } catch (e) {
          if (e instanceof FsError) throw new RedirectError(`can't open ${target}: ${e.message}`);
          throw e;
        }
        continue;
      }
      if (device) {
        out.set(r.fd, device === 'stdout' ? output(fds, 1) : device === 'stderr' ? output(fds, 2) : discard);
        continue;
      }
      try {
        if (r.op === '>>') await this.fs.appendFile(path, '');
        else await this.fs.writeFile(path, '');
      } catch (e) {
        if (e instanceof FsError) throw new RedirectError(`can't create ${target}: ${e.message}`);
        throw e;
      }
      out.set(r.fd, fileOutput(this.fs, path));
    }
    return out;
  }

  private async deviceOf(path: string): Promise<string | undefined> {
    try {
      const st = await this.fs.stat(path);
      return st.type === 'chardev' ? (st.device ?? 'null') : undefined;
    } catch {
      return undefined;
    }
  }

  private async redirectFailed(e: unknown): Promise<number> {
    if (!(e instanceof RedirectError)) throw e;
    await this.error(e.message);
    return 1;
  }

  // ---- messages, traps ----

  /**
   * Prints a message as ash's ash_vmsg does: `arg0: ` then, when a command name is current (a builtin running, or the
   * script being read), `name: ` unless it equals arg0, and `line N: `. So `sh -c` prints `sh: foo: not found`, a
   * builtin `sh: cd: line 1: can't cd to /x: ...`, a script `/s.sh: line 3: foo: not found`.
   */
  async error(message: string, fds: Fds = this.fds, commandName?: string): Promise<void> {
    const arg0 = this.scriptName ?? this.arg0;
    const current = commandName ?? this.scriptName;
    let prefix = `${arg0}: `;
    if (current !== undefined) {
      if (current !== arg0) prefix += `${current}: `;
      prefix += `line ${this.lineno}: `;
    }
    await this.write(fds, 2, prefix + message + '\n');
  }

  async write(fds: Fds, fd: number, text: string): Promise<void> {
    await output(fds, fd).write(text);
  }

  /** Handles a signal delivered to this shell (trap action, or the default). */
  deliver(sig: Signal): void {
    this.pendingSignals.push(sig);
    const wake = this.signalWake;
    this.signalWake = undefined;
    wake?.();
  }

  async runPendingTraps(): Promise<void> {
    const pending = this.pendingSignals;
    this.pendingSignals = [];
    for (const sig of pending) {
      const action = this.traps.get(sig);
      if (action === undefined) {
        if (!this.process.pid1) this.process.terminate(sig);
        continue;
      }
      if (action === '') continue;
      const saved = this.status;
      await this.runScriptFragment(action);
      this.status = saved;
    }
    this.process.check();
  }

  private async runExitTrap(): Promise<void> {
    const action = this.traps.get('EXIT');
    if (!action) return;
    this.traps.delete('EXIT');
    const saved = this.status;
    try {
      await this.runScriptFragment(action);
    } catch (e) {
      if (e instanceof ExitShell) this.status = e.status;
      else throw e;
      return;
    }
    this.status = saved;
  }

  /** eval: runs text as commands in this shell. */
  async runScriptFragment(text: string, fds: Fds = this.fds): Promise<number> {
    const parser = new ScriptParser(text);
    let status = 0;
    for (;;) {
      let cmd;
      try {
        cmd = parser.next();
      } catch (e) {
        if (!(e instanceof ShellSyntaxError)) throw e;
        throw new ShellError(`syntax error: ${e.message}`);
      }
      if (cmd === 'eof') break;
      if (cmd) status = await this.exec(cmd, fds);
    }
    return status;
  }
}

class RedirectError extends Error {}

const discard: OutputStream = { write: async () => {} };

function input(fds: Fds): InputStream {
  const s = fds.get(0);
  return s instanceof InputStream ? s : InputStream.empty();
}

function output(fds: Fds, fd: number): OutputStream {
  const s = fds.get(fd);
  if (s === undefined || s instanceof InputStream) return discard;
  return s;
}

function fileOutput(fs: Shell['fs'], path: string): OutputStream {
  return { write: (text: string) => (text ? fs.appendFile(path, text) : Promise.resolve()) };
}

function isErrexitPoint(cmd: Command): boolean {
  return cmd.type === 'simple' || cmd.type === 'pipeline' || cmd.type === 'subshell' || cmd.type === 'redirected';
}

/** ash's hashvar(): which of the 39 buckets of its variable table a name falls in (it orders `env` output). */
export function ashBucket(name: string): number {
  let h = name.charCodeAt(0) << 4;
  for (let i = 0; i < name.length; i++) h += name.charCodeAt(i);
  return h % 39;
}
