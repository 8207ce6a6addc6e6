/**
 * The programs the image catalog gives images beyond the shell's utilities (nginx, httpd-foreground, redis-server,
 * /docker-entrypoint.sh, /pause, ...), as utilities the container's process runs: `serve` prints its start lines,
 * listens on its ports (answering HTTP from `http.paths` or files under `docroot`) and runs until its stop signal;
 * `exit` prints and exits; `exec-args` runs its arguments as an entrypoint script's `exec "$@"` does.
 */
import { posix } from 'node:path';
import type { TimerClock } from '../../util/clock.js';
import type { ImageSpec, ProgramSpec } from './image-catalog.js';
import { renderLine } from './line-template.js';
import { programCheck } from './program-checks.js';
import type { HttpRequest, HttpResponse, PodNetwork } from './pod-network.js';
import type { CommandContext, Utility } from './shell/command-context.js';

export interface ProgramHost {
  clock: TimerClock;
  network: PodNetwork;
  podIP: string;
  /** More addresses the program listens on (a host-network pod also listens on its node's loopback). */
  extraAddresses?: string[];
  hostname: string;
  container: string;
  /** Runs a command line (argv) in the same process, as `exec` does: image programs or the shell's utilities. */
  execArgv(ctx: CommandContext, argv: string[]): Promise<number>;
}

/** The program spec an argv[0] names in this image (by path, or by the basename of a path-less key). */
export function findProgram(image: ImageSpec, argv0: string): { key: string; spec: ProgramSpec } | undefined {
  const programs = image.programs ?? {};
  if (programs[argv0]) return { key: argv0, spec: programs[argv0]! };
  const base = posix.basename(argv0);
  for (const [key, spec] of Object.entries(programs)) {
    if (posix.basename(key) === base && (!key.includes('/') || !argv0.includes('/') || key === argv0)) return { key, spec };
  }
  return undefined;
}

/** Where a program lives in the image's filesystem: its key if it is a path, else /usr/local/bin/<name>. */
export const programPath = (key: string) => (key.startsWith('/') ? key : `/usr/local/bin/${key}`);

const notFoundPage = (status: number, text: string) =>
  `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n`;

function lines(ctx: CommandContext, host: ProgramHost, list: readonly string[] | undefined, stream: 'stdout' | 'stderr'): Promise<void> {
  if (!list?.length) return Promise.resolve();
  const now = host.clock.now();
  const text = list.map((l) => renderLine(l, now, { podIP: host.podIP, hostname: host.hostname })).join('\n') + '\n';
  return ctx[stream].write(text);
}

/** Answers an HTTP request for a serving program. */
async function answer(spec: ProgramSpec, ctx: CommandContext, host: ProgramHost, req: HttpRequest): Promise<HttpResponse> {
  const path = req.path.split('?')[0] || '/';
  const vars = { podIP: host.podIP, hostname: host.hostname };
  const now = host.clock.now();
  const fixed = spec.http?.paths?.[path];
  if (fixed !== undefined) return { status: 200, body: renderLine(fixed, now, vars) };
  if (spec.http?.any !== undefined) return { status: 200, body: renderLine(spec.http.any, now, vars) };
  if (spec.docroot) {
    const fs = ctx.process.env.fs;
    let file = posix.join(spec.docroot, path);
    try {
      const st = await fs.stat(file);
      if (st.type === 'dir') {
        if (!path.endsWith('/')) return { status: 301, body: notFoundPage(301, 'Moved Permanently') };
        file = posix.join(file, 'index.html');
      }
      return { status: 200, body: await fs.readFile(file) };
    } catch {
      return { status: 404, body: notFoundPage(404, 'Not Found') };
    }
  }
  return { status: 404, body: '404 page not found\n' };
}

/** The utility for one catalog program. */
export function programUtility(spec: ProgramSpec, host: ProgramHost): Utility {
  switch (spec.run) {
    case 'exit':
      return async (ctx) => {
        await lines(ctx, host, spec.stdout, 'stdout');
        await lines(ctx, host, spec.stderr, 'stderr');
        return spec.code ?? 0;
      };
    case 'exec-args':
      return async (ctx) => {
        const rest = ctx.argv.slice(1);
        if (rest.length && (!spec.when || spec.when.includes(rest[0]!))) await lines(ctx, host, spec.stdout, 'stdout');
        if (!rest.length) return 0;
        return host.execArgv(ctx, rest);
      };
    case 'serve':
      return async (ctx) => serve(spec, ctx, host);
  }
}

async function serve(spec: ProgramSpec, ctx: CommandContext, host: ProgramHost): Promise<number> {
  const check = spec.check ? programCheck(spec.check) : undefined;
  const failure = check && (await check(ctx.argv, (path) => ctx.process.env.fs.readFile(path)));
  if (failure) {
    await ctx.stderr.write(failure.stderr);
    return failure.code;
  }
  const required = spec.requireEnv;
  if (required && !ctx.env.some(([k, v]) => k === required.name && v !== '')) {
    await lines(ctx, host, required.stderr, 'stderr');
    return required.code;
  }
  await lines(ctx, host, spec.stdout, 'stdout');
  await lines(ctx, host, spec.stderr, 'stderr');
  const closers: Array<() => void> = [];
  const respond = async (req: HttpRequest) => {
    const res = await answer(spec, ctx, host, req);
    if (spec.accessLog) {
      const vars = { remote: req.remote, method: req.method, path: req.path, status: res.status, bytes: Buffer.byteLength(res.body), userAgent: req.userAgent, podIP: host.podIP, hostname: host.hostname };
      await ctx.stdout.write(renderLine(spec.accessLog, host.clock.now(), vars) + '\n').catch(() => undefined);
    }
    return res;
  };
  try {
    for (const port of spec.ports ?? []) {
      for (const address of [host.podIP, ...(host.extraAddresses ?? [])]) {
        try {
          closers.push(host.network.listen(address, port, { container: host.container, http: respond }));
        } catch (e) {
          // Another process of the node (or pod) has the port: the server fails to start, as nginx does on EADDRINUSE.
          await ctx.stderr.write(`${(e as Error).message}\n`);
          return 1;
        }
      }
      ctx.process.listening.add(port);
    }
    // Runs until its stop signal (handled: a clean exit) or SIGKILL.
    const stopped = new Promise<number>((resolve, reject) => {
      ctx.process.termHandler = () => resolve(spec.exitOnStop ?? 0);
      const onKill = () => reject(ctx.process.kill.signal.reason);
      if (ctx.process.kill.signal.aborted) onKill();
      else ctx.process.kill.signal.addEventListener('abort', onKill, { once: true });
    });
    return await stopped;
  } finally {
    for (const close of closers) close();
    for (const port of spec.ports ?? []) ctx.process.listening.delete(port);
  }
}
