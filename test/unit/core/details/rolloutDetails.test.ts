import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentStepNote, rolloutDetails, trafficRouterOf } from '../../../../src/core/details/rolloutDetails';
import { loadFixture, NOW } from '../status/fixtures';

const commandOf = (id: string) => (id === 'restart' ? undefined : { command: `test.${id}`, title: id.toUpperCase() });

function details(folder: string, events: unknown[] = []) {
  const fx = loadFixture(folder);
  return rolloutDetails({ context: 'kind-dev', rollout: fx.rollouts[0], related: fx, events, now: NOW, commandOf });
}

describe('rolloutDetails on the upstream fixtures', () => {
  it('blue-green: the header kubectl argo rollouts get prints, revisions with their roles, services', () => {
    const d = details('blue-green');
    assert.deepEqual([d.name, d.namespace, d.context, d.status, d.message, d.strategy, d.step], ['bluegreen-demo', 'jesse-test', 'kind-dev', 'Paused', 'BlueGreenPause', 'BlueGreen', '']);
    assert.deepEqual(d.images, [
      { image: 'argoproj/rollouts-demo:blue', tags: ['stable', 'active'] },
      { image: 'argoproj/rollouts-demo:green', tags: ['preview'] },
    ]);
    assert.deepEqual(d.replicas, { desired: 3, current: 6, updated: 3, ready: 6, available: 3 });
    assert.deepEqual(
      d.revisions.map((r) => [r.revision, r.current, r.replicaSets.map((s) => `${s.name}:${s.tags.join(',')}:${s.status}:${s.pods.length}`)]),
      [
        [11, true, ['bluegreen-demo-74b948fccb:preview:Healthy:3']],
        [10, false, ['bluegreen-demo-6cbccd9f99:stable,active:Healthy:3']],
        [8, false, ['bluegreen-demo-746d5fddf6::ScaledDown:0']],
      ],
    );
    assert.deepEqual(d.services, { active: 'bluegreen-demo', preview: 'bluegreen-demo-preview' });
    assert.deepEqual(d.steps, []);
    assert.match(d.attention, /waiting for promotion/);
    assert.equal(d.revisions[0].replicaSets[0].pods[0].ready, '1/1');
  });

  it('canary: every step with its state; the current one says why it is stuck', () => {
    const d = details('canary');
    assert.equal(d.step, '0/8');
    assert.deepEqual(d.steps.map((s) => `${s.text}:${s.state}`).slice(0, 3), ['setWeight: 20:current', 'pause:pending', 'setWeight: 40:pending']);
    assert.equal(d.steps[0].note, 'degraded: ProgressDeadlineExceeded');
    assert.equal(d.steps[3].kind, 'pause');
    assert.deepEqual(
      d.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`),
      ['Available=True:AvailableReason', 'Progressing=False:ProgressDeadlineExceeded'],
    );
  });

  it('aborted: the background run that failed is in its revision, with the failing measurement', () => {
    const d = details('rollout-aborted');
    assert.equal(d.status, 'Degraded');
    assert.equal(d.steps[0].note, 'aborted');
    assert.deepEqual(
      d.revisions.map((r) => [r.revision, r.analysisRuns]),
      [
        [2, ['rollout-background-analysis-db976bc44-2']],
        [1, []],
      ],
    );
    const run = d.analysisRuns[0];
    assert.deepEqual([run.type, run.phase, run.metrics[0].series[0].raw], ['Background', 'Failed', 'false']);
  });

  it('experiment step: linked to its experiment, whose analysis run is listed under it', () => {
    const d = details('experiment-step');
    assert.deepEqual([d.steps[0].kind, d.steps[0].state, d.steps[0].note, d.steps[0].experiments], ['experiment', 'current', 'experiment running', ['canary-demo-645d5dbc4c-2-0']]);
    assert.deepEqual(
      d.experiments.map((e) => [e.name, e.running, e.analysisRuns]),
      [['canary-demo-645d5dbc4c-2-0', true, ['canary-demo-645d5dbc4c-2-0-stress-test']]],
    );
    assert.equal(d.analysisRuns.find((r) => r.name === 'canary-demo-645d5dbc4c-2-0-stress-test')?.type, 'canary-demo-645d5dbc4c-2-0');
    assert.deepEqual(d.revisions[0].analysisRuns, [], "an experiment's runs are shown under the experiment, not twice");
  });

  it('actions come from the live summary, enabled or with the reason, only those with a command', () => {
    const d = details('blue-green');
    assert.ok(d.actions.some((a) => a.id === 'promote' && a.enabled && a.command === 'test.promote' && a.title === 'PROMOTE'));
    assert.ok(d.actions.some((a) => a.id === 'retry' && !a.enabled && a.reason));
    assert.ok(!d.actions.some((a) => a.id === 'restart'));
    // Set image is not in the summary (it asks for its container and image): the toolbar offers it last.
    assert.deepEqual(d.actions.at(-1), { id: 'set-image', command: 'test.set-image', title: 'SET-IMAGE…', enabled: true });
  });

  it("events: the rollout's, its ReplicaSets' and its AnalysisRuns', newest first; not a namesake's", () => {
    const fx = loadFixture('rollout-aborted');
    const ev = (name: string, kind: string, uid: string, reason: string, at: string, type = 'Normal') => ({
      involvedObject: { kind, name, uid, namespace: 'default' },
      reason,
      message: `${reason} happened`,
      type,
      lastTimestamp: at,
      count: 2,
    });
    const events = [
      ev('rollout-background-analysis', 'Rollout', 'aeddde25-f8bd-4a68-a4a1-523a559bdb83', 'RolloutAborted', '2026-03-01T11:59:00Z', 'Warning'),
      ev('rollout-background-analysis-db976bc44', 'ReplicaSet', 'c562ef93-0413-4249-a2d1-4f6f18362a1c', 'ScalingReplicaSet', '2026-03-01T11:58:00Z'),
      ev('rollout-background-analysis-db976bc44-2', 'AnalysisRun', 'f453c075-5964-4330-bb30-6bedad22d08b', 'AnalysisRunFailed', '2026-03-01T11:59:30Z', 'Warning'),
      ev('rollout-background-analysis', 'Rollout', 'an-older-uid', 'RolloutUpdated', '2026-03-01T11:00:00Z'),
      ev('another', 'Rollout', 'x', 'RolloutUpdated', '2026-03-01T11:59:59Z'),
    ];
    const d = rolloutDetails({ context: 'c', rollout: fx.rollouts[0], related: fx, events, now: NOW, commandOf });
    assert.deepEqual(
      d.events.map((e) => `${e.object}:${e.reason}:${e.type}:${e.count}:${e.age}`),
      [
        'AnalysisRun/rollout-background-analysis-db976bc44-2:AnalysisRunFailed:Warning:2:30s',
        'Rollout/rollout-background-analysis:RolloutAborted:Warning:2:60s',
        'ReplicaSet/rollout-background-analysis-db976bc44:ScalingReplicaSet:Normal:2:2m',
      ],
    );
  });
});

describe('current step and traffic router', () => {
  const base = (over: Record<string, unknown>, status: Record<string, unknown>) => ({
    metadata: { name: 'r', namespace: 'n', generation: 1 },
    spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { pause: { duration: '1m' } }, { analysis: { templates: [{ templateName: 't' }] } }], ...over } } },
    status: { observedGeneration: '1', ...status },
  });
  it('an indefinite pause waits for promotion, with how long', () => {
    const ro = base({}, { currentStepIndex: 1, phase: 'Paused', message: 'CanaryPauseStep', pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-03-01T11:57:00Z' }], controllerPause: true });
    assert.equal(currentStepNote(ro, { pause: {} }, NOW, ''), 'waiting for promotion · 3m');
  });
  it('a timed pause counts down', () => {
    const ro = base({}, { currentStepIndex: 2, phase: 'Paused', message: 'CanaryPauseStep', pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-03-01T11:59:30Z' }], controllerPause: true });
    assert.equal(currentStepNote(ro, { pause: { duration: '1m' } }, NOW, ''), 'resumes in 29s');
  });
  it('the timeline carries the moment a timed pause ends, so the webview can count down alone', () => {
    const ro = {
      ...base({}, { currentStepIndex: 2, phase: 'Paused', message: 'CanaryPauseStep', pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-03-01T11:59:30Z' }], controllerPause: true }),
      metadata: { name: 'r', namespace: 'n', uid: 'u', generation: 1 },
    };
    const d = rolloutDetails({ context: 'c', rollout: ro, related: {}, events: [], now: NOW, commandOf });
    assert.equal(d.steps[2].resumesAt, Date.parse('2026-03-01T12:00:30Z'));
    assert.equal(d.steps[1].resumesAt, undefined);
  });
  it('an analysis step says what its run is doing', () => {
    const ro = base({}, { currentStepIndex: 3, phase: 'Progressing' });
    assert.equal(currentStepNote(ro, { analysis: {} }, NOW, 'Running'), 'analysis running');
    assert.equal(currentStepNote(ro, { analysis: {} }, NOW, ''), 'analysis starting');
  });
  it('names the traffic routers, plugins by name', () => {
    assert.equal(trafficRouterOf(base({ trafficRouting: { istio: { virtualService: { name: 'vs' } }, managedRoutes: [{ name: 'h' }] } }, {})), 'istio');
    assert.equal(trafficRouterOf(base({ trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': {} } } }, {})), 'plugin argoproj-labs/gatewayAPI');
    assert.equal(trafficRouterOf(base({}, {})), '');
  });
});
