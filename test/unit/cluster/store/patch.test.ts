import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPatch, jsonPatch, mergePatch } from '../../../cluster/store/patch';
import { StatusError } from '../../../cluster/store/storeErrors';

test('merge patch: objects merge, null deletes, arrays replace (RFC 7386 examples)', () => {
  assert.deepEqual(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } }), { a: 'z', c: { d: 'e' } });
  assert.deepEqual(mergePatch({ a: [1, 2] }, { a: [3] }), { a: [3] });
  assert.deepEqual(mergePatch({ a: 'b' }, { b: { c: null } }), { a: 'b', b: {} });
  assert.deepEqual(mergePatch([1], { a: 1 }), { a: 1 });
});

test('JSON patch: add, remove, replace, move, copy, test (RFC 6902)', () => {
  const doc = { spec: { steps: [{ setWeight: 20 }, { pause: {} }] }, status: { pauseConditions: [{ reason: 'CanaryPauseStep' }] } };
  const out = jsonPatch(doc, [
    { op: 'test', path: '/spec/steps/0/setWeight', value: 20 },
    { op: 'add', path: '/spec/steps/-', value: { setWeight: 100 } },
    { op: 'add', path: '/spec/steps/1', value: { setWeight: 50 } },
    { op: 'replace', path: '/spec/steps/0/setWeight', value: 10 },
    { op: 'remove', path: '/status/pauseConditions' },
    { op: 'copy', from: '/spec/steps/0', path: '/spec/first' },
    { op: 'move', from: '/spec/first', path: '/spec/moved' },
    { op: 'add', path: '/metadata', value: { annotations: { 'a~b/c': 'x' } } },
    { op: 'test', path: '/metadata/annotations/a~0b~1c', value: 'x' },
  ]) as any;
  assert.deepEqual(out.spec.steps, [{ setWeight: 10 }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }]);
  assert.deepEqual(out.spec.moved, { setWeight: 10 });
  assert.equal(out.spec.first, undefined);
  assert.deepEqual(out.status, {});
  assert.equal(doc.spec.steps.length, 2, 'input untouched');
});

test('JSON patch: a failed test or a missing path rejects the whole patch with 422', () => {
  const is422 = (e: unknown) => e instanceof StatusError && e.code === 422;
  assert.throws(
    () => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]),
    (e: unknown) => is422(e) && /testing value \/a failed/.test((e as Error).message),
  );
  assert.throws(() => jsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }]), is422);
  assert.throws(() => jsonPatch({ a: 1 }, [{ op: 'replace', path: '/x/y', value: 1 }]), is422);
  assert.throws(() => jsonPatch({ a: [1] }, [{ op: 'add', path: '/a/5', value: 1 }]), is422);
  assert.throws(() => jsonPatch({}, [{ op: 'frobnicate', path: '/a' }]), is422);
  assert.throws(
    () => jsonPatch({}, { op: 'add' }),
    (e: unknown) => e instanceof StatusError && e.code === 400,
  );
});

test('applyPatch rejects a non-object merge patch with 400', () => {
  assert.throws(
    () => applyPatch({}, 'merge', [1]),
    (e: unknown) => e instanceof StatusError && e.code === 400,
  );
});
