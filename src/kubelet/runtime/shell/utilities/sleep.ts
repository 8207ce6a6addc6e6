import { complain, type CommandContext } from '../command-context.js';

/** busybox sleep: seconds (fractions and s/m/h/d suffixes allowed, several arguments add up, `inf` forever), on the process's clock. */
export async function sleep(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  if (args.length === 0) {
    await ctx.stderr.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n');
    return 1;
  }
  let ms = 0;
  for (const arg of args) {
    if (/^inf(inity)?$/i.test(arg)) {
      ms = Infinity;
      continue;
    }
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!m) {
      await complain(ctx, `invalid number '${arg}'`);
      return 1;
    }
    const unit = { '': 1000, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
    ms += Number(m[1]) * unit;
  }
  await ctx.process.sleep(ms);
  return 0;
}
