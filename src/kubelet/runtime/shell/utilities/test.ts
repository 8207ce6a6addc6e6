import { complain, resolvePath, type CommandContext } from '../command-context.js';
import { FsError } from '../../vfs/fs-error.js';
import type { FileStat } from '../../vfs/volume.js';

/** test / [ (busybox coreutils/test.c): string, integer and file tests with ! -a -o and parentheses; errors exit 2. */
export async function test(ctx: CommandContext): Promise<number> {
  let args = ctx.argv.slice(1);
  if (ctx.argv[0]?.endsWith('[')) {
    if (args[args.length - 1] !== ']') {
      await complain(ctx, 'missing ]');
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return (await new TestEvaluator(ctx, args).run()) ? 0 : 1;
  } catch (e) {
    if (e instanceof TestSyntaxError) {
      await complain(ctx, e.message);
      return 2;
    }
    throw e;
  }
}

class TestSyntaxError extends Error {}

const unaryFile = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-h', '-L', '-p', '-S', '-b', '-c', '-g', '-u', '-k', '-O', '-G']);
const binary = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

class TestEvaluator {
  private i = 0;
  constructor(
    private readonly ctx: CommandContext,
    private readonly args: string[],
  ) {}

  async run(): Promise<boolean> {
    if (this.args.length === 0) return false;
    const result = await this.orExpr();
    if (this.i < this.args.length) throw new TestSyntaxError(`${this.args[this.i]}: unknown operand`);
    return result;
  }

  private async orExpr(): Promise<boolean> {
    let v = await this.andExpr();
    while (this.args[this.i] === '-o') {
      this.i++;
      const r = await this.andExpr();
      v = v || r;
    }
    return v;
  }

  private async andExpr(): Promise<boolean> {
    let v = await this.notExpr();
    while (this.args[this.i] === '-a') {
      this.i++;
      const r = await this.notExpr();
      v = v && r;
    }
    return v;
  }

  private async notExpr(): Promise<boolean> {
    if (this.args[this.i] === '!' && this.i + 1 < this.args.length) {
      this.i++;
      return !(await this.notExpr());
    }
    return this.primary();
  }

  private async primary(): Promise<boolean> {
    const a = this.args;
    const t = a[this.i];
    if (t === undefined) throw new TestSyntaxError('argument expected');
    if (t === '(' && a.length - this.i >= 3 && !binary.has(a[this.i + 1]!)) {
      this.i++;
      const v = await this.orExpr();
      if (a[this.i] !== ')') throw new TestSyntaxError(`${a[this.i] ?? ')'}: ')' expected`.replace(/^undefined/, ''));
      this.i++;
      return v;
    }
    const op = a[this.i + 1];
    if (op !== undefined && binary.has(op) && this.i + 2 < a.length) {
      const right = a[this.i + 2]!;
      this.i += 3;
      return this.binaryOp(t, op, right);
    }
    if ((t === '-z' || t === '-n') && this.i + 1 < a.length) {
      const s = a[this.i + 1]!;
      this.i += 2;
      return t === '-z' ? s === '' : s !== '';
    }
    if (unaryFile.has(t) && this.i + 1 < a.length) {
      const path = a[this.i + 1]!;
      this.i += 2;
      return this.fileTest(t, path);
    }
    if (t === '-t' && this.i + 1 < a.length) {
      this.i += 2;
      return false;
    }
    this.i++;
    return t !== '';
  }

  private async binaryOp(left: string, op: string, right: string): Promise<boolean> {
    switch (op) {
      case '=':
      case '==':
        return left === right;
      case '!=':
        return left !== right;
      case '<':
        return left < right;
      case '>':
        return left > right;
      case '-ef':
        return false;
      case '-nt':
      case '-ot': {
        const [l, r] = [await this.stat(left, false), await this.stat(right, false)];
        if (!l || !r) return op === '-nt' ? Boolean(l) : Boolean(r);
        return op === '-nt' ? l.mtime > r.mtime : l.mtime < r.mtime;
      }
    }
    const [l, r] = [integer(left), integer(right)];
    switch (op) {
      case '-eq':
        return l === r;
      case '-ne':
        return l !== r;
      case '-lt':
        return l < r;
      case '-le':
        return l <= r;
      case '-gt':
        return l > r;
      default:
        return l >= r;
    }
  }

  private async fileTest(op: string, path: string): Promise<boolean> {
    const st = await this.stat(path, op === '-h' || op === '-L');
    if (!st) return false;
    switch (op) {
      case '-e':
        return true;
      case '-f':
        return st.type === 'file';
      case '-d':
        return st.type === 'dir';
      case '-s':
        return st.size > 0 && st.type !== 'dir' ? true : st.type === 'dir';
      case '-r':
      case '-w':
        return true;
      case '-x':
        return st.type === 'dir' || (st.mode & 0o111) !== 0;
      case '-h':
      case '-L':
        return st.type === 'symlink';
      case '-c':
        return st.type === 'chardev';
      default:
        return false;
    }
  }

  private async stat(path: string, lstat: boolean): Promise<FileStat | undefined> {
    if (path === '') return undefined;
    const abs = resolvePath(this.ctx, path);
    try {
      return lstat ? await this.ctx.process.env.fs.lstat(abs) : await this.ctx.process.env.fs.stat(abs);
    } catch (e) {
      if (e instanceof FsError) return undefined;
      throw e;
    }
  }
}

function integer(s: string): bigint {
  const t = s.trim();
  if (!/^[-+]?\d+$/.test(t)) throw new TestSyntaxError(`${s}: bad number`);
  return BigInt(t);
}
