import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../cluster/store/memoryStore';
import type { KubeObject, StoreEvent } from '../../../cluster/store/objectStore';
import { StatusError } from '../../../cluster/store/storeErrors';

const ROLLOUTS = { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts' };
const ANALYSISRUNS = { group: 'argoproj.io', version: 'v1alpha1', resource: 'analysisruns' };
const REPLICASETS = { group: 'apps', version: 'v1', resource: 'replicasets' };
const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };
const CATS = { group: 'argoproj.io', version: 'v1alpha1', resource: 'clusteranalysistemplates' };

const fixedClock = { now: () => new Date('2026-01-02T03:04:05.678Z') };

function rollout(name: string, ns = 'demo', extra: Partial<KubeObject> = {}): KubeObject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name, namespace: ns, labels: { app: name } }, spec: { replicas: 1 }, ...extra };
}

function statusErr(code: number, reason: string) {
  return (e: unknown) => e instanceof StatusError && e.code === code && e.reason === reason;
}

test('create assigns uid, resourceVersion, generation 1 and a seconds-precision creationTimestamp', () => {
  const s = new MemoryStore({ clock: fixedClock });
  const r = s.create(ROLLOUTS, rollout('a'));
  assert.match(r.metadata.uid!, /^[0-9a-f-]{36}$/);
  assert.equal(r.metadata.generation, 1);
  assert.equal(r.metadata.creationTimestamp, '2026-01-02T03:04:05Z');
  assert.equal(r.metadata.resourceVersion, s.resourceVersion);
  // The namespace was created implicitly, before the rollout.
  assert.ok(s.get(NAMESPACES, undefined, 'demo'));
  assert.ok(Number(s.get(NAMESPACES, undefined, 'demo')!.metadata.resourceVersion) < Number(r.metadata.resourceVersion));
});

test('create of an existing object is AlreadyExists (409) with the API server message', () => {
  const s = new MemoryStore();
  s.create(ROLLOUTS, rollout('a'));
  assert.throws(
    () => s.create(ROLLOUTS, rollout('a')),
    (e: unknown) => statusErr(409, 'AlreadyExists')(e) && (e as Error).message === 'rollouts.argoproj.io "a" already exists',
  );
  // Same name in another namespace is a different object.
  s.create(ROLLOUTS, rollout('a', 'other'));
  assert.equal(s.list(ROLLOUTS).length, 2);
});

test('resourceVersions are global and strictly increasing across kinds', () => {
  const s = new MemoryStore();
  const rvs = [s.create(ROLLOUTS, rollout('a')), s.create(CATS, { apiVersion: 'argoproj.io/v1alpha1', kind: 'ClusterAnalysisTemplate', metadata: { name: 't' }, spec: {} }), s.create(ROLLOUTS, rollout('b'))].map((o) =>
    Number(o.metadata.resourceVersion),
  );
  assert.ok(rvs[0] < rvs[1] && rvs[1] < rvs[2]);
});

test('update bumps generation on spec change only, keeps server-owned fields, and ignores status for kinds with a status subresource', () => {
  const s = new MemoryStore();
  const created = s.create(ROLLOUTS, rollout('a'));
  const withLabel = s.update(ROLLOUTS, { ...created, metadata: { ...created.metadata, labels: { app: 'a', x: 'y' } } });
  assert.equal(withLabel.metadata.generation, 1, 'metadata-only change keeps generation');
  assert.ok(Number(withLabel.metadata.resourceVersion) > Number(created.metadata.resourceVersion));
  const changed = s.update(ROLLOUTS, { ...withLabel, spec: { replicas: 3 }, status: { phase: 'Hacked' }, metadata: { ...withLabel.metadata, uid: undefined, creationTimestamp: 'x' } });
  assert.equal(changed.metadata.generation, 2);
  assert.equal(changed.status, undefined, 'status is ignored by the main endpoint');
  assert.equal(changed.metadata.uid, created.metadata.uid);
  assert.equal(changed.metadata.creationTimestamp, created.metadata.creationTimestamp);
});

test('updateStatus changes only status and never bumps generation', () => {
  const s = new MemoryStore();
  const created = s.create(ROLLOUTS, rollout('a'));
  const st = s.updateStatus(ROLLOUTS, { ...created, spec: { replicas: 9 }, metadata: { ...created.metadata, labels: { evil: 'x' } }, status: { phase: 'Healthy' } });
  assert.deepEqual(st.status, { phase: 'Healthy' });
  assert.deepEqual(st.spec, { replicas: 1 });
  assert.deepEqual(st.metadata.labels, { app: 'a' });
  assert.equal(st.metadata.generation, 1);
  // A later main-endpoint update keeps that status.
  const up = s.update(ROLLOUTS, { ...st, spec: { replicas: 2 }, status: undefined });
  assert.deepEqual(up.status, { phase: 'Healthy' });
  // An updateStatus without status clears it (as upstream's status strategy).
  const cleared = s.updateStatus(ROLLOUTS, { ...up, status: undefined });
  assert.equal(cleared.status, undefined);
});

test('kinds without a status subresource persist status through update and bump generation for it', () => {
  const s = new MemoryStore();
  const ar = s.create(ANALYSISRUNS, { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'r', namespace: 'demo' }, spec: { metrics: [] } });
  const up = s.update(ANALYSISRUNS, { ...ar, status: { phase: 'Running' } });
  assert.deepEqual(up.status, { phase: 'Running' });
  assert.equal(up.metadata.generation, 2);
});

test('a stale resourceVersion is a 409 Conflict; none at all is an unconditional update', () => {
  const s = new MemoryStore();
  const created = s.create(ROLLOUTS, rollout('a'));
  s.update(ROLLOUTS, { ...created, spec: { replicas: 2 } });
  assert.throws(
    () => s.update(ROLLOUTS, { ...created, spec: { replicas: 3 } }),
    (e: unknown) => statusErr(409, 'Conflict')(e) && /Operation cannot be fulfilled on rollouts.argoproj.io "a": the object has been modified/.test((e as Error).message),
  );
  assert.throws(() => s.updateStatus(ROLLOUTS, { ...created, status: {} }), statusErr(409, 'Conflict'));
  const unconditional = s.update(ROLLOUTS, { ...created, metadata: { ...created.metadata, resourceVersion: undefined }, spec: { replicas: 4 } });
  assert.equal(unconditional.spec.replicas, 4);
});

test('a no-op update takes no resourceVersion and emits nothing', () => {
  const s = new MemoryStore();
  const created = s.create(ROLLOUTS, rollout('a'));
  const events: StoreEvent[] = [];
  s.subscribe((e) => events.push(e));
  const same = s.update(ROLLOUTS, created);
  assert.equal(same.metadata.resourceVersion, created.metadata.resourceVersion);
  assert.equal(events.length, 0);
});

test('update and delete of a missing object are NotFound (404)', () => {
  const s = new MemoryStore();
  assert.throws(
    () => s.update(ROLLOUTS, rollout('nope')),
    (e: unknown) => statusErr(404, 'NotFound')(e) && (e as Error).message === 'rollouts.argoproj.io "nope" not found',
  );
  assert.throws(() => s.delete(ROLLOUTS, 'demo', 'nope'), statusErr(404, 'NotFound'));
});

test('subscribe sees ADDED, MODIFIED, DELETED in commit order; DELETED carries a new resourceVersion', () => {
  const s = new MemoryStore();
  const events: StoreEvent[] = [];
  const unsubscribe = s.subscribe((e) => events.push(e));
  const a = s.create(ROLLOUTS, rollout('a'));
  s.update(ROLLOUTS, { ...a, spec: { replicas: 2 } });
  s.delete(ROLLOUTS, 'demo', 'a');
  unsubscribe();
  s.create(ROLLOUTS, rollout('b'));
  assert.deepEqual(
    events.map((e) => `${e.type} ${e.gvr.resource}/${e.object.metadata.name}`),
    ['ADDED namespaces/demo', 'ADDED rollouts/a', 'MODIFIED rollouts/a', 'DELETED rollouts/a'],
  );
  const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
  assert.deepEqual(
    [...rvs].sort((x, y) => x - y),
    rvs,
  );
  assert.equal(new Set(rvs).size, rvs.length);
});

test('writes made by a listener are delivered to every listener after the current event', () => {
  const s = new MemoryStore();
  const seenByA: string[] = [];
  const seenByB: string[] = [];
  s.subscribe((e) => {
    seenByA.push(`${e.type} ${e.object.metadata.name}`);
    if (e.type === 'ADDED' && e.object.metadata.name === 'a') s.create(ROLLOUTS, rollout('child'));
  });
  s.subscribe((e) => seenByB.push(`${e.type} ${e.object.metadata.name}`));
  s.create(ROLLOUTS, rollout('a'));
  assert.deepEqual(seenByA, seenByB);
  assert.deepEqual(seenByB, ['ADDED demo', 'ADDED a', 'ADDED child']);
});

test('returned objects are copies: mutating them does not change the store', () => {
  const s = new MemoryStore();
  const a = s.create(ROLLOUTS, rollout('a'));
  a.spec.replicas = 99;
  s.get(ROLLOUTS, 'demo', 'a')!.spec.replicas = 98;
  assert.equal(s.get(ROLLOUTS, 'demo', 'a')!.spec.replicas, 1);
});

test('list filters by namespace, label selector and field selector, sorted by namespace then name', () => {
  const s = new MemoryStore();
  s.create(ROLLOUTS, rollout('b', 'x', { metadata: { name: 'b', namespace: 'x', labels: { tier: 'web' } } }));
  s.create(ROLLOUTS, rollout('a', 'x', { metadata: { name: 'a', namespace: 'x', labels: { tier: 'db' } } }));
  s.create(ROLLOUTS, rollout('c', 'w', { metadata: { name: 'c', namespace: 'w' } }));
  const names = (l: KubeObject[]) => l.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
  assert.deepEqual(names(s.list(ROLLOUTS)), ['w/c', 'x/a', 'x/b']);
  assert.deepEqual(names(s.list(ROLLOUTS, 'x')), ['x/a', 'x/b']);
  assert.deepEqual(names(s.list(ROLLOUTS, undefined, { labelSelector: 'tier in (web,db)' })), ['x/a', 'x/b']);
  assert.deepEqual(names(s.list(ROLLOUTS, undefined, { labelSelector: 'tier!=web' })), ['w/c', 'x/a']);
  assert.deepEqual(names(s.list(ROLLOUTS, undefined, { labelSelector: '!tier' })), ['w/c']);
  assert.deepEqual(names(s.list(ROLLOUTS, undefined, { fieldSelector: 'metadata.name=b' })), ['x/b']);
  assert.deepEqual(names(s.list(ROLLOUTS, undefined, { fieldSelector: 'metadata.namespace!=x' })), ['w/c']);
});

test('cluster-scoped objects drop a namespace; namespaced ones require it', () => {
  const s = new MemoryStore();
  const t = s.create(CATS, { apiVersion: 'argoproj.io/v1alpha1', kind: 'ClusterAnalysisTemplate', metadata: { name: 't', namespace: 'ignored' }, spec: {} });
  assert.equal(t.metadata.namespace, undefined);
  assert.ok(s.get(CATS, undefined, 't'));
  assert.throws(() => s.create(ROLLOUTS, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'x' } }), statusErr(422, 'Invalid'));
});

test('generateName produces a name with a 5-character suffix', () => {
  const s = new MemoryStore();
  const o = s.create(ANALYSISRUNS, { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', metadata: { name: '', generateName: 'run-', namespace: 'demo' }, spec: {} });
  assert.match(o.metadata.name, /^run-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
});

test('deleting an owner deletes what it owns, transitively; deleting a namespace deletes its objects', () => {
  const s = new MemoryStore();
  const ro = s.create(ROLLOUTS, rollout('a'));
  const owner = (o: KubeObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true }];
  const rs = s.create(REPLICASETS, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'a-1', namespace: 'demo', ownerReferences: owner(ro) }, spec: {} });
  s.create({ group: '', version: 'v1', resource: 'pods' }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a-1-x', namespace: 'demo', ownerReferences: owner(rs) }, spec: {} });
  s.create(ROLLOUTS, rollout('keep'));
  s.delete(ROLLOUTS, 'demo', 'a');
  assert.equal(s.list(REPLICASETS).length, 0);
  assert.equal(s.list({ group: '', version: 'v1', resource: 'pods' }).length, 0);
  assert.equal(s.list(ROLLOUTS).length, 1);
  s.delete(NAMESPACES, undefined, 'demo');
  assert.equal(s.list(ROLLOUTS).length, 0);
});

test('changesSince replays events after a resourceVersion and reports expiry past the history window', () => {
  const s = new MemoryStore({ historyLimit: 3 });
  const start = s.resourceVersion;
  const a = s.create(ROLLOUTS, rollout('a')); // + namespace: 2 events
  assert.deepEqual(
    s.changesSince(start)!.map((e) => e.type),
    ['ADDED', 'ADDED'],
  );
  assert.deepEqual(s.changesSince(a.metadata.resourceVersion!), []);
  s.update(ROLLOUTS, { ...a, spec: { replicas: 5 } });
  s.update(ROLLOUTS, { ...s.get(ROLLOUTS, 'demo', 'a')!, spec: { replicas: 6 } });
  assert.equal(s.changesSince(start), undefined, 'the first events fell out of a 3-event window');
  assert.equal(s.changesSince(a.metadata.resourceVersion!)!.length, 2);
  s.forgetHistory();
  assert.equal(s.changesSince(a.metadata.resourceVersion!), undefined);
  assert.deepEqual(s.changesSince(s.resourceVersion), []);
  assert.equal(s.changesSince('not-a-number'), undefined);
});

test('patch applies merge and JSON patches through the right endpoint semantics', () => {
  const s = new MemoryStore();
  s.create(ROLLOUTS, rollout('a'));
  const spec = s.patch(ROLLOUTS, 'demo', 'a', 'merge', { spec: { paused: true }, status: { phase: 'Ignored' } });
  assert.equal(spec.spec.paused, true);
  assert.equal(spec.status, undefined);
  assert.equal(spec.metadata.generation, 2);
  const st = s.patch(ROLLOUTS, 'demo', 'a', 'json', [{ op: 'add', path: '/status', value: { abort: true } }], 'status');
  assert.deepEqual(st.status, { abort: true });
  assert.equal(st.metadata.generation, 2);
  assert.throws(() => s.patch(ROLLOUTS, 'demo', 'a', 'merge', { metadata: { resourceVersion: '1' }, spec: { x: 1 } }), statusErr(409, 'Conflict'));
  assert.throws(() => s.patch(ROLLOUTS, 'demo', 'zz', 'merge', {}), statusErr(404, 'NotFound'));
});

test("preserveMetadata keeps a fixture's uid, creationTimestamp and generation", () => {
  const s = new MemoryStore({ clock: fixedClock });
  const meta = { name: 'a', namespace: 'demo', uid: 'fe2872f3-f79f-11e9-a15b-42010aa80033', creationTimestamp: '2019-10-27T09:50:52Z', generation: 7, resourceVersion: '27881945', selfLink: '/x' };
  const kept = s.create(ROLLOUTS, { ...rollout('a'), metadata: meta }, { preserveMetadata: true });
  assert.equal(kept.metadata.uid, meta.uid);
  assert.equal(kept.metadata.creationTimestamp, meta.creationTimestamp);
  assert.equal(kept.metadata.generation, 7);
  assert.equal(kept.metadata.selfLink, undefined);
  assert.notEqual(kept.metadata.resourceVersion, '27881945', "resourceVersions are always the store's");
  const fresh = s.create(ROLLOUTS, { ...rollout('b'), metadata: { ...meta, name: 'b' } });
  assert.notEqual(fresh.metadata.uid, meta.uid);
  assert.equal(fresh.metadata.generation, 1);
});

test('initialResourceVersion: a replacement store continues the numbering and expires older versions', () => {
  const s = new MemoryStore({ initialResourceVersion: 1000 });
  assert.equal(s.resourceVersion, '1000');
  assert.deepEqual(s.changesSince('1000'), []);
  assert.equal(s.changesSince('999'), undefined);
  const a = s.create(ROLLOUTS, rollout('a'));
  assert.ok(Number(a.metadata.resourceVersion) > 1000);
});
