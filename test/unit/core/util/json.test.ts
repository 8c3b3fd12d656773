import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asArray, asBool, asInt, asObject, asOptionalInt, asOptionalObject, asString, at, isSet, metadataOf, parseTime, stringMap, valueText } from '../../../../src/core/util/json';

test('objects: asOptionalObject is undefined for anything but a plain object, asObject gives {} instead', () => {
  for (const v of [undefined, null, 3, 'x', [], [1]]) {
    assert.equal(asOptionalObject(v), undefined);
    assert.deepEqual(asObject(v), {});
  }
  const o = { a: 1 };
  assert.equal(asOptionalObject(o), o);
  assert.equal(asObject(o), o);
});

test('scalars fall back to Go zero values', () => {
  assert.deepEqual(asArray('x'), []);
  assert.equal(asString(5), '');
  assert.equal(asString('s'), 's');
  assert.equal(asInt('42'), 42);
  assert.equal(asInt(' 7 '), 7);
  assert.equal(asInt(3.9), 3);
  assert.equal(asInt('4.5', -1), -1);
  assert.equal(asOptionalInt(undefined), undefined);
  assert.equal(asOptionalInt('x'), undefined);
  assert.equal(asOptionalInt('0'), 0);
  assert.equal(asBool('true'), false);
  assert.equal(asBool(true), true);
  assert.equal(isSet({}), true);
  assert.equal(isSet(null), false);
});

test('at walks keys and array indexes, undefined at the first missing step', () => {
  const doc = { spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } } } };
  assert.equal(at(doc, 'spec', 'strategy', 'canary', 'steps', 0, 'setWeight'), 20);
  assert.deepEqual(at(doc, 'spec', 'strategy', 'canary', 'steps', 1, 'pause'), {});
  assert.equal(at(doc, 'spec', 'strategy', 'canary', 'steps', 'x'), undefined);
  assert.equal(at(doc, 'spec', 'strategy', 0), undefined);
  assert.equal(at(doc, 'spec', 'missing', 'deeper'), undefined);
  assert.equal(at({ a: null }, 'a'), null);
  assert.equal(at(doc), doc);
});

test('metadata, label maps and timestamps', () => {
  const clean = { app: 'web' };
  assert.equal(stringMap(clean), clean, 'a clean map is returned as is');
  assert.deepEqual(stringMap({ app: 'web', n: 1 }), { app: 'web' });
  const m = metadataOf({ metadata: { name: 'web', namespace: 'prod', generation: '3', labels: clean, ownerReferences: [{ uid: 'u1' }, {}] } });
  assert.deepEqual(m, { name: 'web', namespace: 'prod', uid: '', creationTimestamp: '', labels: clean, annotations: {}, generation: 3, ownerUids: ['u1'] });
  assert.equal(parseTime('2026-01-01T00:00:00Z')?.toISOString(), '2026-01-01T00:00:00.000Z');
  assert.equal(parseTime('yesterday'), undefined);
  assert.equal(parseTime(''), undefined);
});

test('valueText prints scalars as String() does and objects as JSON', () => {
  assert.equal(valueText('10s'), '10s');
  assert.equal(valueText(20), '20');
  assert.equal(valueText(true), 'true');
  assert.equal(valueText(null), 'null');
  assert.equal(valueText(undefined), 'undefined');
  assert.equal(valueText({ a: 1 }), '{"a":1}');
  assert.equal(valueText([1, 'x']), '[1,"x"]');
});
