/**
 * The kubeconfig that points kubectl and @kubernetes/client-node at the test server: one cluster
 * (server URL + the test CA inline), one user per test user with its bearer token, and one context
 * per user. The first user's context is current. Written with mode 0600, as kubectl writes its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { TestUser } from './rbac';

export const CLUSTER_NAME = 'rollout-lens-test';

/** The context name for a user: `rollout-lens-test` for the first (admin), `rollout-lens-test-<user>` for the others. */
export function contextName(users: TestUser[], userName: string): string {
  return users[0]?.name === userName ? CLUSTER_NAME : `${CLUSTER_NAME}-${userName}`;
}

export function kubeconfigYaml(serverUrl: string, caCert: string, users: TestUser[], namespace = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: CLUSTER_NAME, cluster: { server: serverUrl, 'certificate-authority-data': Buffer.from(caCert).toString('base64') } }],
    users: users.map((u) => ({ name: `${CLUSTER_NAME}-${u.name}`, user: { token: u.token } })),
    contexts: users.map((u) => ({ name: contextName(users, u.name), context: { cluster: CLUSTER_NAME, user: `${CLUSTER_NAME}-${u.name}`, namespace } })),
    'current-context': users.length ? contextName(users, users[0].name) : '',
  });
}

export function writeKubeconfig(file: string, serverUrl: string, caCert: string, users: TestUser[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, kubeconfigYaml(serverUrl, caCert, users), { mode: 0o600 });
}
