/** Flagger canary lifecycle in the simulated controller, with gates through the simulated loadtester. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GVR, OUTCOME_ANNOTATION } from '../../../../cluster/controllers/index';
import { harness, setImage, type Harness } from '../harness';

const LT = 'http://flagger-loadtester.test';
const podinfo = JSON.stringify({ name: 'podinfo', namespace: 'test' });

function setup(analysis: Record<string, unknown>, annotations?: Record<string, string>): Harness {
  const h = harness();
  h.store.create(GVR.deployments, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'podinfo', namespace: 'test', labels: { app: 'podinfo' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'podinfo' } },
      template: { metadata: { labels: { app: 'podinfo' } }, spec: { containers: [{ name: 'podinfod', image: 'ghcr.io/stefanprodan/podinfo:6.0.0' }] } },
    },
  });
  h.store.create(GVR.canaries, {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test', ...(annotations ? { annotations } : {}) },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 9898 },
      analysis: { interval: '10s', threshold: 2, maxWeight: 30, stepWeight: 10, metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' }], ...analysis },
    },
  });
  h.until('initialized', () => h.canary('test', 'podinfo').status?.phase === 'Initialized', 60_000);
  return h;
}

const status = (h: Harness) => h.canary('test', 'podinfo').status;
const promoted = (h: Harness) => status(h).conditions.find((c: any) => c.type === 'Promoted');
const tick = (h: Harness) => h.run(10_000);

test('initialization: primary Deployment and services created, target scaled to zero, Initialized condition', () => {
  const h = setup({});
  const s = status(h);
  assert.deepEqual([s.canaryWeight, s.failedChecks, s.iterations], [0, 0, 0]);
  assert.ok(s.lastAppliedSpec);
  assert.deepEqual(s.trackedConfigs, {});
  assert.deepEqual({ ...promoted(h), lastUpdateTime: 0, lastTransitionTime: 0 }, { type: 'Promoted', status: 'True', reason: 'Initialized', message: 'Deployment initialization completed.', lastUpdateTime: 0, lastTransitionTime: 0 });
  const primary = h.store.get(GVR.deployments, 'test', 'podinfo-primary')!;
  assert.equal(primary.spec.selector.matchLabels.app, 'podinfo-primary');
  assert.equal(primary.status.availableReplicas, 2);
  assert.equal(h.store.get(GVR.deployments, 'test', 'podinfo')!.spec.replicas, 0);
  for (const svc of ['podinfo', 'podinfo-canary', 'podinfo-primary']) assert.ok(h.store.get(GVR.services, 'test', svc), svc);
  h.stop();
});

test('new revision → Progressing, weight += stepWeight per interval, then Promoting → Finalising → Succeeded', () => {
  const h = setup({});
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  h.until('progressing', () => status(h).phase === 'Progressing', 30_000);
  assert.equal(promoted(h).message, 'New revision detected, progressing canary analysis.');
  assert.equal(h.store.get(GVR.deployments, 'test', 'podinfo')!.spec.replicas, 2, 'canary scaled up');
  const weights: number[] = [];
  h.until(
    'promoting',
    () => {
      const w = status(h).canaryWeight;
      if (weights.at(-1) !== w) weights.push(w);
      return status(h).phase === 'Promoting';
    },
    120_000,
  );
  assert.deepEqual(weights, [0, 10, 20, 30]);
  assert.equal(promoted(h).message, 'Canary analysis completed, starting primary rolling update.');
  h.until('succeeded', () => status(h).phase === 'Succeeded', 60_000);
  const s = status(h);
  assert.equal(s.canaryWeight, 0);
  assert.equal(s.lastPromotedSpec, s.lastAppliedSpec);
  assert.deepEqual([promoted(h).status, promoted(h).reason, promoted(h).message], ['True', 'Succeeded', 'Canary analysis completed successfully, promotion finished.']);
  assert.equal(h.store.get(GVR.deployments, 'test', 'podinfo-primary')!.spec.template.spec.containers[0].image, 'ghcr.io/stefanprodan/podinfo:6.0.1');
  assert.equal(h.store.get(GVR.deployments, 'test', 'podinfo')!.spec.replicas, 0);
  h.stop();
});

test('WaitingPromotion behind confirm-promotion → open the gate via the loadtester → Promoting → Succeeded', () => {
  const h = setup({ webhooks: [{ name: 'confirm', type: 'confirm-promotion', url: `${LT}/gate/check` }] });
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  h.until('waiting for promotion', () => status(h).phase === 'WaitingPromotion', 120_000);
  assert.equal(status(h).canaryWeight, 30);
  assert.deepEqual([promoted(h).status, promoted(h).reason, promoted(h).message], ['Unknown', 'WaitingPromotion', 'Waiting for approval.']);
  const checks = h.controllers.loadtester.requests.filter((r) => r.path === '/gate/check');
  assert.ok(checks.length >= 1);
  assert.equal(JSON.parse(checks[0].body).name, 'podinfo');
  assert.equal(checks[0].method, 'POST');
  tick(h);
  tick(h);
  assert.equal(status(h).phase, 'WaitingPromotion', 'stays while the gate is closed');
  const t = status(h).lastTransitionTime;
  assert.equal(h.controllers.loadtester.call({ method: 'POST', path: '/gate/open', body: podinfo }).status, 202);
  h.until('promoting', () => status(h).phase === 'Promoting', 20_000);
  assert.notEqual(status(h).lastTransitionTime, t);
  h.until('succeeded', () => status(h).phase === 'Succeeded', 60_000);
  h.stop();
});

test('rollback gate opened during the analysis → Failed, canary scaled to zero', () => {
  const h = setup({
    webhooks: [
      { name: 'rollback', type: 'rollback', url: `${LT}/rollback/check` },
      { name: 'confirm', type: 'confirm-promotion', url: `${LT}/gate/check` },
    ],
  });
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  h.until('waiting for promotion', () => status(h).phase === 'WaitingPromotion', 120_000);
  h.controllers.loadtester.call({ method: 'POST', path: '/rollback/open', body: podinfo });
  h.until('failed', () => status(h).phase === 'Failed', 20_000);
  assert.equal(status(h).canaryWeight, 0);
  assert.deepEqual([promoted(h).status, promoted(h).reason, promoted(h).message], ['False', 'Failed', 'Canary analysis failed, Deployment scaled to zero.']);
  assert.equal(h.store.get(GVR.deployments, 'test', 'podinfo')!.spec.replicas, 0);
  assert.equal(h.store.get(GVR.deployments, 'test', 'podinfo-primary')!.spec.template.spec.containers[0].image, 'ghcr.io/stefanprodan/podinfo:6.0.0', 'primary keeps the old version');
  h.stop();
});

test('failing metric checks count failedChecks and fail at the threshold', () => {
  const h = setup({}, { [OUTCOME_ANNOTATION]: 'Failed' });
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  h.until('progressing', () => status(h).phase === 'Progressing', 30_000);
  h.until('one failed check', () => status(h).failedChecks === 1, 30_000);
  assert.equal(status(h).phase, 'Progressing');
  h.until('failed', () => status(h).phase === 'Failed', 30_000);
  assert.equal(status(h).failedChecks, 2);
  h.stop();
});

test('confirm-rollout closed → Waiting; open → Progressing', () => {
  const h = setup({ webhooks: [{ name: 'start', type: 'confirm-rollout', url: `${LT}/gate/check` }] });
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  h.until('waiting', () => status(h).phase === 'Waiting', 30_000);
  assert.equal(promoted(h).message, 'Waiting for approval.');
  h.controllers.loadtester.call({ method: 'POST', path: '/gate/open', body: podinfo });
  h.until('progressing', () => status(h).phase === 'Progressing', 30_000);
  h.stop();
});

test('stepWeights and a webhook on an unknown host (fails like a connection error)', () => {
  const h = setup({ stepWeights: [5, 25, 50], webhooks: [{ name: 'gate', type: 'confirm-promotion', url: 'http://nowhere.test/gate/check' }] });
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  const weights: number[] = [];
  h.until(
    'waiting for promotion',
    () => {
      const w = status(h).canaryWeight;
      if (weights.at(-1) !== w) weights.push(w);
      return status(h).phase === 'WaitingPromotion';
    },
    120_000,
  );
  assert.deepEqual(weights, [0, 5, 25, 50]);
  h.stop();
});

test('skipAnalysis: true promotes a new revision without analysis', () => {
  const h = setup({});
  h.patch(GVR.canaries, 'test', 'podinfo', { spec: { skipAnalysis: true } });
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  const phases: string[] = [];
  h.until(
    'succeeded',
    () => {
      const p = status(h).phase;
      if (phases.at(-1) !== p) phases.push(p);
      return p === 'Succeeded';
    },
    60_000,
  );
  assert.deepEqual(phases, ['Initialized', 'Progressing', 'Succeeded']);
  assert.equal(h.store.get(GVR.deployments, 'test', 'podinfo-primary')!.spec.template.spec.containers[0].image, 'ghcr.io/stefanprodan/podinfo:6.0.1');
  assert.equal(h.store.get(GVR.deployments, 'test', 'podinfo')!.spec.replicas, 0);
  h.stop();
});

test('a canary that never becomes ready fails after progressDeadlineSeconds', () => {
  const h = setup({});
  h.patch(GVR.canaries, 'test', 'podinfo', { spec: { progressDeadlineSeconds: 60 } });
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:does-not-exist');
  h.until('progressing', () => status(h).phase === 'Progressing', 30_000);
  h.run(50_000);
  assert.equal(status(h).phase, 'Progressing');
  assert.equal(status(h).canaryWeight, 0);
  h.until('failed', () => status(h).phase === 'Failed', 30_000);
  h.stop();
});

test('suspend: true stops the analysis where it is', () => {
  const h = setup({});
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  h.until('weight 10', () => status(h).canaryWeight === 10, 60_000);
  h.patch(GVR.canaries, 'test', 'podinfo', { spec: { suspend: true } });
  h.run(60_000);
  assert.equal(status(h).canaryWeight, 10);
  h.patch(GVR.canaries, 'test', 'podinfo', { spec: { suspend: false } });
  h.until('weight 20', () => status(h).canaryWeight === 20, 30_000);
  h.stop();
});

test('iterations mode (A/B, blue/green): iterations count up to analysis.iterations, then the promotion gate', () => {
  const h = setup({ stepWeight: undefined, maxWeight: undefined, iterations: 3, webhooks: [{ name: 'confirm', type: 'confirm-promotion', url: `${LT}/gate/check` }] });
  setImage(h, GVR.deployments, 'test', 'podinfo', 'ghcr.io/stefanprodan/podinfo:6.0.1');
  const seen: number[] = [];
  h.until(
    'waiting for promotion',
    () => {
      const i = status(h).iterations;
      if (seen.at(-1) !== i) seen.push(i);
      return status(h).phase === 'WaitingPromotion';
    },
    120_000,
  );
  assert.deepEqual(seen, [0, 1, 2, 3]);
  assert.equal(status(h).canaryWeight, 0, 'no traffic shifting in iterations mode');
  tick(h);
  assert.equal(status(h).iterations, 2, 'Flagger sets iterations-1 while waiting for promotion');
  h.controllers.loadtester.call({ method: 'POST', path: '/gate/open', body: podinfo });
  h.until('succeeded', () => status(h).phase === 'Succeeded', 60_000);
  h.stop();
});
