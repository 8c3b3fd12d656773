import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interpretRollout } from '../../../../src/core/status/argoInfo';
import { indexRelatedByOwner } from '../../../../src/core/status/argoRelated';
import { renderRolloutGet } from '../../../../src/core/status/argoRender';
import { loadFixture, NOW } from './fixtures';

describe('indexRelatedByOwner', () => {
  it('gives each rollout exactly what the full lists give it', () => {
    for (const folder of ['blue-green', 'canary', 'experiment-analysis', 'experiment-step', 'rollout-aborted']) {
      const o = loadFixture(folder);
      const index = indexRelatedByOwner(o);
      for (const ro of o.rollouts) {
        assert.equal(renderRolloutGet(interpretRollout(ro, index(ro.metadata.uid), NOW)), renderRolloutGet(interpretRollout(ro, o, NOW)), `${folder}/${ro.metadata.name}`);
      }
    }
  });
  it('unknown owners get nothing', () => {
    assert.deepEqual(indexRelatedByOwner({})('nope'), { replicaSets: [], pods: [], analysisRuns: [], experiments: [] });
  });
});

describe('analysis run metrics', () => {
  it('summarises each metric with its last value', () => {
    const o = loadFixture('rollout-aborted');
    const ar = interpretRollout(o.rollouts[0], o, NOW).analysisRuns[0];
    assert.equal(ar.metrics.length, 1);
    assert.equal(ar.metrics[0].name, 'web');
    assert.equal(ar.metrics[0].phase, 'Failed');
    assert.equal(ar.metrics[0].failed, 1);
  });
});
