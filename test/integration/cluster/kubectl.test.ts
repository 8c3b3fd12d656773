/**
 * Fidelity of the test API server, judged by the real kubectl: if kubectl (discovery, RESTMapper,
 * Table printing, watch, patch, can-i) works against it unmodified, so will other clients. Skipped
 * with the reason shown when kubectl is not on PATH. Each run has its own HOME and discovery cache.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestCluster, type TestCluster } from '../../cluster/index';
import { GVR, isolatedHome, kubectl, kubectlAvailable, kubectlBackground, rollout, waitFor } from './helpers';

const skip = kubectlAvailable();
let cluster: TestCluster;
let home: ReturnType<typeof isolatedHome>;

before(async () => {
  if (skip) return;
  cluster = await startTestCluster({ engines: ['argo', 'flagger'] });
  home = isolatedHome();
  cluster.store.create(GVR.rollouts, { ...rollout('alpha', 'team-a'), spec: { replicas: 3 } });
  cluster.store.create(GVR.rollouts, rollout('beta', 'team-b'));
  const c = cluster.store.create(GVR.canaries, { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: { name: 'podinfo', namespace: 'team-b' }, spec: { analysis: { interval: '1m', stepWeight: 10 } } });
  cluster.store.updateStatus(GVR.canaries, { ...c, status: { phase: 'Progressing', canaryWeight: 20 } });
});

after(async () => {
  await cluster?.stop();
  home?.dispose();
});

const run = (args: string[], input?: string) => kubectl(cluster, home.env, args, input);

test('kubectl get rollouts -A lists across namespaces with the CRD printer columns', { skip }, async () => {
  const r = await run(['get', 'rollouts', '-A']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^NAMESPACE\s+NAME\s+DESIRED\s+CURRENT\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
  assert.match(lines[1], /^team-a\s+alpha\s+3\s/);
  assert.match(lines[2], /^team-b\s+beta\s+1\s/);
  const short = await run(['get', 'ro', '-n', 'team-a', '-o', 'name']);
  assert.equal(short.stdout.trim(), 'rollout.argoproj.io/alpha');
});

test('kubectl get canaries shows Flagger status columns', { skip }, async () => {
  const r = await run(['get', 'canaries', '-n', 'team-b']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^NAME\s+STATUS\s+WEIGHT\s+LASTTRANSITIONTIME\npodinfo\s+Progressing\s+20\s/);
});

test("kubectl get on a missing object and namespace-scoped listing give kubectl's own messages", { skip }, async () => {
  const missing = await run(['get', 'rollout', 'nope', '-n', 'team-a']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Error from server \(NotFound\): rollouts.argoproj.io "nope" not found/);
  const empty = await run(['get', 'rollouts', '-n', 'empty-ns']);
  assert.match(empty.stderr, /No resources found in empty-ns namespace/);
});

test('kubectl api-resources lists the installed kinds with short names', { skip }, async () => {
  const r = await run(['api-resources', '--api-group=argoproj.io']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rollouts\s+ro\s+argoproj.io\/v1alpha1\s+true\s+Rollout/);
  assert.match(r.stdout, /clusteranalysistemplates\s+cat\s+argoproj.io\/v1alpha1\s+false\s+ClusterAnalysisTemplate/);
});

test("kubectl get NAME prints the server's columns for one object", { skip }, async () => {
  const r = await run(['get', 'rollout', 'alpha', '-n', 'team-a']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^NAME\s+DESIRED\s+CURRENT\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nalpha\s+/);
});

test('kubectl get -w prints an event caused after it started', { skip }, async () => {
  const watch = kubectlBackground(cluster, home.env, ['get', 'rollouts', '-n', 'team-a', '-w']);
  try {
    await waitFor('the initial listing', () => /alpha\s+3\s/.test(watch.output()), 20_000);
    const current = cluster.store.get(GVR.rollouts, 'team-a', 'alpha')!;
    cluster.store.update(GVR.rollouts, { ...current, spec: { ...current.spec, replicas: 7 } });
    await waitFor('the watched change', () => /alpha\s+7\s/.test(watch.output()), 20_000);
  } finally {
    await watch.stop();
  }
});

test('kubectl patch --subresource=status --type=merge changes status only', { skip }, async () => {
  const r = await run(['patch', 'rollout', 'beta', '-n', 'team-b', '--subresource=status', '--type=merge', '-p', '{"status":{"phase":"Paused"},"spec":{"replicas":9}}']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /rollout.argoproj.io\/beta patched/);
  const o = cluster.store.get(GVR.rollouts, 'team-b', 'beta')!;
  assert.equal(o.status.phase, 'Paused');
  assert.equal(o.spec.replicas, 1);
  const smp = await run(['patch', 'rollout', 'beta', '-n', 'team-b', '--type=strategic', '-p', '{"spec":{"paused":true}}']);
  assert.notEqual(smp.code, 0);
  assert.match(smp.stderr, /UnsupportedMediaType|unknown format/);
});

test('kubectl auth can-i answers yes and no from the RBAC policy', { skip }, async () => {
  const yes = await run(['auth', 'can-i', 'patch', 'rollouts.argoproj.io', '--subresource=status', '-n', 'team-a']);
  assert.equal(yes.stdout.trim(), 'yes');
  assert.equal(yes.code, 0);
  const viewer = cluster.contextFor('viewer');
  const no = await run(['--context', viewer, 'auth', 'can-i', 'patch', 'rollouts', '-n', 'team-a']);
  assert.equal(no.stdout.trim(), 'no');
  assert.equal(no.code, 1);
  const list = await run(['--context', viewer, 'auth', 'can-i', 'list', 'canaries', '-A']);
  assert.equal(list.stdout.trim(), 'yes');
  const rules = await run(['--context', viewer, 'auth', 'can-i', '--list', '-n', 'team-a']);
  assert.equal(rules.code, 0, rules.stderr);
  assert.match(rules.stdout, /^\*\.\*\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  const forbidden = await run(['--context', viewer, 'patch', 'rollout', 'alpha', '-n', 'team-a', '--type=merge', '-p', '{"spec":{"paused":true}}']);
  assert.match(forbidden.stderr, /Error from server \(Forbidden\): rollouts.argoproj.io "alpha" is forbidden: User "viewer" cannot patch resource "rollouts" in API group "argoproj.io" in the namespace "team-a"/);
});

test('kubectl create -f and apply -f round-trip a manifest (server-side field validation path)', { skip }, async () => {
  const manifest = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: applied
  namespace: team-c
spec:
  replicas: 2
`;
  const created = await run(['create', 'namespace', 'team-c']);
  assert.equal(created.code, 0, created.stderr);
  const c = await run(['create', '-f', '-'], manifest);
  assert.equal(c.code, 0, c.stderr);
  assert.match(c.stdout, /rollout.argoproj.io\/applied created/);
  const a = await run(['apply', '-f', '-'], manifest.replace('replicas: 2', 'replicas: 4'));
  assert.equal(a.code, 0, a.stderr);
  assert.equal(cluster.store.get(GVR.rollouts, 'team-c', 'applied')!.spec.replicas, 4);
  const ssa = await run(['apply', '--server-side', '-f', '-'], manifest.replace('replicas: 2', 'replicas: 5'));
  assert.equal(ssa.code, 0, ssa.stderr);
  assert.match(ssa.stdout, /rollout.argoproj.io\/applied serverside-applied/);
  assert.equal(cluster.store.get(GVR.rollouts, 'team-c', 'applied')!.spec.replicas, 5);
  const strict = await run(['create', '-f', '-'], manifest.replace('name: applied', 'name: typo').replace('spec:', 'spec:\n  replicas: 1\nspecc:'));
  assert.notEqual(strict.code, 0);
  assert.match(strict.stderr, /strict decoding error: unknown field "specc"/);
  const d = await run(['delete', 'rollout', 'applied', '-n', 'team-c']);
  assert.match(d.stdout, /rollout.argoproj.io "applied" deleted/);
});

test('kubectl works with legacy discovery only (a server without aggregated discovery)', { skip }, async (t) => {
  const legacy = await startTestCluster({ aggregatedDiscovery: false, engines: ['flagger'] });
  const legacyHome = isolatedHome();
  t.after(async () => {
    await legacy.stop();
    legacyHome.dispose();
  });
  const r = await kubectl(legacy, legacyHome.env, ['api-resources']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /canaries\s+canary\s+flagger.app\/v1beta1\s+true\s+Canary/);
  assert.doesNotMatch(r.stdout, /argoproj.io/);
  const missing = await kubectl(legacy, legacyHome.env, ['get', 'rollouts', '-A']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /the server doesn't have a resource type "rollouts"/);
});
