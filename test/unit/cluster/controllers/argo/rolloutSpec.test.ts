/** InvalidSpec: the simulated controller refuses a bad spec as upstream does, and recovers when it is fixed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GVR } from '../../../../cluster/controllers/index';
import { canaryRollout, harness } from '../harness';
import { weightAt } from '../../../../cluster/controllers/argo/rolloutSpec';

test('missing selector → InvalidSpec condition and Degraded, nothing created', () => {
  const h = harness();
  const ro = canaryRollout('bad', 'shop', [{ setWeight: 50 }]);
  delete ro.spec.selector;
  h.store.create(GVR.rollouts, ro);
  h.run(0);
  const s = h.rollout('shop', 'bad').status;
  assert.equal(s.phase, 'Degraded');
  assert.equal(s.message, `InvalidSpec: The Rollout "bad" is invalid: spec.selector: Required value: Rollout has missing field '.spec.selector'`);
  const cond = s.conditions.find((c: any) => c.type === 'InvalidSpec');
  assert.deepEqual([cond.status, cond.reason], ['True', 'InvalidSpec']);
  assert.equal(h.store.list(GVR.replicaSets, 'shop').length, 0);
  h.stop();
});

test('selector not matching the template labels uses the upstream field error text; fixing it recovers', () => {
  const h = harness();
  const ro = canaryRollout('bad', 'shop', []);
  ro.spec.template.metadata.labels = { app: 'doesnt-match' };
  h.store.create(GVR.rollouts, ro);
  h.run(0);
  assert.equal(h.rollout('shop', 'bad').status.conditions[0].message, 'The Rollout "bad" is invalid: spec.template.metadata.labels: Invalid value: {"app":"doesnt-match"}: `selector` does not match template `labels`');
  h.patch(GVR.rollouts, 'shop', 'bad', { spec: { template: { metadata: { labels: { app: 'bad' } } } } });
  h.until('healthy', () => h.rollout('shop', 'bad').status?.phase === 'Healthy');
  assert.equal(
    h.rollout('shop', 'bad').status.conditions.find((c: any) => c.type === 'InvalidSpec'),
    undefined,
  );
  h.stop();
});

test('a missing AnalysisTemplate is InvalidSpec until the template appears', () => {
  const h = harness();
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', [{ analysis: { templates: [{ templateName: 'nope' }] } }]));
  h.run(0);
  assert.match(h.rollout('shop', 'web').status.message, /AnalysisTemplate 'nope' not found/);
  h.store.create(GVR.analysisTemplates, { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisTemplate', metadata: { name: 'nope', namespace: 'shop' }, spec: { metrics: [] } });
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  h.stop();
});

test('blue-green with the same active and preview service is invalid', () => {
  const h = harness();
  const ro = canaryRollout('bg', 'shop', []);
  ro.spec.strategy = { blueGreen: { activeService: 'bg', previewService: 'bg' } };
  h.store.create(GVR.rollouts, ro);
  h.run(0);
  assert.match(h.rollout('shop', 'bg').status.message, /same service for the active and preview services/);
  h.stop();
});

test('weightAt: last setWeight at or before the step, 100 after the last step', () => {
  const steps = [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }];
  assert.equal(weightAt(steps, 0), 20);
  assert.equal(weightAt(steps, 1), 20);
  assert.equal(weightAt(steps, 2), 40);
  assert.equal(weightAt(steps, 3), 100);
  assert.equal(weightAt([{ pause: {} }], 0), 0);
});
