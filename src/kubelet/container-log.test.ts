import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../util/clock.js';
import { ContainerLogWriter, formatRecords, readLogRecords } from './container-log.js';

describe('container logs in the CRI format', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kubesim-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one full record per line, with nanosecond timestamps, and flushes an unterminated line at close', () => {
    const clock = new FakeClock('2026-11-23T12:00:00.123Z');
    const w = new ContainerLogWriter(join(dir, 'c', '0.log'), clock);
    w.write('stdout', 'hel');
    w.write('stdout', 'lo\nwor');
    w.write('stderr', 'oops\n');
    w.close();
    expect(readFileSync(join(dir, 'c', '0.log'), 'utf8')).toBe(
      '2026-11-23T12:00:00.123000000Z stdout F hello\n2026-11-23T12:00:00.123000001Z stderr F oops\n2026-11-23T12:00:00.123000002Z stdout F wor\n',
    );
  });

  it('splits lines longer than 16 KiB into partial records', () => {
    const w = new ContainerLogWriter(join(dir, '0.log'), new FakeClock());
    w.write('stdout', `${'x'.repeat(20_000)}\n`);
    const records = readLogRecords(join(dir, '0.log'));
    expect(records.map((r) => [r.partial, r.content.length])).toEqual([
      [true, 16384],
      [false, 3616],
    ]);
    expect(formatRecords(records)).toBe(`${'x'.repeat(20_000)}\n`);
  });

  it.each([
    ['tail keeps the last lines', { tail: 1 }, 'b\n'],
    ['sinceTime drops older lines', { sinceTime: Date.parse('2026-11-23T12:00:01Z') }, 'b\n'],
    ['timestamps prefix each line', { timestamps: true }, '2026-11-23T12:00:00.000000000Z a\n2026-11-23T12:00:01.000000000Z b\n'],
    ['limitBytes cuts the output', { limitBytes: 3 }, 'a\nb'],
  ])('%s', (_name, opts, out) => {
    const clock = new FakeClock('2026-11-23T12:00:00Z');
    const w = new ContainerLogWriter(join(dir, '0.log'), clock);
    w.write('stdout', 'a\n');
    clock.advance(1000);
    w.write('stdout', 'b\n');
    const records = readLogRecords(join(dir, '0.log'), (opts as { tail?: number }).tail);
    expect(formatRecords(records, opts)).toBe(out);
  });
});
