import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureClusterCA, installClusterCA } from './pki.js';

describe('the cluster certificate authority', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kubesim-pki-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is a self-signed CA for CN=kubernetes valid for ten years, signed by its own key', async () => {
    const ca = await ensureClusterCA(root, new Date('2026-11-23T10:00:00Z'));
    const cert = new X509Certificate(ca.cert);
    expect(cert.subject).toBe('CN=kubernetes');
    expect(cert.issuer).toBe('CN=kubernetes');
    expect(cert.ca).toBe(true);
    expect(new Date(cert.validFrom).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(new Date(cert.validTo).toISOString()).toBe('2036-11-23T10:00:00.000Z');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(ca.key))).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  }, 30_000);

  it('is made once and read back on the next start, its key readable by the owner only', async () => {
    const first = await ensureClusterCA(root);
    const again = await ensureClusterCA(root);
    expect(again).toEqual(first);
    expect(statSync(join(root, 'pki', 'ca.key')).mode & 0o777).toBe(0o600);
  }, 30_000);

  it('is installed on nodes as kubeadm leaves it: the key only on control-plane nodes', async () => {
    const ca = await ensureClusterCA(root);
    installClusterCA(join(root, 'nodes', 'controlplane'), ca, true);
    installClusterCA(join(root, 'nodes', 'node01'), ca, false);
    expect(readFileSync(join(root, 'nodes', 'controlplane', 'etc/kubernetes/pki/ca.crt'), 'utf8')).toBe(ca.cert);
    expect(readFileSync(join(root, 'nodes', 'controlplane', 'etc/kubernetes/pki/ca.key'), 'utf8')).toBe(ca.key);
    expect(readFileSync(join(root, 'nodes', 'node01', 'etc/kubernetes/pki/ca.crt'), 'utf8')).toBe(ca.cert);
    expect(() => statSync(join(root, 'nodes', 'node01', 'etc/kubernetes/pki/ca.key'))).toThrow('ENOENT');
  }, 30_000);
});
