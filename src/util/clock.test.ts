import { FakeClock, rfc3339, rfc3339Micro } from './clock.js';

describe('clock', () => {
  it('a fake clock moves only when told', () => {
    const c = new FakeClock('2024-05-01T10:00:00Z');
    expect(rfc3339(c.now())).toBe('2024-05-01T10:00:00Z');
    c.advance(1500);
    expect(rfc3339(c.now())).toBe('2024-05-01T10:00:01Z');
  });

  it('fires due timers in time order, each seeing its own time', () => {
    const c = new FakeClock('2024-05-01T10:00:00Z');
    const fired: string[] = [];
    c.setTimeout(() => fired.push(`b@${rfc3339(c.now())}`), 2000);
    c.setTimeout(() => fired.push(`a@${rfc3339(c.now())}`), 1000);
    c.setTimeout(() => fired.push('late'), 5000);
    c.advance(3000);
    expect(fired).toEqual(['a@2024-05-01T10:00:01Z', 'b@2024-05-01T10:00:02Z']);
    expect(c.pendingTimers).toBe(1);
  });

  it('a cancelled timer never fires', () => {
    const c = new FakeClock();
    let fired = false;
    c.setTimeout(() => (fired = true), 10).cancel();
    c.advance(100);
    expect(fired).toBe(false);
  });

  it('a timer set by a firing timer fires in the same advance when due', () => {
    const c = new FakeClock();
    const fired: number[] = [];
    c.setTimeout(() => {
      fired.push(1);
      c.setTimeout(() => fired.push(2), 10);
    }, 10);
    c.advance(25);
    expect(fired).toEqual([1, 2]);
  });

  it('sleep resolves after advanceAsync and rejects when aborted', async () => {
    const c = new FakeClock();
    let woke = false;
    const done = c.sleep(1000).then(() => (woke = true));
    await c.advanceAsync(999);
    expect(woke).toBe(false);
    await c.advanceAsync(1);
    await done;
    expect(woke).toBe(true);
    const ac = new AbortController();
    const aborted = c.sleep(1000, ac.signal);
    ac.abort(new Error('stopped'));
    await expect(aborted).rejects.toThrow('stopped');
    expect(c.pendingTimers).toBe(0);
  });

  it('formats MicroTime with six fraction digits', () => {
    expect(rfc3339Micro(new Date('2024-05-01T10:00:00.123Z'))).toBe('2024-05-01T10:00:00.123000Z');
  });
});
