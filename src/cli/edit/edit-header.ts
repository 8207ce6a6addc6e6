/** The comment block on top of the buffer `edit` opens: kubectl's instructions, then why the last save failed. */

/** One reason the buffer is opened again: a head line and, for invalid objects, one line per cause. */
export interface EditReason {
  head: string;
  other: string[];
}

const normalHeader =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n" +
  '# and an empty file will abort the edit. If an error occurs while saving this file will be\n' +
  '# reopened with the relevant failures.\n' +
  '#\n';

/** editHeader.writeTo in normal edit mode. */
export function editHeader(reasons: readonly EditReason[]): string {
  let out = normalHeader;
  for (const r of reasons) {
    out += r.other.length ? `# ${hashOnLineBreak(r.head)}:\n` : `# ${hashOnLineBreak(r.head)}\n`;
    for (const o of r.other) out += `# * ${hashOnLineBreak(o)}\n`;
    out += '#\n';
  }
  return out;
}

/** hashOnLineBreak: a multi-line message stays a comment, every line break not already followed by `#` gets `# `. */
export function hashOnLineBreak(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    r += ch === '\n' && i + 1 < s.length && s[i + 1] !== '#' ? '\n# ' : ch;
  }
  return r;
}
