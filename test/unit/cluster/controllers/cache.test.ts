import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../cluster/store/memoryStore';
import { ObjectCache } from '../../../cluster/controllers/cache';
import { GVR } from '../../../cluster/controllers/kube';

const pod = (name: string, owner?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, uid: 'u', controller: true }] } : {}) },
  spec: { containers: [{ name: 'c', image: 'i' }] },
});

test('the cache lists what the store has, follows its events, and indexes by owner', () => {
  const store = new MemoryStore();
  store.create(GVR.pods, pod('a', 'rs1'));
  const cache = new ObjectCache(store, [GVR.pods]);
  store.create(GVR.pods, pod('b', 'rs1'));
  store.create(GVR.pods, pod('c', 'rs2'));
  assert.deepEqual(
    cache.ownedBy(GVR.pods, 'shop', 'ReplicaSet', 'rs1').map((p) => p.metadata.name),
    ['a', 'b'],
  );
  assert.equal(cache.list(GVR.pods, 'shop').length, 3);
  store.delete(GVR.pods, 'shop', 'a');
  assert.deepEqual(
    cache.ownedBy(GVR.pods, 'shop', 'ReplicaSet', 'rs1').map((p) => p.metadata.name),
    ['b'],
  );
  assert.equal(cache.get(GVR.pods, 'shop', 'a'), undefined);
  // An ownerReference change moves the object between owner index entries.
  store.patch(GVR.pods, 'shop', 'b', 'merge', { metadata: { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs2', uid: 'u', controller: true }] } });
  assert.deepEqual(
    cache.ownedBy(GVR.pods, 'shop', 'ReplicaSet', 'rs2').map((p) => p.metadata.name),
    ['b', 'c'],
  );
  assert.deepEqual(cache.ownedBy(GVR.pods, 'shop', 'ReplicaSet', 'rs1'), []);
  cache.dispose();
});

test('writes go through the store and are visible at once; uncached types read from the store', () => {
  const store = new MemoryStore();
  const cache = new ObjectCache(store, [GVR.pods]);
  const created = cache.create(GVR.pods, pod('x'));
  assert.equal(store.get(GVR.pods, 'shop', 'x')?.metadata.uid, created.metadata.uid);
  assert.equal(cache.get(GVR.pods, 'shop', 'x')?.metadata.resourceVersion, created.metadata.resourceVersion);
  store.create(GVR.services, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: {} });
  assert.ok(cache.get(GVR.services, 'shop', 's'), 'not cached: falls through to the store');
  cache.delete(GVR.pods, 'shop', 'x');
  assert.equal(cache.get(GVR.pods, 'shop', 'x'), undefined);
  cache.dispose();
});

test('a late event never moves a cached object back to an older resourceVersion', () => {
  const listeners: ((e: any) => void)[] = [];
  const store = new MemoryStore();
  const fakeStore = { ...store, subscribe: (l: any) => (listeners.push(l), () => {}), list: (g: any, n?: string) => store.list(g, n) } as any;
  const cache = new ObjectCache(fakeStore, [GVR.pods]);
  const v1 = store.create(GVR.pods, pod('x'));
  const v2 = store.patch(GVR.pods, 'shop', 'x', 'merge', { metadata: { labels: { v: '2' } } });
  listeners.forEach((l) => l({ type: 'MODIFIED', gvr: GVR.pods, object: v2 }));
  listeners.forEach((l) => l({ type: 'ADDED', gvr: GVR.pods, object: v1 }));
  assert.equal(cache.get(GVR.pods, 'shop', 'x')?.metadata.labels?.v, '2');
});
