import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SelectorError, parseFieldSelector, parseLabelSelector } from '../../../cluster/store/selectors';

test('label selectors: equality, set-based and existence requirements, ANDed', () => {
  const labels = { app: 'web', tier: 'front', 'rollouts-pod-template-hash': 'abc' };
  const matches = (s: string, l: Record<string, string> | undefined = labels) => parseLabelSelector(s)(l);
  assert.ok(matches(''));
  assert.ok(matches('app=web'));
  assert.ok(matches('app==web'));
  assert.ok(!matches('app!=web'));
  assert.ok(matches('missing!=x'), '!= matches objects without the label');
  assert.ok(matches('tier in (front, back)'));
  assert.ok(!matches('tier notin (front)'));
  assert.ok(matches('missing notin (front)'));
  assert.ok(matches('app,rollouts-pod-template-hash'));
  assert.ok(!matches('!app'));
  assert.ok(matches('app=web,tier in (front),!missing'));
  assert.ok(!matches('app=web,tier=back'));
  assert.ok(!parseLabelSelector('app')(undefined));
  assert.ok(matches('example.com/x!=y'));
});

test('label selectors: malformed input is a SelectorError', () => {
  for (const bad of ['app=we b', 'tier in front', '=x', 'a b c']) {
    assert.throws(() => parseLabelSelector(bad), SelectorError, bad);
  }
});

test('field selectors: metadata.name and metadata.namespace, others unsupported', () => {
  const o = { apiVersion: 'v1', kind: 'X', metadata: { name: 'a', namespace: 'n' } };
  assert.ok(parseFieldSelector('metadata.name=a')(o));
  assert.ok(parseFieldSelector('metadata.name==a,metadata.namespace=n')(o));
  assert.ok(!parseFieldSelector('metadata.namespace!=n')(o));
  assert.throws(() => parseFieldSelector('spec.x=1'), /field label not supported: spec.x/);
  assert.ok(parseFieldSelector('status.phase=Running', { 'status.phase': () => 'Running' })(o));
});
