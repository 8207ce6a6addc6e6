import type { CommandContext } from '../command-context.js';

/** busybox echo: -n (no newline), -e (backslash escapes, \c stops output), -E; options may be combined (-ne). */
export async function echo(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0]!)) {
    const opt = args.shift()!;
    for (const c of opt.slice(1)) {
      if (c === 'n') newline = false;
      else if (c === 'e') escapes = true;
      else escapes = false;
    }
  }
  let text = args.join(' ');
  if (escapes) {
    const { text: out, stop } = processEscapes(text, true);
    text = out;
    if (stop) newline = false;
  }
  await ctx.stdout.write(newline ? text + '\n' : text);
  return 0;
}

const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** C-style escapes of echo -e and printf %b; `\c` stops output. With echoOctal, octal is \0nnn (echo), else \nnn. */
export function processEscapes(text: string, echoOctal: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i === text.length - 1) {
      out += c;
      continue;
    }
    const n = text[++i]!;
    if (n === 'c') return { text: out, stop: true };
    if (simple[n] !== undefined) {
      out += simple[n];
    } else if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += m[0].length;
      } else out += '\\x';
    } else if (/[0-7]/.test(n) && (n === '0' || !echoOctal)) {
      const digits = /^[0-7]{1,3}/.exec(text.slice(echoOctal ? i + 1 : i))?.[0] ?? '';
      out += String.fromCharCode(parseInt(digits || '0', 8) & 255);
      i += echoOctal ? digits.length : digits.length - 1;
    } else {
      out += '\\' + n;
    }
  }
  return { text: out, stop: false };
}
