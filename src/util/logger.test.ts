import { FakeClock } from './clock.js';
import { klogLine, memoryLogger, structured } from './logger.js';

describe('klog lines', () => {
  it('a line carries severity, local date and time with microseconds, the pid in seven columns and the source', () => {
    const now = new Date(2026, 10, 23, 9, 5, 7, 42);
    expect(klogLine('W', 'kubelet.go:1', 'hi', now, 123)).toBe('W1123 09:05:07.042000     123 kubelet.go:1] hi');
  });

  it('structured messages quote the message and string values, and print others as JSON', () => {
    expect(structured('Pod started', { pod: 'default/web', restarts: 2, ready: true })).toBe('"Pod started" pod="default/web" restarts=2 ready=true');
  });

  it('a logger with another source names that source on its lines', () => {
    const log = memoryLogger(new FakeClock());
    log.withSource('kubelet.go').error('failed', { err: 'boom' });
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/^E\d{4} .* kubelet\.go\] "failed" err="boom"$/);
  });
});
