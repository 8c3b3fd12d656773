/**
 * The reliability set on both backends (ROLLOUT_LENS_BACKEND): the model heals from server restarts,
 * 410 Gone and dropped watches. On upstream these are real: kube-apiserver stopped and started by pid,
 * changes written to etcd while it is down, etcd compacted through its own API; the API server runs
 * without its watch cache (see `apiServerArgs` in test/upstream/stack/index.ts) so that a resumed
 * watch is served by etcd and a compaction is what answers 410.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { selectedBackend, startClusterBackend, type ClusterBackend } from '../../upstream/backend';
import { loopbackProxyFor, type LoopbackProxy } from '../../upstream/loopbackProxy';
import { createClusterService, type ClusterService } from '../../../src/k8s/index';
import type { ModelChange } from '../../../src/k8s/clusterModel';
import { at } from '../../../src/core/util/json';
import { CANARIES, ROLLOUTS, canary, kubeOf, memoryLogger, names, outage, rollout, until, type Kube } from './helpers';

let cluster: ClusterBackend;
let kube: Kube;
let service: ClusterService;
const log = memoryLogger();

before(async () => {
  // The fake's history holds 50 events (the 410 test outruns it); upstream's is etcd's, compacted by the test.
  const fake = selectedBackend() === 'fake';
  cluster = await startClusterBackend({ historyLimit: fake ? 50 : undefined, apiServerArgs: ['--watch-cache=false'] });
  kube = kubeOf(cluster);
  for (const ns of ['shop', 'pay']) await kube.namespace(ns);
  await kube.create(ROLLOUTS, rollout('shop', 'web'));
  await kube.create(ROLLOUTS, rollout('pay', 'api'));
  await kube.create(CANARIES, canary('shop', 'podinfo'));
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
  const web = (await kube.get(ROLLOUTS, 'shop', 'web'))!;
  await kube.update(ROLLOUTS, { ...web, spec: { ...web.spec, paused: true } });
  await until('modified event', () => at(model.get('argoproj.io/Rollout/shop/web'), 'spec', 'paused') === true);
  await until('change event', () => changes.some((c) => c.keys.includes('argoproj.io/Rollout/shop/web')));
  assert.ok(
    changes.every((c) => !c.keys.includes('argoproj.io/Rollout/pay/api')),
    'only what changed',
  );
  await kube.delete(ROLLOUTS, 'pay', 'api');
  await until('deleted', () => !model.get('argoproj.io/Rollout/pay/api'));
});

test('server restart mid-watch with changes while down: recovers without duplicates or stale items', async () => {
  const model = service.model(cluster.contextName)!;
  await until('synced', () => model.state.synced && model.state.phase === 'connected');
  await kube.create(ROLLOUTS, rollout('pay', 'stale'));
  await until('stale seen', () => model.get('argoproj.io/Rollout/pay/stale'));
  // While the server is down: delete one, add one, change one. The fake drops its history → 410 on
  // resume; upstream's etcd keeps it, so the resumed watch delivers the three changes as events.
  await outage(
    cluster,
    () => until('noticed the outage', () => model.state.phase !== 'connected', 30_000),
    async (storage) => {
      await storage.delete(ROLLOUTS, 'pay', 'stale');
      await storage.create(ROLLOUTS, rollout('pay', 'fresh'));
      await storage.setLabels(ROLLOUTS, 'shop', 'web', { changed: 'yes' });
    },
  );
  await until('reconnected', () => model.state.phase === 'connected' && model.get('argoproj.io/Rollout/pay/fresh'), 60_000);
  await until('stale removed', () => !model.get('argoproj.io/Rollout/pay/stale'));
  assert.deepEqual(names(model.rollouts()), ['pay/fresh', 'shop/web']);
  assert.equal(at(model.get('argoproj.io/Rollout/shop/web'), 'metadata', 'labels', 'changed'), 'yes');
  // Still live after the recovery.
  await kube.create(ROLLOUTS, rollout('pay', 'after'));
  await until('event after recovery', () => model.get('argoproj.io/Rollout/pay/after'));
  assert.deepEqual(names(model.rollouts()), ['pay/after', 'pay/fresh', 'shop/web']);
});

test('410 Gone: resuming from a resourceVersion older than the server keeps: re-list with replace semantics', async () => {
  const model = service.model(cluster.contextName)!;
  await until('connected', () => model.state.phase === 'connected', 60_000);
  const mark = log.lines.length;
  // The fake keeps its history over the restart but only 50 events: 120 changes while down push our
  // resourceVersion out of it. Upstream, etcd is compacted after them (its real compaction, through
  // its API): the resumed watch asks etcd for compacted revisions and the API server answers 410 Gone.
  await outage(
    cluster,
    () => until('noticed the outage', () => model.state.phase !== 'connected', 30_000),
    async (storage) => {
      for (let i = 0; i < 60; i++) {
        await storage.create(ROLLOUTS, rollout('pay', `burst-${i}`));
        await storage.delete(ROLLOUTS, 'pay', `burst-${i}`);
      }
      await storage.create(ROLLOUTS, rollout('pay', 'survivor'));
    },
    { keepHistory: true, compact: true },
  );
  await until('recovered', () => model.state.phase === 'connected' && model.get('argoproj.io/Rollout/pay/survivor'), 60_000);
  assert.ok(
    log.lines.slice(mark).some((l) => /gone.*re-listing/i.test(l)),
    `a 410 and a re-list were logged:\n${log.lines.slice(mark).join('\n')}`,
  );
  assert.ok(!model.rollouts().some((o) => o.metadata?.name?.startsWith('burst-')), 'no stale burst objects');
  assert.equal(new Set(names(model.rollouts())).size, model.rollouts().length, 'no duplicates');
});

test('restart with an empty store: old objects disappear', async () => {
  const model = service.model(cluster.contextName)!;
  await until('connected', () => model.state.phase === 'connected', 60_000);
  if (cluster.fake) {
    // A new cluster behind the same URL: the fake's store is replaced (CRDs and namespaces reinstalled).
    await cluster.fake.restart({ keepStore: false });
  } else {
    // Upstream: every Rollout and Canary is removed from etcd while the API server is down.
    await outage(
      cluster,
      () => until('noticed the outage', () => model.state.phase !== 'connected', 30_000),
      async (storage) => {
        await storage.deleteAll(ROLLOUTS);
        await storage.deleteAll(CANARIES);
      },
    );
  }
  await kube.namespace('shop');
  await kube.create(ROLLOUTS, rollout('shop', 'only'));
  await until('only the new object', () => names(model.rollouts()).join() === 'shop/only' && model.canaries().length === 0, 60_000);
});

test('dropped watches (clean and abrupt) and 500s heal by themselves', async () => {
  const { proxy, service: faulty, stop } = await throughFaultProxy();
  try {
    const model = faulty.model(cluster.contextName)!;
    await until('connected through the proxy', () => model.state.synced && model.state.phase === 'connected', 30_000);
    await until('both watches open through the proxy', () => proxy.openWatches >= 2, 20_000);
    const mark = log.lines.length;
    proxy.failNext(3, 500);
    assert.ok(proxy.dropWatches(true) >= 2, 'the watches were cut');
    await kube.create(ROLLOUTS, rollout('shop', 'after-drop'));
    await until('event after abrupt drop and three 500s', () => model.get('argoproj.io/Rollout/shop/after-drop'), 30_000);
    // The model is watching again (the drop emptied the proxy's list of open watches): end those cleanly.
    await until('watches open again', () => proxy.openWatches >= 2, 20_000);
    assert.ok(proxy.dropWatches(false) >= 2, 'the watches were ended');
    await kube.delete(ROLLOUTS, 'shop', 'after-drop');
    await until('event after clean drop', () => !model.get('argoproj.io/Rollout/shop/after-drop'), 30_000);
    // Again, only the model watching anew refills the list.
    await until('watches open again after the clean drop', () => proxy.openWatches >= 2, 20_000);
    assert.equal(new Set(names(model.rollouts())).size, model.rollouts().length, 'no duplicates');
    const logged = log.lines.slice(mark);
    assert.ok(
      logged.some((l) => l.includes('injected by the loopback proxy')),
      `the injected 500s reached the model (its log):\n${logged.join('\n')}`,
    );
  } finally {
    await stop();
  }
});

test('slow server: the model completes, the event loop stays responsive', async () => {
  const { proxy, service: slow, stop } = await throughFaultProxy();
  try {
    proxy.setLatency(800);
    const model = slow.model(cluster.contextName)!;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    assert.equal(model.state.phase, 'connecting');
    await until('synced despite latency', () => model.state.synced, 30_000);
    clearInterval(ticker);
    assert.ok(ticks > 20, `event loop kept running (${ticks} ticks)`);
    // Events still flow through the slow server.
    await kube.create(ROLLOUTS, rollout('shop', 'slow-event'));
    await kube.create(CANARIES, canary('shop', 'slow-event'));
    await until('events through the slow server', () => model.get('argoproj.io/Rollout/shop/slow-event') && model.get('flagger.app/Canary/shop/slow-event') && model.state.phase === 'connected', 30_000);
  } finally {
    await stop();
  }
});

/**
 * A model of its own behind the fault-injecting loopback proxy (test/upstream/loopbackProxy.ts), the
 * same on both backends: the proxy's kubeconfig has the cluster's users and context names, and the
 * proxy forwards their tokens. The model logs into the file's log, which the last test checks for secrets.
 */
async function throughFaultProxy(): Promise<{ proxy: LoopbackProxy; service: ClusterService; stop: () => Promise<void> }> {
  const proxy = loopbackProxyFor(cluster);
  await proxy.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'healing-proxy-'));
  const kubeconfigPath = path.join(dir, 'kubeconfig');
  proxy.writeKubeconfig(kubeconfigPath, [...cluster.users]);
  const proxied = createClusterService({ kubeconfigPath, log, watchKubeconfig: false });
  return {
    proxy,
    service: proxied,
    stop: async () => {
      proxied.dispose();
      await proxy.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

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
