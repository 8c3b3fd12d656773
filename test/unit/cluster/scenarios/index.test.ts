/** The demo and e2e scenarios reach their intended states under the simulated controllers (fake time). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../cluster/store/memoryStore';
import { FakeClock } from '../../../cluster/controllers/clock';
import { GVR, startControllers } from '../../../cluster/controllers/index';
import { applyScenario, buildKustomization, readFromStore, unmetExpectations } from '../../../cluster/scenarios/index';

function run(name: string, controllersFirst: boolean) {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const store = new MemoryStore({ clock });
  let controllers = controllersFirst ? startControllers(store, clock) : undefined;
  const scenario = applyScenario(name, store, clock);
  controllers ??= startControllers(store, clock);
  return { clock, store, scenario, controllers, stop: () => (scenario.stop(), controllers.stop()) };
}

test('e2e scenario: every expectation is met within 90 s of simulated time (scenario applied before the controllers start)', () => {
  const s = run('e2e', false);
  const ok = s.clock.advanceUntil(() => unmetExpectations('e2e', readFromStore(s.store)).length === 0, 90_000, 1000);
  assert.equal(ok, true, unmetExpectations('e2e', readFromStore(s.store)).join('\n'));
  const checkout = s.store.get(GVR.rollouts, 'payments', 'checkout')!;
  assert.equal(checkout.status.currentStepIndex, 1);
  assert.equal(checkout.spec.template.spec.containers[0].image, 'argoproj/rollouts-demo:green');
  const cart = s.store.get(GVR.rollouts, 'shop', 'cart')!;
  assert.equal(cart.status.canary.currentStepAnalysisRunStatus.status, 'Failed');
  const frontend = s.store.get(GVR.canaries, 'test', 'frontend')!;
  assert.equal(frontend.status.canaryWeight, 50);
  // Nothing moves by itself in e2e: five simulated minutes later the parked objects are where they were.
  s.clock.advance(300_000);
  assert.deepEqual(unmetExpectations('e2e', readFromStore(s.store)), []);
  assert.ok(s.store.get(GVR.services, 'test', 'flagger-loadtester'));
  assert.ok(s.store.list(GVR.pods, 'test').some((p) => p.metadata.labels?.app === 'flagger-loadtester'));
  s.stop();
});

test('demo scenario keeps moving: storefront and podinfo start new revisions; promoted checkout comes back paused', () => {
  const s = run('demo', true);
  assert.equal(
    s.clock.advanceUntil(() => unmetExpectations('demo', readFromStore(s.store)).length === 0, 90_000, 1000),
    true,
  );
  const revision = () => Number(s.store.get(GVR.rollouts, 'shop', 'storefront')!.metadata.annotations?.['rollout.argoproj.io/revision']);
  const podinfoImage = () => s.store.get(GVR.deployments, 'test', 'podinfo')!.spec.template.spec.containers[0].image;
  const r0 = revision();
  const i0 = podinfoImage();
  s.store.patch(GVR.rollouts, 'payments', 'checkout', 'merge', { status: { pauseConditions: null } }, 'status');
  assert.equal(
    s.clock.advanceUntil(() => s.store.get(GVR.rollouts, 'payments', 'checkout')!.status.phase === 'Healthy', 120_000, 1000),
    true,
  );
  assert.equal(
    s.clock.advanceUntil(() => s.store.get(GVR.rollouts, 'payments', 'checkout')!.status.message === 'CanaryPauseStep', 200_000, 1000),
    true,
    'checkout paused again with a new version',
  );
  assert.ok(revision() > r0 + 1, `storefront went through several revisions (${r0} → ${revision()})`);
  assert.equal(
    s.clock.advanceUntil(() => podinfoImage() !== i0, 200_000, 1000),
    true,
    'podinfo rolled out a new version',
  );
  s.stop();
});

test('every Rollout and Canary in the sample repo is live in the scenario, except the deliberate typo file', () => {
  const s = run('e2e', true);
  const objs = buildKustomization().filter((o) => o.object.kind === 'Rollout' || o.object.kind === 'Canary');
  assert.ok(objs.length >= 8);
  for (const { gvr, object } of objs) assert.ok(s.store.get(gvr, object.metadata.namespace, object.metadata.name), `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`);
  assert.ok(!objs.some((o) => o.file.includes('typo-demo')));
  s.stop();
});

test('unknown scenario names are refused with the known ones listed', () => {
  assert.throws(() => applyScenario('nope', new MemoryStore(), new FakeClock()), /unknown scenario "nope"; known: demo, e2e/);
});
