import { FakeClock } from '../util/clock.js';
import { Backoff } from './backoff.js';

describe('the crash-loop back-off', () => {
  it('doubles from 10s to a 5m cap, and starts over after a quiet 10 minutes', () => {
    const clock = new FakeClock();
    const b = new Backoff(clock, 10_000, 300_000);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      b.next('c', clock.now().getTime());
      delays.push(b.get('c'));
    }
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    const finished = clock.now().getTime();
    expect(b.isInBackOffSince('c', finished)).toBe(true);
    clock.advance(300_000);
    expect(b.isInBackOffSince('c', finished)).toBe(false);
    clock.advance(600_001);
    b.next('c', clock.now().getTime());
    expect(b.get('c')).toBe(10_000);
  });
});
