/**
 * The test cluster's lifecycle and configuration: restarts (keeping or losing the store), installed
 * engines, fixtures, the kubeconfig it writes, the HTTP fault endpoint and the controllers hook.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startTestCluster } from '../../cluster/index';
import { GVR, api, caOf, openStream, rollout, waitFor } from './helpers';

const RO = '/apis/argoproj.io/v1alpha1';

test('restart keeping the store: same port and kubeconfig, objects survive, old watches get 410', async (t) => {
  const cluster = await startTestCluster();
  t.after(() => cluster.stop());
  const o = cluster.store.create(GVR.rollouts, rollout('kept', 'r1'));
  const w = await openStream(cluster, `${RO}/rollouts?watch=true&resourceVersion=${o.metadata.resourceVersion}`);
  cluster.store.create(GVR.rollouts, rollout('later', 'r1'));
  await waitFor('the live event', () => w.events.length === 1);
  await cluster.restart();
  await waitFor('the watch to be cut by the restart', () => w.ended);
  const got = await api(cluster, 'GET', `${RO}/namespaces/r1/rollouts/kept`);
  assert.equal(got.status, 200);
  assert.equal(got.json.metadata.uid, o.metadata.uid);
  const resumed = await openStream(cluster, `${RO}/rollouts?watch=true&resourceVersion=${o.metadata.resourceVersion}`);
  await waitFor('the expired watch to end', () => resumed.ended);
  assert.equal(resumed.events[0].object.code, 410);
  const current = await openStream(cluster, `${RO}/rollouts?watch=true&resourceVersion=${cluster.store.resourceVersion}`);
  cluster.store.create(GVR.rollouts, rollout('after', 'r1'));
  await waitFor('events after the restart', () => current.events.length === 1);
  current.close();
});

test('restart losing the store: the server comes back empty (CRDs and default namespaces only), RVs move on', async (t) => {
  const cluster = await startTestCluster();
  t.after(() => cluster.stop());
  cluster.store.create(GVR.rollouts, rollout('lost', 'r2'));
  const rvBefore = Number(cluster.store.resourceVersion);
  await cluster.restart({ keepStore: false });
  const list = await api(cluster, 'GET', `${RO}/rollouts`);
  assert.deepEqual(list.json.items, []);
  assert.ok(Number(list.json.metadata.resourceVersion) > rvBefore, 'resourceVersions never go backwards');
  const crds = await api(cluster, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  assert.ok(crds.json.items.some((c: any) => c.metadata.name === 'rollouts.argoproj.io'));
  const old = await openStream(cluster, `${RO}/rollouts?watch=true&resourceVersion=${rvBefore}`);
  await waitFor('410 for a version from before the restart', () => old.ended);
  assert.equal(old.events[0].object.reason, 'Expired');
});

test('engines: a cluster with Argo Rollouts only serves neither Flagger discovery nor its CRDs', async (t) => {
  const cluster = await startTestCluster({ engines: ['argo'] });
  t.after(() => cluster.stop());
  const apis = await api(cluster, 'GET', '/apis');
  const groups = apis.json.groups.map((g: any) => g.name);
  assert.ok(groups.includes('argoproj.io'));
  assert.ok(!groups.includes('flagger.app'));
  assert.equal((await api(cluster, 'GET', '/apis/flagger.app/v1beta1/canaries')).status, 404);
  const crds = await api(cluster, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
  assert.deepEqual(
    crds.json.items.map((c: any) => c.metadata.name).filter((n: string) => n.endsWith('flagger.app')),
    [],
  );
  const none = await startTestCluster({ engines: [] });
  t.after(() => none.stop());
  const noneGroups = (await api(none, 'GET', '/apis')).json.groups.map((g: any) => g.name);
  assert.ok(!noneGroups.includes('argoproj.io') && !noneGroups.includes('flagger.app'));
});

test('fixtures: the status fixtures load with their uids, ownerReferences, status and old apiVersions mapped', async (t) => {
  const dir = path.join(__dirname, '../../fixtures/status/argo-rollouts');
  const cluster = await startTestCluster({ fixturesDir: dir });
  t.after(() => cluster.stop());
  assert.ok(cluster.fixtures!.loaded > 20, `loaded ${cluster.fixtures!.loaded}`);
  const ro = await api(cluster, 'GET', `${RO}/namespaces/jesse-test/rollouts/bluegreen-demo`);
  assert.equal(ro.status, 200);
  assert.ok(ro.json.status, 'status kept');
  const rs = await api(cluster, 'GET', '/apis/apps/v1/namespaces/jesse-test/replicasets/bluegreen-demo-6cbccd9f99');
  assert.equal(rs.json.apiVersion, 'apps/v1', 'extensions/v1beta1 ReplicaSet served as apps/v1');
  assert.equal(rs.json.metadata.ownerReferences[0].uid, ro.json.metadata.uid, 'ownerReferences still point at the rollout');
  assert.equal(rs.json.metadata.creationTimestamp, '2019-10-27T09:50:52Z');
});

test('fixtures: unknown kinds and broken YAML are reported, not fatal', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-fixtures-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'a.yaml'), `${JSON.stringify(rollout('ok', 'fx'))}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\nkey: [unclosed\n`);
  const cluster = await startTestCluster({ fixturesDir: dir });
  t.after(() => cluster.stop());
  assert.equal(cluster.fixtures!.loaded, 1);
  assert.deepEqual(cluster.fixtures!.skipped.map((s) => s.reason.split(':')[0]).sort(), ['YAML error', 'example.com/v1 Widget is not served by the test cluster']);
});

test('kubeconfig: one context per user, the CA inline, the first user current, file mode 0600', async (t) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rl-kc-')), 'nested', 'config');
  const cluster = await startTestCluster({ kubeconfigPath: file });
  t.after(async () => {
    await cluster.stop();
    fs.rmSync(path.dirname(path.dirname(file)), { recursive: true, force: true });
  });
  const kc = parseYaml(fs.readFileSync(file, 'utf8'));
  assert.equal(kc['current-context'], 'rollout-lens-test');
  assert.deepEqual(
    kc.contexts.map((c: any) => c.name),
    ['rollout-lens-test', 'rollout-lens-test-viewer'],
  );
  assert.equal(kc.clusters[0].cluster.server, cluster.url);
  assert.match(Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), /BEGIN CERTIFICATE/);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(cluster.contextFor('viewer'), 'rollout-lens-test-viewer');
});

test('fault endpoint (standalone server): admin only, drives the same faults', async (t) => {
  const cluster = await startTestCluster({ faultEndpoint: true });
  t.after(() => cluster.stop());
  const r = await api(cluster, 'POST', '/_faults/failNext', { body: { count: 1, path: '/apis/argoproj' } });
  assert.deepEqual(r.json, { ok: true });
  assert.equal((await api(cluster, 'GET', `${RO}/rollouts`)).status, 500);
  assert.equal((await api(cluster, 'GET', `${RO}/rollouts`)).status, 200);
  assert.equal((await api(cluster, 'POST', '/_faults/reset', { token: cluster.tokenFor('viewer') })).status, 404);
  const unknown = await api(cluster, 'POST', '/_faults/explode', { body: {} });
  assert.equal(unknown.status, 400);
  assert.match(unknown.json.message, /unknown fault "explode"/);
});

test('controllers hook: startControllers runs and registers the loadtester behind the service proxy', async (t) => {
  const cluster = await startTestCluster({ controllers: true });
  t.after(() => cluster.stop());
  assert.ok(cluster.controllers, 'controllers started');
  const r = await api(cluster, 'GET', '/api/v1/namespaces/test/services/flagger-loadtester:80/proxy/healthz');
  assert.equal(r.status, 200);
});

test('onRequest reports each finished request with its status and body bytes (watches when they end)', async (t) => {
  const log: { method: string; url: string; status: number; bytes: number; watch: boolean }[] = [];
  const cluster = await startTestCluster({ onRequest: (e) => log.push(e) });
  t.after(() => cluster.stop());
  const r = await api(cluster, 'GET', `${RO}/rollouts`);
  await api(cluster, 'GET', `${RO}/rollouts`, { token: 'bad' });
  const w = await openStream(cluster, `${RO}/rollouts?watch=true&timeoutSeconds=1`);
  await waitFor('the watch to end', () => w.ended, 5000);
  await waitFor('three entries', () => log.length === 3);
  assert.deepEqual(
    log.map((e) => `${e.method} ${e.status} ${e.watch}`),
    ['GET 200 false', 'GET 401 false', 'GET 200 true'],
  );
  assert.equal(log[0].bytes, Buffer.byteLength(r.text));
});

test('latency: a watch whose client hangs up while its request is delayed leaves nothing behind', async (t) => {
  const closed: string[] = [];
  const cluster = await startTestCluster({ onRequest: (e) => closed.push(e.url) });
  t.after(() => cluster.stop());
  cluster.faults.setLatency(500);
  const req = https.request(`${cluster.url}${RO}/rollouts?watch=true`, { ca: caOf(cluster), headers: { authorization: `Bearer ${cluster.token}` } });
  req.on('error', () => {});
  req.end();
  req.on('finish', () => req.destroy()); // sent, then gone before the server answers
  await waitFor('the server to see the client leave', () => closed.some((u) => u.includes('watch=true')));
  // Requests are served in arrival order after the same delay: once this one is answered, the
  // departed watch has had its turn.
  assert.equal((await api(cluster, 'GET', '/version')).status, 200);
  assert.equal(cluster.faults.dropWatches(), 0, 'no watch was registered for the departed client');
});
