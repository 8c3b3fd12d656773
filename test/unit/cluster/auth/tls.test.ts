import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServingCertificates, issueServingCertificate } from '../../../cluster/auth/tls';

test('the CA is a CA, the serving certificate is signed by it and names the loopback hosts', () => {
  const c = createServingCertificates();
  const ca = new X509Certificate(c.caCert);
  const leaf = new X509Certificate(c.cert);
  assert.equal(ca.ca, true);
  assert.equal(leaf.ca, false);
  assert.ok(ca.verify(ca.publicKey), 'self-signed');
  assert.ok(leaf.verify(ca.publicKey), 'signed by the CA');
  assert.ok(leaf.checkIssued(ca));
  assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(leaf.checkHost('localhost'), 'localhost');
  assert.equal(leaf.checkIP('10.0.0.1'), undefined);
  assert.deepEqual(leaf.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  assert.ok(Date.parse(leaf.validFrom) < Date.now() && Date.parse(leaf.validTo) > Date.now());
});

test('a TLS client that trusts only the generated CA completes a handshake with the serving certificate', async () => {
  const c = createServingCertificates();
  const server = https.createServer({ cert: c.cert, key: c.key }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    for (const host of ['127.0.0.1', 'localhost']) {
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get({ host, port, path: '/', ca: c.caCert }, (res) => {
            let s = '';
            res.on('data', (d) => (s += d));
            res.on('end', () => resolve(s));
          })
          .on('error', reject);
      });
      assert.equal(body, 'ok');
    }
    const other = createServingCertificates();
    await assert.rejects(new Promise((resolve, reject) => https.get({ host: '127.0.0.1', port, path: '/', ca: other.caCert }, resolve).on('error', reject)), /self-signed|unable to verify|certificate/);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('a second serving certificate from the same CA is trusted by the same clients, with its own key and serial', () => {
  const c = createServingCertificates();
  const second = issueServingCertificate(c, { ips: ['127.0.0.1'], dns: [] }, 'fault-proxy');
  const ca = new X509Certificate(c.caCert);
  const first = new X509Certificate(c.cert);
  const leaf = new X509Certificate(second.cert);
  assert.equal(second.caCert, c.caCert);
  assert.ok(leaf.verify(ca.publicKey), 'signed by the CA');
  assert.ok(leaf.checkIssued(ca));
  assert.equal(leaf.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(leaf.checkHost('localhost'), undefined);
  assert.match(leaf.subject, /CN=fault-proxy/);
  assert.notEqual(second.key, c.key);
  assert.notEqual(leaf.serialNumber, first.serialNumber);
});
