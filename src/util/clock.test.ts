import { FakeClock, rfc3339 } from './clock.js';

describe('clock', () => {
  it('a fake clock moves only when told', () => {
    const c = new FakeClock('2024-05-01T10:00:00Z');
    expect(rfc3339(c.now())).toBe('2024-05-01T10:00:00Z');
    c.advance(1500);
    expect(rfc3339(c.now())).toBe('2024-05-01T10:00:01Z');
  });
});
