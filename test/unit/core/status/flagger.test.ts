import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpretCanary } from '../../../../src/core/status/flagger';
import { makeCanary } from './canaryFixtures';

const NOW = new Date('2026-03-01T12:00:00Z');

describe('Flagger Canary interpretation', () => {
  it('progressing with stepWeight: weight, step i/n from maxWeight/stepWeight, conditions, names', () => {
    const c = interpretCanary(makeCanary({ weight: 30, failedChecks: 1 }), NOW);
    assert.equal(c.phase, 'Progressing');
    assert.equal(c.progress, '30% · 3/10');
    assert.deepEqual([c.step, c.steps], [3, 10]);
    assert.equal(c.failedChecks, 1);
    assert.equal(c.promoted?.message, 'New revision detected, progressing canary analysis.');
    assert.equal(c.lastTransitionAge, '5m');
    assert.equal(c.age, '120m', 'apimachinery prints minutes up to 3h');
    assert.deepEqual(c.primary, { kind: 'Deployment', name: 'podinfo-primary' });
    assert.deepEqual(c.services, { apex: 'podinfo', primary: 'podinfo-primary', canary: 'podinfo-canary' });
    assert.equal(c.waitingFor, undefined);
    assert.deepEqual(
      c.webhooks.map((w) => w.type),
      ['confirm-promotion', 'rollback', 'rollout'],
    );
    assert.deepEqual(
      c.metrics.map((m) => [m.name, m.threshold, m.templateRef]),
      [
        ['request-success-rate', '≥ 99', ''],
        ['latency', '≤ 500', 'flagger/latency'],
      ],
    );
    assert.deepEqual({ ...c.analysis }, { mode: 'canary', interval: '30s', intervalMs: 30000, threshold: 5, maxWeight: 100, stepWeight: 10, stepWeights: [], stepWeightPromotion: undefined, iterations: undefined, mirror: false });
  });
  it('stepWeights: the step is how many weights have been reached, max weight is the last one', () => {
    const c = interpretCanary(makeCanary({ weight: 10, analysis: { stepWeight: undefined, stepWeights: [1, 5, 10, 30, 50] } }), NOW);
    assert.equal(c.progress, '10% · 3/5');
    assert.equal(c.analysis.maxWeight, 50);
  });
  it('A/B testing (match + iterations) reports iterations', () => {
    const c = interpretCanary(makeCanary({ weight: 0, iterations: 3, analysis: { stepWeight: undefined, maxWeight: undefined, iterations: 10, match: [{ headers: { 'x-canary': { exact: 'insider' } } }] } }), NOW);
    assert.equal(c.analysis.mode, 'ab');
    assert.equal(c.progress, '3/10');
  });
  it('waiting phases name the gate', () => {
    assert.equal(interpretCanary(makeCanary({ phase: 'WaitingPromotion', weight: 100 }), NOW).waitingFor, 'confirm-promotion');
    assert.equal(interpretCanary(makeCanary({ phase: 'Waiting', weight: 0 }), NOW).waitingFor, 'confirm-rollout');
    const t = interpretCanary(makeCanary({ webhooks: [{ name: 'traffic', type: 'confirm-traffic-increase', url: 'http://lt.test/gate/check' }] }), NOW);
    assert.equal(t.trafficGated, true);
  });
  it('succeeded canaries show no progress; defaults apply without analysis fields', () => {
    const c = interpretCanary(makeCanary({ phase: 'Succeeded', weight: 0, analysis: { interval: '5s', threshold: undefined } }), NOW);
    assert.equal(c.progress, '');
    assert.equal(c.analysis.intervalMs, 10000, 'Flagger raises intervals below 10s to 10s');
    assert.equal(c.analysis.threshold, 1);
  });
  it('never throws on garbage', () => {
    for (const junk of [null, 42, 'x', {}, { spec: [] }, { status: { phase: 7, conditions: 'x' } }]) {
      const c = interpretCanary(junk, NOW);
      assert.equal(typeof c.phase, 'string');
    }
  });
});
