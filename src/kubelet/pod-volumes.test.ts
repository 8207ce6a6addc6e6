import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { setUpPodVolumes, type VolumeSetupContext } from './pod-volumes.js';

const pod: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: {
    nodeName: 'node01',
    containers: [{ name: 'c', image: 'nginx' }],
    volumes: [{ name: 'kube-api-access-x', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }] } }],
  },
};

describe('the projected service account token', () => {
  let nodeDir: string;
  beforeEach(() => (nodeDir = mkdtempSync(join(tmpdir(), 'kubesim-volumes-'))));
  afterEach(() => rmSync(nodeDir, { recursive: true, force: true }));

  it('stays the same across syncs and is renewed once 80% of its lifetime has passed, as the token manager does', async () => {
    const tokens = new Map<string, { token: string; iatMs: number }>();
    const t0 = Date.parse('2026-11-23T12:00:00Z');
    const ctx = (ms: number): VolumeSetupContext => ({ nodeDir, sources: {} as never, addresses: { podIP: '', podIPs: [], hostIP: '', hostIPs: [] }, now: new Date(t0 + ms), tokens });
    const tokenAt = async (ms: number) => {
      const volumes = await setUpPodVolumes(pod, ctx(ms));
      return readFileSync(join(volumes.get('kube-api-access-x')!.hostDir, 'token'), 'utf8');
    };
    const first = await tokenAt(0);
    expect(await tokenAt(5_000)).toBe(first);
    expect(await tokenAt(2_885_000)).toBe(first);
    const renewed = await tokenAt(2_886_000);
    expect(renewed).not.toBe(first);
    expect(JSON.parse(Buffer.from(renewed.split('.')[1]!, 'base64url').toString()).iat).toBe((t0 + 2_886_000) / 1000);
  });
});
