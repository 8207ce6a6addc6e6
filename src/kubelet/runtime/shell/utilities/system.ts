import { posix } from 'node:path';
import { complain, type CommandContext } from '../command-context.js';

/** env, printenv, hostname, id, whoami, uname, true, false, basename, dirname, seq, pwd, yes-free small applets. */

export async function env(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  let vars = [...ctx.env];
  while (args.length > 0) {
    const a = args[0]!;
    if (a === '-i' || a === '-') {
      vars = [];
      args.shift();
    } else if (a === '-u') {
      args.shift();
      const name = args.shift();
      vars = vars.filter(([k]) => k !== name);
    } else if (a === '--') {
      args.shift();
      break;
    } else if (/^[^=]+=/.test(a)) {
      const eq = a.indexOf('=');
      const name = a.slice(0, eq);
      vars = [...vars.filter(([k]) => k !== name), [name, a.slice(eq + 1)]];
      args.shift();
    } else break;
  }
  if (args.length === 0) {
    await ctx.stdout.write(vars.map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  return ctx.spawn(args, vars);
}

export async function printenv(ctx: CommandContext): Promise<number> {
  const names = ctx.argv.slice(1);
  if (names.length === 0) {
    await ctx.stdout.write(ctx.env.map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  let status = 0;
  for (const name of names) {
    const found = ctx.env.find(([k]) => k === name);
    if (found) await ctx.stdout.write(found[1] + '\n');
    else status = 1;
  }
  return status;
}

export async function hostname(ctx: CommandContext): Promise<number> {
  const opt = ctx.argv[1];
  const name = ctx.process.env.hostname;
  if (opt === '-i') {
    // busybox resolves the hostname through /etc/hosts, where the kubelet put the pod's IP.
    const hosts = await ctx.process.env.fs.readFile('/etc/hosts').catch(() => '');
    const ips = hosts
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => f.length > 1 && !f[0]!.startsWith('#') && f.slice(1).includes(name))
      .map((f) => f[0]!);
    if (ips.length === 0) {
      await complain(ctx, `${name}: Unknown host`);
      return 1;
    }
    await ctx.stdout.write(ips.join(' ') + '\n');
    return 0;
  }
  if (opt === '-s') {
    await ctx.stdout.write(name.split('.')[0] + '\n');
    return 0;
  }
  await ctx.stdout.write(name + '\n');
  return 0;
}

export async function id(ctx: CommandContext): Promise<number> {
  const opt = ctx.argv[1];
  if (opt === '-u' || opt === '-g') await ctx.stdout.write('0\n');
  else if (opt === '-un' || opt === '-gn') await ctx.stdout.write('root\n');
  else await ctx.stdout.write('uid=0(root) gid=0(root) groups=0(root),10(wheel)\n');
  return 0;
}

export async function whoami(ctx: CommandContext): Promise<number> {
  await ctx.stdout.write('root\n');
  return 0;
}

export async function uname(ctx: CommandContext): Promise<number> {
  const flags = ctx.argv.slice(1).join('').replace(/-/g, '');
  const fields = { s: 'Linux', n: ctx.process.env.hostname, r: '6.8.0-kubesim', v: '#1 SMP PREEMPT_DYNAMIC', m: 'x86_64', o: 'GNU/Linux' };
  const pick = flags.includes('a') ? 'snrvmo' : flags || 's';
  await ctx.stdout.write(
    [...'snrvmo']
      .filter((f) => pick.includes(f))
      .map((f) => fields[f as keyof typeof fields])
      .join(' ') + '\n',
  );
  return 0;
}

export const trueUtility = async () => 0;
export const falseUtility = async () => 1;

export async function basename(ctx: CommandContext): Promise<number> {
  const [path, suffix] = ctx.argv.slice(1);
  if (path === undefined) {
    await complain(ctx, 'missing operand');
    return 1;
  }
  let base = path === '/' ? '/' : posix.basename(path.replace(/\/+$/, '') || '/');
  if (suffix && base !== suffix && base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  await ctx.stdout.write(base + '\n');
  return 0;
}

export async function dirname(ctx: CommandContext): Promise<number> {
  const path = ctx.argv[1];
  if (path === undefined) {
    await complain(ctx, 'missing operand');
    return 1;
  }
  await ctx.stdout.write(posix.dirname(path.replace(/(.)\/+$/, '$1')) + '\n');
  return 0;
}

export async function seq(ctx: CommandContext): Promise<number> {
  const nums = ctx.argv.slice(1).filter((a) => !a.startsWith('-') || /^-\d/.test(a)).map(Number);
  if (nums.length === 0 || nums.some(Number.isNaN)) {
    await complain(ctx, `invalid number '${ctx.argv[1] ?? ''}'`);
    return 1;
  }
  const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  let out = '';
  for (let i = first, n = 0; step > 0 ? i <= last : i >= last; i += step, n++) {
    out += `${i}\n`;
    if (n % 1000 === 999) {
      await ctx.stdout.write(out);
      out = '';
      await ctx.process.yieldNow();
    }
  }
  await ctx.stdout.write(out);
  return 0;
}

export async function pwd(ctx: CommandContext): Promise<number> {
  await ctx.stdout.write(ctx.cwd + '\n');
  return 0;
}
