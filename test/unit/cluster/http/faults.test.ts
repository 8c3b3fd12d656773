import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Faults } from '../../../cluster/http/faults';

test('failNext consumes its count, honours path and method filters; failMatching lasts until removed', () => {
  const f = new Faults();
  f.failNext(2, { path: /rollouts/, method: 'get' });
  assert.equal(f.takeFailure('GET', '/api/v1/pods'), undefined);
  assert.equal(f.takeFailure('PATCH', '/apis/argoproj.io/v1alpha1/rollouts'), undefined);
  assert.equal(f.takeFailure('GET', '/apis/argoproj.io/v1alpha1/rollouts'), 500);
  assert.equal(f.takeFailure('GET', '/apis/argoproj.io/v1alpha1/rollouts'), 500);
  assert.equal(f.takeFailure('GET', '/apis/argoproj.io/v1alpha1/rollouts'), undefined);
  const stop = f.failMatching(/canaries/, 503);
  for (let i = 0; i < 5; i++) assert.equal(f.takeFailure('GET', '/apis/flagger.app/v1beta1/canaries'), 503);
  stop();
  assert.equal(f.takeFailure('GET', '/apis/flagger.app/v1beta1/canaries'), undefined);
});

test('tokens, latency and namespaces reset together; namespace faults reach the attached server and survive re-attach', () => {
  const f = new Faults();
  const calls: string[] = [];
  const hooks = { dropWatches: () => 3, forbidNamespace: (ns: string, u?: string) => calls.push(`forbid ${ns} ${u ?? '*'}`), allowNamespace: (ns: string) => calls.push(`allow ${ns}`) };
  assert.equal(f.dropWatches(), 0, 'nothing attached yet');
  f.attach(hooks);
  f.expireToken('t');
  f.setLatency(50);
  f.forbidNamespace('a', 'bob');
  assert.ok(f.isExpired('t'));
  assert.equal(f.latency, 50);
  assert.equal(f.dropWatches(), 3);
  f.attach(hooks); // a restarted server gets the standing faults again
  f.reset();
  assert.ok(!f.isExpired('t'));
  assert.equal(f.latency, 0);
  assert.deepEqual(calls, ['forbid a bob', 'forbid a bob', 'allow a']);
});
