/**
 * The demo scenario's analyses give the details panel real measurement series, one of each outcome, read
 * through the panel's own view model (rolloutDetails) from the simulated cluster on a fake clock: cart's
 * error rate passes then fails its condition, cart's p99 latency passes then lands between its success and
 * failure bounds (inconclusive), storefront's health check fails once within its failureLimit and passes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../../../cluster/store/memoryStore';
import { FakeClock } from '../../../cluster/controllers/clock';
import { GVR, startControllers } from '../../../cluster/controllers/index';
import { applyScenario, readFromStore, unmetExpectations } from '../../../cluster/scenarios/index';
import { EVENTS_GVR } from '../../../cluster/controllers/events';
import { rolloutDetails } from '../../../../src/core/details/rolloutDetails';
import type { MetricView } from '../../../../src/core/details/viewModel';

const commandOf = (id: string) => ({ command: `rolloutLens.${id}`, title: id });

function scenario() {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const store = new MemoryStore({ clock });
  const controllers = startControllers(store, clock);
  const handle = applyScenario('e2e', store, clock);
  const details = (name: string) =>
    rolloutDetails({
      context: 'demo',
      rollout: store.get(GVR.rollouts, 'shop', name),
      related: { replicaSets: store.list(GVR.replicaSets, 'shop'), pods: store.list(GVR.pods, 'shop'), analysisRuns: store.list(GVR.analysisRuns, 'shop'), experiments: store.list(GVR.experiments, 'shop') },
      events: store.list(EVENTS_GVR, 'shop'),
      now: clock.now(),
      commandOf,
    });
  return { clock, store, details, stop: () => (handle.stop(), controllers.stop()) };
}

const points = (m: MetricView | undefined) => m?.series.map((p) => `${p.raw}=${p.value}:${p.phase}`);

test('cart: a failing series (error rate) and an inconclusive one (p99 latency) in the run that aborted it', () => {
  const s = scenario();
  assert.ok(
    s.clock.advanceUntil(() => unmetExpectations('e2e', readFromStore(s.store)).length === 0, 90_000, 1000),
    unmetExpectations('e2e', readFromStore(s.store)).join('\n'),
  );
  const d = s.details('cart');
  const run = d.analysisRuns.find((r) => r.type === 'Step');
  assert.ok(run, `a step run: ${d.analysisRuns.map((r) => r.name).join(', ')}`);
  assert.equal(run.phase, 'Failed');
  assert.equal(run.running, false);
  const errorRate = run.metrics.find((m) => m.name === 'error-rate');
  const latency = run.metrics.find((m) => m.name === 'latency-p99');
  assert.deepEqual(points(errorRate), ['[0.012]=0.012:Successful', '[0.071]=0.071:Failed']);
  assert.equal(errorRate?.phase, 'Failed');
  assert.deepEqual(errorRate?.successBounds, [{ op: '<', value: 0.05 }]);
  assert.deepEqual(points(latency), ['[0.21]=0.21:Successful', '[0.38]=0.38:Inconclusive']);
  assert.equal(latency?.phase, 'Inconclusive');
  assert.equal(latency?.message, 'metric "latency-p99" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)');
  assert.deepEqual([latency?.successBounds, latency?.failureBounds], [[{ op: '<', value: 0.3 }], [{ op: '>=', value: 0.5 }]]);
  // The points are in time order, one interval apart: the chart's x axis.
  const times = errorRate?.series.map((p) => p.at) ?? [];
  assert.equal(times[1] - times[0], 5000);
  // The rollout says why it stopped with the failed metric, not the inconclusive one; so do its Events,
  // recorded by the simulated controllers as upstream's do (newest first).
  assert.match(d.message, /metric "error-rate" assessed Failed/);
  const events = d.events.map((e) => `${e.type} ${e.reason} ${e.object}`);
  assert.ok(events.includes('Warning RolloutAborted Rollout/cart'), events.join('\n'));
  assert.ok(events.includes(`Warning AnalysisRunFailed AnalysisRun/${run.name}`), events.join('\n'));
  assert.ok(!events.some((e) => / Rollout\/(?!cart)/.test(e)), `only cart's own: ${events.join('; ')}`);
  s.stop();
});

test('storefront: a passing series with one failed measurement inside its failureLimit', () => {
  const s = scenario();
  const run = () => s.store.list(GVR.analysisRuns, 'shop').find((r) => r.metadata.name.startsWith('storefront-') && r.status?.phase === 'Successful');
  assert.ok(
    s.clock.advanceUntil(() => run() !== undefined, 120_000, 1000),
    'storefront ran its analysis to the end',
  );
  const view = s.details('storefront').analysisRuns.find((r) => r.name === run()?.metadata.name);
  const metric = view?.metrics[0];
  assert.equal(metric?.name, 'success-rate');
  assert.deepEqual(points(metric), ['true=1:Successful', 'false=0:Failed', 'true=1:Successful']);
  assert.deepEqual([metric?.phase, metric?.failed, metric?.limits.failureLimit], ['Successful', 1, 1]);
  s.stop();
});
