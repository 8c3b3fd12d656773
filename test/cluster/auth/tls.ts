/**
 * A throwaway certificate authority for the test API server, in pure node:crypto.
 *
 * Node can make keys and sign bytes but has no API to build an X.509 certificate, so this module
 * encodes the DER of RFC 5280 itself: a self-signed CA (basicConstraints CA:TRUE, keyUsage
 * keyCertSign) and a serving certificate for 127.0.0.1 / ::1 / localhost (subjectAltName, extKeyUsage
 * serverAuth) signed by it, both ECDSA P-256 with SHA-256. Go's crypto/x509 (kubectl) and Node's TLS
 * (@kubernetes/client-node) both verify the chain, exactly as they would a kubeadm cluster's.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

// --- a minimal DER encoder ------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x >>= 8) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const bitString = (b: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), b]));

function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && !(b[i + 1] & 0x80)) i++;
  let v = b.subarray(i);
  if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return tlv(0x02, v);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    let x = p;
    do {
      chunk.unshift(x & 0x7f);
      x >>= 7;
    } while (x > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i] |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function utcTime(d: Date): Buffer {
  // UTCTime for years before 2050, GeneralizedTime after, as RFC 5280 4.1.2.5 requires.
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const OID = {
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

function name(cn: string, org?: string): Buffer {
  const rdns = [set(seq(oid(OID.commonName), utf8(cn)))];
  if (org) rdns.unshift(set(seq(oid(OID.organization), utf8(org))));
  return seq(...rdns);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

/** keyUsage bits as a DER BIT STRING (bit 0 = most significant bit of the first byte). */
function keyUsage(bits: number[]): Buffer {
  let v = 0;
  for (const b of bits) v |= 0x80 >> b;
  let unused = 0;
  while (unused < 7 && !(v & (1 << unused))) unused++;
  return tlv(0x03, Buffer.from([unused, v]));
}

/** The subject (and so every issued certificate's issuer) of the CAs this module makes. */
const CA_NAME = name('rollout-lens-test-ca', 'rollout-lens');

const pem = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

function ipBytes(ip: string): Buffer {
  if (ip.includes(':')) {
    // Only the loopback forms this module needs: "::1".
    const b = Buffer.alloc(16);
    if (ip === '::1') b[15] = 1;
    return b;
  }
  return Buffer.from(ip.split('.').map(Number));
}

function keyId(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // RFC 5280 4.2.1.2 method (1) approximated: any stable 20 bytes derived from the key will do.
  return createHash('sha1').update(spki).digest();
}

interface CertSpec {
  serial: number;
  subject: Buffer;
  issuer: Buffer;
  publicKey: KeyObject;
  signingKey: KeyObject;
  issuerKeyId: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function certificate(spec: CertSpec): string {
  const algorithm = seq(oid(OID.ecdsaWithSHA256));
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(Buffer.from(spec.serial.toString(16).padStart(16, '0'), 'hex')),
    algorithm,
    spec.issuer,
    seq(utcTime(spec.notBefore), utcTime(spec.notAfter)),
    spec.subject,
    spki,
    explicit(3, seq(...spec.extensions)),
  );
  const signature = sign('sha256', tbs, spec.signingKey); // DER-encoded ECDSA-Sig-Value, as X.509 wants
  const der = seq(tbs, algorithm, bitString(signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END CERTIFICATE-----\n`;
}

export interface ServingCertificates {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
}

/**
 * A fresh CA and a serving certificate for the loopback names. Valid from an hour ago (clock skew)
 * for a year; the key pairs exist only in memory and in the kubeconfig/CA files the caller writes.
 */
export function createServingCertificates(hosts: { ips?: string[]; dns?: string[] } = {}): ServingCertificates {
  const now = Date.now();
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caKeyId = keyId(ca.publicKey);
  const caCert = certificate({
    serial: now % 2 ** 40,
    subject: CA_NAME,
    issuer: CA_NAME,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    issuerKeyId: caKeyId,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 365 * 86400_000),
    extensions: [
      extension(OID.basicConstraints, true, seq(bool(true))),
      extension(OID.keyUsage, true, keyUsage([0, 5, 6])), // digitalSignature, keyCertSign, cRLSign
      extension(OID.subjectKeyIdentifier, false, octets(caKeyId)),
    ],
  });
  return issueServingCertificate({ caCert, caKey: pem(ca.privateKey) }, hosts);
}

/**
 * Another serving certificate from a CA this module made (its subject is CA_NAME): a second server
 * (a loopback proxy in front of the API server) that clients trusting the same CA accept as they are.
 */
export function issueServingCertificate(ca: { caCert: string; caKey: string }, hosts: { ips?: string[]; dns?: string[] } = {}, subject = 'kube-apiserver'): ServingCertificates {
  const ips = hosts.ips ?? ['127.0.0.1', '::1'];
  const dns = hosts.dns ?? ['localhost'];
  const now = Date.now();
  const caKey = createPrivateKey(ca.caKey);
  const caKeyId = keyId(createPublicKey(caKey));
  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const altNames = [...dns.map((d) => tlv(0x82, Buffer.from(d))), ...ips.map((ip) => tlv(0x87, ipBytes(ip)))];
  const cert = certificate({
    // Unique per certificate of the CA: clients may cache by issuer and serial.
    serial: parseInt(randomBytes(5).toString('hex'), 16),
    subject: name(subject),
    issuer: CA_NAME,
    publicKey: server.publicKey,
    signingKey: caKey,
    issuerKeyId: caKeyId,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 365 * 86400_000),
    extensions: [
      extension(OID.basicConstraints, true, seq()),
      extension(OID.keyUsage, true, keyUsage([0])), // digitalSignature (ECDHE key agreement is signed)
      extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
      extension(OID.authorityKeyIdentifier, false, seq(tlv(0x80, caKeyId))),
      extension(OID.subjectAltName, false, seq(...altNames)),
    ],
  });
  return { caCert: ca.caCert, caKey: ca.caKey, cert, key: pem(server.privateKey) };
}
