import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abortPlan, pausePlan, promoteFullPlan, promotePlan, restartPlan, resumePlan, retryExperimentPlan, retryPlan, terminatePlan } from '../../../../src/core/actions/argo';
import { ActionError, PlannedRequest } from '../../../../src/core/actions/plan';
import { loadFixture } from '../status/fixtures';

const MERGE = 'application/merge-patch+json';
const status = (body: unknown, unified: unknown): PlannedRequest => ({ method: 'PATCH', subresource: 'status', contentType: MERGE, body, onNotFound: { method: 'PATCH', subresource: undefined, contentType: MERGE, body: unified } });
const main = (body: unknown): PlannedRequest => ({ method: 'PATCH', subresource: undefined, contentType: MERGE, body });

const ALL = ['blue-green', 'canary', 'experiment-analysis', 'experiment-step', 'rollout-aborted', 'rollout-invalid'].flatMap((f) => loadFixture(f).rollouts);
/** A fresh copy of a fixture rollout, so tests may edit it. */
const rollout = (name: string) => structuredClone(ALL.find((x) => x.metadata.name === name) ?? assert.fail(name));

type Obj = Record<string, any>;
/** A canary in mid-update: 4 steps, at `index`, stable != current. */
function canary(over: { index?: number; paused?: boolean; pauseConditions?: Obj[]; controllerPause?: boolean; stepAnalysis?: string; steps?: Obj[]; stable?: string; abort?: boolean } = {}): Obj {
  const steps = over.steps ?? [{ setWeight: 20 }, { pause: {} }, { analysis: { templates: [{ templateName: 'x' }] } }, { setWeight: 80 }];
  const st: Obj = { currentPodHash: 'new', stableRS: over.stable ?? 'old', pauseConditions: over.pauseConditions, controllerPause: over.controllerPause, abort: over.abort, canary: {} };
  if (over.index !== undefined) st.currentStepIndex = over.index;
  if (over.stepAnalysis) st.canary.currentStepAnalysisRunStatus = { name: 'ar', status: over.stepAnalysis };
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', namespace: 'prod' }, spec: { paused: over.paused, strategy: { canary: { steps } } }, status: st };
}

describe('promote (default) sends what kubectl argo rollouts promote sends', () => {
  it('blue-green awaiting promotion: clears pause conditions on /status, unified fallback', () => {
    const p = promotePlan(rollout('bluegreen-demo'));
    assert.deepEqual(p.requests, [status({ status: { pauseConditions: null } }, { spec: { paused: false }, status: { pauseConditions: null } })]);
    assert.equal(p.noop, undefined);
    assert.match(p.describe, /preview ReplicaSet is switched to active/);
    assert.deepEqual(p.target, { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts', kind: 'Rollout', namespace: 'jesse-test', name: 'bluegreen-demo' });
  });
  it('canary paused at a pause step (pause conditions): only clears them, never also advances', () => {
    const p = promotePlan(canary({ index: 1, pauseConditions: [{ reason: 'CanaryPauseStep' }], controllerPause: true }));
    assert.deepEqual(p.requests, [status({ status: { pauseConditions: null } }, { spec: { paused: false }, status: { pauseConditions: null } })]);
    assert.match(p.describe, /CanaryPauseStep/);
  });
  it('canary running a step without a pause: advances currentStepIndex, unified carries the index', () => {
    const p = promotePlan(canary({ index: 2 }));
    assert.deepEqual(p.requests, [status({ status: { pauseConditions: null, currentStepIndex: 3 } }, { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: 3 } })]);
    assert.equal(p.skips, 'Promoting during an analysis step skips that analysis.');
  });
  it('canary without status.currentStepIndex counts from 0', () => {
    assert.deepEqual(promotePlan(canary({})).requests[0].body, { status: { pauseConditions: null, currentStepIndex: 1 } });
  });
  it('the degraded canary fixture at step 0/8 advances to 1', () => {
    assert.deepEqual(promotePlan(rollout('canary-demo')).requests, [status({ status: { pauseConditions: null, currentStepIndex: 1 } }, { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: 1 } })]);
  });
  it('inconclusive step analysis with controllerPause: clears pause and controllerPause, advances', () => {
    const p = promotePlan(canary({ index: 2, stepAnalysis: 'Inconclusive', pauseConditions: [{ reason: 'InconclusiveAnalysisRun' }], controllerPause: true }));
    assert.deepEqual(p.requests, [status({ status: { pauseConditions: null, controllerPause: false, currentStepIndex: 3 } }, { spec: { paused: false }, status: { pauseConditions: null } })]);
    assert.match(p.skips!, /Inconclusive/);
  });
  it('inconclusive fixture without a step analysis status only clears the pause conditions', () => {
    assert.deepEqual(promotePlan(rollout('rollout-experiment-analysis')).requests, [status({ status: { pauseConditions: null } }, { spec: { paused: false }, status: { pauseConditions: null } })]);
  });
  it('spec.paused: status patch first, then the spec patch', () => {
    const p = promotePlan(canary({ index: 1, paused: true, pauseConditions: [{ reason: 'CanaryPauseStep' }] }));
    assert.deepEqual(p.requests, [status({ status: { pauseConditions: null } }, { spec: { paused: false }, status: { pauseConditions: null } }), main({ spec: { paused: false } })]);
  });
  it('a manually paused canary (no pause conditions) is also advanced, as upstream does', () => {
    const p = promotePlan(canary({ index: 0, paused: true }));
    assert.deepEqual(p.requests, [status({ status: { pauseConditions: null, currentStepIndex: 1 } }, { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: 1 } }), main({ spec: { paused: false } })]);
  });
  it('caps currentStepIndex at the number of steps and says nothing is left to advance', () => {
    const p = promotePlan(canary({ index: 4, stable: 'new' }));
    assert.deepEqual(p.requests[0].body, { status: { pauseConditions: null, currentStepIndex: 4 } });
    assert.match(p.noop!, /all 4 steps are done/);
    assert.deepEqual(promotePlan(canary({ index: 9 })).requests[0].body, { status: { pauseConditions: null, currentStepIndex: 9 } });
  });
  it('blue-green neither paused nor with pause conditions: no PATCH at all, and says so', () => {
    const bg = rollout('bluegreen-demo');
    delete bg.status.pauseConditions;
    const p = promotePlan(bg);
    assert.deepEqual(p.requests, []);
    assert.match(p.noop!, /upstream sends nothing/);
  });
  it('a canary without steps, not paused: nothing to send', () => {
    const p = promotePlan(rollout('rollout-invalid'));
    assert.deepEqual(p.requests, []);
    assert.match(p.noop!, /no canary steps/);
  });
});

describe('promote --full', () => {
  it('update in flight: promoteFull on /status with the unified fallback', () => {
    const p = promoteFullPlan(canary({ index: 1 }));
    assert.deepEqual(p.requests, [status({ status: { promoteFull: true } }, { spec: { paused: false }, status: { promoteFull: true } })]);
    assert.equal(p.skips, 'Promote full skips all remaining steps, pauses and analysis.');
  });
  it('paused and in flight: status then spec', () => {
    assert.deepEqual(promoteFullPlan(canary({ paused: true })).requests, [status({ status: { promoteFull: true } }, { spec: { paused: false }, status: { promoteFull: true } }), main({ spec: { paused: false } })]);
  });
  it('paused but already stable: only the spec patch', () => {
    const p = promoteFullPlan(canary({ paused: true, stable: 'new' }));
    assert.deepEqual(p.requests, [main({ spec: { paused: false } })]);
    assert.equal(p.noop, undefined);
  });
  it('not paused and stable: nothing sent, noop explained', () => {
    const p = promoteFullPlan(canary({ stable: 'new' }));
    assert.deepEqual(p.requests, []);
    assert.match(p.noop!, /already fully promoted/);
  });
  it('blue-green fixture in flight', () => {
    assert.match(promoteFullPlan(rollout('bluegreen-demo')).skips!, /pre-promotion analysis/);
  });
});

describe('resume (no upstream command: clears spec.paused and pause conditions)', () => {
  it('never advances a step on a manually paused canary', () => {
    assert.deepEqual(resumePlan(canary({ index: 0, paused: true })).requests, [main({ spec: { paused: false } })]);
  });
  it('pause conditions go through /status with the unified fallback', () => {
    assert.deepEqual(resumePlan(rollout('bluegreen-demo')).requests, [status({ status: { pauseConditions: null } }, { spec: { paused: false }, status: { pauseConditions: null } })]);
  });
  it('not paused: noop', () => {
    assert.match(resumePlan(canary({ index: 1 })).noop!, /not paused/);
  });
});

describe('pause, abort, retry, restart', () => {
  it('pause: spec.paused true on the main resource', () => {
    const p = pausePlan(rollout('canary-demo'));
    assert.deepEqual(p.requests, [main({ spec: { paused: true } })]);
    assert.equal(p.noop, undefined);
    assert.match(pausePlan(canary({ paused: true })).noop!, /already paused/);
  });
  it('abort: status.abort true, /status first then main', () => {
    const p = abortPlan(rollout('canary-demo'));
    assert.deepEqual(p.requests, [status({ status: { abort: true } }, { status: { abort: true } })]);
    assert.match(abortPlan(rollout('rollout-background-analysis')).noop!, /already aborted/);
    assert.match(abortPlan(canary({ stable: 'new' })).noop!, /nothing to abort/);
  });
  it('retry: status.abort false, only meaningful when aborted', () => {
    const p = retryPlan(rollout('rollout-background-analysis'));
    assert.deepEqual(p.requests, [status({ status: { abort: false } }, { status: { abort: false } })]);
    assert.equal(p.noop, undefined);
    assert.match(retryPlan(rollout('canary-demo')).noop!, /not aborted/);
  });
  it('restart now and with a Go duration, RFC 3339 UTC to the second', () => {
    const now = new Date('2026-11-22T01:50:07.900Z');
    assert.deepEqual(restartPlan(rollout('canary-demo'), now).requests, [main({ spec: { restartAt: '2026-11-22T01:50:07Z' } })]);
    assert.deepEqual(restartPlan(rollout('canary-demo'), now, '1h30m').requests, [main({ spec: { restartAt: '2026-11-22T03:20:07Z' } })]);
    assert.deepEqual(restartPlan(rollout('canary-demo'), now, '1.5s').requests[0].body, { spec: { restartAt: '2026-11-22T01:50:09Z' } });
  });
  it('restart rejects an invalid duration with a clear error instead of panicking', () => {
    assert.throws(
      () => restartPlan(rollout('canary-demo'), new Date(), '1d'),
      (e: unknown) => e instanceof ActionError && /unknown unit "d" in duration "1d"/.test(e.message),
    );
    assert.throws(() => restartPlan(rollout('canary-demo'), new Date(), '10'), /missing unit in duration "10"/);
  });
});

describe('experiments and analysis runs', () => {
  it('terminate: spec.terminate on the object', () => {
    const exp = loadFixture('experiment-analysis').experiments[0];
    const p = terminatePlan(exp, 'Experiment');
    assert.deepEqual(p.requests, [main({ spec: { terminate: true } })]);
    assert.equal(p.target.plural, 'experiments');
    const ar = loadFixture('rollout-aborted').analysisRuns[0];
    assert.match(terminatePlan(ar, 'AnalysisRun').noop!, /already completed \(Failed\)/);
  });
  it('retry experiment: status null on the main resource', () => {
    const exp = loadFixture('experiment-analysis').experiments[0];
    assert.deepEqual(retryExperimentPlan(exp).requests, [main({ status: null })]);
    assert.match(retryExperimentPlan(exp).noop!, /has not failed/);
  });
});

describe('promote explains the step it skips', () => {
  it('names a setWeight or timed pause step in upstream words', () => {
    assert.equal(promotePlan(canary({ index: 0 })).skips, 'Promoting skips the current step (setWeight: 20).');
    assert.equal(promotePlan(canary({ index: 0, steps: [{ pause: { duration: '1h' } }, { setWeight: 5 }] })).skips, 'Promoting skips the current step (pause: 1h).');
    assert.equal(promotePlan(canary({ index: 0, steps: [{ experiment: {} }, { setWeight: 5 }] })).skips, 'Promoting during an experiment step skips that experiment.');
  });
});
