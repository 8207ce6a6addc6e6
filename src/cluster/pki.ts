/**
 * The cluster's certificate authority, made on the first `up` as `kubeadm init` makes /etc/kubernetes/pki/ca.crt:
 * a self-signed RSA 2048 certificate for CN=kubernetes valid for ten years. It is kept in KUBESIM_HOME/pki and copied
 * to every node's etc/kubernetes/pki/ca.crt (the control-plane nodes also get the key), and it is what the
 * kube-root-ca.crt ConfigMaps publish to pods.
 */
import { generateKeyPair as generateKeyPairCb, randomBytes, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Forge from 'node-forge';

const generateKeyPair = promisify(generateKeyPairCb);
/** forge's TBSCertificate builder (public in node-forge, missing from its type definitions). */
type WithTBSCertificate = { getTBSCertificate(cert: Forge.pki.Certificate): Forge.asn1.Asn1 };

export interface CertificateAuthority {
  /** PEM of the CA certificate. */
  cert: string;
  /** PEM (PKCS#8) of its private key. */
  key: string;
}

/** kubeadm's CertificateValidityPeriod for the CA: ten years. */
const caValidityYears = 10;

/** A new self-signed CA, as client-go's certutil.NewSelfSignedCACert builds it. */
export async function newCertificateAuthority(commonName = 'kubernetes', now = new Date()): Promise<CertificateAuthority> {
  const { publicKey, privateKey } = await generateKeyPair('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  // node-forge is loaded only here: the daemon of an existing cluster, which has its CA, starts without it.
  const { default: forge } = await import('node-forge');
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  // A positive random 63-bit serial, as certutil draws it (the top bit clear keeps the DER integer positive).
  const serial = randomBytes(8);
  serial[0]! &= 0x7f;
  cert.serialNumber = serial.toString('hex');
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(Date.UTC(now.getUTCFullYear() + caValidityYears, now.getUTCMonth(), now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()));
  const name = [{ name: 'commonName', value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'basicConstraints', critical: true, cA: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  // Signed by Node's crypto (forge's JavaScript RSA takes a second): the TBS certificate names the algorithm first.
  cert.siginfo.algorithmOid = cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption!;
  const tbs = Buffer.from(forge.asn1.toDer((forge.pki as unknown as WithTBSCertificate).getTBSCertificate(cert)).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, privateKey).toString('binary');
  return { cert: forge.pki.certificateToPem(cert), key: privateKey };
}

/** The cluster's CA from KUBESIM_HOME/pki, made there (owner-only) when the cluster has none yet. */
export async function ensureClusterCA(root: string, now = new Date()): Promise<CertificateAuthority> {
  const dir = join(root, 'pki');
  const certPath = join(dir, 'ca.crt');
  const keyPath = join(dir, 'ca.key');
  if (existsSync(certPath) && existsSync(keyPath)) return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  const ca = await newCertificateAuthority('kubernetes', now);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, ca.key, { mode: 0o600 });
  writeFileSync(certPath, ca.cert, { mode: 0o644 });
  return ca;
}

/** Puts the CA where kubeadm leaves it on a node: etc/kubernetes/pki/ca.crt, and ca.key on control-plane nodes. */
export function installClusterCA(nodeDir: string, ca: CertificateAuthority, controlPlane: boolean): void {
  const dir = join(nodeDir, 'etc', 'kubernetes', 'pki');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certPath = join(dir, 'ca.crt');
  if (!existsSync(certPath)) writeFileSync(certPath, ca.cert, { mode: 0o644 });
  const keyPath = join(dir, 'ca.key');
  if (controlPlane && !existsSync(keyPath)) writeFileSync(keyPath, ca.key, { mode: 0o600 });
}
