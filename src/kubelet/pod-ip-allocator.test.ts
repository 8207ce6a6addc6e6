import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PodIPAllocator } from './pod-ip-allocator.js';

describe('pod IPs from the podCIDR', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kubesim-ipam-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('hands out addresses after the gateway in order, keeps them across restarts, and reuses freed ones after wrapping', async () => {
    const a = new PodIPAllocator(dir);
    expect([a.allocate('10.244.1.0/30', 'p1'), a.allocate('10.244.1.0/30', 'p1')]).toEqual(['10.244.1.2', '10.244.1.2']);
    await a.flush();
    const b = new PodIPAllocator(dir);
    expect(() => b.allocate('10.244.1.0/30', 'p2')).toThrow('no IP addresses available in range set: 10.244.1.2-10.244.1.2');
    b.release('p1');
    expect(b.allocate('10.244.1.0/30', 'p2')).toBe('10.244.1.2');
  });

  it('a /24 gives .2 then .3, and a released address is not reused before the range wraps', () => {
    const a = new PodIPAllocator(dir);
    expect(a.allocate('10.244.2.0/24', 'p1')).toBe('10.244.2.2');
    a.release('p1');
    expect(a.allocate('10.244.2.0/24', 'p2')).toBe('10.244.2.3');
  });
});
