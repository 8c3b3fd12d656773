import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveLensTitle, type LensState } from '../../../../src/core/lens/lensText';

const base: LensState = { context: 'prod-eu', namespace: 'payments', kind: 'Rollout', phase: 'connected', synced: true };

test('a live object shows its description and where it lives', () => {
  assert.equal(liveLensTitle({ ...base, description: 'Paused · step 2/6 · 20%' }), '● Paused · step 2/6 · 20% in prod-eu/payments');
});

test('a missing object says it is not deployed only once the listing is complete', () => {
  assert.equal(liveLensTitle(base), 'Not deployed in prod-eu/payments');
  assert.match(liveLensTitle({ ...base, synced: false }), /Loading prod-eu\/payments/);
});

test('connection problems are named, never shown as live state', () => {
  assert.match(liveLensTitle({ ...base, phase: 'unreachable', nextAttemptAt: 10_000 }, 0), /prod-eu is unreachable, retrying in 10s/);
  assert.match(liveLensTitle({ ...base, phase: 'reconnecting', description: 'Healthy', nextAttemptAt: 1000 }, 0), /Healthy in prod-eu\/payments \(stale: reconnecting, retrying now\)/);
  assert.match(liveLensTitle({ ...base, phase: 'unauthorized' }), /401/);
  assert.match(liveLensTitle({ ...base, phase: 'forbidden' }), /not allowed to list rollouts in payments/);
  assert.equal(liveLensTitle({ ...base, kind: 'Canary', phase: 'notInstalled' }), 'Flagger is not installed in prod-eu');
});
