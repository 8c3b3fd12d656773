import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterModel, type ModelChange } from '../../../src/k8s/clusterModel';
import { ApiError } from '../../../src/k8s/errors';
import type { Discovery } from '../../../src/k8s/discovery';
import { FakeTimers, ScriptedSource, flush, obj } from './fakes';

const both: Discovery = {
  argo: { engine: 'argo', installed: true, group: 'argoproj.io', apiVersion: 'v1alpha1', source: 'crd' },
  flagger: { engine: 'flagger', installed: true, group: 'flagger.app', apiVersion: 'v1beta1', source: 'crd' },
};
const none: Discovery = {
  argo: { engine: 'argo', installed: false, group: 'argoproj.io', source: 'none' },
  flagger: { engine: 'flagger', installed: false, group: 'flagger.app', source: 'none' },
};

function setup(discovery: Discovery | (() => Promise<Discovery>) = both, extra: Partial<ConstructorParameters<typeof ClusterModel>[0]> = {}) {
  const timers = new FakeTimers();
  const source = new ScriptedSource();
  const resolved: string[] = [];
  const model = new ClusterModel({
    context: 'prod',
    source,
    discover: typeof discovery === 'function' ? discovery : () => Promise.resolve(discovery),
    resolveNamespaces: (spec) => {
      resolved.push(spec.plural);
      return Promise.resolve({ allowed: ['team-a', 'team-b'], denied: ['kube-system'] });
    },
    timers,
    ...extra,
  });
  const changes: ModelChange[] = [];
  model.onDidChange((c) => changes.push(c));
  model.start();
  return { timers, source, model, changes, resolved };
}

const listFor = (s: ScriptedSource, path: string) => {
  const l = [...s.lists].reverse().find((x) => x.path === path);
  if (!l) throw new Error(`no list of ${path}; lists: ${s.lists.map((x) => x.path).join(', ')}`);
  return l;
};

test('watches rollouts and canaries cluster-wide and batches changes by stable key', async () => {
  const { source, model, changes, timers } = setup();
  await flush();
  assert.equal(model.state.phase, 'connecting');
  listFor(source, '/apis/argoproj.io/v1alpha1/rollouts').resolve({ items: [obj('a', 'r1', '1'), obj('b', 'r2', '2')], resourceVersion: '5' });
  listFor(source, '/apis/flagger.app/v1beta1/canaries').resolve({ items: [{ kind: 'Canary', metadata: { namespace: 'a', name: 'c1', resourceVersion: '3' } }], resourceVersion: '5' });
  await flush();
  for (const w of source.watches) w.handlers.onOpen?.();
  assert.equal(changes.length, 0, 'nothing fires before the batching window');
  await timers.advance(50);
  assert.equal(changes.length, 1);
  assert.deepEqual(changes[0].keys.sort(), ['argoproj.io/Rollout/a/r1', 'argoproj.io/Rollout/b/r2', 'flagger.app/Canary/a/c1']);
  assert.equal(changes[0].stateChanged, true);
  assert.equal(model.state.phase, 'connected');
  assert.equal(model.state.synced, true);
  assert.equal(model.rollouts().length, 2);
  assert.equal(model.get('flagger.app/Canary/a/c1')?.metadata?.name, 'c1');
  // Only what changed.
  const rw = source.watches.find((w) => w.path.includes('rollouts'))!;
  rw.handlers.onEvent({ type: 'MODIFIED', object: obj('b', 'r2', '9') });
  rw.handlers.onEvent({ type: 'MODIFIED', object: obj('b', 'r2', '10') });
  await timers.advance(50);
  assert.deepEqual(changes[1], { context: 'prod', keys: ['argoproj.io/Rollout/b/r2'], stateChanged: false });
});

test('403 at cluster scope falls back to the namespaces the user can read', async () => {
  const { source, model, resolved, timers } = setup();
  await flush();
  listFor(source, '/apis/argoproj.io/v1alpha1/rollouts').reject(new ApiError('forbidden', 'forbidden', 403));
  await flush();
  assert.ok(resolved.includes('rollouts'));
  assert.ok(source.lists.some((l) => l.path === '/apis/argoproj.io/v1alpha1/namespaces/team-a/rollouts'));
  assert.ok(source.lists.some((l) => l.path === '/apis/argoproj.io/v1alpha1/namespaces/team-b/rollouts'));
  listFor(source, '/apis/argoproj.io/v1alpha1/namespaces/team-a/rollouts').resolve({ items: [obj('team-a', 'x', '1')], resourceVersion: '1' });
  listFor(source, '/apis/argoproj.io/v1alpha1/namespaces/team-b/rollouts').reject(new ApiError('forbidden', 'forbidden', 403));
  listFor(source, '/apis/flagger.app/v1beta1/canaries').resolve({ items: [], resourceVersion: '1' });
  await flush();
  for (const w of source.watches) w.handlers.onOpen?.();
  await timers.advance(50);
  const st = model.state;
  assert.equal(st.phase, 'connected');
  assert.equal(st.scope, 'namespaces');
  assert.deepEqual(st.forbiddenNamespaces, ['kube-system', 'team-b']);
  assert.deepEqual(
    model.rollouts().map((o) => o.metadata?.name),
    ['x'],
  );
});

test('a context without either engine reports notInstalled, not an error', async () => {
  const { model, source, timers } = setup(none);
  await flush();
  await timers.advance(50);
  assert.equal(model.state.phase, 'notInstalled');
  assert.match(model.state.message!, /Neither Argo Rollouts nor Flagger/);
  assert.equal(source.lists.length, 0);
});

test('discovery 401 → unauthorized, retried rarely; retryNow asks again at once', async () => {
  let calls = 0;
  const { model, timers } = setup(() => {
    calls++;
    if (calls === 1) return Promise.reject(new ApiError('unauthorized', 'Unauthorized', 401));
    return Promise.resolve(none);
  });
  await flush();
  assert.equal(model.state.phase, 'unauthorized');
  assert.match(model.state.message!, /credentials/);
  assert.deepEqual(timers.delays(), [50, 300_000]);
  model.retryNow();
  await flush();
  assert.equal(calls, 2);
  assert.equal(model.state.phase, 'notInstalled');
});

test('watchRelated is ref-counted: one set of watches per namespace, stopped with the last reference', async () => {
  const { source, model } = setup();
  await flush();
  const before = source.lists.length;
  const a = model.watchRelated('team-a');
  const b = model.watchRelated('team-a');
  await flush();
  const paths = source.lists
    .slice(before)
    .map((l) => l.path)
    .sort();
  assert.deepEqual(paths, [
    '/api/v1/namespaces/team-a/pods',
    '/apis/apps/v1/namespaces/team-a/deployments',
    '/apis/apps/v1/namespaces/team-a/replicasets',
    '/apis/argoproj.io/v1alpha1/namespaces/team-a/analysisruns',
    '/apis/argoproj.io/v1alpha1/namespaces/team-a/experiments',
  ]);
  listFor(source, '/apis/apps/v1/namespaces/team-a/replicasets').resolve({ items: [{ kind: 'ReplicaSet', metadata: { namespace: 'team-a', name: 'rs1', resourceVersion: '1' } }], resourceVersion: '1' });
  await flush();
  assert.equal(model.related('team-a').replicaSets.length, 1);
  assert.equal(model.get('apps/ReplicaSet/team-a/rs1')?.metadata?.name, 'rs1');
  a.dispose();
  assert.equal(model.related('team-a').replicaSets.length, 1, 'still referenced');
  const rsWatch = source.watches.find((w) => w.path.includes('replicasets'))!;
  b.dispose();
  assert.equal(rsWatch.aborted, true);
  assert.equal(model.related('team-a').replicaSets.length, 0);
});

test('watchEvents: one Events watch per namespace while a holder wants it; events arrive by key in the change batches', async () => {
  const { source, model, changes, timers } = setup();
  await flush();
  const before = source.lists.length;
  const a = model.watchEvents('team-a');
  const b = model.watchEvents('team-a');
  await flush();
  assert.deepEqual(
    source.lists.slice(before).map((l) => l.path),
    ['/api/v1/namespaces/team-a/events'],
  );
  const event = { kind: 'Event', metadata: { namespace: 'team-a', name: 'r1.17a', resourceVersion: '1' }, involvedObject: { kind: 'Rollout', name: 'r1' }, reason: 'RolloutPaused' };
  listFor(source, '/api/v1/namespaces/team-a/events').resolve({ items: [event], resourceVersion: '1' });
  await flush();
  await timers.advance(50);
  assert.ok(
    changes.some((c) => c.keys.includes('core/Event/team-a/r1.17a')),
    JSON.stringify(changes),
  );
  assert.deepEqual(model.events('team-a'), [event]);
  assert.equal(model.get('core/Event/team-a/r1.17a'), event);
  assert.deepEqual(model.events('team-b'), [], 'another namespace is not watched');
  const watch = source.watches.find((w) => w.path.endsWith('/events'))!;
  a.dispose();
  assert.equal(watch.aborted, false, 'still held');
  b.dispose();
  assert.equal(watch.aborted, true);
  assert.deepEqual(model.events('team-a'), []);
});

test('dispose stops watches and timers and fires a final state change', async () => {
  const { source, model, timers, changes } = setup();
  await flush();
  listFor(source, '/apis/argoproj.io/v1alpha1/rollouts').reject(new ApiError('server', 'boom', 500));
  await flush();
  assert.ok(timers.pending.size > 0);
  model.dispose();
  assert.equal(timers.pending.size, 0);
  assert.equal(model.state.phase, 'disposed');
  assert.equal(changes.at(-1)?.stateChanged, true);
  const n = source.lists.length;
  await timers.advance(600_000);
  assert.equal(source.lists.length, n);
});
