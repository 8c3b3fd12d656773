/**
 * The test cluster as @kubernetes/client-node 1.4 sees it (the library the extension uses): kubeconfig
 * loading with the CA and token, typed list calls, Watch streams, and ListWatch's informer cycle
 * including the 410 → re-list path after a server restart that lost its watch history.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CustomObjectsApi, KubeConfig, ListWatch, Watch } from '@kubernetes/client-node';
import { startTestCluster, type TestCluster } from '../../cluster/index';
import { GVR, rollout, waitFor } from './helpers';

let cluster: TestCluster;
let kc: KubeConfig;

before(async () => {
  cluster = await startTestCluster();
  kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
});

after(async () => {
  await cluster?.stop();
});

test('KubeConfig.loadFromFile + CustomObjectsApi lists rollouts across namespaces', async () => {
  assert.equal(kc.getCurrentContext(), cluster.contextName);
  cluster.store.create(GVR.rollouts, rollout('listed', 'cn-list'));
  const api = kc.makeApiClient(CustomObjectsApi);
  const list = await api.listClusterCustomObject({ group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts' });
  assert.equal(list.kind, 'RolloutList');
  assert.ok(list.items.some((o: any) => o.metadata.name === 'listed'));
  const one = await api.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: 'cn-list', plural: 'rollouts', name: 'listed' });
  assert.equal(one.metadata.uid, cluster.store.get(GVR.rollouts, 'cn-list', 'listed')!.metadata.uid);
  await assert.rejects(api.getNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: 'cn-list', plural: 'rollouts', name: 'absent' }), (e: any) => e.code === 404 && JSON.parse(e.body).reason === 'NotFound');
});

test('Watch receives events caused after it started', async () => {
  const seen: string[] = [];
  let done: unknown = 'open';
  const req = await new Watch(kc).watch(
    '/apis/argoproj.io/v1alpha1/namespaces/cn-watch/rollouts',
    { resourceVersion: cluster.store.resourceVersion, allowWatchBookmarks: true },
    (type, obj) => seen.push(`${type} ${obj.metadata?.name}`),
    (err) => (done = err),
  );
  try {
    cluster.store.create(GVR.rollouts, rollout('w', 'cn-watch'));
    cluster.store.delete(GVR.rollouts, 'cn-watch', 'w');
    await waitFor('ADDED and DELETED', () => seen.length >= 2);
    assert.deepEqual(seen, ['ADDED w', 'DELETED w']);
  } finally {
    req.abort();
  }
  assert.ok(done !== undefined);
});

test('ListWatch: list, watch, then after a restart that lost history (410) it re-lists and sees the new state', async () => {
  const path = '/apis/argoproj.io/v1alpha1/namespaces/cn-informer/rollouts';
  const api = kc.makeApiClient(CustomObjectsApi);
  cluster.store.create(GVR.rollouts, rollout('one', 'cn-informer'));
  let lists = 0;
  const listFn = () => (lists++, api.listNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: 'cn-informer', plural: 'rollouts' }) as any);
  const informer = new ListWatch<any>(path, new Watch(kc), listFn, false);
  const added: string[] = [];
  const errors: unknown[] = [];
  informer.on('add', (o) => added.push(o.metadata.name));
  informer.on('error', (e) => errors.push(e));
  await informer.start();
  try {
    await waitFor('the initial list', () => informer.list('cn-informer').length === 1);
    cluster.store.create(GVR.rollouts, rollout('two', 'cn-informer'));
    await waitFor('the watched ADD', () => informer.get('two', 'cn-informer'));

    // The informer watches one namespace, so a change elsewhere moves the server's resourceVersion
    // past the informer's; with the history then gone, its reconnect (after a clean end of the stream)
    // gets the ERROR 410 Expired event and ListWatch re-lists.
    const listsBefore = lists;
    cluster.store.create(GVR.rollouts, rollout('elsewhere', 'cn-other'));
    cluster.store.forgetHistory();
    await waitFor('the watch to be open', () => cluster.faults.dropWatches(false) > 0);
    await waitFor('a re-list after 410', () => lists > listsBefore);
    assert.equal(errors.length, 0);
    cluster.store.create(GVR.rollouts, rollout('three', 'cn-informer'));
    await waitFor('the new watch to deliver', () => informer.get('three', 'cn-informer'));

    // A restart cuts connections: client-node's ListWatch reports the error and stops (its documented
    // behaviour; the extension's watcher restarts it). Restarted, it resumes from a resourceVersion the
    // restarted server no longer has, gets 410, and re-lists, finding what was created meanwhile.
    cluster.store.create(GVR.rollouts, rollout('elsewhere2', 'cn-other'));
    await cluster.restart({ keepStore: true, keepHistory: false });
    await waitFor('ListWatch to report the dropped connection', () => errors.length > 0);
    cluster.store.create(GVR.rollouts, rollout('four', 'cn-informer'));
    const listsBeforeRestart = lists;
    await informer.start();
    await waitFor('the informer to see the object created while it was down', () => informer.get('four', 'cn-informer'));
    assert.ok(lists > listsBeforeRestart, 're-listed after 410');
    assert.deepEqual([...added].sort(), ['four', 'one', 'three', 'two']);
  } finally {
    await informer.stop();
  }
});
