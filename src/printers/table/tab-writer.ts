/**
 * Go's text/tabwriter (the liggitt/tabwriter fork kubectl uses) as a pure function, so columns line up exactly as
 * kubectl's: elastic tabstops per block of consecutive lines, widths in runes, padding with a pad character.
 */

export interface TabWriterOptions {
  /** Minimal cell width including any padding. */
  minwidth: number;
  /** Cell padding added to a cell's width when computing its column's width. */
  padding: number;
  /** The padding character (kubectl: a space; tab padding is not supported). */
  padchar: string;
  /**
   * liggitt/tabwriter's RememberWidths: a column never gets narrower than the widest block of that column formatted
   * before it (kubectl sets it so that watch output stays aligned across flushes).
   */
  rememberWidths: boolean;
}

/** kubectl's printers.GetNewTabWriter: minwidth 6, tabwidth 4, padding 3, padchar ' ', flags RememberWidths. */
export const kubectlTabWriterOptions: TabWriterOptions = { minwidth: 6, padding: 3, padchar: ' ', rememberWidths: true };

interface Cell {
  text: string;
  /** Width in runes, as utf8.RuneCount. */
  width: number;
}

/** A line's cells; every cell but the last was terminated by a tab (the last one does not belong to a column). */
interface Line {
  cells: Cell[];
  /** False for the unterminated text after the last newline. */
  newline: boolean;
}

const runeCount = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

const toCells = (text: string): Cell[] => text.split(/[\t\v]/).map((t) => ({ text: t, width: runeCount(t) }));

/** Formats one flushed block of lines, as Writer.format does (recursive over columns); maxwidths outlives the block. */
function formatBlock(lines: readonly Line[], opts: TabWriterOptions, maxwidths: number[]): string {
  const widths: number[] = [];
  let out = '';

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i]!;
      line.cells.forEach((c, j) => {
        out += c.text;
        if (j < widths.length) out += opts.padchar.repeat(widths[j]! - c.width);
      });
      if (line.newline) out += '\n';
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.cells.length - 1) continue;
      // A cell exists in this column: this line starts a column block.
      writeLines(line0, current);
      line0 = current;
      let width = opts.minwidth;
      for (; current < line1; current++) {
        const line = lines[current]!;
        if (column >= line.cells.length - 1) break;
        width = Math.max(width, line.cells[column]!.width + opts.padding);
      }
      if (opts.rememberWidths) {
        if (maxwidths.length < widths.length) maxwidths.push(...widths.slice(maxwidths.length));
        if (maxwidths.length === widths.length) maxwidths.push(width);
        else if (maxwidths[column]! > width) width = maxwidths[column]!;
        else maxwidths[column] = width;
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}

/**
 * Aligns tab-separated text as a new tabwriter fed the text and then flushed. A line with a single cell (no tab)
 * flushes the writer, as upstream does: lines after it are aligned on their own (but with RememberWidths, no column
 * gets narrower than it was above). Formfeeds and the Escape byte get no special meaning: kubectl's printTable cuts
 * cells at '\f' before they reach the writer, and 0xff cannot occur in a JS string's UTF-8.
 */
export function tabwrite(text: string, opts: TabWriterOptions = kubectlTabWriterOptions): string {
  const pieces = text.split('\n');
  const tail = pieces.pop()!;
  const maxwidths: number[] = [];
  let out = '';
  let block: Line[] = [];
  for (const piece of pieces) {
    const line: Line = { cells: toCells(piece), newline: true };
    block.push(line);
    if (line.cells.length === 1) {
      out += formatBlock(block, opts, maxwidths);
      block = [];
    }
  }
  if (tail !== '') {
    // Flush terminates the unfinished cell only if it has text: after a final tab there is no empty last cell.
    const cells = toCells(tail);
    if (cells.length > 1 && cells[cells.length - 1]!.text === '') cells.pop();
    block.push({ cells, newline: false });
  }
  return out + formatBlock(block, opts, maxwidths);
}
