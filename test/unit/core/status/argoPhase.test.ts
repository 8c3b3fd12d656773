import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { currentSetWeight, rolloutPhase } from '../../../../src/core/status/argoPhase';

type Obj = Record<string, any>;
const ro = (spec: Obj, status: Obj, metadata: Obj = { generation: 3 }) => ({ metadata, spec: { replicas: 2, ...spec }, status: { observedGeneration: '3', ...status } });
const canary = { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }] } } };

describe('rolloutPhase (GetRolloutPhase / CalculateRolloutPhase)', () => {
  const cases: [string, ReturnType<typeof ro>, string, string][] = [
    ['unobserved generation', ro(canary, { phase: 'Healthy' }, { generation: 4 }), 'Progressing', 'waiting for rollout spec update to be observed'],
    ['unpausing', ro(canary, { phase: 'Paused', controllerPause: true }), 'Progressing', 'waiting for rollout to unpause'],
    ['controller-written phase', ro(canary, { phase: 'Paused', message: 'CanaryPauseStep', controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep' }] }), 'Paused', 'CanaryPauseStep'],
    ['v0.9 hash observedGeneration counts as observed', ro(canary, { observedGeneration: '7d5f9b', updatedReplicas: 2, availableReplicas: 2, replicas: 2, stableRS: 'a', currentPodHash: 'a' }), 'Healthy', ''],
    ['invalid spec', ro(canary, { conditions: [{ type: 'InvalidSpec', message: 'bad' }] }), 'Degraded', 'InvalidSpec: bad'],
    ['aborted', ro(canary, { conditions: [{ type: 'Progressing', reason: 'RolloutAborted', message: 'x' }] }), 'Degraded', 'RolloutAborted: x'],
    ['manual pause', ro({ ...canary, paused: true }, {}), 'Paused', 'manually paused'],
    ['pause condition', ro(canary, { pauseConditions: [{ reason: 'CanaryPauseStep' }] }), 'Paused', 'CanaryPauseStep'],
    ['restarting', ro({ ...canary, restartAt: '2026-01-01T00:00:00Z' }, { restartedAt: '2025-12-01T00:00:00Z' }), 'Progressing', 'rollout is restarting'],
    ['not enough updated', ro(canary, { updatedReplicas: 1 }), 'Progressing', 'more replicas need to be updated'],
    ['becoming available', ro(canary, { updatedReplicas: 2, availableReplicas: 1 }), 'Progressing', 'updated replicas are still becoming available'],
    ['old replicas', ro(canary, { updatedReplicas: 2, availableReplicas: 2, replicas: 3 }), 'Progressing', 'old replicas are pending termination'],
    ['steps left', ro(canary, { updatedReplicas: 2, availableReplicas: 2, replicas: 2, stableRS: 'a', currentPodHash: 'b' }), 'Progressing', 'waiting for all steps to complete'],
    ['blue-green cutover', ro({ strategy: { blueGreen: {} } }, { updatedReplicas: 2, availableReplicas: 2, currentPodHash: 'b', blueGreen: { activeSelector: 'a' } }), 'Progressing', 'active service cutover pending'],
    [
      'blue-green post analysis',
      ro({ strategy: { blueGreen: { postPromotionAnalysis: {} } } }, { updatedReplicas: 2, availableReplicas: 2, currentPodHash: 'b', stableRS: 'a', blueGreen: { activeSelector: 'b' } }),
      'Progressing',
      'waiting for analysis to complete',
    ],
    ['blue-green healthy', ro({ strategy: { blueGreen: {} } }, { updatedReplicas: 2, availableReplicas: 2, currentPodHash: 'b', stableRS: 'b', blueGreen: { activeSelector: 'b' } }), 'Healthy', ''],
  ];
  for (const [name, r, phase, message] of cases) it(name, () => assert.deepEqual(rolloutPhase(r), { phase, message }));
});

describe('currentSetWeight', () => {
  it('walks back to the last setWeight, 100 past the end, 0 when aborted', () => {
    assert.equal(currentSetWeight(ro(canary, { currentStepIndex: 1 })), 20);
    assert.equal(currentSetWeight(ro(canary, { currentStepIndex: 2 })), 50);
    assert.equal(currentSetWeight(ro(canary, { currentStepIndex: 3 })), 100);
    assert.equal(currentSetWeight(ro(canary, { currentStepIndex: 1, abort: true })), 0);
    assert.equal(currentSetWeight(ro({ strategy: { canary: { steps: [{ pause: {} }] } } }, {})), 0);
  });
});
