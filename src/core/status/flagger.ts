/**
 * What a Flagger Canary's live object says: phase, traffic weight, iterations, failed checks, the Promoted
 * condition, and which gate (if any) it is waiting on; plus a summary of its analysis configuration.
 *
 * Sources (fluxcd/flagger): `pkg/apis/flagger/v1beta1/status.go` (CanaryStatus, phases),
 * `canary.go` (defaults: interval 60s and at least 10s, threshold 1, max weight 100 or the last stepWeights
 * entry, workload names `<target>-primary`, services `<apex>-primary`/`<apex>-canary`), and
 * `pkg/controller/scheduler_hooks.go` (a failing confirm-rollout gate parks the canary in `Waiting`, a failing
 * confirm-promotion gate in `WaitingPromotion`; confirm-traffic-increase halts weight increases while Progressing).
 */
import { ageOf, parseGoDuration } from '../util/goDuration';
import { asArray, asBool, asInt, asObject, asOptionalInt, asString, JsonObject, metadataOf, parseTime } from '../util/json';

export const CANARY_PHASES = ['Initializing', 'Initialized', 'Waiting', 'Progressing', 'WaitingPromotion', 'Promoting', 'Finalising', 'Succeeded', 'Failed', 'Terminating', 'Terminated'] as const;

export type WebhookType = 'confirm-rollout' | 'pre-rollout' | 'rollout' | 'confirm-traffic-increase' | 'confirm-promotion' | 'post-rollout' | 'rollback' | 'event' | (string & {});

export interface CanaryWebhook {
  name: string;
  /** Defaults to "rollout" as Flagger does. */
  type: WebhookType;
  url: string;
  timeout: string;
  muteAlert: boolean;
}

export interface CanaryMetric {
  name: string;
  /** "min ≤ x ≤ max" style text, '' when none. */
  threshold: string;
  interval: string;
  templateRef: string;
}

export interface CanaryAnalysisSummary {
  /** 'canary' (weights), 'ab' (header/cookie match with iterations), 'bluegreen' (iterations, no weights). */
  mode: 'canary' | 'ab' | 'bluegreen' | 'none';
  interval: string;
  intervalMs: number;
  threshold: number;
  maxWeight: number;
  stepWeight: number | undefined;
  stepWeights: number[];
  stepWeightPromotion: number | undefined;
  iterations: number | undefined;
  mirror: boolean;
}

export interface CanaryInfo {
  name: string;
  namespace: string;
  age: string;
  /** '' before Flagger first sees it. */
  phase: string;
  canaryWeight: number;
  iterations: number;
  failedChecks: number;
  promoted?: { status: string; reason: string; message: string; lastTransitionTime: string };
  lastTransitionTime: string;
  /** "5m" since the last transition, '' when none. */
  lastTransitionAge: string;
  /** The gate the canary is parked on, from its phase. */
  waitingFor?: 'confirm-rollout' | 'confirm-promotion';
  /** Progressing with a confirm-traffic-increase webhook: weight increases wait for that gate. */
  trafficGated: boolean;
  suspended: boolean;
  skipAnalysis: boolean;
  analysis: CanaryAnalysisSummary;
  /** "30% · 3/10" (weight · step) or "3/10" (iterations); '' when not in an analysis. */
  progress: string;
  step: number | undefined;
  steps: number | undefined;
  target: { kind: string; name: string };
  primary: { kind: string; name: string };
  services: { apex: string; primary: string; canary: string };
  webhooks: CanaryWebhook[];
  metrics: CanaryMetric[];
}

const DEFAULT_INTERVAL_MS = 60_000;

export function analysisOf(canary: unknown): JsonObject | undefined {
  const spec = asObject(asObject(canary).spec);
  const a = spec.analysis ?? spec.canaryAnalysis;
  return a !== null && typeof a === 'object' ? asObject(a) : undefined;
}

/** The analysis webhooks, with Flagger's default type ("rollout"). */
export function canaryWebhooks(canary: unknown): CanaryWebhook[] {
  return asArray(analysisOf(canary)?.webhooks).map((w) => {
    const h = asObject(w);
    return { name: asString(h.name), type: asString(h.type) || 'rollout', url: asString(h.url), timeout: asString(h.timeout), muteAlert: asBool(h.muteAlert) };
  });
}

function summarizeAnalysis(a: JsonObject | undefined): CanaryAnalysisSummary {
  const stepWeights = asArray(a?.stepWeights)
    .map((w) => asInt(w))
    .filter((w) => w > 0);
  const stepWeight = asOptionalInt(a?.stepWeight);
  const maxWeight = stepWeights.length > 0 ? stepWeights[stepWeights.length - 1] : asInt(a?.maxWeight) > 0 ? asInt(a?.maxWeight) : 100;
  const interval = asString(a?.interval);
  let intervalMs = DEFAULT_INTERVAL_MS;
  if (interval !== '') {
    try {
      intervalMs = Math.max(parseGoDuration(interval), 10_000);
    } catch {
      intervalMs = DEFAULT_INTERVAL_MS; // Flagger falls back to the default on a parse error
    }
  }
  const iterations = asOptionalInt(a?.iterations);
  const weighted = stepWeights.length > 0 || (stepWeight ?? 0) > 0;
  const mode: CanaryAnalysisSummary['mode'] = !a ? 'none' : weighted ? 'canary' : asArray(a.match).length > 0 ? 'ab' : (iterations ?? 0) > 0 ? 'bluegreen' : 'canary';
  return {
    mode,
    interval: interval || '1m',
    intervalMs,
    threshold: asInt(a?.threshold) > 0 ? asInt(a?.threshold) : 1,
    maxWeight,
    stepWeight,
    stepWeights,
    stepWeightPromotion: asOptionalInt(a?.stepWeightPromotion),
    iterations,
    mirror: asBool(a?.mirror),
  };
}

function thresholdText(range: unknown): string {
  const r = asObject(range);
  const min = r.min;
  const max = r.max;
  if (typeof min === 'number' && typeof max === 'number') return `${min} ≤ x ≤ ${max}`;
  if (typeof min === 'number') return `≥ ${min}`;
  if (typeof max === 'number') return `≤ ${max}`;
  return '';
}

/** Canary step arithmetic: where the current weight sits among the steps it goes through. */
function weightProgress(a: CanaryAnalysisSummary, weight: number): { step: number; steps: number } | undefined {
  if (a.stepWeights.length > 0) return { step: a.stepWeights.filter((w) => w <= weight).length, steps: a.stepWeights.length };
  if (a.stepWeight && a.stepWeight > 0) {
    const steps = Math.ceil(a.maxWeight / a.stepWeight);
    return { step: Math.min(steps, Math.ceil(weight / a.stepWeight)), steps };
  }
  return undefined;
}

const IN_ANALYSIS = new Set(['Progressing', 'Waiting', 'WaitingPromotion', 'Promoting', 'Finalising']);

export function interpretCanary(canary: unknown, now: Date = new Date()): CanaryInfo {
  const o = asObject(canary);
  const m = metadataOf(o);
  const spec = asObject(o.spec);
  const st = asObject(o.status);
  const a = analysisOf(o);
  const analysis = summarizeAnalysis(a);
  const phase = asString(st.phase);
  const canaryWeight = asInt(st.canaryWeight);
  const iterations = asInt(st.iterations);
  const cond = asArray(st.conditions)
    .map(asObject)
    .find((c) => asString(c.type) === 'Promoted');
  const webhooks = canaryWebhooks(o);
  const metrics: CanaryMetric[] = asArray(a?.metrics).map((x) => {
    const mm = asObject(x);
    const ref = asObject(mm.templateRef);
    return {
      name: asString(mm.name),
      threshold: thresholdText(mm.thresholdRange) || (typeof mm.threshold === 'number' ? `≤ ${mm.threshold}` : ''),
      interval: asString(mm.interval),
      templateRef: asString(ref.name) ? `${asString(ref.namespace) ? asString(ref.namespace) + '/' : ''}${asString(ref.name)}` : '',
    };
  });
  const target = asObject(spec.targetRef);
  const targetName = asString(target.name);
  const apex = asString(asObject(spec.service).name) || targetName;
  const lastTransition = asString(st.lastTransitionTime);
  const lt = parseTime(lastTransition);

  let progress = '';
  let step: number | undefined;
  let steps: number | undefined;
  if (IN_ANALYSIS.has(phase)) {
    const wp = analysis.mode === 'canary' ? weightProgress(analysis, canaryWeight) : undefined;
    if (wp) {
      ({ step, steps } = wp);
      progress = `${canaryWeight}% · ${step}/${steps}`;
    } else if ((analysis.iterations ?? 0) > 0) {
      step = iterations;
      steps = analysis.iterations;
      progress = `${canaryWeight > 0 ? `${canaryWeight}% · ` : ''}${iterations}/${analysis.iterations}`;
    } else if (canaryWeight > 0) {
      progress = `${canaryWeight}%`;
    }
  }

  const info: CanaryInfo = {
    name: m.name,
    namespace: m.namespace,
    age: ageOf(parseTime(m.creationTimestamp), now),
    phase,
    canaryWeight,
    iterations,
    failedChecks: asInt(st.failedChecks),
    lastTransitionTime: lastTransition,
    lastTransitionAge: lt ? ageOf(lt, now) : '',
    trafficGated: phase === 'Progressing' && webhooks.some((w) => w.type === 'confirm-traffic-increase'),
    suspended: asBool(spec.suspend),
    skipAnalysis: asBool(spec.skipAnalysis),
    analysis,
    progress,
    step,
    steps,
    target: { kind: asString(target.kind) || 'Deployment', name: targetName },
    primary: { kind: asString(target.kind) || 'Deployment', name: targetName ? `${targetName}-primary` : '' },
    services: { apex, primary: apex ? `${apex}-primary` : '', canary: apex ? `${apex}-canary` : '' },
    webhooks,
    metrics,
  };
  if (cond) info.promoted = { status: asString(cond.status), reason: asString(cond.reason), message: asString(cond.message), lastTransitionTime: asString(cond.lastTransitionTime) };
  if (phase === 'Waiting') info.waitingFor = 'confirm-rollout';
  else if (phase === 'WaitingPromotion') info.waitingFor = 'confirm-promotion';
  return info;
}
