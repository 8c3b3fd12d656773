/**
 * Canary transitions of the simulated Argo Rollouts controller, driven by exactly the patches
 * kubectl-argo-rollouts sends (argoproj/argo-rollouts pkg/kubectl-argo-rollouts/cmd/).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GVR } from '../../../../cluster/controllers/index';
import { canaryRollout, harness, setImage, type Harness } from '../harness';

const STEPS = [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '10s' } }, { setWeight: 75 }];

function replicaSets(h: Harness, ns: string) {
  return Object.fromEntries(h.store.list(GVR.replicaSets, ns).map((rs) => [rs.metadata.labels?.['rollouts-pod-template-hash'], rs]));
}

/** A healthy rollout at revision 1, then a new image: it stops at the indefinite pause (step 1). */
function pausedAtStep1(extra: Record<string, unknown> = {}): Harness {
  const h = harness();
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', STEPS, extra));
  h.until('revision 1 healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:green');
  h.until('paused at step 1', () => h.rollout('shop', 'web').status?.phase === 'Paused');
  return h;
}

test('first revision goes straight to Healthy with every step marked done', () => {
  const h = harness();
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', STEPS));
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  const s = h.rollout('shop', 'web').status;
  assert.equal(s.stableRS, s.currentPodHash);
  assert.equal(s.currentStepIndex, STEPS.length);
  assert.equal(s.availableReplicas, 4);
  assert.equal(s.selector, 'app=web');
  assert.equal(s.observedGeneration, '1');
  const rs = h.store.get(GVR.replicaSets, 'shop', `web-${s.currentPodHash}`)!;
  assert.equal(rs.metadata.ownerReferences?.[0].kind, 'Rollout');
  assert.equal(rs.metadata.annotations?.['rollout.argoproj.io/revision'], '1');
  assert.equal(h.rollout('shop', 'web').metadata.annotations?.['rollout.argoproj.io/revision'], '1');
  const pods = h.store.list(GVR.pods, 'shop');
  assert.equal(pods.length, 4);
  assert.ok(pods.every((p) => p.status?.phase === 'Running' && p.spec?.containers[0].image === 'argoproj/rollouts-demo:blue'));
  assert.ok(pods.every((p) => p.metadata.labels?.['rollouts-pod-template-hash'] === s.currentPodHash));
  const cond = (t: string) => s.conditions.find((c: any) => c.type === t);
  assert.equal(cond('Available').status, 'True');
  assert.equal(cond('Healthy').message, 'Rollout is healthy');
  assert.equal(cond('Completed').status, 'True');
  assert.equal(cond('Progressing').reason, 'NewReplicaSetAvailable');
  h.stop();
});

test('paused canary → promote (pauseConditions: null on status) → next steps → timed pause → Healthy', () => {
  const h = pausedAtStep1();
  let s = h.rollout('shop', 'web').status;
  assert.equal(s.currentStepIndex, 1);
  assert.equal(s.message, 'CanaryPauseStep');
  assert.equal(s.controllerPause, true);
  assert.equal(s.pauseConditions[0].reason, 'CanaryPauseStep');
  assert.match(s.pauseConditions[0].startTime, /^2026-03-01T10:00:\d\dZ$/);
  assert.notEqual(s.currentPodHash, s.stableRS);
  assert.equal(s.updatedReplicas, 1);
  const rss = replicaSets(h, 'shop');
  assert.equal(rss[s.currentPodHash].spec.replicas, 1);
  assert.equal(rss[s.stableRS].spec.replicas, 3);
  assert.equal(s.conditions.find((c: any) => c.type === 'Paused').status, 'True');

  // kubectl argo rollouts promote: pause conditions present → {"status":{"pauseConditions":null}} to /status.
  h.patch(GVR.rollouts, 'shop', 'web', { status: { pauseConditions: null } }, 'status');
  h.until('timed pause at step 3', () => h.rollout('shop', 'web').status?.currentStepIndex === 3 && h.rollout('shop', 'web').status?.phase === 'Paused');
  s = h.rollout('shop', 'web').status;
  assert.equal(replicaSets(h, 'shop')[s.currentPodHash].spec.replicas, 2);
  const pausedAt = Date.parse(s.pauseConditions[0].startTime);
  h.run(9000);
  assert.equal(h.rollout('shop', 'web').status.currentStepIndex, 3, 'a 10s pause is still in force after 9s');
  h.until('healthy after the timed pause', () => h.rollout('shop', 'web').status?.phase === 'Healthy', 30_000);
  s = h.rollout('shop', 'web').status;
  assert.ok(h.clock.now().getTime() - pausedAt >= 10_000);
  assert.equal(s.stableRS, s.currentPodHash);
  assert.equal(s.currentStepIndex, STEPS.length);
  const old = Object.values(replicaSets(h, 'shop')).find((rs: any) => rs.metadata.labels['rollouts-pod-template-hash'] !== s.currentPodHash) as any;
  assert.equal(old.spec.replicas, 0);
  assert.equal(s.conditions.find((c: any) => c.type === 'Completed').message, `Rollout completed update to revision 2 (${s.currentPodHash}): Completed all ${STEPS.length} canary steps`);
  assert.equal(s.conditions.find((c: any) => c.type === 'Paused').status, 'False');
  h.stop();
});

test('promote with no pause condition bumps currentStepIndex (status patch with N+1)', () => {
  const h = pausedAtStep1();
  // Manually paused rollout without pause conditions: the plugin sends index+1 and spec.paused=false.
  h.patch(GVR.rollouts, 'shop', 'web', { status: { pauseConditions: null, currentStepIndex: 2 } }, 'status');
  h.until('at the timed pause', () => h.rollout('shop', 'web').status?.currentStepIndex === 3);
  h.stop();
});

test('progressing → abort → Degraded with the upstream message → retry → progressing again from step 0', () => {
  const h = pausedAtStep1();
  const before = h.rollout('shop', 'web').status;
  h.patch(GVR.rollouts, 'shop', 'web', { status: { abort: true } }, 'status');
  h.until('degraded', () => h.rollout('shop', 'web').status?.phase === 'Degraded');
  let s = h.rollout('shop', 'web').status;
  assert.equal(s.message, 'RolloutAborted: Rollout aborted update to revision 2');
  assert.equal(s.abort, true);
  assert.ok(s.abortedAt);
  assert.equal(s.currentStepIndex, 0);
  assert.equal(s.pauseConditions, undefined);
  const progressing = s.conditions.find((c: any) => c.type === 'Progressing');
  assert.deepEqual([progressing.status, progressing.reason], ['False', 'RolloutAborted']);
  h.until('canary scaled down', () => Number(replicaSets(h, 'shop')[before.currentPodHash].status?.replicas ?? 0) === 0);
  assert.equal(replicaSets(h, 'shop')[before.stableRS].spec.replicas, 4);
  assert.equal(h.rollout('shop', 'web').status.stableRS, before.stableRS, 'abort keeps the stable');

  // kubectl argo rollouts retry rollout: {"status":{"abort":false}} to /status.
  h.patch(GVR.rollouts, 'shop', 'web', { status: { abort: false } }, 'status');
  h.run(0);
  s = h.rollout('shop', 'web').status;
  assert.notEqual(s.phase, 'Degraded');
  assert.equal(s.abortedAt, undefined, 'retry clears abortedAt');
  h.until('paused at step 1 again', () => h.rollout('shop', 'web').status?.phase === 'Paused' && h.rollout('shop', 'web').status?.currentStepIndex === 1);
  assert.equal(replicaSets(h, 'shop')[before.currentPodHash].spec.replicas, 1);
  h.stop();
});

test('promote --full: status.promoteFull skips the remaining steps', () => {
  const h = pausedAtStep1();
  h.patch(GVR.rollouts, 'shop', 'web', { status: { promoteFull: true } }, 'status');
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  const s = h.rollout('shop', 'web').status;
  assert.equal(s.stableRS, s.currentPodHash);
  assert.equal(s.promoteFull, undefined);
  assert.equal(s.currentStepIndex, STEPS.length);
  h.stop();
});

test('pause (spec.paused: true) → Paused "manually paused"; promote (spec.paused: false) → continues', () => {
  const h = harness();
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', [{ setWeight: 25 }, { pause: { duration: 60 } }, { setWeight: 50 }]));
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:green');
  h.patch(GVR.rollouts, 'shop', 'web', { spec: { paused: true } });
  h.run(5000);
  let s = h.rollout('shop', 'web').status;
  assert.equal(s.phase, 'Paused');
  assert.equal(s.message, 'manually paused');
  assert.equal(s.currentStepIndex, 0, 'a manually paused rollout does not advance');
  h.patch(GVR.rollouts, 'shop', 'web', { spec: { paused: false } });
  h.until('at the 60s pause', () => h.rollout('shop', 'web').status?.currentStepIndex === 1);
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy', 120_000);
  s = h.rollout('shop', 'web').status;
  assert.equal(s.stableRS, s.currentPodHash);
  h.stop();
});

test('restart (spec.restartAt) replaces every pod started before it, then records status.restartedAt', () => {
  const h = harness();
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', []));
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  h.run(60_000);
  const oldPods = new Set(h.store.list(GVR.pods, 'shop').map((p) => p.metadata.name));
  const restartAt = h.clock
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  h.patch(GVR.rollouts, 'shop', 'web', { spec: { restartAt } });
  h.run(0);
  assert.equal(h.rollout('shop', 'web').status.message, 'rollout is restarting');
  h.until('restarted', () => h.rollout('shop', 'web').status?.restartedAt === restartAt, 60_000);
  const pods = h.store.list(GVR.pods, 'shop');
  assert.equal(pods.length, 4);
  assert.ok(
    pods.every((p) => !oldPods.has(p.metadata.name)),
    'all pods are new',
  );
  assert.ok(pods.every((p) => Date.parse(p.status.startTime) >= Date.parse(restartAt)));
  h.until('healthy again', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  h.stop();
});

test('restartAt in the future waits for its time', () => {
  const h = harness();
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', []));
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  const restartAt = new Date(h.clock.now().getTime() + 30_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const oldPods = h.store
    .list(GVR.pods, 'shop')
    .map((p) => p.metadata.name)
    .sort();
  h.patch(GVR.rollouts, 'shop', 'web', { spec: { restartAt } });
  h.run(20_000);
  assert.deepEqual(
    h.store
      .list(GVR.pods, 'shop')
      .map((p) => p.metadata.name)
      .sort(),
    oldPods,
  );
  h.until('restarted', () => h.rollout('shop', 'web').status?.restartedAt === restartAt, 60_000);
  h.stop();
});

test('traffic-routed canary records status.canary.weights once the canary pods are available', () => {
  const h = pausedAtStep1({ canaryService: 'web-canary', stableService: 'web-stable', trafficRouting: { nginx: { stableIngress: 'web' } } });
  const s = h.rollout('shop', 'web').status;
  assert.deepEqual(s.canary.weights, {
    canary: { podTemplateHash: s.currentPodHash, serviceName: 'web-canary', weight: 25 },
    stable: { podTemplateHash: s.stableRS, serviceName: 'web-stable', weight: 75 },
  });
  assert.equal(replicaSets(h, 'shop')[s.stableRS].spec.replicas, 4, 'with traffic routing the stable keeps full scale');
  h.patch(GVR.rollouts, 'shop', 'web', { status: { abort: true } }, 'status');
  h.until('degraded', () => h.rollout('shop', 'web').status?.phase === 'Degraded');
  assert.equal(h.rollout('shop', 'web').status.canary.weights.canary.weight, 0);
  h.stop();
});

test('changing the steps restarts the update at step 0; going back to the stable template skips the steps', () => {
  const h = pausedAtStep1();
  const stable = h.rollout('shop', 'web').status.stableRS;
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:blue');
  h.until('healthy on the stable again', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  const s = h.rollout('shop', 'web').status;
  assert.equal(s.currentPodHash, stable);
  assert.equal(s.currentStepIndex, STEPS.length);
  assert.equal(h.rollout('shop', 'web').metadata.annotations?.['rollout.argoproj.io/revision'], '3');
  h.stop();
});

test('an image that cannot be pulled stalls the update until progressDeadlineSeconds → Degraded; a good image recovers', () => {
  const h = harness();
  h.store.create(GVR.rollouts, { ...canaryRollout('web', 'shop', STEPS), spec: { ...canaryRollout('web', 'shop', STEPS).spec, progressDeadlineSeconds: 30 } });
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:does-not-exist');
  h.run(5000);
  const hash = h.rollout('shop', 'web').status.currentPodHash;
  const pod = h.store.list(GVR.pods, 'shop').find((p) => p.metadata.labels?.['rollouts-pod-template-hash'] === hash)!;
  assert.equal(pod.status.phase, 'Pending');
  assert.deepEqual(pod.status.containerStatuses[0].state.waiting, { reason: 'ImagePullBackOff', message: 'Back-off pulling image "argoproj/rollouts-demo:does-not-exist"' });
  assert.equal(h.rollout('shop', 'web').status.phase, 'Progressing');
  h.until('timed out', () => h.rollout('shop', 'web').status?.phase === 'Degraded', 40_000);
  const s = h.rollout('shop', 'web').status;
  assert.equal(s.message, `ProgressDeadlineExceeded: ReplicaSet "web-${hash}" has timed out progressing.`);
  assert.equal(s.abort, undefined, 'without progressDeadlineAbort the update is not aborted');
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:green');
  h.until('paused at step 1', () => h.rollout('shop', 'web').status?.phase === 'Paused');
  h.stop();
});

test('progressDeadlineAbort: true aborts a stalled update', () => {
  const h = harness();
  const ro = canaryRollout('web', 'shop', STEPS);
  ro.spec.progressDeadlineSeconds = 20;
  ro.spec.progressDeadlineAbort = true;
  h.store.create(GVR.rollouts, ro);
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:does-not-exist');
  h.until('aborted', () => h.rollout('shop', 'web').status?.abort === true, 40_000);
  h.run(0);
  const s = h.rollout('shop', 'web').status;
  assert.equal(s.phase, 'Degraded');
  h.until('canary at zero', () => h.store.list(GVR.pods, 'shop').every((p) => p.status.phase === 'Running'));
  h.stop();
});

test('undo (JSON patch of spec.template to an older ReplicaSet template) reuses that ReplicaSet as the newest revision', () => {
  const h = harness();
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', [{ setWeight: 50 }, { pause: { duration: 5 } }]));
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  const rev1 = h.rollout('shop', 'web').status.currentPodHash;
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:green');
  h.until('revision 2 stable', () => h.rollout('shop', 'web').status?.stableRS !== rev1 && h.rollout('shop', 'web').status?.phase === 'Healthy', 60_000);
  // kubectl argo rollouts undo: [{"op":"replace","path":"/spec/template","value":<RS template without the hash label>}].
  const template = JSON.parse(JSON.stringify(h.store.get(GVR.replicaSets, 'shop', `web-${rev1}`)!.spec.template));
  delete template.metadata.labels['rollouts-pod-template-hash'];
  h.store.patch(GVR.rollouts, 'shop', 'web', 'json', [{ op: 'replace', path: '/spec/template', value: template }]);
  h.until('back on revision 1 template', () => h.rollout('shop', 'web').status?.stableRS === rev1 && h.rollout('shop', 'web').status?.phase === 'Healthy', 60_000);
  assert.equal(h.store.list(GVR.replicaSets, 'shop').length, 2, 'no new ReplicaSet');
  assert.equal(h.store.get(GVR.replicaSets, 'shop', `web-${rev1}`)!.metadata.annotations?.['rollout.argoproj.io/revision'], '3');
  assert.equal(h.rollout('shop', 'web').metadata.annotations?.['rollout.argoproj.io/revision'], '3');
  h.stop();
});

test('AnalysisRun terminate ({"spec":{"terminate":true}}) and Experiment retry ({"status":null}) as the plugin sends them', () => {
  const h = harness();
  h.store.create(GVR.analysisTemplates, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'slow', namespace: 'shop' },
    spec: { metrics: [{ name: 'web', interval: '10s', count: 100, provider: { web: { url: 'http://x' } } }] },
  });
  h.store.create(GVR.rollouts, canaryRollout('web', 'shop', [{ setWeight: 25 }, { analysis: { templates: [{ templateName: 'slow' }] } }, { experiment: { duration: '5s', templates: [{ name: 'canary', specRef: 'canary' }] } }]));
  h.until('healthy', () => h.rollout('shop', 'web').status?.phase === 'Healthy');
  setImage(h, GVR.rollouts, 'shop', 'web', 'argoproj/rollouts-demo:green');
  h.until('analysis running', () => h.rollout('shop', 'web').status?.canary?.currentStepAnalysisRunStatus?.status === 'Running');
  const run = h.rollout('shop', 'web').status.canary.currentStepAnalysisRunStatus.name;
  h.patch(GVR.analysisRuns, 'shop', run, { spec: { terminate: true } });
  h.until('past the analysis', () => h.rollout('shop', 'web').status?.currentStepIndex === 2);
  assert.equal(h.store.get(GVR.analysisRuns, 'shop', run)!.status.message, 'Run Terminated');
  h.until('experiment done', () => h.rollout('shop', 'web').status?.phase === 'Healthy', 60_000);
  const exp = h.store.list(GVR.experiments, 'shop')[0];
  assert.equal(exp.status.phase, 'Successful');
  h.patch(GVR.experiments, 'shop', exp.metadata.name, { status: null });
  h.run(0);
  assert.equal(h.store.get(GVR.experiments, 'shop', exp.metadata.name)!.status.phase, 'Pending', 'a retried experiment starts over');
  h.until('experiment done again', () => h.store.get(GVR.experiments, 'shop', exp.metadata.name)!.status.phase === 'Successful', 30_000);
  h.stop();
});
