/**
 * Shell pattern matching (case patterns, ${x#pattern}, pathname globbing). A pattern is a string where a backslash
 * escapes the next character; expansion escapes every quoted character so `"*"` matches a literal star.
 */

/** Escapes a quoted piece of text for use in a pattern. */
export function escapePattern(text: string): string {
  return text.replace(/[\\*?[\]]/g, (c) => '\\' + c);
}

/** Removes pattern escapes: the literal text a pattern stands for when nothing matched. */
export function unescapePattern(pattern: string): string {
  return pattern.replace(/\\(.)/gs, '$1');
}

export function hasGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
    else if (c === '[' && bracketEnd(pattern, i) > 0) return true;
  }
  return false;
}

/** The regular expression source of a pattern; `pathSegment` keeps * and ? from matching '/'. */
export function patternSource(pattern: string, pathSegment = false): string {
  const any = pathSegment ? '[^/]' : '[\\s\\S]';
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      out += escapeRegex(pattern[++i] ?? '\\');
    } else if (c === '*') {
      out += any + '*';
    } else if (c === '?') {
      out += any;
    } else if (c === '[') {
      const close = bracketEnd(pattern, i);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      let cls = '';
      for (let j = 0; j < body.length; j++) {
        const ch = body[j]!;
        if (ch === '\\') {
          cls += escapeClassChar(body[++j] ?? '\\');
        } else if (ch === '[' && body[j + 1] === ':' && body.indexOf(':]', j + 2) > 0) {
          const end = body.indexOf(':]', j + 2);
          cls += posixClasses[body.slice(j + 2, end)] ?? '';
          j = end + 1;
        } else if (ch === ']' || ch === '^' || ch === '[') {
          cls += '\\' + ch;
        } else {
          cls += ch;
        }
      }
      out += `[${negate ? '^' : ''}${cls}]`;
      i = close;
    } else {
      out += escapeRegex(c);
    }
  }
  return out;
}

export function matchPattern(pattern: string, text: string): boolean {
  return new RegExp(`^${patternSource(pattern)}$`).test(text);
}

/** ${x#p} / ${x##p} / ${x%p} / ${x%%p}: removes the shortest or longest matching prefix or suffix. */
export function removeAffix(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const re = new RegExp(`^${patternSource(pattern)}$`);
  if (op === '#' || op === '##') {
    const lengths = [...Array(value.length + 1).keys()];
    if (op === '##') lengths.reverse();
    for (const n of lengths) if (re.test(value.slice(0, n))) return value.slice(n);
  } else {
    const starts = [...Array(value.length + 1).keys()].reverse();
    if (op === '%%') starts.reverse();
    for (const n of starts) if (re.test(value.slice(n))) return value.slice(0, n);
  }
  return value;
}

const posixClasses: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
};

function bracketEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '!' || pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const end = pattern.indexOf(':]', i + 2);
      if (end > 0) i = end + 1;
    } else if (pattern[i] === ']') return i;
  }
  return -1;
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClassChar(c: string): string {
  return c.replace(/[\]\\^-]/g, '\\$&');
}
