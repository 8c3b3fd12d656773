import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canaryStepList, pauseDurationMs } from '../../../../src/core/status/argoSteps';

describe('canary steps', () => {
  it('lists steps with upstream texts and their state', () => {
    const ro = { spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { pause: { duration: '1h' } }, { analysis: {} }, { experiment: {} }, { setCanaryScale: { replicas: 2 } }, {}] } } }, status: { currentStepIndex: 2 } };
    assert.deepEqual(
      canaryStepList(ro).map((s) => `${s.text}:${s.state}`),
      ['setWeight: 20:done', 'pause:done', 'pause: 1h:current', 'analysis:pending', 'experiment:pending', 'setCanaryScale{replicas: 2}:pending', 'invalid:pending'],
    );
  });
  it('pause durations: integers are seconds, strings are Go durations', () => {
    assert.deepEqual([pauseDurationMs(30), pauseDurationMs('45'), pauseDurationMs('1m30s'), pauseDurationMs('1d'), pauseDurationMs(undefined)], [30000, 45000, 90000, undefined, undefined]);
  });
});
