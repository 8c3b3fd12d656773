import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWorkloadKey, parseWorkloadKey, workloadKey, workloadKeyPrefix } from '../../../../src/core/tree/workloadKeys';

test('workload keys use the groups of the kinds table, as the cluster model writes them', () => {
  assert.equal(workloadKeyPrefix('Rollout'), 'argoproj.io/Rollout/');
  assert.equal(workloadKey('Rollout', 'prod', 'web'), 'argoproj.io/Rollout/prod/web');
  assert.equal(workloadKey('Canary', 'prod', 'podinfo'), 'flagger.app/Canary/prod/podinfo');
});

test('parseWorkloadKey reads back what workloadKey writes, and nothing else', () => {
  assert.deepEqual(parseWorkloadKey('argoproj.io/Rollout/prod/web'), { kind: 'Rollout', namespace: 'prod', name: 'web' });
  assert.deepEqual(parseWorkloadKey('flagger.app/Canary//podinfo'), { kind: 'Canary', namespace: '', name: 'podinfo' });
  for (const other of ['apps/ReplicaSet/prod/web-1', 'argoproj.io/AnalysisRun/prod/run', 'argoproj.io/Rollout/prod/', 'argoproj.io/Rollout/a/b/c', 'flagger.app/Canary']) {
    assert.equal(parseWorkloadKey(other), undefined, other);
  }
});

test('isWorkloadKey tells Rollouts and Canaries from the objects around them', () => {
  assert.equal(isWorkloadKey('argoproj.io/Rollout/prod/web'), true);
  assert.equal(isWorkloadKey('flagger.app/Canary/prod/podinfo'), true);
  assert.equal(isWorkloadKey('argoproj.io/Experiment/prod/web-exp'), false);
  assert.equal(isWorkloadKey('core/Pod/prod/web-abc'), false);
});
