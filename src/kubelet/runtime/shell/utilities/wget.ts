import { posix } from 'node:path';
import { complain, resolvePath, type CommandContext } from '../command-context.js';
import { parseResolvConf, searchCandidates } from './nslookup.js';
import { FsError } from '../../vfs/fs-error.js';

/**
 * busybox wget over the simulated pod network: `wget -qO- http://svc`, `wget -O file URL`, `-T` timeout, `--spider`.
 * Names resolve through /etc/hosts, then the cluster DNS with the resolv.conf search list. Messages are busybox's:
 * `wget: bad address 'x'`, `wget: can't connect to remote host (10.96.0.5): Connection refused`,
 * `wget: server returned error: HTTP/1.1 404 Not Found`, `wget: download timed out`.
 */
export async function wget(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  let quiet = false;
  let output: string | undefined;
  let timeoutMs = 900_000;
  let spider = false;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--spider') spider = true;
    else if (a === '--header' || a === '--user-agent') i++;
    else if (a.startsWith('--timeout=')) timeoutMs = Number(a.slice(10)) * 1000;
    else if (a.startsWith('-') && a.length > 1) {
      // A cluster of short options; O, T, U, o, P take a value (the rest of the cluster or the next argument).
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if ('OTUoP'.includes(c)) {
          const value = a.slice(j + 1) || args[++i];
          if (c === 'O') output = value;
          if (c === 'T') timeoutMs = Number(value) * 1000;
          break;
        }
        if (c === 'q') quiet = true;
      }
    } else url = a;
  }
  if (url === undefined) {
    await ctx.stderr.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n');
    return 1;
  }
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(url);
  if (!m || (m[1] !== undefined && m[1] !== 'http')) {
    await complain(ctx, m?.[1] === 'https' ? 'not an http or ftp url: ' + url : `bad address '${url}'`);
    return 1;
  }
  const host = m[2]!;
  const port = m[3] ? Number(m[3]) : 80;
  const path = m[4] || '/';
  const ip = await resolveHost(ctx, host);
  if (ip === undefined) {
    await complain(ctx, `bad address '${host}'`);
    return 1;
  }
  if (!quiet) await ctx.stderr.write(`Connecting to ${host}${m[3] ? ':' + port : ''} (${ip}:${port})\n`);
  const network = ctx.process.env.network;
  const response = network ? await untilKilled(ctx, network.get({ ip, port, path, host }, timeoutMs)) : ({ error: 'refused' } as const);
  if ('error' in response) {
    if (response.error === 'timeout') await complain(ctx, 'download timed out');
    else if (response.error === 'unreachable') await complain(ctx, `can't connect to remote host (${ip}): No route to host`);
    else await complain(ctx, `can't connect to remote host (${ip}): Connection refused`);
    return 1;
  }
  if (response.status >= 400) {
    await complain(ctx, `server returned error: HTTP/1.1 ${response.status} ${response.statusText}`);
    return 1;
  }
  if (spider) {
    if (!quiet) await ctx.stderr.write('remote file exists\n');
    return 0;
  }
  const target = output ?? (posix.basename(path.split('?')[0]!) || 'index.html');
  if (target === '-') {
    if (!quiet) await ctx.stderr.write('writing to stdout\n');
    await ctx.stdout.write(response.body);
    if (!quiet) await ctx.stderr.write('written to stdout\n');
    return 0;
  }
  if (!quiet) await ctx.stderr.write(`saving to '${target}'\n`);
  try {
    await ctx.process.env.fs.writeFile(resolvePath(ctx, target), response.body);
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    await complain(ctx, `can't open '${target}': ${e.message}`);
    return 1;
  }
  if (!quiet) await ctx.stderr.write(`'${target}' saved\n`);
  return 0;
}

/** An address for a host: literal, /etc/hosts, then DNS through the search list. */
async function resolveHost(ctx: CommandContext, host: string): Promise<string | undefined> {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return host;
  const fs = ctx.process.env.fs;
  const hosts = await fs.readFile('/etc/hosts').catch(() => '');
  for (const line of hosts.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length > 1 && !fields[0]!.startsWith('#') && fields.slice(1).includes(host) && /^\d+\./.test(fields[0]!)) return fields[0];
  }
  const conf = parseResolvConf(await fs.readFile('/etc/resolv.conf').catch(() => ''));
  for (const fqdn of searchCandidates(host, conf.searches, conf.ndots)) {
    const ips = ctx.process.env.resolver?.lookup(fqdn.replace(/\.$/, ''));
    if (ips && ips.length > 0) return ips[0];
  }
  return undefined;
}

/** The request's result, unless the process is killed first. */
function untilKilled<T>(ctx: CommandContext, work: Promise<T>): Promise<T> {
  const signal = ctx.process.kill.signal;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    );
  });
}
