/**
 * The user's editor as kubectl finds and runs it (kubectl/pkg/cmd/util/editor/editor.go): $KUBE_EDITOR, else
 * $EDITOR, else `vi`; a command with quotes or backslashes goes through `$SHELL -c` (default /bin/bash); the
 * buffer is written to a fresh temp file the editor gets as its last argument.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { goQuote } from '../../api/field-error.js';
import { CliError } from '../errors.js';

const defaultEditor = 'vi';
const defaultShell = '/bin/bash';
const trappedSignals = ['SIGINT', 'SIGQUIT', 'SIGTERM'] as const;

/** What an editor session hands back: the file's content after the editor exited, and where the file is. */
export interface EditedFile {
  content: string;
  path: string;
}

/** The editor command line, and whether it must run through the shell. */
export class Editor {
  constructor(
    readonly args: readonly string[],
    readonly shell: boolean,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** defaultEnvEditor: the first of the variables that is set, split on spaces unless it needs a shell to be read. */
  static fromEnv(env: NodeJS.ProcessEnv, vars: readonly string[] = ['KUBE_EDITOR', 'EDITOR']): Editor {
    let editor = '';
    for (const v of vars) {
      editor = env[v] ?? '';
      if (editor) break;
    }
    if (!editor) editor = defaultEditor;
    if (!editor.includes(' ')) return new Editor([editor], false, env);
    if (!/["'\\]/.test(editor)) return new Editor(editor.split(' '), false, env);
    return new Editor([env.SHELL || defaultShell, '-c', editor], true, env);
  }

  /** The full command for a file: the path appended, or quoted onto the shell command. */
  commandFor(path: string): string[] {
    const args = [...this.args];
    if (this.shell) args[args.length - 1] = `${args[args.length - 1]} ${goQuote(path)}`;
    else args.push(path);
    return args;
  }

  /** Runs the editor on the file and waits for it, on the user's terminal. */
  launch(path: string): void {
    const [cmd, ...rest] = this.commandFor(resolve(path));
    // term.TTY.Safe: the terminal's ^C or ^\ is the editor's business (vim cancels a command with it), not a reason
    // for us to die and leave the editor behind. The signals caught meanwhile are dropped once the editor is done.
    const ignore = () => {};
    for (const s of trappedSignals) process.on(s, ignore);
    let r: ReturnType<typeof spawnSync>;
    try {
      r = spawnSync(cmd!, rest, { stdio: 'inherit', env: this.env });
    } finally {
      setImmediate(() => {
        for (const s of trappedSignals) process.off(s, ignore);
      });
    }
    const name = this.args.join(' ');
    // exec.ErrNotFound: a bare command name that is not on the PATH; anything else is "a problem".
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT' && !cmd!.includes('/')) {
      throw new CliError(`error: unable to launch the editor ${goQuote(name)}`);
    }
    if (r.error || r.status !== 0) throw new CliError(`error: there was a problem with the editor ${goQuote(name)}`);
  }

  /**
   * LaunchTempFile: writes the buffer to a new file named `<prefix><random><suffix>` in the temp folder, runs the
   * editor on it and reads it back. On an editor failure the file stays where it is, as kubectl leaves it.
   */
  launchTempFile(prefix: string, suffix: string, buffer: string): EditedFile {
    const path = createTempFile(tempDir(this.env), prefix, suffix, buffer);
    this.launch(path);
    return { content: readFileSync(path, 'utf8'), path };
  }
}

/** os.TempDir: $TMPDIR, else /tmp. */
export function tempDir(env: NodeJS.ProcessEnv): string {
  return env.TMPDIR || '/tmp';
}

/** os.CreateTemp with a `prefix*suffix` pattern: a random decimal number in the name, created exclusively, mode 0600. */
function createTempFile(dir: string, prefix: string, suffix: string, content: string): string {
  for (let attempt = 0; ; attempt++) {
    const path = join(dir, `${prefix}${Math.floor(Math.random() * 2 ** 32)}${suffix}`);
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 10000) continue;
      throw e;
    }
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    return path;
  }
}
