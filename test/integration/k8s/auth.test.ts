/**
 * Credentials the way users have them: an exec credential plugin (as cloud CLIs install) through
 * client-node, and its token refreshed after expiry without rewriting the kubeconfig.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { startClusterBackend, type ClusterBackend } from '../../upstream/backend';
import { ADMIN_RULES, VIEW_RULES } from '../../cluster/auth/rbac';
import { createClusterService, type ClusterService } from '../../../src/k8s/index';
import { ROLLOUTS, kubeOf, memoryLogger, revokeToken, rollout, until } from './helpers';

let cluster: ClusterBackend;
let service: ClusterService | undefined;

before(async () => {
  // `rotating` is the plugin's first credential: revoking it must not take the admin's, which the
  // tests themselves use to write objects.
  cluster = await startClusterBackend({
    users: [
      { name: 'admin', rules: ADMIN_RULES },
      { name: 'viewer', rules: VIEW_RULES },
      { name: 'rotating', rules: ADMIN_RULES },
    ],
  });
  await kubeOf(cluster).namespace('shop');
  await kubeOf(cluster).create(ROLLOUTS, rollout('shop', 'web'));
});

after(async () => {
  service?.dispose();
  await cluster?.stop();
});

test('an exec credential plugin authenticates; a rotated token is picked up on reconnect', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-exec-'));
  const tokenFile = path.join(dir, 'token');
  fs.writeFileSync(tokenFile, cluster.tokenFor('rotating'));
  const plugin = path.join(dir, 'plugin.js');
  fs.writeFileSync(
    plugin,
    `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: require('fs').readFileSync(${JSON.stringify(tokenFile)}, 'utf8').trim() } }));\n`,
  );
  const kc = parse(fs.readFileSync(cluster.kubeconfigPath, 'utf8'));
  const ctx = kc.contexts.find((c: any) => c.name === cluster.contextName);
  const user = kc.users.find((u: any) => u.name === ctx.context.user);
  user.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: process.execPath, args: [plugin], interactiveMode: 'Never' } };
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, stringify(kc));
  const log = memoryLogger();
  service = createClusterService({ kubeconfigPath: file, watchKubeconfig: false, log });
  const model = service.model(cluster.contextName)!;
  await until('connected through the exec plugin', () => model.state.phase === 'connected' && model.rollouts().length === 1, 60_000);
  // The first token expires and the plugin now hands out another valid one (the viewer's): client-node
  // runs the plugin again for every connection when the credential carries no expirationTimestamp,
  // so the reconnect after the drop authenticates with the fresh token by itself.
  fs.writeFileSync(tokenFile, cluster.tokenFor('viewer'));
  await revokeToken(cluster, cluster.tokenFor('rotating'));
  await kubeOf(cluster).create(ROLLOUTS, rollout('shop', 'after-rotation'));
  await until('live again with the rotated token', () => model.state.phase === 'connected' && model.get('argoproj.io/Rollout/shop/after-rotation'), 60_000);
  for (const t of [cluster.tokenFor('rotating'), cluster.tokenFor('viewer')]) assert.ok(!log.lines.join('\n').includes(t), 'token logged');
});
