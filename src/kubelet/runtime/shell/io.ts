/** Byte streams between simulated commands: text sinks, pipes with EOF and broken-pipe semantics, and line readers. */

/** Where a command writes (its stdout or stderr). */
export interface OutputStream {
  write(text: string): Promise<void>;
}

/** Writing to a pipe whose reader is gone: the writer dies as with SIGPIPE. */
export class BrokenPipe extends Error {
  constructor() {
    super('broken pipe');
  }
}

/** A readable stream with a read-ahead buffer, so `read` lines and whole-stream reads can share one input. */
export class InputStream {
  private buffer = '';
  private ended = false;

  constructor(private readonly source: () => Promise<string | null>) {}

  static of(text: string): InputStream {
    let done = false;
    return new InputStream(async () => {
      if (done) return null;
      done = true;
      return text;
    });
  }

  static empty(): InputStream {
    return InputStream.of('');
  }

  /** The next chunk (buffered text first), or null at end of input. */
  async read(): Promise<string | null> {
    if (this.buffer) {
      const out = this.buffer;
      this.buffer = '';
      return out;
    }
    if (this.ended) return null;
    const chunk = await this.source();
    if (chunk === null) this.ended = true;
    return chunk;
  }

  async readAll(): Promise<string> {
    let out = '';
    for (let chunk = await this.read(); chunk !== null; chunk = await this.read()) out += chunk;
    return out;
  }

  /** The next line with its newline (the last line may lack one), or null at end of input. */
  async readLine(): Promise<string | null> {
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl >= 0) {
        const line = this.buffer.slice(0, nl + 1);
        this.buffer = this.buffer.slice(nl + 1);
        return line;
      }
      if (this.ended) break;
      const chunk = await this.source();
      if (chunk === null) this.ended = true;
      else this.buffer += chunk;
    }
    if (!this.buffer) return null;
    const rest = this.buffer;
    this.buffer = '';
    return rest;
  }
}

/** A pipe: writes queue up for the reader; closing the write end gives EOF, closing the read end breaks the pipe. */
export class Pipe {
  private chunks: string[] = [];
  private writerClosed = false;
  private readerClosed = false;
  private wake: (() => void) | undefined;

  readonly writer: OutputStream & { close(): void } = {
    write: async (text: string) => {
      if (this.readerClosed) throw new BrokenPipe();
      if (!text) return;
      this.chunks.push(text);
      this.notify();
    },
    close: () => {
      this.writerClosed = true;
      this.notify();
    },
  };

  readonly reader: InputStream = new InputStream(async () => {
    for (;;) {
      if (this.chunks.length > 0) return this.chunks.splice(0).join('');
      if (this.writerClosed) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  });

  /** The reading command ended: later writes fail with BrokenPipe. */
  closeReader(): void {
    this.readerClosed = true;
    this.chunks = [];
  }

  /** Wakes a waiting reader so it can notice it was killed. */
  interrupt(): void {
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** An output that collects text (command substitution). */
export class Capture implements OutputStream {
  text = '';
  async write(text: string): Promise<void> {
    this.text += text;
  }
}

/** An output handing text to a callback (the container's stdout/stderr, i.e. its log). */
export function sink(fn: (text: string) => void): OutputStream {
  return {
    write: async (text: string) => {
      if (text) fn(text);
    },
  };
}
