/** kubectl describe's PrefixWriter over a tabwriter: two spaces of indentation per level, terminal escapes made harmless. */
import { TabWriter, type TabWriterOptions } from '../tab-writer.js';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

/** cli-runtime's WriteEscaped: ESC and CR would let object data drive the user's terminal. */
export const escapeTerminal = (s: string) => s.replaceAll('\x1b', '^[').replaceAll('\r', '\\r');

export interface PrefixWriter {
  /** Writes text after `level` indentation steps (the text carries its own tabs and newline). */
  write(level: number, text: string): void;
  /** Writes the text and a newline, with no indentation. */
  writeLine(text: string): void;
  /** Ends the current column blocks, as the Events table does before its header. */
  flush(): void;
}

class TabbedPrefixWriter implements PrefixWriter {
  constructor(private readonly tw: TabWriter) {}
  write(level: number, text: string): void {
    this.tw.write(escapeTerminal('  '.repeat(level) + text));
  }
  writeLine(text: string): void {
    this.tw.write(escapeTerminal(`${text}\n`));
  }
  flush(): void {
    this.tw.flush();
  }
}

/** NestedPrefixWriter: the same writer, every level shifted by `indent`. */
export function nestedPrefixWriter(w: PrefixWriter, indent: number): PrefixWriter {
  return {
    write: (level, text) => w.write(level + indent, text),
    writeLine: (text) => w.write(indent, `${text}\n`),
    flush: () => w.flush(),
  };
}

/** describe's tabwriter settings: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const describeTabWriterOptions: TabWriterOptions = { minwidth: 0, tabwidth: 8, padding: 2, padchar: ' ' };

/** Upstream's tabbedString: runs `f` against a tabwriter configured as describe's and returns what it wrote. */
export function tabbedString(f: (w: PrefixWriter) => void): string {
  let out = '';
  const tw = new TabWriter((s) => (out += s), describeTabWriterOptions);
  f(new TabbedPrefixWriter(tw));
  tw.flush();
  return out;
}
