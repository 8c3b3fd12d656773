import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderStatusTable, toStatusJson } from '../../../../src/core/status/statusOutput';
import { summarizeCanary, summarizeRollout } from '../../../../src/core/actions/availability';
import { makeCanary } from './canaryFixtures';
import { loadFixture, NOW } from './fixtures';

const fx = (folder: string, name?: string) => {
  const o = loadFixture(folder);
  return { ro: name ? o.rollouts.find((r) => r.metadata.name === name)! : o.rollouts[0], o };
};

describe('summarizeRollout', () => {
  it('blue-green paused for promotion: attention, promote offered, resume explained', () => {
    const { ro, o } = fx('blue-green');
    const s = summarizeRollout(ro, NOW, o);
    assert.equal(s.health, 'Paused');
    assert.equal(s.description, 'Paused · awaiting promotion');
    assert.deepEqual(s.attention, { reason: 'AwaitingPromotion', message: 'Paused (BlueGreenPause): waiting for promotion.' });
    assert.deepEqual(s.availableActions, ['promote', 'promote-full', 'pause', 'abort', 'restart']);
    assert.match(s.unavailableActions.find((u) => u.action === 'resume')!.reason, /Promote continues it/);
    assert.match(s.unavailableActions.find((u) => u.action === 'retry')!.reason, /not aborted/);
    assert.equal(s.revision, '11');
    assert.deepEqual(s.images[0], { image: 'argoproj/rollouts-demo:blue', tags: ['stable', 'active'] });
  });
  it('degraded canary: reason word, step and weights', () => {
    const { ro, o } = fx('canary', 'canary-demo');
    const s = summarizeRollout(ro, NOW, o);
    assert.equal(s.description, 'Degraded · ProgressDeadlineExceeded');
    assert.equal(s.attention?.reason, 'Degraded');
    assert.deepEqual(s.step, { index: 0, count: 8 });
    assert.deepEqual(s.weights, { set: 20, actual: 0, measured: true });
    assert.deepEqual(summarizeRollout(ro, NOW).weights, { set: 20, actual: 20, measured: false }, 'without ReplicaSets the actual weight is unknown');
  });
  it('aborted: retry offered, abort not', () => {
    const { ro, o } = fx('rollout-aborted');
    const s = summarizeRollout(ro, NOW, o);
    assert.equal(s.attention?.reason, 'Aborted');
    assert.ok(s.availableActions.includes('retry'));
    assert.ok(!s.availableActions.includes('abort'));
  });
  it('paused canary at a step reads like the issue: "Paused · step 2/6 · 20%"', () => {
    const ro = {
      metadata: { name: 'web', namespace: 'p', annotations: { 'rollout.argoproj.io/revision': '3' }, generation: 2 },
      spec: { replicas: 5, strategy: { canary: { steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }] } } },
      status: { observedGeneration: '2', currentStepIndex: 2, pauseConditions: [{ reason: 'CanaryPauseStep' }], controllerPause: true, phase: 'Paused', message: 'CanaryPauseStep', currentPodHash: 'b', stableRS: 'a' },
    };
    const s = summarizeRollout(ro, NOW);
    assert.equal(s.description, 'Paused · step 2/6 · 20%');
    assert.equal(s.attention?.reason, 'AwaitingPromotion');
    const healthy = summarizeRollout({ ...ro, status: { observedGeneration: '2', phase: 'Healthy', currentPodHash: 'a', stableRS: 'a', currentStepIndex: 6 } }, NOW);
    assert.equal(healthy.description, 'Healthy · rev 3');
    assert.equal(healthy.attention, undefined);
    assert.deepEqual(healthy.availableActions, ['pause', 'restart']);
  });
  it('never throws on junk', () => {
    for (const junk of [null, {}, { spec: { strategy: 3 } }, { status: { pauseConditions: 'x' } }]) assert.equal(typeof summarizeRollout(junk, NOW).health, 'string');
  });
});

describe('summarizeCanary', () => {
  it('progressing: "Progressing · 30% · 3/10"', () => {
    const s = summarizeCanary(makeCanary({ weight: 30 }), NOW);
    assert.equal(s.description, 'Progressing · 30% · 3/10');
    assert.deepEqual(s.availableActions, ['gate-close', 'rollback', 'skip-analysis', 'suspend']);
    assert.match(s.unavailableActions.find((u) => u.action === 'approve')!.reason, /not waiting for approval/);
  });
  it('WaitingPromotion needs attention and offers approve', () => {
    const s = summarizeCanary(makeCanary({ phase: 'WaitingPromotion', weight: 0, failedChecks: 2 }), NOW);
    assert.equal(s.health, 'Waiting');
    assert.equal(s.attention?.reason, 'WaitingPromotion');
    assert.ok(s.availableActions.includes('approve'));
    assert.equal(s.description, 'WaitingPromotion · 0% · 0/10 · 2/5 failed checks');
  });
  it('failed carries the Promoted message', () => {
    const s = summarizeCanary(makeCanary({ phase: 'Failed', weight: 0, message: 'Canary analysis failed, Deployment scaled to zero.' }), NOW);
    assert.deepEqual(s.attention, { reason: 'Failed', message: 'Canary analysis failed, Deployment scaled to zero.' });
  });
});

describe('status output', () => {
  it('table lists both engines sorted, and a stable JSON document', () => {
    const { ro, o } = fx('blue-green');
    const rows = [summarizeCanary(makeCanary({ phase: 'WaitingPromotion', weight: 50 }), NOW), summarizeRollout(ro, NOW, o)];
    const table = renderStatusTable(rows);
    assert.equal(
      table,
      [
        'NAMESPACE    NAME             KIND      STATUS             STEP         WEIGHT   AGE    ATTENTION',
        'jesse-test   bluegreen-demo   Rollout   Paused             -            -        7d     AwaitingPromotion',
        'test         podinfo          Canary    WaitingPromotion   50% · 5/10   50       120m   WaitingPromotion',
        '',
      ].join('\n'),
    );
    const wide = renderStatusTable(rows, { wide: true });
    assert.match(wide.split('\n')[0], /^CONTEXT +NAMESPACE +NAME +KIND +STATUS +STEP +WEIGHT +REVISION +AGE +IMAGES +ACTIONS +MESSAGE$/);
    const json = toStatusJson(rows);
    assert.equal(json.apiVersion, 'rollout-lens.dev/v1');
    assert.deepEqual(Object.keys(json.items[0]), ['context', 'engine', 'kind', 'namespace', 'name', 'health', 'status', 'message', 'description', 'revision', 'step', 'weights', 'progress', 'images', 'attention', 'actions', 'age']);
    assert.equal(JSON.parse(JSON.stringify(json)).items[1].attention.reason, 'AwaitingPromotion');
    assert.equal(renderStatusTable([]), 'No rollouts or canaries found.\n');
  });
});

describe('timed pauses', () => {
  it('a canary at a timed pause says when it resumes and does not ask for attention', () => {
    const ro = {
      metadata: { name: 'web', namespace: 'p' },
      spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: { duration: '10m' } }, { setWeight: 50 }, { pause: { duration: 30 } }] } } },
      status: { currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-03-01T11:57:00Z' }], controllerPause: true, phase: 'Paused', message: 'CanaryPauseStep', currentPodHash: 'b', stableRS: 'a' },
    };
    const s = summarizeRollout(ro, NOW);
    assert.equal(s.description, 'Paused · step 1/4 · 20% · resumes in 6m59s');
    assert.equal(s.attention, undefined);
    const ro3 = structuredClone(ro);
    ro3.status.currentStepIndex = 3;
    ro3.status.pauseConditions[0].startTime = '2026-03-01T11:59:45Z';
    assert.equal(summarizeRollout(ro3, NOW).description, 'Paused · step 3/4 · 50% · resumes in 14s');
  });
});

describe('blue-green auto promotion', () => {
  it('a BlueGreenPause with autoPromotionSeconds resumes by itself', () => {
    const { ro, o } = fx('blue-green');
    ro.spec.strategy.blueGreen.autoPromotionSeconds = 600;
    ro.status.pauseConditions[0].startTime = '2026-03-01T11:58:00Z';
    const s = summarizeRollout(ro, NOW, o);
    assert.equal(s.description, 'Paused · auto-promotes in 7m59s');
    assert.equal(s.attention, undefined);
  });
});
