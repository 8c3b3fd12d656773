import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canaryDetails, canaryPhasePath, withPhase } from '../../../../src/core/details/canaryDetails';
import { makeCanary } from '../status/canaryFixtures';

const NOW = new Date('2026-03-01T12:00:00Z');
const commandOf = (id: string) => ({ command: `test.${id}`, title: id });

describe('canaryDetails', () => {
  it("a canary behind its confirm-promotion gate: the path, the awaited gate with the loadtester's answer", () => {
    const c = makeCanary({ phase: 'WaitingPromotion', weight: 50, message: 'Waiting for approval.' });
    const d = canaryDetails({ context: 'dev', canary: c, events: [], now: NOW, commandOf, gateStates: { gate: 'closed' } });
    assert.deepEqual(
      d.phases.map((p) => `${p.phase}:${p.state}`),
      ['Initializing:done', 'Initialized:done', 'Progressing:done', 'WaitingPromotion:current', 'Promoting:pending', 'Finalising:pending', 'Succeeded:pending'],
    );
    assert.deepEqual(
      d.webhooks.map((w) => [w.name, w.type, w.gate, w.waiting]),
      [
        ['gate', 'confirm-promotion', 'closed', true],
        ['rollback gate', 'rollback', 'unknown', false],
        ['load-test', 'rollout', '', false],
      ],
    );
    assert.deepEqual([d.weight, d.maxWeight, d.stepWeight, d.threshold, d.interval], [50, 100, '10', 5, '30s']);
    assert.deepEqual(
      d.metrics.map((m) => `${m.name} ${m.threshold}`),
      ['request-success-rate ≥ 99', 'latency ≤ 500'],
    );
    assert.match(d.attention, /confirm-promotion/);
    assert.ok(d.actions.some((a) => a.id === 'approve' && a.enabled));
    assert.equal(d.conditions[0].type, 'Promoted');
  });

  it('a failed canary: failed checks against the threshold, Failed after Progressing, its events', () => {
    const c = makeCanary({ phase: 'Failed', weight: 0, failedChecks: 5, message: 'Canary analysis failed, Deployment scaled to zero.' });
    (c.metadata as Record<string, unknown>).uid = 'u1';
    const events = [
      { involvedObject: { kind: 'Canary', name: 'podinfo', uid: 'u1' }, type: 'Warning', reason: 'Synced', message: 'Rolling back podinfo.test failed checks threshold reached 5', lastTimestamp: '2026-03-01T11:58:00Z' },
      { involvedObject: { kind: 'Canary', name: 'podinfo', uid: 'u1' }, type: 'Warning', reason: 'Synced', message: 'Canary failed! Scaling down podinfo.test', lastTimestamp: '2026-03-01T11:58:10Z' },
      { involvedObject: { kind: 'Deployment', name: 'podinfo' }, type: 'Normal', reason: 'ScalingReplicaSet', message: 'x', lastTimestamp: '2026-03-01T11:59:00Z' },
    ];
    const d = canaryDetails({ context: 'dev', canary: c, events, now: NOW, commandOf });
    assert.deepEqual([d.phase, d.failedChecks, d.threshold, d.icon], ['Failed', 5, 5, '✖']);
    assert.deepEqual(
      d.phases.map((p) => `${p.phase}:${p.state}`),
      ['Initializing:done', 'Initialized:done', 'Progressing:done', 'Failed:failed'],
    );
    assert.deepEqual(
      d.events.map((e) => e.message),
      ['Canary failed! Scaling down podinfo.test', 'Rolling back podinfo.test failed checks threshold reached 5'],
    );
    assert.equal(d.message, 'Canary analysis failed, Deployment scaled to zero.');
  });

  it('iterations against their target for a blue/green canary', () => {
    const c = makeCanary({ phase: 'Progressing', weight: 0, iterations: 3, analysis: { stepWeight: undefined, maxWeight: undefined, iterations: 10 } });
    const d = canaryDetails({ context: 'dev', canary: c, events: [], now: NOW, commandOf });
    assert.deepEqual([d.mode, d.iterations, d.iterationsTarget], ['bluegreen', 3, 10]);
  });

  it('the phase path, a confirm-rollout gate, and an observed history', () => {
    assert.deepEqual(
      canaryPhasePath('Waiting', ['confirm-rollout']).map((p) => p.state),
      ['done', 'done', 'current', 'pending', 'pending', 'pending', 'pending'],
    );
    assert.deepEqual(
      canaryPhasePath('Succeeded', []).map((p) => p.state),
      ['done', 'done', 'done', 'done', 'done', 'done'],
    );
    let h = withPhase([], 'Progressing', 1);
    h = withPhase(h, 'Progressing', 2);
    h = withPhase(h, 'Promoting', 3);
    assert.deepEqual(h, [
      { phase: 'Progressing', at: 1 },
      { phase: 'Promoting', at: 3 },
    ]);
    assert.equal(withPhase(h, 'Promoting', 4), h);
  });
});
