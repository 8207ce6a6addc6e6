/** A port of Go's text/tabwriter (no escapes, no HTML filter): kubectl describe aligns its columns with it. */

interface Cell {
  /** Length of the cell's text in UTF-16 units (its slice of the buffer). */
  size: number;
  /** Width in runes (code points), as tabwriter counts it. */
  width: number;
  /** Whether a tab terminated the cell. */
  htab: boolean;
}

export interface TabWriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar: string;
  /** Go's AlignRight flag. */
  alignRight?: boolean;
  /** Go's DiscardEmptyColumns flag. */
  discardEmptyColumns?: boolean;
}

const runeCount = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * Collects text, splits it into tab-terminated cells and pads each column block to its widest cell.
 * As upstream, a line without any tab (one cell) flushes everything buffered so far, so blocks never
 * align across it; `flush()` does the same on demand.
 */
export class TabWriter {
  private out = '';
  private buf = '';
  private pos = 0;
  private cell: Cell = { size: 0, width: 0, htab: false };
  private lines: Cell[][] = [[]];
  private widths: number[] = [];

  constructor(private readonly opts: TabWriterOptions) {}

  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') continue;
      this.append(text.slice(n, i));
      n = i + 1;
      const ncells = this.terminateCell(ch === '\t');
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        // A one-cell line cannot affect the alignment of later lines.
        if (ch === '\f' || ncells === 1) this.flush();
      }
    }
    this.append(text.slice(n));
  }

  /** Formats and emits everything buffered; a following write starts new column blocks. */
  flush(): void {
    if (this.cell.size > 0) this.terminateCell(false);
    this.format(0, 0, this.lines.length);
    this.buf = '';
    this.pos = 0;
    this.cell = { size: 0, width: 0, htab: false };
    this.lines = [[]];
    this.widths = [];
  }

  /** All output emitted so far (call flush() first to include buffered text). */
  output(): string {
    return this.out;
  }

  private append(text: string): void {
    this.buf += text;
    this.cell.size += text.length;
    this.cell.width += runeCount(this.buf.slice(this.pos));
    this.pos = this.buf.length;
  }

  private terminateCell(htab: boolean): number {
    this.cell.htab = htab;
    const line = this.lines[this.lines.length - 1]!;
    line.push(this.cell);
    this.cell = { size: 0, width: 0, htab: false };
    return line.length;
  }

  private padding(textw: number, cellw: number): void {
    if (this.opts.padchar === '\t') {
      if (this.opts.tabwidth === 0) return;
      const w = Math.ceil(cellw / this.opts.tabwidth) * this.opts.tabwidth;
      this.out += '\t'.repeat(Math.ceil((w - textw) / this.opts.tabwidth));
      return;
    }
    this.out += this.opts.padchar.repeat(cellw - textw);
  }

  private writeLines(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i]!;
      line.forEach((c, j) => {
        if (c.size === 0) {
          if (j < this.widths.length) this.padding(c.width, this.widths[j]!);
          return;
        }
        const text = this.buf.slice(pos, pos + c.size);
        pos += c.size;
        if (this.opts.alignRight) {
          if (j < this.widths.length) this.padding(c.width, this.widths[j]!);
          this.out += text;
        } else {
          this.out += text;
          if (j < this.widths.length) this.padding(c.width, this.widths[j]!);
        }
      });
      if (i + 1 === this.lines.length) {
        // The last buffered line has no newline yet: emit its incomplete cell as is.
        this.out += this.buf.slice(pos, pos + this.cell.size);
        pos += this.cell.size;
      } else {
        this.out += '\n';
      }
    }
    return pos;
  }

  /** Upstream's recursive column-block formatter: each column's width is set per block of adjacent lines. */
  private format(pos0: number, line0: number, line1: number): number {
    let pos = pos0;
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.lines[current]!.length - 1) continue;
      // The last cell of a line is not part of a column: only lines with more cells start a block.
      pos = this.writeLines(pos, line0, current);
      line0 = current;
      let width = this.opts.minwidth;
      let discardable = true;
      for (; current < line1; current++) {
        const line = this.lines[current]!;
        if (column >= line.length - 1) break;
        const c = line[column]!;
        width = Math.max(width, c.width + this.opts.padding);
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && this.opts.discardEmptyColumns) width = 0;
      this.widths.push(width);
      pos = this.format(pos, line0, current);
      this.widths.pop();
      line0 = current;
    }
    return this.writeLines(pos, line0, line1);
  }
}
