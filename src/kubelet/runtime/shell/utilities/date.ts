import { complain, type CommandContext } from '../command-context.js';

/** date from the process's clock, in UTC (containers have no TZ): busybox's default `Mon Nov 23 12:00:00 UTC 2026`, or +FORMAT. */
export async function date(ctx: CommandContext): Promise<number> {
  let format = '%a %b %e %H:%M:%S %Z %Y';
  for (const arg of ctx.argv.slice(1)) {
    if (arg.startsWith('+')) format = arg.slice(1);
    else if (arg === '-u' || arg === '--utc') continue;
    else if (arg === '-R') format = '%a, %d %b %Y %H:%M:%S %z';
    else if (arg === '-I') format = '%Y-%m-%d';
    else {
      await complain(ctx, `invalid date '${arg}'`);
      return 1;
    }
  }
  await ctx.stdout.write(strftime(format, ctx.process.env.clock.now()) + '\n');
  return 0;
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const longDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const longMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** C strftime in UTC, for the conversions scripts use. */
export function strftime(format: string, d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const dayOfYear = Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
  const h12 = d.getUTCHours() % 12 || 12;
  return format.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'a':
        return days[d.getUTCDay()]!;
      case 'A':
        return longDays[d.getUTCDay()]!;
      case 'b':
      case 'h':
        return months[d.getUTCMonth()]!;
      case 'B':
        return longMonths[d.getUTCMonth()]!;
      case 'c':
        return strftime('%a %b %e %H:%M:%S %Y', d);
      case 'C':
        return p2(Math.floor(d.getUTCFullYear() / 100));
      case 'd':
        return p2(d.getUTCDate());
      case 'D':
        return strftime('%m/%d/%y', d);
      case 'e':
        return String(d.getUTCDate()).padStart(2);
      case 'F':
        return strftime('%Y-%m-%d', d);
      case 'H':
        return p2(d.getUTCHours());
      case 'I':
        return p2(h12);
      case 'j':
        return String(dayOfYear).padStart(3, '0');
      case 'k':
        return String(d.getUTCHours()).padStart(2);
      case 'l':
        return String(h12).padStart(2);
      case 'm':
        return p2(d.getUTCMonth() + 1);
      case 'M':
        return p2(d.getUTCMinutes());
      case 'n':
        return '\n';
      case 'N':
        return String(d.getUTCMilliseconds() * 1000000).padStart(9, '0');
      case 'p':
        return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'P':
        return d.getUTCHours() < 12 ? 'am' : 'pm';
      case 'r':
        return strftime('%I:%M:%S %p', d);
      case 'R':
        return strftime('%H:%M', d);
      case 's':
        return String(Math.floor(d.getTime() / 1000));
      case 'S':
        return p2(d.getUTCSeconds());
      case 't':
        return '\t';
      case 'T':
        return strftime('%H:%M:%S', d);
      case 'u':
        return String(d.getUTCDay() || 7);
      case 'w':
        return String(d.getUTCDay());
      case 'y':
        return p2(d.getUTCFullYear() % 100);
      case 'Y':
        return String(d.getUTCFullYear());
      case 'z':
        return '+0000';
      case 'Z':
        return 'UTC';
      case '%':
        return '%';
      default:
        return m;
    }
  });
}
