import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { startTestCluster, type TestCluster } from '../../cluster/index';
import { createClusterService, type ClusterService } from '../../../src/k8s/index';
import type { ModelChange } from '../../../src/k8s/clusterModel';
import { CANARIES, ROLLOUTS, canary, memoryLogger, names, namespace, rollout, until } from './helpers';

let cluster: TestCluster;
let service: ClusterService;
const log = memoryLogger();

before(async () => {
  cluster = await startTestCluster({ historyLimit: 50 });
  for (const ns of ['shop', 'pay']) namespace(cluster, ns);
  cluster.store.create(ROLLOUTS, rollout('shop', 'web'));
  cluster.store.create(ROLLOUTS, rollout('pay', 'api'));
  cluster.store.create(CANARIES, canary('shop', 'podinfo'));
  service = createClusterService({ kubeconfigPath: cluster.kubeconfigPath, log, watchKubeconfig: false });
});

after(async () => {
  service?.dispose();
  await cluster?.stop();
});

test('lists both engines, then follows watch events by stable key', async () => {
  const model = service.model(cluster.contextName)!;
  const changes: ModelChange[] = [];
  model.onDidChange((e) => changes.push(e));
  await until('model synced and watching', () => model.state.synced && model.state.phase === 'connected');
  assert.equal(model.state.scope, 'cluster');
  assert.deepEqual(names(model.rollouts()), ['pay/api', 'shop/web']);
  assert.deepEqual(names(model.canaries()), ['shop/podinfo']);
  assert.equal(model.engines?.argo.installed, true);
  assert.equal(model.engines?.flagger.apiVersion, 'v1beta1');
  // The initial list arrives as one batch; start counting after it.
  await until('initial batch', () => changes.some((c) => c.keys.includes('argoproj.io/Rollout/pay/api')));
  changes.length = 0;
  const web = cluster.store.get(ROLLOUTS, 'shop', 'web')!;
  cluster.store.update(ROLLOUTS, { ...web, spec: { ...web.spec, paused: true } });
  await until('modified event', () => model.get('argoproj.io/Rollout/shop/web')?.spec?.paused === true);
  await until('change event', () => changes.some((c) => c.keys.includes('argoproj.io/Rollout/shop/web')));
  assert.ok(
    changes.every((c) => !c.keys.includes('argoproj.io/Rollout/pay/api')),
    'only what changed',
  );
  cluster.store.delete(ROLLOUTS, 'pay', 'api');
  await until('deleted', () => !model.get('argoproj.io/Rollout/pay/api'));
});

test('server restart mid-watch with changes while down: recovers without duplicates or stale items', async () => {
  const model = service.model(cluster.contextName)!;
  await until('synced', () => model.state.synced && model.state.phase === 'connected');
  cluster.store.create(ROLLOUTS, rollout('pay', 'stale'));
  await until('stale seen', () => model.get('argoproj.io/Rollout/pay/stale'));
  const restarting = cluster.restart({ downMs: 400 });
  await until('noticed the outage', () => model.state.phase !== 'connected');
  // While the server is down: delete one, add one, change one. History is dropped → 410 on resume.
  cluster.store.delete(ROLLOUTS, 'pay', 'stale');
  cluster.store.create(ROLLOUTS, rollout('pay', 'fresh'));
  const web = cluster.store.get(ROLLOUTS, 'shop', 'web')!;
  cluster.store.update(ROLLOUTS, { ...web, metadata: { ...web.metadata, labels: { changed: 'yes' } } });
  await restarting;
  await until('reconnected', () => model.state.phase === 'connected' && model.get('argoproj.io/Rollout/pay/fresh'), 20_000);
  await until('stale removed', () => !model.get('argoproj.io/Rollout/pay/stale'));
  assert.deepEqual(names(model.rollouts()), ['pay/fresh', 'shop/web']);
  assert.equal(model.get('argoproj.io/Rollout/shop/web').metadata.labels?.changed, 'yes');
  // Still live after the recovery.
  cluster.store.create(ROLLOUTS, rollout('pay', 'after'));
  await until('event after recovery', () => model.get('argoproj.io/Rollout/pay/after'));
  assert.deepEqual(names(model.rollouts()), ['pay/after', 'pay/fresh', 'shop/web']);
});

test('410 Gone: resuming from a resourceVersion older than the server keeps: re-list with replace semantics', async () => {
  const model = service.model(cluster.contextName)!;
  await until('connected', () => model.state.phase === 'connected');
  const mark = log.lines.length;
  // The history survives the restart but holds only 50 events: 120 changes while down push our
  // resourceVersion out of it, so the resumed watch is answered 410 Gone.
  const restarting = cluster.restart({ downMs: 300, keepHistory: true });
  await until('noticed the outage', () => model.state.phase !== 'connected');
  for (let i = 0; i < 60; i++) {
    cluster.store.create(ROLLOUTS, rollout('pay', `burst-${i}`));
    cluster.store.delete(ROLLOUTS, 'pay', `burst-${i}`);
  }
  cluster.store.create(ROLLOUTS, rollout('pay', 'survivor'));
  await restarting;
  await until('recovered', () => model.state.phase === 'connected' && model.get('argoproj.io/Rollout/pay/survivor'), 20_000);
  assert.ok(
    log.lines.slice(mark).some((l) => /gone.*re-listing/i.test(l)),
    `a 410 and a re-list were logged:\n${log.lines.slice(mark).join('\n')}`,
  );
  assert.ok(!model.rollouts().some((o) => o.metadata.name.startsWith('burst-')), 'no stale burst objects');
  assert.equal(new Set(names(model.rollouts())).size, model.rollouts().length, 'no duplicates');
});

test('restart with an empty store (a new cluster behind the same URL): old objects disappear', async () => {
  const model = service.model(cluster.contextName)!;
  await until('connected', () => model.state.phase === 'connected');
  await cluster.restart({ keepStore: false });
  namespace(cluster, 'shop');
  cluster.store.create(ROLLOUTS, rollout('shop', 'only'));
  await until('only the new object', () => names(model.rollouts()).join() === 'shop/only' && model.canaries().length === 0, 20_000);
});

test('dropped watches (clean and abrupt) and 500s heal by themselves', async () => {
  const model = service.model(cluster.contextName)!;
  await until('connected', () => model.state.phase === 'connected');
  cluster.faults.failNext(3, { status: 500 });
  assert.ok(cluster.faults.dropWatches(true) >= 1);
  cluster.store.create(ROLLOUTS, rollout('shop', 'after-drop'));
  await until('event after abrupt drop', () => model.get('argoproj.io/Rollout/shop/after-drop'), 20_000);
  cluster.faults.dropWatches(false);
  cluster.store.delete(ROLLOUTS, 'shop', 'after-drop');
  await until('event after clean drop', () => !model.get('argoproj.io/Rollout/shop/after-drop'), 20_000);
  assert.equal(new Set(names(model.rollouts())).size, model.rollouts().length, 'no duplicates');
});

test('slow server: the model completes, the event loop stays responsive', async () => {
  const slow = createClusterService({ kubeconfigPath: cluster.kubeconfigPath, watchKubeconfig: false });
  try {
    cluster.faults.setLatency(800);
    const model = slow.model(cluster.contextName)!;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    assert.equal(model.state.phase, 'connecting');
    await until('synced despite latency', () => model.state.synced, 20_000);
    clearInterval(ticker);
    assert.ok(ticks > 20, `event loop kept running (${ticks} ticks)`);
    // Events still flow through the slow server. (Waiting for this also makes sure the server has
    // registered both watches before we hang up: the test server leaks the timers of a watch whose
    // client leaves while its request is still delayed.)
    cluster.store.create(ROLLOUTS, rollout('shop', 'slow-event'));
    cluster.store.create(CANARIES, canary('shop', 'slow-event'));
    await until('events through the slow server', () => model.get('argoproj.io/Rollout/shop/slow-event') && model.get('flagger.app/Canary/shop/slow-event') && model.state.phase === 'connected', 20_000);
  } finally {
    cluster.faults.setLatency(0);
    slow.dispose();
  }
});

test('nothing secret reaches the log', () => {
  const all = log.lines.join('\n');
  for (const u of cluster.users) assert.ok(!all.includes(u.token), 'a token was logged');
  assert.ok(
    !fs
      .readFileSync(cluster.kubeconfigPath, 'utf8')
      .split('\n')
      .some((l) => l.includes('client-key-data') && all.includes(l.trim())),
  );
});
