import { complain, type CommandContext } from '../command-context.js';

/**
 * Servers: a process that listens on ports and runs until stopped. `kubesim-serve -p PORT... [--term-exit N]` is the
 * building block the image catalog's servers (nginx, httpd, redis, ...) use; busybox's `httpd -f -p PORT` and
 * `nc -l -p PORT` are the servers learners start by hand (they do not handle SIGTERM). With --term-exit, SIGTERM ends
 * the server with that code (0, as nginx's fast shutdown); SIGKILL always with 137.
 */
export async function serveUntilStopped(ctx: CommandContext, ports: number[], termExit?: number): Promise<number> {
  const proc = ctx.process;
  for (const port of ports) proc.listening.add(port);
  try {
    return await new Promise<number>((resolve, reject) => {
      const signal = proc.kill.signal;
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      // A server that handles SIGTERM exits with termExit; one that does not (termExit undefined) keeps the default:
      // ignored when it is PID 1, fatal (143) otherwise.
      if (termExit !== undefined) proc.termHandler = () => resolve(termExit);
    });
  } finally {
    if (termExit !== undefined) proc.termHandler = undefined;
    for (const port of ports) proc.listening.delete(port);
  }
}

function port(value: string | undefined): number | undefined {
  const m = /(?:^|:)(\d+)$/.exec(value ?? '');
  const n = m ? Number(m[1]) : NaN;
  return n > 0 && n < 65536 ? n : undefined;
}

export async function kubesimServe(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  const ports: number[] = [];
  let termExit: number | undefined = 0;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-p' || a === '--port') {
      const p = port(args[++i]);
      if (p === undefined) {
        await complain(ctx, `invalid port '${args[i] ?? ''}'`);
        return 1;
      }
      ports.push(p);
    } else if (a === '--term-exit') {
      termExit = Number(args[++i] ?? 0);
    } else {
      await complain(ctx, `unknown option '${a}'`);
      return 1;
    }
  }
  return serveUntilStopped(ctx, ports, termExit);
}

/** busybox httpd: -p [IP:]PORT (default 80); without -f it daemonizes, leaving the port open and returning at once. */
export async function httpd(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  let p = 80;
  let foreground = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-p') {
      const v = port(args[++i]);
      if (v === undefined) {
        await complain(ctx, `invalid number '${args[i] ?? ''}'`);
        return 1;
      }
      p = v;
    } else if (a === '-h' || a === '-c' || a === '-r' || a === '-u') i++;
    else if (/^-[fvi]+$/.test(a)) foreground ||= a.includes('f');
  }
  if (!foreground) {
    ctx.process.listening.add(p);
    return 0;
  }
  return serveUntilStopped(ctx, [p]);
}

/** nc -l [-p] PORT (listen until stopped); a client nc has no network to reach here and fails as with no route. */
export async function nc(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  const listen = args.some((a) => /^-[a-z]*l/.test(a));
  const pIndex = args.indexOf('-p');
  const p = port(pIndex >= 0 ? args[pIndex + 1] : args.filter((a) => !a.startsWith('-')).pop());
  if (!listen || p === undefined) {
    await complain(ctx, `can't connect to remote host: Connection refused`);
    return 1;
  }
  return serveUntilStopped(ctx, [p]);
}
