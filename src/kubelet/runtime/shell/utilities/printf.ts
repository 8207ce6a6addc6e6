import { complain, type CommandContext } from '../command-context.js';
import { processEscapes } from './echo.js';

/** busybox printf: %s %b %c %d %i %u %o %x %X %e %f %g %%, flags/width/precision, the format reused while arguments remain. */
export async function printf(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  if (args[0] === '--') args.shift();
  const format = args.shift();
  if (format === undefined) {
    await complain(ctx, 'usage: printf FORMAT [ARGUMENT...]');
    return 1;
  }
  let status = 0;
  let out = '';
  const numberArg = async (arg: string | undefined, float: boolean): Promise<number> => {
    if (arg === undefined || arg === '') return 0;
    if (/^['"]/.test(arg)) return arg.codePointAt(1) ?? 0;
    const value = float ? Number(arg) : /^[-+]?0[xX][0-9a-fA-F]+$/.test(arg) ? parseInt(arg, 16) : /^[-+]?0[0-7]+$/.test(arg) ? parseInt(arg, 8) : /^[-+]?\d+$/.test(arg) ? Number(arg) : NaN;
    if (Number.isNaN(value)) {
      await complain(ctx, `invalid number '${arg}'`);
      status = 1;
      return 0;
    }
    return value;
  };
  for (;;) {
    let consumed = 0;
    let stop = false;
    for (let i = 0; i < format.length; i++) {
      const c = format[i]!;
      if (c === '\\') {
        const m = /^\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/s.exec(format.slice(i))!;
        out += m[1] === 'c' ? '' : processEscapes(m[0], false).text;
        if (m[1] === 'c') {
          stop = true;
          break;
        }
        i += m[0].length - 1;
        continue;
      }
      if (c !== '%') {
        out += c;
        continue;
      }
      const m = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])/.exec(format.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      i += m[0].length - 1;
      const [, flags = '', widthSpec, precSpec, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = widthSpec === '*' ? await numberArg(args[consumed++], false) : widthSpec ? Number(widthSpec) : undefined;
      const precision = precSpec === '*' ? await numberArg(args[consumed++], false) : precSpec !== undefined ? Number(precSpec) : undefined;
      const arg = args[consumed++];
      let text: string;
      switch (conv) {
        case 's':
          text = arg ?? '';
          if (precision !== undefined) text = text.slice(0, precision);
          break;
        case 'b': {
          const r = processEscapes(arg ?? '', true);
          text = r.text;
          if (r.stop) stop = true;
          break;
        }
        case 'c':
          text = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X': {
          const v = Math.trunc(await numberArg(arg, false));
          const radix = conv === 'o' ? 8 : conv === 'x' || conv === 'X' ? 16 : 10;
          let digits = Math.abs(v).toString(radix);
          if (conv === 'X') digits = digits.toUpperCase();
          if (precision !== undefined) digits = digits.padStart(precision, '0');
          const sign = v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
          text = sign + digits;
          if (flags.includes('0') && !flags.includes('-') && width !== undefined && precision === undefined) {
            text = sign + digits.padStart(width - sign.length, '0');
          }
          break;
        }
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G': {
          const v = await numberArg(arg, true);
          const p = precision ?? 6;
          text = conv === 'f' || conv === 'F' ? v.toFixed(p) : conv === 'e' || conv === 'E' ? cExp(v, p) : String(Number(v.toPrecision(p || 1)));
          if (conv === 'E' || conv === 'G') text = text.toUpperCase();
          if (flags.includes('+') && v >= 0) text = '+' + text;
          if (flags.includes('0') && !flags.includes('-') && width !== undefined) {
            const neg = text.startsWith('-') || text.startsWith('+');
            text = neg ? text[0] + text.slice(1).padStart(width - 1, '0') : text.padStart(width, '0');
          }
          break;
        }
        default:
          await complain(ctx, `%${conv}: invalid format`);
          await ctx.stdout.write(out);
          return 1;
      }
      if (width !== undefined && text.length < Math.abs(width)) text = flags.includes('-') || width < 0 ? text.padEnd(Math.abs(width)) : text.padStart(width);
      out += text;
      if (stop) break;
    }
    if (stop || consumed === 0 || consumed >= args.length) break;
    args.splice(0, consumed);
  }
  await ctx.stdout.write(out);
  return status;
}

function cExp(v: number, p: number): string {
  const [mant, exp] = v.toExponential(p).split('e');
  const n = Number(exp);
  return `${mant}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}
