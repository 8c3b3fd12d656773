// Live objects can be anything (old CRDs, half-written statuses): interpretation and planning never throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { abortPlan, pausePlan, promoteFullPlan, promotePlan, restartPlan, resumePlan, retryPlan } from '../../../../src/core/actions/argo';
import { approvePlan, closeGatePlan, gateStateRequests, rollbackPlan } from '../../../../src/core/actions/flagger';
import { interpretRollout } from '../../../../src/core/status/argoInfo';
import { renderRolloutGet } from '../../../../src/core/status/argoRender';
import { summarizeCanary, summarizeRollout } from '../../../../src/core/actions/availability';
import { loadFixture, NOW } from './fixtures';

/** Arbitrary JSON, plus fixture rollouts with random subtrees replaced, to reach deep code paths. */
const json = fc.jsonValue({ maxDepth: 4 });
const base = loadFixture('experiment-analysis');
const mutated = fc.tuple(fc.constantFrom('spec', 'status', 'metadata', 'strategy', 'steps', 'pauseConditions', 'canary'), json).map(([where, v]) => {
  const ro = structuredClone(base.rollouts[0]);
  if (where === 'strategy') ro.spec.strategy = v;
  else if (where === 'steps') ro.spec.strategy.canary.steps = v;
  else if (where === 'pauseConditions') ro.status.pauseConditions = v;
  else if (where === 'canary') ro.status.canary = v;
  else ro[where] = v;
  return ro;
});

describe('robustness on arbitrary objects', () => {
  it('argo interpretation, rendering, summaries and plans never throw', () => {
    fc.assert(
      fc.property(fc.oneof(json, mutated), (ro) => {
        renderRolloutGet(interpretRollout(ro, base, NOW));
        summarizeRollout(ro, NOW, base);
        for (const plan of [promotePlan, promoteFullPlan, resumePlan, pausePlan, abortPlan, retryPlan]) plan(ro);
        restartPlan(ro, NOW, '5m');
      }),
      { numRuns: 300 },
    );
  });
  it('flagger interpretation and gate plans never throw', () => {
    fc.assert(
      fc.property(json, json, (spec, status) => {
        const c = { metadata: { name: 'c', namespace: 'n' }, spec, status };
        summarizeCanary(c, NOW);
        approvePlan(c);
        closeGatePlan(c);
        rollbackPlan(c);
        gateStateRequests(c);
      }),
      { numRuns: 300 },
    );
  });
  it('the fixtures stay intact (no interpreter mutates its input)', () => {
    const before = JSON.stringify(base);
    interpretRollout(base.rollouts[0], base, NOW);
    summarizeRollout(base.rollouts[0], NOW, base);
    assert.equal(JSON.stringify(base), before);
  });
});
