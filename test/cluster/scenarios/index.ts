/**
 * Named scenarios for the test cluster: `applyScenario(name, store, clock)` deploys the sample config
 * repo (test/demo/workspace) and starts the drivers that push new versions, then returns at once;
 * the simulated controllers (started before or after) take the objects to their states:
 *
 * - `demo`: keeps moving in real time. payments/checkout pauses at step 1 (needs promotion),
 *   payments/ledger waits for blue/green promotion, shop/storefront progresses through weights, a
 *   pause and an analysis and starts a new revision ~20 s after each success, shop/cart is Degraded
 *   (its analysis fails), shop/search pauses at step 1; Flagger test/podinfo progresses (new
 *   revision ~20 s after each success), test/frontend reaches WaitingPromotion behind its
 *   confirm-promotion gate, test/backend ends Failed. Promoted rollouts and canaries come back to
 *   their waiting state with a new version ~90 s later, so the demo can be repeated.
 * - `e2e`: the same objects and first transitions, but nothing starts again by itself, so tests can
 *   act on a paused rollout without racing a driver.
 *
 * `scenarioExpectations(name)` lists the state each object is expected to reach (for tests to poll
 * with a deadline); `unmetExpectations` says which are not there yet.
 */
import type { Clock, KubeObject, ObjectStore } from '../store/objectStore';
import { RealClock } from '../controllers/clock';
import { GVR, OUTCOME_ANNOTATION } from '../controllers/kube';
import { VALUES_ANNOTATION, metricValuesAnnotation } from '../controllers/argo/analysisRunController';
import { buildKustomization, type WorkspaceObject } from './workspaceObjects';
import { ScenarioDriver, type DriverSpec } from './drivers';

export { DEMO_WORKSPACE, buildKustomization } from './workspaceObjects';

export interface ScenarioHandle {
  readonly name: string;
  /** Objects created (or found already present). */
  readonly objects: WorkspaceObject[];
  stop(): void;
}

export interface Expectation {
  kind: 'Rollout' | 'Canary';
  namespace: string;
  name: string;
  phase: string;
  /** Rollouts: the expected status.message (e.g. the pause reason). */
  message?: string | RegExp;
}

const DEMO_IMAGES = ['argoproj/rollouts-demo:blue', 'argoproj/rollouts-demo:green', 'argoproj/rollouts-demo:yellow', 'argoproj/rollouts-demo:orange'];
const PODINFO = ['ghcr.io/stefanprodan/podinfo:6.5.0', 'ghcr.io/stefanprodan/podinfo:6.5.1', 'ghcr.io/stefanprodan/podinfo:6.5.2', 'ghcr.io/stefanprodan/podinfo:6.5.3'];

/** Simulated outcomes: the cart analysis and the backend error-rate check fail. */
const OUTCOMES: { kind: string; namespace: string; name: string; outcome: string }[] = [
  { kind: 'AnalysisTemplate', namespace: 'shop', name: 'cart-error-rate', outcome: 'Failed' },
  { kind: 'MetricTemplate', namespace: 'test', name: 'error-rate', outcome: 'Failed' },
];

/**
 * What the simulated analyses measure, in turn (VALUES_ANNOTATION, per metric when `metric` is set), so the
 * details panel's charts show real series against their conditions, one of each outcome: cart's error rate
 * passes once and then crosses `result[0] < 0.05` (the metric fails, the run fails, the rollout is
 * aborted); cart's p99 latency passes once and then lands between its success (< 0.3) and failure (>= 0.5)
 * conditions (inconclusive: the metric ends Inconclusive); storefront's health check fails once, within its
 * failureLimit of 1 (the metric passes).
 */
const MEASUREMENTS: { kind: string; namespace: string; name: string; metric?: string; values: string }[] = [
  { kind: 'AnalysisTemplate', namespace: 'shop', name: 'cart-error-rate', metric: 'error-rate', values: '[0.012] [0.071]' },
  { kind: 'AnalysisTemplate', namespace: 'shop', name: 'cart-error-rate', metric: 'latency-p99', values: '[0.21] [0.38]' },
  { kind: 'AnalysisTemplate', namespace: 'shop', name: 'storefront-success-rate', values: 'true false true' },
];

/** The scenario's drivers (`repeat`: the demo's endless cycle); also run against the upstream stack (test/upstream/stack/scenario.ts). */
export function drivers(repeat: boolean): DriverSpec[] {
  const again = (ms: number) => (repeat ? ms : undefined);
  return [
    { kind: 'Rollout', namespace: 'payments', name: 'checkout', images: DEMO_IMAGES, repeatAfterMs: again(90_000) },
    { kind: 'Rollout', namespace: 'payments', name: 'ledger', images: DEMO_IMAGES, repeatAfterMs: again(90_000) },
    { kind: 'Rollout', namespace: 'shop', name: 'storefront', images: ['argoproj/rollouts-demo:yellow', 'argoproj/rollouts-demo:purple', 'argoproj/rollouts-demo:blue'], repeatAfterMs: again(20_000) },
    { kind: 'Rollout', namespace: 'shop', name: 'cart', images: ['argoproj/rollouts-demo:green', 'argoproj/rollouts-demo:red'] },
    { kind: 'Rollout', namespace: 'shop', name: 'search', images: ['argoproj/rollouts-demo:purple', 'argoproj/rollouts-demo:orange'], repeatAfterMs: again(90_000) },
    { kind: 'Canary', namespace: 'test', name: 'podinfo', images: PODINFO, repeatAfterMs: again(20_000) },
    { kind: 'Canary', namespace: 'test', name: 'frontend', images: PODINFO, repeatAfterMs: again(60_000) },
    { kind: 'Canary', namespace: 'test', name: 'backend', images: PODINFO },
  ];
}

const EXPECTATIONS: Expectation[] = [
  { kind: 'Rollout', namespace: 'payments', name: 'checkout', phase: 'Paused', message: 'CanaryPauseStep' },
  { kind: 'Rollout', namespace: 'payments', name: 'ledger', phase: 'Paused', message: 'BlueGreenPause' },
  // The real controller words it `RolloutAborted: Rollout aborted update to revision 2: Step-based
  // analysis phase error/failed: Metric "error-rate" assessed Failed …` (test/upstream/README.md);
  // both carry the reason and the failed metric, which is what the scenario's users read.
  { kind: 'Rollout', namespace: 'shop', name: 'cart', phase: 'Degraded', message: /^RolloutAborted: (.*: )?metric "error-rate" assessed Failed/i },
  { kind: 'Rollout', namespace: 'shop', name: 'search', phase: 'Paused', message: 'CanaryPauseStep' },
  { kind: 'Canary', namespace: 'test', name: 'frontend', phase: 'WaitingPromotion' },
  { kind: 'Canary', namespace: 'test', name: 'backend', phase: 'Failed' },
];

export const SCENARIOS = ['demo', 'e2e'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export function applyScenario(name: string, store: ObjectStore, clock: Clock = new RealClock()): ScenarioHandle {
  if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.join(', ')}`);
  const objects = buildKustomization();
  const active = drivers(name === 'demo').map((d) => new ScenarioDriver(store, clock, d));
  const unsubscribe = store.subscribe((e) => {
    if (e.object.kind === 'Rollout' || e.object.kind === 'Canary') for (const d of active) d.observe(e.object);
  });
  for (const { gvr, object } of objects) {
    const outcome = OUTCOMES.find((o) => o.kind === object.kind && o.namespace === object.metadata.namespace && o.name === object.metadata.name);
    if (outcome) object.metadata.annotations = { ...(object.metadata.annotations ?? {}), [OUTCOME_ANNOTATION]: outcome.outcome };
    for (const m of MEASUREMENTS.filter((o) => o.kind === object.kind && o.namespace === object.metadata.namespace && o.name === object.metadata.name)) {
      object.metadata.annotations = { ...(object.metadata.annotations ?? {}), [m.metric ? metricValuesAnnotation(m.metric) : VALUES_ANNOTATION]: m.values };
    }
    // The loadtester Service may already exist (the controllers create it with its proxy): keep it.
    if (store.get(gvr, object.metadata.namespace, object.metadata.name)) continue;
    store.create(gvr, object);
  }
  // Objects that were already settled before the drivers subscribed (controllers started first).
  for (const gvr of [GVR.rollouts, GVR.canaries]) for (const o of store.list(gvr)) for (const d of active) d.observe(o);
  return {
    name,
    objects,
    stop() {
      unsubscribe();
      for (const d of active) d.stop();
    },
  };
}

export function scenarioExpectations(name: string): Expectation[] {
  if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario "${name}"`);
  return EXPECTATIONS.map((e) => ({ ...e }));
}

/** The expectations not met yet, each with what was seen instead (empty when the scenario is in place). */
export function unmetExpectations(name: string, read: (e: Expectation) => KubeObject | undefined): string[] {
  const out: string[] = [];
  for (const e of scenarioExpectations(name)) {
    const o = read(e);
    const phase = o?.status?.phase;
    const message = o?.status?.message;
    const messageOk = e.message === undefined || (typeof e.message === 'string' ? message === e.message : e.message.test(message ?? ''));
    if (phase !== e.phase || !messageOk) out.push(`${e.kind} ${e.namespace}/${e.name}: want ${e.phase}${e.message ? ` (${e.message})` : ''}, have ${o ? `${phase ?? 'no phase'}${message ? ` (${message})` : ''}` : 'nothing'}`);
  }
  return out;
}

/** Reads an expectation's object from a store. */
export const readFromStore = (store: ObjectStore) => (e: Expectation) => store.get(e.kind === 'Rollout' ? GVR.rollouts : GVR.canaries, e.namespace, e.name);
