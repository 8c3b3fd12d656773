import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationMs, jsonEqual, nameSuffix, objectHash, podTemplateHash, safeEncode, setCondition } from '../../../cluster/controllers/kube';

test('safeEncode maps characters onto the upstream alphabet; hashes are stable and template-sensitive', () => {
  assert.equal(safeEncode('0123456789'), '456789bcdf', 'decimal digits land on the same characters as upstream hashes (e.g. 65fb5ffc84)');
  const t = { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } };
  const reordered = { spec: { containers: [{ image: 'x:1', name: 'c' }] }, metadata: { labels: { app: 'a' } } };
  assert.equal(podTemplateHash(t), podTemplateHash(reordered), 'key order does not matter');
  assert.notEqual(podTemplateHash(t), podTemplateHash({ ...t, spec: { containers: [{ name: 'c', image: 'x:2' }] } }));
  assert.notEqual(podTemplateHash(t), podTemplateHash(t, 1), 'collisionCount changes the hash');
  assert.match(podTemplateHash(t), /^[456789bcdf]{6,10}$/);
  assert.equal(objectHash([1]), objectHash([1]));
  for (let i = 0; i < 2000; i++) assert.match(nameSuffix(`shop/web-abc#${i}`), /^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.notEqual(nameSuffix('rs#1'), nameSuffix('rs#2'));
});

test('durationMs reads Go durations and bare seconds; rejects junk', () => {
  assert.equal(durationMs('10s'), 10_000);
  assert.equal(durationMs('1m30s'), 90_000);
  assert.equal(durationMs('1h'), 3_600_000);
  assert.equal(durationMs('250ms'), 250);
  assert.equal(durationMs(15), 15_000);
  assert.equal(durationMs('15'), 15_000);
  assert.equal(durationMs('ten seconds', 7), 7);
  assert.equal(durationMs(undefined), undefined);
});

test('setCondition keeps lastTransitionTime unless the status flips, and changes nothing for a repeat', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const t1 = new Date('2026-01-01T00:01:00Z');
  const a = setCondition([], { type: 'Available', status: 'True', reason: 'R', message: 'm' }, t0);
  assert.equal(setCondition(a, { type: 'Available', status: 'True', reason: 'R', message: 'm' }, t1), a);
  const b = setCondition(a, { type: 'Available', status: 'True', reason: 'R2', message: 'm2' }, t1);
  assert.deepEqual([b[0].lastTransitionTime, b[0].lastUpdateTime], ['2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z']);
  const c = setCondition(b, { type: 'Available', status: 'False', reason: 'R2', message: 'm2' }, t1);
  assert.equal(c[0].lastTransitionTime, '2026-01-01T00:01:00Z');
});

test('jsonEqual ignores undefined-valued keys and compares deeply', () => {
  assert.equal(jsonEqual({ a: 1, b: undefined }, { a: 1 }), true);
  assert.equal(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
  assert.equal(jsonEqual({ a: [1] }, { a: [2] }), false);
  assert.equal(jsonEqual({}, []), false);
  assert.equal(jsonEqual(null, {}), false);
});
