import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startClusterBackend, type ClusterBackend } from '../../upstream/backend';
import { ADMIN_RULES, type TestUser } from '../../cluster/auth/rbac';
import { rbacObjects } from '../../upstream/stack/bootstrap';
import { createClusterService, type ClusterService } from '../../../src/k8s/index';
import { ROLLOUTS, kubeOf, memoryLogger, names, revokeToken, rollout, until, upstreamOf, type Kube } from './helpers';

let cluster: ClusterBackend;
let kube: Kube;
const services: ClusterService[] = [];
const open = (kubeconfigPath: string, watchKubeconfig = false) => {
  const s = createClusterService({ kubeconfigPath, watchKubeconfig, log: memoryLogger(), debounceMs: 20 });
  services.push(s);
  return s;
};

before(async () => {
  cluster = await startClusterBackend({
    users: [
      { name: 'admin', rules: ADMIN_RULES },
      // A team member: may list namespaces cluster-wide, but read workloads only in two namespaces.
      {
        name: 'team',
        rules: [
          { verbs: ['list'], apiGroups: [''], resources: ['namespaces'] },
          { verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'], namespaces: ['team-a', 'team-b'] },
        ],
      },
      { name: 'spare', rules: ADMIN_RULES },
    ],
  });
  kube = kubeOf(cluster);
  for (const ns of ['team-a', 'team-b', 'other']) await kube.namespace(ns);
  for (const ns of ['team-a', 'team-b', 'other']) await kube.create(ROLLOUTS, rollout(ns, `ro-${ns}`));
});

/**
 * RBAC revoked for a user in one namespace, and the open watches cut so the next (re)connection
 * meets it: the fake's faults; upstream deletes the RoleBinding and restarts the API server (RBAC is
 * checked when a request starts, so an open watch keeps streaming until it is cut).
 */
async function forbidNamespace(ns: string, user: string) {
  if (cluster.fake) {
    cluster.fake.faults.forbidNamespace(ns, user);
    cluster.fake.faults.dropWatches(false);
    return;
  }
  const up = upstreamOf(cluster);
  await up.api.json('DELETE', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings/${user}-binding`);
  await up.stopApiServer();
  await up.startApiServer();
}

async function allowNamespace(ns: string, user: string) {
  if (cluster.fake) return void cluster.fake.faults.allowNamespace(ns);
  const u = cluster.users.find((x) => x.name === user) as TestUser;
  for (const o of rbacObjects([u]).filter((x) => x.metadata.namespace === ns)) await upstreamOf(cluster).api.apply(o);
}

after(async () => {
  for (const s of services) s.dispose();
  await cluster?.stop();
});

test('forbidden at cluster scope → the namespaces the user can read; a 403 on one namespace is reported, the rest stays live', async () => {
  const svc = open(cluster.kubeconfigPath);
  const model = svc.model(cluster.contextFor('team'))!;
  await until('namespace-scoped model', () => model.state.phase === 'connected' && model.state.synced);
  assert.equal(model.state.scope, 'namespaces');
  assert.deepEqual(names(model.rollouts()), ['team-a/ro-team-a', 'team-b/ro-team-b']);
  assert.ok(model.state.forbiddenNamespaces.includes('other'));
  // RBAC revoked for team-b: the next (re)connection there is refused.
  await forbidNamespace('team-b', 'team');
  await until('team-b reported forbidden', () => model.state.forbiddenNamespaces.includes('team-b'), 60_000);
  // Each kind's watcher meets the 403 at its own next attempt (on upstream, after the restart's backoff).
  await until('its objects dropped', () => names(model.rollouts()).join() === 'team-a/ro-team-a', 60_000);
  await until('team-a still watched', () => model.state.phase === 'connected', 60_000);
  await kube.create(ROLLOUTS, rollout('team-a', 'new'));
  await until('team-a live', () => model.get('argoproj.io/Rollout/team-a/new'));
  await allowNamespace('team-b', 'team');
});

test('401 from expired credentials: clear state, no retry storm; a kubeconfig with new credentials reconnects', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-auth-'));
  const file = path.join(dir, 'config');
  fs.copyFileSync(cluster.kubeconfigPath, file);
  const svc = open(file, true);
  const ctx = cluster.contextFor('spare');
  svc.setCurrentContext(ctx);
  const model = svc.model(ctx)!;
  await until('connected', () => model.state.phase === 'connected' && model.state.synced);
  await revokeToken(cluster, cluster.tokenFor('spare'));
  await until('unauthorized', () => model.state.phase === 'unauthorized', 60_000);
  assert.match(model.state.message!, /credentials are missing or expired/);
  assert.ok(model.state.nextAttemptAt! - Date.now() > 60_000, 'next attempt is minutes away, not a storm');
  const before = svc.stats(ctx)!.requests;
  // Over a second of wall time, an unauthorized context sends (almost) nothing.
  const t0 = Date.now();
  await until('a second passed', () => Date.now() - t0 > 1000);
  assert.ok(svc.stats(ctx)!.requests - before <= 2, `requests while unauthorized: ${svc.stats(ctx)!.requests - before}`);
  // The user logs in again: the kubeconfig now carries a valid token for that user entry.
  const text = fs.readFileSync(file, 'utf8').replace(cluster.tokenFor('spare'), cluster.tokenFor('admin'));
  fs.writeFileSync(file + '.tmp', text);
  fs.renameSync(file + '.tmp', file);
  await until('reconnected with the new credentials', () => svc.model(ctx)!.state.phase === 'connected' && svc.model(ctx)!.state.synced, 60_000);
  assert.equal(model.state.phase, 'disposed', 'the old connection was replaced');
});

test('kubeconfig edited: a removed context has its model disposed; current/watched live in memory only', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-kc-'));
  const file = path.join(dir, 'config');
  fs.copyFileSync(cluster.kubeconfigPath, file);
  const original = fs.readFileSync(file, 'utf8');
  const svc = open(file, true);
  const team = cluster.contextFor('team');
  const changes: string[][] = [];
  svc.onDidChangeContexts((e) => changes.push(e.removed));
  svc.addWatchedContext(team);
  assert.deepEqual(svc.watchedContexts, [cluster.contextName, team]);
  svc.setCurrentContext(team);
  assert.equal(svc.currentContext, team);
  assert.equal(fs.readFileSync(file, 'utf8'), original, 'the kubeconfig file is never rewritten');
  const model = svc.model(team)!;
  await until('team model connected', () => model.state.phase === 'connected');
  // Remove the team context from the file (as `kubectl config delete-context` would).
  const doc = (await import('yaml')).parse(original);
  doc.contexts = doc.contexts.filter((c: { name: string }) => c.name !== team);
  fs.writeFileSync(file, (await import('yaml')).stringify(doc));
  await until('context removed', () => changes.some((r) => r.includes(team)), 10_000);
  assert.equal(model.state.phase, 'disposed');
  assert.equal(svc.model(team), undefined);
  assert.equal(svc.currentContext, cluster.contextName, 'falls back to the kubeconfig current-context');
  assert.ok(!svc.watchedContexts.includes(team));
});
