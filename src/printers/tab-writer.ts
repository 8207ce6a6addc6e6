/**
 * Go's text/tabwriter as kubectl vendors it (github.com/liggitt/tabwriter: upstream plus RememberWidths), so columns
 * line up exactly as kubectl's do: elastic tabstops per block of consecutive lines, widths in runes.
 *
 * Not ported: the Escape byte (0xff cannot occur in the UTF-8 of a JavaScript string) and FilterHTML/StripEscape,
 * which only change how escaped text and HTML are measured; kubectl sets neither.
 */

export interface TabWriterOptions {
  /** Minimal cell width, padding included. */
  minwidth: number;
  /** Width of a tab in the output, for padding with tabs. */
  tabwidth: number;
  /** Added to a cell's width when computing its column's width. */
  padding: number;
  /** One character; a tab pads with tabs (and then cells are always aligned left). */
  padchar: string;
  /** Pads before a cell's text instead of after it. */
  alignRight?: boolean;
  /** A column whose cells are all empty and not tab-terminated (`\v`) gets no width at all. */
  discardEmptyColumns?: boolean;
  /** Pads leading empty cells with tabs whatever the padchar. */
  tabIndent?: boolean;
  /** Writes `|` between columns, and `---` after a formfeed's flush. */
  debug?: boolean;
  /** liggitt/tabwriter's flag: a column never gets narrower than it was in a block formatted before, even across flushes. */
  rememberWidths?: boolean;
}

/** kubectl's printers.GetNewTabWriter: NewWriter(out, 6, 4, 3, ' ', RememberWidths). */
export const kubectlTabWriterOptions: TabWriterOptions = { minwidth: 6, tabwidth: 4, padding: 3, padchar: ' ', rememberWidths: true };

interface Cell {
  text: string;
  /** Width in runes, as utf8.RuneCount (a lone surrogate would be one U+FFFD). */
  width: number;
  /** Ended by a tab (not by `\v` or a line end). */
  htab: boolean;
}

const runeCount = (s: string) => (/[\uD800-\uDFFF]/.test(s) ? [...s].length : s.length);

/** The characters that end a cell: tab, vertical tab, and the line ends newline and formfeed. */
const TAB = 0x09;
const VTAB = 0x0b;
const NEWLINE = 0x0a;
const FORMFEED = 0x0c;

/**
 * A tabwriter.Writer: buffers written text as cells and lines, and on flush formats it and hands it to `output`.
 * As upstream, a line with a single cell (no tab) or a formfeed flushes by itself: nothing below it can change how
 * the lines above it align.
 */
export class TabWriter {
  private readonly opts: TabWriterOptions;
  /** Text of the current, not yet terminated cell. */
  private cell = '';
  private lines: Cell[][] = [[]];
  /** Column widths while formatting (a stack, one per nested column). */
  private widths: number[] = [];
  /** RememberWidths: the widest each column has been. */
  private readonly maxwidths: number[] = [];
  private out = '';

  constructor(
    private readonly output: (text: string) => void,
    options: TabWriterOptions = kubectlTabWriterOptions,
  ) {
    if (options.minwidth < 0 || options.tabwidth < 0 || options.padding < 0) throw new Error('negative minwidth, tabwidth, or padding');
    // Tab padding enforces left alignment.
    this.opts = options.padchar === '\t' ? { ...options, alignRight: false } : options;
  }

  write(text: string): void {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== TAB && ch !== VTAB && ch !== NEWLINE && ch !== FORMFEED) continue;
      this.cell += text.slice(n, i);
      n = i + 1;
      const ncells = this.terminateCell(ch === TAB);
      if (ch === NEWLINE || ch === FORMFEED) {
        this.lines.push([]);
        if (ch === FORMFEED || ncells === 1) {
          this.flush();
          if (ch === FORMFEED && this.opts.debug) this.output('---\n');
        }
      }
    }
    this.cell += text.slice(n);
  }

  /** Formats and writes everything buffered; later lines start new column blocks (but remembered widths stay). */
  flush(): void {
    // An unfinished cell counts only if it has text: after a final tab there is no empty last cell.
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.cell = '';
    this.lines = [[]];
    this.widths = [];
    const out = this.out;
    this.out = '';
    if (out.length > 0) this.output(out);
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1]!;
    line.push({ text: this.cell, width: runeCount(this.cell), htab });
    this.cell = '';
    return line.length;
  }

  /**
   * Writer.format: lines line0..line1 at the column `widths.length`. A block of consecutive lines that have a cell
   * in this column (the last cell of a line is in no column) gets the width of its widest cell plus padding; the
   * columns to its right are formatted block by block inside it.
   */
  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.lines[current]!.length - 1) continue;
      this.writeLines(line0, current);
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
      if (this.opts.rememberWidths) width = this.rememberWidth(width);
      this.widths.push(width);
      this.format(line0, current);
      this.widths.pop();
      line0 = current;
    }
    this.writeLines(line0, line1);
  }

  /** liggitt/tabwriter's RememberWidths: the width this column block gets, given the widest the column has been. */
  private rememberWidth(width: number): number {
    const column = this.widths.length;
    if (this.maxwidths.length < column) this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
    const max = this.maxwidths[column];
    if (max === undefined) this.maxwidths.push(width);
    else if (max > width) return max;
    else this.maxwidths[column] = width;
    return width;
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      let useTabs = this.opts.tabIndent === true;
      this.lines[i]!.forEach((c, j) => {
        if (j > 0 && this.opts.debug) this.out += '|';
        const padded = j < this.widths.length;
        if (c.text.length === 0) {
          if (padded) this.pad(c.width, this.widths[j]!, useTabs);
          return;
        }
        useTabs = false;
        if (this.opts.alignRight) {
          if (padded) this.pad(c.width, this.widths[j]!, false);
          this.out += c.text;
        } else {
          this.out += c.text;
          if (padded) this.pad(c.width, this.widths[j]!, false);
        }
      });
      // The last buffered line is the one after the last newline: it has no newline (yet).
      if (i + 1 < this.lines.length) this.out += '\n';
    }
  }

  private pad(textw: number, cellw: number, useTabs: boolean): void {
    const { padchar, tabwidth } = this.opts;
    if (padchar === '\t' || useTabs) {
      // Tabs have no width without a tab width: no padding is possible.
      if (tabwidth === 0) return;
      const tabbed = Math.ceil(cellw / tabwidth) * tabwidth;
      this.out += '\t'.repeat(Math.ceil((tabbed - textw) / tabwidth));
      return;
    }
    this.out += padchar.repeat(cellw - textw);
  }
}

/** The text as a new TabWriter formats it when written in one go and flushed. */
export function tabwrite(text: string, options: TabWriterOptions = kubectlTabWriterOptions): string {
  let out = '';
  const w = new TabWriter((s) => (out += s), options);
  w.write(text);
  w.flush();
  return out;
}
