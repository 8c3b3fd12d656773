import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceWatcher, type WatcherChange } from '../../../src/k8s/resourceWatcher';
import { ApiError } from '../../../src/k8s/errors';
import { backoffDelay } from '../../../src/k8s/timers';
import { FakeTimers, ScriptedSource, flush, obj } from './fakes';

function setup(opts: { rareRetryMs?: number } = {}) {
  const timers = new FakeTimers();
  const source = new ScriptedSource();
  const w = new ResourceWatcher({ source, path: '/apis/argoproj.io/v1alpha1/rollouts', keyOf: (o) => `${o.metadata?.namespace}/${o.metadata?.name}`, timers, ...opts });
  const changes: WatcherChange[] = [];
  w.onDidChange((c) => changes.push(c));
  w.start();
  return { timers, source, w, changes };
}

const keys = (w: ResourceWatcher) => [...w.values()].map((o) => `${o.metadata?.namespace}/${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();

test('lists, then watches from the list resourceVersion and applies events', async () => {
  const { source, w, changes } = setup();
  source.lastList().resolve({ items: [obj('a', 'r1', '5'), obj('b', 'r2', '6')], resourceVersion: '10' });
  await flush();
  assert.equal(source.lastWatch().resourceVersion, '10');
  source.lastWatch().handlers.onOpen?.();
  assert.equal(w.state.phase, 'connected');
  source.lastWatch().handlers.onEvent({ type: 'MODIFIED', object: obj('a', 'r1', '11') });
  source.lastWatch().handlers.onEvent({ type: 'DELETED', object: obj('b', 'r2', '12') });
  source.lastWatch().handlers.onEvent({ type: 'ADDED', object: obj('c', 'r3', '13') });
  assert.deepEqual(keys(w), ['a/r1@11', 'c/r3@13']);
  assert.deepEqual(
    changes.map((c) => [c.upserted, c.deleted]),
    [
      [['a/r1', 'b/r2'], []],
      [['a/r1'], []],
      [[], ['b/r2']],
      [['c/r3'], []],
    ],
  );
});

test('410 Gone as an ERROR event re-lists at once with replace semantics: no duplicates, no stale items', async () => {
  const { source, w, changes, timers } = setup();
  source.lastList().resolve({ items: [obj('a', 'r1', '5'), obj('a', 'stale', '6')], resourceVersion: '10' });
  await flush();
  source.lastWatch().handlers.onOpen?.();
  source.lastWatch().handlers.onEvent({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } });
  await flush();
  assert.equal(source.lists.length, 2, 're-listed without waiting for a timer');
  assert.equal(timers.pending.size, 0);
  changes.length = 0;
  // The new list: r1 unchanged, stale gone, r2 new.
  source.lastList().resolve({ items: [obj('a', 'r1', '5'), obj('a', 'r2', '20')], resourceVersion: '30' });
  await flush();
  assert.deepEqual(keys(w), ['a/r1@5', 'a/r2@20']);
  assert.deepEqual(changes, [{ upserted: ['a/r2'], deleted: ['a/stale'] }]);
  assert.equal(source.lastWatch().resourceVersion, '30');
  // A replay of an event the list already reflected is not a change and not a duplicate.
  source.lastWatch().handlers.onEvent({ type: 'ADDED', object: obj('a', 'r2', '20') });
  assert.equal(changes.length, 1);
  assert.equal(w.size, 2);
});

test('410 as the HTTP status of the watch also re-lists', async () => {
  const { source } = setup();
  source.lastList().resolve({ items: [], resourceVersion: '10' });
  await flush();
  source.lastWatch().handlers.onClose(new ApiError('gone', 'expired', 410));
  await flush();
  assert.equal(source.lists.length, 2);
});

test('errors back off exponentially with jitter inside [ceiling/2, ceiling], and reset after a healthy watch', async () => {
  const { source, w, timers } = setup();
  const seen: number[] = [];
  for (let i = 0; i < 8; i++) {
    timers.randomValue = i % 2 ? 0 : 0.999;
    source.lastList().reject(new ApiError('server', 'boom', 500));
    await flush();
    assert.equal(w.state.phase, 'reconnecting');
    assert.equal(w.state.lastError?.status, 500);
    const [d] = timers.delays();
    const ceiling = Math.min(30_000, 500 * 2 ** i);
    assert.ok(d >= ceiling / 2 && d <= ceiling, `attempt ${i}: ${d} within [${ceiling / 2}, ${ceiling}]`);
    assert.equal(w.state.nextAttemptAt, timers.now() + d);
    seen.push(d);
    await timers.advance(d);
    assert.equal(source.lists.length, i + 2, 'one new list per expired timer, never more');
  }
  assert.ok(seen.at(-1)! <= 30_000);
  // Recover: the watch delivers an event → attempt resets, and the next failure starts from the base.
  source.lastList().resolve({ items: [], resourceVersion: '1' });
  await flush();
  source.lastWatch().handlers.onOpen?.();
  source.lastWatch().handlers.onEvent({ type: 'ADDED', object: obj('a', 'x', '2') });
  timers.randomValue = 0.999;
  source.lastWatch().handlers.onClose(new ApiError('unreachable', 'reset', undefined, undefined, 'ECONNRESET'));
  assert.equal(w.state.phase, 'unreachable');
  assert.ok(timers.delays()[0] <= 500);
  // Resumes the watch from the last resourceVersion rather than re-listing.
  await timers.advance(timers.delays()[0]);
  assert.equal(source.lastWatch().resourceVersion, '2');
});

test('backoffDelay bounds', () => {
  for (let a = 0; a < 20; a++) {
    const c = Math.min(30_000, 500 * 2 ** a);
    assert.equal(backoffDelay(a, 0), c / 2);
    assert.equal(backoffDelay(a, 1), c);
  }
});

test('401 → unauthorized with one rare retry, no storm; retryNow tries at once', async () => {
  const { source, w, timers } = setup({ rareRetryMs: 300_000 });
  source.lastList().reject(new ApiError('unauthorized', 'Unauthorized', 401));
  await flush();
  assert.equal(w.state.phase, 'unauthorized');
  assert.deepEqual(timers.delays(), [300_000]);
  await timers.advance(299_999);
  assert.equal(source.lists.length, 1, 'no retries before the rare interval');
  w.retryNow();
  await flush();
  assert.equal(source.lists.length, 2);
  assert.equal(timers.pending.size, 0, 'the rare timer was replaced by the immediate attempt');
});

test('403 → forbidden, 404 on the list → notFound, both retried rarely', async () => {
  const a = setup();
  a.source.lastList().reject(new ApiError('forbidden', 'rollouts.argoproj.io is forbidden', 403));
  await flush();
  assert.equal(a.w.state.phase, 'forbidden');
  assert.deepEqual(a.timers.delays(), [300_000]);
  const b = setup();
  b.source.lastList().reject(new ApiError('notFound', 'the server could not find the requested resource', 404));
  await flush();
  assert.equal(b.w.state.phase, 'notFound');
});

test('a watch the server closes normally is reopened at once; closing instantly again and again backs off', async () => {
  const { source, timers, w } = setup();
  source.lastList().resolve({ items: [], resourceVersion: '10' });
  await flush();
  source.lastWatch().handlers.onOpen?.();
  await timers.advance(5_000);
  source.lastWatch().handlers.onClose();
  assert.equal(source.watches.length, 2, 'reopened without a timer');
  source.lastWatch().handlers.onOpen?.();
  source.lastWatch().handlers.onClose();
  assert.equal(source.watches.length, 2);
  assert.equal(w.state.phase, 'reconnecting');
  assert.equal(timers.pending.size, 1);
});

test('dispose stops the stream and every timer; late callbacks are ignored', async () => {
  const { source, w, timers, changes } = setup();
  source.lastList().reject(new ApiError('server', 'boom', 503));
  await flush();
  assert.equal(timers.pending.size, 1);
  w.dispose();
  assert.equal(timers.pending.size, 0);
  assert.equal(w.state.phase, 'stopped');
  await timers.advance(60_000);
  assert.equal(source.lists.length, 1);
  const d = setup();
  d.source.lastList().resolve({ items: [], resourceVersion: '1' });
  await flush();
  const watch = d.source.lastWatch();
  d.w.dispose();
  assert.equal(watch.aborted, true);
  watch.handlers.onEvent({ type: 'ADDED', object: obj('a', 'b', '2') });
  watch.handlers.onClose(new ApiError('server', 'x', 500));
  assert.equal(d.w.size, 0);
  assert.equal(d.timers.pending.size, 0);
  assert.equal(changes.length, 0);
});

test('a list that resolves after dispose or after retryNow is ignored (no stale store)', async () => {
  const { source, w } = setup();
  const first = source.lastList();
  source.lastList().reject(new ApiError('unauthorized', 'x', 401));
  await flush();
  w.retryNow();
  const second = source.lastList();
  assert.notEqual(first, second);
  second.resolve({ items: [obj('a', 'new', '3')], resourceVersion: '3' });
  await flush();
  assert.deepEqual(keys(w), ['a/new@3']);
});

test('a 403 right after an outage is retried once on the backoff, keeping the objects (a restarted API server before its RBAC cache syncs); a second one is forbidden', async () => {
  const { source, w, timers } = setup({ rareRetryMs: 300_000 });
  source.lastList().resolve({ items: [obj('a', 'x', '1')], resourceVersion: '1' });
  await flush();
  const outage = () => source.lastWatch().handlers.onClose(new ApiError('unreachable', 'reset', undefined, undefined, 'ECONNRESET'));
  const forbidden = () => source.lastWatch().handlers.onClose(new ApiError('forbidden', 'rollouts.argoproj.io is forbidden', 403));
  outage();
  assert.equal(w.state.phase, 'unreachable');
  await timers.advance(timers.delays()[0]);
  forbidden();
  assert.equal(w.state.phase, 'reconnecting');
  assert.equal(w.size, 1, 'not known to be forbidden yet: the objects stay');
  assert.ok(timers.delays()[0] < 300_000, 'the ordinary backoff, not the rare retry');
  // The server admits us at the retry: connected again, nothing lost.
  await timers.advance(timers.delays()[0]);
  source.lastWatch().handlers.onOpen?.();
  assert.equal(w.state.phase, 'connected');
  assert.equal(w.size, 1);
  // An outage, then 403 twice in a row: RBAC really changed meanwhile.
  outage();
  await timers.advance(timers.delays()[0]);
  forbidden();
  await timers.advance(timers.delays()[0]);
  forbidden();
  assert.equal(w.state.phase, 'forbidden');
  assert.equal(w.size, 0);
  assert.deepEqual(timers.delays(), [300_000]);
});
