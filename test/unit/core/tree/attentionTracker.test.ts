import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttentionTracker } from '../../../../src/core/tree/attentionTracker';

test('notifies on entering a state, not on first sight nor while staying', () => {
  const t = new AttentionTracker();
  assert.equal(t.observe('a', 'Degraded'), undefined, 'first sight is old news');
  assert.equal(t.observe('a', 'Degraded'), undefined);
  assert.equal(t.observe('a', undefined), undefined);
  assert.equal(t.observe('a', 'AwaitingPromotion'), 'AwaitingPromotion');
  assert.equal(t.observe('a', 'AwaitingPromotion'), undefined);
  assert.equal(t.observe('a', 'Failed'), 'Failed');
});

test('reasons that need no one (Waiting for a rollout gate) do not notify; forgetting resets', () => {
  const t = new AttentionTracker();
  t.observe('c|x', undefined);
  assert.equal(t.observe('c|x', 'Waiting'), undefined);
  t.forgetPrefix('c|');
  assert.equal(t.observe('c|x', 'Failed'), undefined, 'seen for the first time again');
});
