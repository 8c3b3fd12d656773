/** Step and background analysis of the simulated Argo Rollouts controller, and the AnalysisRun simulation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GVR, OUTCOME_ANNOTATION } from '../../../../cluster/controllers/index';
import { canaryRollout, harness, setImage, type Harness } from '../harness';
import { evaluateResult, VALUES_ANNOTATION } from '../../../../cluster/controllers/argo/analysisRunController';

function template(h: Harness, name: string, outcome?: string, metric: Record<string, unknown> = {}) {
  h.store.create(GVR.analysisTemplates, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name, namespace: 'shop', ...(outcome ? { annotations: { [OUTCOME_ANNOTATION]: outcome } } : {}) },
    spec: { metrics: [{ name: 'web', provider: { web: { url: 'http://metrics.shop/health', jsonPath: '{$.ok}' } }, successCondition: 'result == true', ...metric }] },
  });
}

function updated(h: Harness, steps: unknown[], extra: Record<string, unknown> = {}) {
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', steps, extra));
  h.until('revision 1 healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:green');
}

test('a successful step analysis creates a named AnalysisRun and moves on', () => {
  const h = harness();
  template(h, 'success-rate', undefined, { interval: '5s', count: 3 });
  updated(h, [{ setWeight: 25 }, { analysis: { templates: [{ templateName: 'success-rate' }] } }, { pause: {} }]);
  h.until('analysis running', () => h.rollout('shop', 'web').status?.canary?.currentStepAnalysisRunStatus?.status === 'Running');
  const s = h.rollout('shop', 'web').status;
  const runName = `web-${s.currentPodHash}-2-1`;
  assert.equal(s.canary.currentStepAnalysisRunStatus.name, runName);
  const run = h.store.get(GVR.analysisRuns, 'shop', runName)!;
  assert.equal(run.metadata.labels?.['rollout-type'], 'Step');
  assert.equal(run.metadata.labels?.['rollouts-pod-template-hash'], s.currentPodHash);
  assert.equal(run.metadata.annotations?.['rollout.argoproj.io/revision'], '2');
  assert.equal(run.metadata.ownerReferences?.[0].name, 'web');
  h.until('at the pause after the analysis', () => h.rollout('shop', 'web').status?.currentStepIndex === 2, 60_000);
  const done = h.store.get(GVR.analysisRuns, 'shop', runName)!;
  assert.equal(done.status.phase, 'Successful');
  assert.equal(done.status.metricResults[0].count, 3);
  assert.equal(done.status.metricResults[0].successful, 3);
  assert.equal(done.status.metricResults[0].measurements[0].value, 'true');
  assert.equal(h.rollout('shop', 'web').status.canary.currentStepAnalysisRunStatus, undefined);
  h.stop();
});

test('a failed step analysis aborts: Degraded with the metric message, canary scaled down', () => {
  const h = harness();
  template(h, 'success-rate', 'Failed');
  updated(h, [{ setWeight: 25 }, { analysis: { templates: [{ templateName: 'success-rate' }] } }, { pause: {} }]);
  h.until('degraded', () => h.rollout('shop', 'web').status?.phase === 'Degraded');
  const s = h.rollout('shop', 'web').status;
  assert.equal(s.message, 'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)');
  assert.equal(s.abort, true);
  assert.equal(s.canary.currentStepAnalysisRunStatus.status, 'Failed');
  h.until('canary at zero', () => Number(h.store.get(GVR.replicaSets, 'shop', `web-${s.currentPodHash}`)!.status?.replicas ?? 0) === 0);
  h.stop();
});

test('an inconclusive analysis pauses (InconclusiveAnalysisRun); promote skips to the next step', () => {
  const h = harness();
  template(h, 'success-rate', 'Inconclusive');
  updated(h, [{ setWeight: 25 }, { analysis: { templates: [{ templateName: 'success-rate' }] } }, { setWeight: 50 }, { pause: {} }]);
  h.until('paused inconclusive', () => h.rollout('shop', 'web').status?.phase === 'Paused');
  let s = h.rollout('shop', 'web').status;
  assert.equal(s.message, 'InconclusiveAnalysisRun');
  assert.equal(s.controllerPause, true);
  assert.equal(s.currentStepIndex, 1);
  // The plugin's first promote case: inconclusive + pause conditions + controllerPause.
  h.patch(GVR.rollouts, 'shop', 'web', { status: { pauseConditions: null, controllerPause: false, currentStepIndex: 2 } }, 'status');
  h.until('at the final pause', () => h.rollout('shop', 'web').status?.currentStepIndex === 3 && h.rollout('shop', 'web').status?.phase === 'Paused');
  s = h.rollout('shop', 'web').status;
  assert.equal(s.pauseConditions[0].reason, 'CanaryPauseStep');
  h.stop();
});

test('an analysis arg named outcome decides a step for tests, overriding the template annotation', () => {
  const h = harness();
  template(h, 'success-rate', 'Successful');
  updated(h, [{ analysis: { templates: [{ templateName: 'success-rate' }], args: [{ name: 'outcome', value: 'Failed' }] } }]);
  h.until('degraded', () => h.rollout('shop', 'web').status?.phase === 'Degraded');
  h.stop();
});

test('background analysis fails the update while it progresses', () => {
  const h = harness();
  template(h, 'bg', 'Failed', { interval: '10s' });
  updated(h, [{ setWeight: 25 }, { pause: {} }], { analysis: { templates: [{ templateName: 'bg' }], startingStep: 1 } });
  h.until('degraded', () => h.rollout('shop', 'web').status?.phase === 'Degraded');
  const s = h.rollout('shop', 'web').status;
  assert.equal(s.canary.currentBackgroundAnalysisRunStatus.name, `web-${s.currentPodHash}-2`);
  assert.equal(s.canary.currentBackgroundAnalysisRunStatus.status, 'Failed');
  assert.equal(h.store.get(GVR.analysisRuns, 'shop', `web-${s.currentPodHash}-2`)!.metadata.labels?.['rollout-type'], 'Background');
  h.stop();
});

test('a running background analysis is terminated when the update completes', () => {
  const h = harness();
  template(h, 'bg', undefined, { interval: '10s' });
  updated(h, [{ setWeight: 25 }, { pause: { duration: '30s' } }], { analysis: { templates: [{ templateName: 'bg' }] } });
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy', 120_000);
  const s = h.rollout('shop', 'web').status;
  h.run(0);
  const run = h.store.get(GVR.analysisRuns, 'shop', `web-${s.currentPodHash}-2`)!;
  assert.equal(run.spec.terminate, true);
  assert.equal(run.status.phase, 'Successful');
  assert.equal(run.status.message, 'Run Terminated');
  assert.ok(run.status.metricResults[0].count >= 3, 'measured every 10s while the update ran');
  h.stop();
});

test('an experiment step creates an Experiment and waits for it to finish', () => {
  const h = harness();
  updated(h, [
    { setWeight: 25 },
    {
      experiment: {
        duration: '20s',
        templates: [
          { name: 'baseline', specRef: 'stable' },
          { name: 'canary', specRef: 'canary' },
        ],
      },
    },
    { pause: {} },
  ]);
  h.until('experiment created', () => h.rollout('shop', 'web').status?.canary?.currentExperiment !== undefined);
  const name = h.rollout('shop', 'web').status.canary.currentExperiment;
  h.until('experiment running', () => h.store.get(GVR.experiments, 'shop', name)!.status?.phase === 'Running', 10_000);
  const exp = h.store.get(GVR.experiments, 'shop', name)!;
  assert.equal(exp.status.conditions[0].message, `Experiment "${name}" is running.`);
  assert.deepEqual(
    exp.status.templateStatuses.map((t: any) => [t.name, t.status, t.availableReplicas]),
    [
      ['baseline', 'Running', 1],
      ['canary', 'Running', 1],
    ],
  );
  const sets = h.store.list(GVR.replicaSets, 'shop').filter((rs) => rs.metadata.labels?.['experiment.argoproj.io/name'] === name);
  const image = (t: string) => sets.find((rs) => rs.metadata.labels?.['experiment.argoproj.io/template-name'] === t)!.spec.template.spec.containers[0].image;
  assert.equal(image('baseline'), 'argoproj/rollouts-demo:blue', 'specRef stable uses the stable pod template');
  assert.equal(image('canary'), 'argoproj/rollouts-demo:green');
  assert.ok(sets.every((rs) => rs.metadata.name.startsWith(`${name}-`) && rs.metadata.ownerReferences?.[0].kind === 'Experiment'));
  h.until('past the experiment', () => h.rollout('shop', 'web').status?.currentStepIndex === 2, 60_000);
  assert.equal(h.store.get(GVR.experiments, 'shop', name)!.status.phase, 'Successful');
  h.until('template ReplicaSets scaled down', () =>
    h.store
      .list(GVR.replicaSets, 'shop')
      .filter((rs) => rs.metadata.labels?.['experiment.argoproj.io/name'] === name)
      .every((rs) => rs.spec.replicas === 0),
  );
  h.stop();
});

test('measurement values from the template are judged by the conditions, as upstream EvaluateResult does', () => {
  const m = { successCondition: 'result[0] < 0.05' };
  assert.deepEqual(
    ['[0.012]', '[0.071]', '0.049'].map((v) => evaluateResult(m, v)),
    ['Successful', 'Failed', 'Successful'],
  );
  const both = { successCondition: 'result > 0.95', failureCondition: 'result < 0.8' };
  assert.deepEqual(
    ['0.99', '0.5', '0.9'].map((v) => evaluateResult(both, v)),
    ['Successful', 'Failed', 'Inconclusive'],
  );
  assert.deepEqual(
    ['true', 'false'].map((v) => evaluateResult({ successCondition: 'result == "true"' }, v)),
    ['Successful', 'Failed'],
  );
  // A web metric's JSON boolean against a string literal is an Error in expr, as the real controller shows.
  const web = { provider: { web: { url: 'http://x/health', jsonPath: '{$.ok}' } } };
  assert.deepEqual(
    ['true', 'false'].map((v) => evaluateResult({ ...web, successCondition: 'result == true' }, v)),
    ['Successful', 'Failed'],
  );
  assert.equal(evaluateResult({ ...web, successCondition: 'result == "true"' }, 'true'), 'Error');
  assert.equal(evaluateResult({ failureCondition: 'result >= 10' }, '3'), 'Successful');
  assert.equal(evaluateResult({ successCondition: 'len(result) > 0' }, '[1]'), 'Error');
});

test('a template with measurement values gives the run that series: passing, then failing past the limit', () => {
  const h = harness();
  h.store.create(GVR.analysisTemplates, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'error-rate', namespace: 'shop', annotations: { [VALUES_ANNOTATION]: '[0.012] [0.031] [0.071] [0.09]' } },
    spec: { metrics: [{ name: 'error-rate', interval: '5s', count: 4, failureLimit: 1, successCondition: 'result[0] < 0.05', provider: { prometheus: { address: 'http://prom', query: 'q' } } }] },
  });
  updated(h, [{ setWeight: 25 }, { analysis: { templates: [{ templateName: 'error-rate' }] } }, { pause: {} }]);
  h.until('degraded', () => h.rollout('shop', 'web').status?.phase === 'Degraded', 120_000);
  const s = h.rollout('shop', 'web').status;
  const run = h.store.get(GVR.analysisRuns, 'shop', `web-${s.currentPodHash}-2-1`)!;
  const r = run.status.metricResults[0];
  assert.deepEqual(
    r.measurements.map((x: { value: string; phase: string }) => `${x.value}:${x.phase}`),
    ['[0.012]:Successful', '[0.031]:Successful', '[0.071]:Failed', '[0.09]:Failed'],
  );
  assert.equal(r.message, 'metric "error-rate" assessed Failed due to failed (2) > failureLimit (1)');
  h.stop();
});
