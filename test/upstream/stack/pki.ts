/**
 * The run's credentials, written into its run directory: the CA and the API server's serving
 * certificate (test/cluster/auth/tls.ts, pure node:crypto, with the in-cluster names and the host
 * veth address added), the service-account signing key pair, and the static token file that
 * authenticates the test users and the components.
 *
 * Users are the fake cluster's (`admin`, `viewer`, each with a random token); the components (the
 * controller manager, scheduler, kwok, Argo Rollouts, Flagger) share one more token in the
 * `system:masters` group, which is how kubeadm's component kubeconfigs are authorized too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createServingCertificates } from '../../cluster/auth/tls';
import type { TestUser } from '../../cluster/auth/rbac';

export interface RunCredentials {
  caCert: string;
  files: { caCert: string; caKey: string; cert: string; key: string; saKey: string; saPub: string; tokens: string };
  componentToken: string;
}

export const COMPONENT_USER = 'rollout-lens-components';

export function writeCredentials(dir: string, users: TestUser[], extraIps: string[]): RunCredentials {
  fs.mkdirSync(dir, { recursive: true });
  const tls = createServingCertificates({
    ips: ['127.0.0.1', '::1', '10.96.0.1', ...extraIps],
    dns: ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
  });
  const sa = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const componentToken = crypto.randomBytes(24).toString('base64url');
  const files = {
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    cert: path.join(dir, 'apiserver.crt'),
    key: path.join(dir, 'apiserver.key'),
    saKey: path.join(dir, 'sa.key'),
    saPub: path.join(dir, 'sa.pub'),
    tokens: path.join(dir, 'tokens.csv'),
  };
  const write = (f: string, s: string) => fs.writeFileSync(f, s, { mode: 0o600 });
  write(files.caCert, tls.caCert);
  write(files.caKey, tls.caKey);
  write(files.cert, tls.cert);
  write(files.key, tls.key);
  write(files.saKey, sa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  write(files.saPub, sa.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // token,user,uid,"group1,group2" (kube-apiserver --token-auth-file).
  const lines = [`${componentToken},${COMPONENT_USER},${COMPONENT_USER},"system:masters"`, ...users.map((u) => `${u.token},${u.name},${u.name}${u.groups?.length ? `,"${u.groups.join(',')}"` : ''}`)];
  write(files.tokens, lines.join('\n') + '\n');
  return { caCert: tls.caCert, files, componentToken };
}
