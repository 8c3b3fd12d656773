/**
 * AnalysisRuns: how the Rollout controller builds them from AnalysisTemplates, and a simulated
 * analysis controller that takes measurements on the injected clock.
 *
 * Naming and labels follow upstream (`rollout/analysis.go`): step runs are
 * `<rollout>-<podHash>-<revision>-<stepIndex>` with label `rollout-type: Step`, background runs
 * `<rollout>-<podHash>-<revision>` with `rollout-type: Background`, both labelled
 * `rollouts-pod-template-hash`, annotated `rollout.argoproj.io/revision` and owned by the Rollout.
 *
 * Measurements are not real queries. Each metric takes its first measurement at once (or after
 * `initialDelay`) and then every `interval` until `count` (default 1 without an interval; without a
 * count an interval metric keeps measuring, as a background run does upstream). The outcome of every
 * measurement is the `rollout-lens.test/outcome` annotation (Successful | Failed | Inconclusive |
 * Error; copied from the template onto the run), Successful when absent. A metric ends Failed when
 * failed > failureLimit (default 0), Inconclusive when inconclusive > inconclusiveLimit (default 0),
 * Error when errors exceed consecutiveErrorLimit (default 4), with upstream's messages
 * (`metric "web" assessed Failed due to failed (1) > failureLimit (0)`). `spec.terminate: true`
 * (what `kubectl argo rollouts terminate` and the Rollout controller send) ends a run as upstream
 * does: Successful with message "Run Terminated" unless a metric already failed.
 *
 * A template may instead give the values its measurements return, in turn (`rollout-lens.test/values`,
 * whitespace-separated, e.g. `[0.012] [0.071]`): then each measurement's outcome is its value judged by the
 * metric's success/failure conditions as upstream's `EvaluateResult` does (failure true → Failed, success
 * true → Successful, both set and neither true → Inconclusive, only a false success → Failed, only a false
 * failure → Successful), for the numeric comparisons with `result`/`result[0]` and `result == "text"`. The
 * demo uses it so the details panel's charts show real series.
 */
import type { Clock, KubeObject, ObjectStore } from '../../store/objectStore';
import { WorkQueue } from '../workQueue';
import { GVR, OUTCOME_ANNOTATION, controllerRef, durationMs, keyOf, rfc3339, splitKey, writeStatus } from '../kube';
import { findTemplate, type TemplateRef } from './rolloutSpec';
import { conditionBounds, measurementNumber } from '../../../../src/core/details/analysis';

export const VALUES_ANNOTATION = 'rollout-lens.test/values';
/** The values of one metric of the run (`rollout-lens.test/values.error-rate`). */
export const metricValuesAnnotation = (metric: string): string => `${VALUES_ANNOTATION}.${metric}`;

type Phase = 'Pending' | 'Running' | 'Successful' | 'Failed' | 'Error' | 'Inconclusive';
const COMPLETED: Phase[] = ['Successful', 'Failed', 'Error', 'Inconclusive'];
export const isCompleted = (phase: unknown): boolean => COMPLETED.includes(phase as Phase);

export interface RunRequest {
  rollout: KubeObject;
  name: string;
  podHash: string;
  stableHash?: string;
  revision: number;
  type: 'Step' | 'Background';
  templates: TemplateRef[];
  args?: { name: string; value?: string; valueFrom?: any }[];
}

/** Creates the AnalysisRun for a rollout step or background analysis, or returns the existing one. */
export function ensureAnalysisRun(store: ObjectStore, req: RunRequest): KubeObject {
  const ns = req.rollout.metadata.namespace;
  const existing = store.get(GVR.analysisRuns, ns, req.name);
  if (existing) return existing;
  const templates = req.templates.map((ref) => findTemplate(store, ns, ref)).filter((t): t is KubeObject => !!t);
  const metrics: any[] = [];
  const args = new Map<string, any>();
  let outcome: string | undefined;
  const values: Record<string, string> = {};
  for (const t of templates) {
    for (const m of t.spec?.metrics ?? []) if (!metrics.some((x) => x.name === m.name)) metrics.push(m);
    for (const a of t.spec?.args ?? []) if (!args.has(a.name)) args.set(a.name, { ...a });
    outcome ??= t.metadata.annotations?.[OUTCOME_ANNOTATION];
    for (const [k, v] of Object.entries(t.metadata.annotations ?? {})) if ((k === VALUES_ANNOTATION || k.startsWith(`${VALUES_ANNOTATION}.`)) && values[k] === undefined) values[k] = v;
  }
  for (const a of req.args ?? []) {
    const hashFrom = a.valueFrom?.podTemplateHashValue;
    const value = hashFrom === 'Stable' ? req.stableHash : hashFrom === 'Latest' ? req.podHash : a.value;
    args.set(a.name, { name: a.name, value });
  }
  // An argument named like the annotation's last segment lets a test pick the outcome per step.
  outcome = args.get('outcome')?.value ?? outcome;
  return store.create(GVR.analysisRuns, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: {
      name: req.name,
      namespace: ns,
      labels: { 'rollout-type': req.type, 'rollouts-pod-template-hash': req.podHash },
      annotations: { 'rollout.argoproj.io/revision': String(req.revision), ...(outcome ? { [OUTCOME_ANNOTATION]: outcome } : {}), ...values },
      ownerReferences: [controllerRef(req.rollout)],
    },
    spec: { metrics, ...(args.size ? { args: [...args.values()] } : {}) },
  });
}

/** Asks a run to stop, as the Rollout controller does when it moves past or abandons an analysis. */
export function terminateRun(store: ObjectStore, run: KubeObject): void {
  if (run.spec?.terminate || isCompleted(run.status?.phase)) return;
  store.update(GVR.analysisRuns, { ...run, spec: { ...run.spec, terminate: true } });
}

export class AnalysisRunController {
  readonly queue: WorkQueue;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    log?: (msg: string) => void,
  ) {
    this.queue = new WorkQueue('analysisrun', clock, (key) => this.reconcile(key), log);
  }

  observe(obj: KubeObject): void {
    this.queue.add(keyOf(obj));
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const run = this.store.get(GVR.analysisRuns, ns, name);
    if (!run || isCompleted(run.status?.phase)) return;
    const now = this.clock.now();
    const t = rfc3339(now);
    const status: any = JSON.parse(JSON.stringify(run.status ?? {}));
    status.startedAt ??= t;
    status.metricResults ??= [];
    const annotated = normaliseOutcome(run.metadata.annotations?.[OUTCOME_ANNOTATION]);
    const valuesOf = (metric: string) => (run.metadata.annotations?.[metricValuesAnnotation(metric)] ?? run.metadata.annotations?.[VALUES_ANNOTATION] ?? '').split(/\s+/).filter((v) => v !== '');
    let nextDue = Infinity;

    for (const metric of run.spec?.metrics ?? []) {
      let result = status.metricResults.find((r: any) => r.name === metric.name);
      if (!result) {
        result = { name: metric.name, phase: 'Running', count: 0, measurements: [] };
        status.metricResults.push(result);
      }
      if (isCompleted(result.phase) || run.spec?.terminate) continue;
      const intervalMs = durationMs(metric.interval);
      const count = metric.count !== undefined ? Number(metric.count) : intervalMs ? Infinity : 1;
      const startedMs = Date.parse(status.startedAt);
      const last = result.measurements[result.measurements.length - 1];
      const due = last ? Date.parse(last.finishedAt) + (intervalMs ?? 0) : startedMs + (durationMs(metric.initialDelay) ?? 0);
      if (due <= now.getTime() && result.count < count) {
        const values = valuesOf(metric.name);
        const value = values.length > 0 ? values[result.count % values.length] : undefined;
        const outcome = value !== undefined ? evaluateResult(metric, value) : annotated;
        result.measurements.push({ phase: outcome, startedAt: t, finishedAt: t, value: value ?? valueFor(metric, outcome) });
        result.measurements = result.measurements.slice(-10);
        result.count++;
        const field = { Successful: 'successful', Failed: 'failed', Inconclusive: 'inconclusive', Error: 'error' }[outcome];
        result[field] = (result[field] ?? 0) + 1;
        if (outcome === 'Error') result.consecutiveError = (result.consecutiveError ?? 0) + 1;
        else delete result.consecutiveError;
      }
      const verdict = assess(metric, result, count);
      if (verdict) {
        result.phase = verdict.phase;
        if (verdict.message) result.message = verdict.message;
      } else {
        const nextAt = (Date.parse(result.measurements[result.measurements.length - 1]?.finishedAt ?? status.startedAt) || now.getTime()) + (intervalMs ?? 0);
        nextDue = Math.min(nextDue, result.count === 0 ? due : nextAt);
      }
    }

    const phases: string[] = status.metricResults.map((r: any) => r.phase);
    const failedMetric = status.metricResults.find((r: any) => r.phase === 'Failed' || r.phase === 'Error');
    if (run.spec?.terminate) {
      for (const r of status.metricResults) if (!isCompleted(r.phase)) r.phase = 'Successful';
      status.phase = failedMetric ? failedMetric.phase : 'Successful';
      status.message = failedMetric ? failedMetric.message : 'Run Terminated';
    } else if (failedMetric) {
      status.phase = failedMetric.phase;
      status.message = failedMetric.message;
    } else if (phases.length > 0 && phases.every((p) => isCompleted(p))) {
      const inconclusive = status.metricResults.find((r: any) => r.phase === 'Inconclusive');
      status.phase = inconclusive ? 'Inconclusive' : 'Successful';
      if (inconclusive) status.message = inconclusive.message;
    } else if (phases.length === 0) {
      status.phase = 'Successful';
    } else {
      status.phase = 'Running';
    }
    if (isCompleted(status.phase)) status.completedAt ??= t;
    // runSummary as upstream reports it: metrics counted by their phase.
    const count = (p: string) => status.metricResults.filter((r: any) => r.phase === p).length;
    status.runSummary = { count: status.metricResults.length, successful: count('Successful'), failed: count('Failed'), inconclusive: count('Inconclusive'), error: count('Error') };
    for (const k of Object.keys(status.runSummary)) if (status.runSummary[k] === 0) delete status.runSummary[k];
    writeStatus(this.store, GVR.analysisRuns, run, status);
    if (!isCompleted(status.phase) && nextDue !== Infinity) this.queue.addAfter(key, Math.max(0, nextDue - now.getTime()));
  }
}

function normaliseOutcome(v: string | undefined): 'Successful' | 'Failed' | 'Inconclusive' | 'Error' {
  const s = (v ?? '').trim().toLowerCase();
  if (s === 'failed') return 'Failed';
  if (s === 'inconclusive') return 'Inconclusive';
  if (s === 'error') return 'Error';
  return 'Successful';
}

class MismatchedTypes extends Error {}

/** Upstream's `EvaluateResult` over the conditions this simulation understands (see the module comment). */
export function evaluateResult(metric: any, raw: string): 'Successful' | 'Failed' | 'Inconclusive' | 'Error' {
  const holds = (condition: unknown): boolean | undefined => {
    const c = typeof condition === 'string' ? condition.trim() : '';
    if (c === '') return undefined;
    const bool = /^result(?:\[0\])?\s*==\s*(true|false)$/.exec(c);
    if (bool) return raw.trim() === bool[1];
    const text = /^result(?:\[0\])?\s*==\s*"([^"]*)"$/.exec(c);
    if (text) {
      // A web metric's JSON boolean reaches expr as a bool: comparing it with a string is expr's
      // "mismatched types bool and string", an Error measurement (the real controller, seen on the
      // upstream stack), not a pass.
      if (metric?.provider?.web && /^(true|false)$/.test(raw.trim())) throw new MismatchedTypes();
      return raw.trim() === text[1];
    }
    const n = measurementNumber(raw);
    const bounds = conditionBounds(c);
    if (n === undefined || bounds.length === 0) return undefined;
    return bounds.every((b) => (b.op === '<' ? n < b.value : b.op === '<=' ? n <= b.value : b.op === '>' ? n > b.value : b.op === '>=' ? n >= b.value : b.op === '==' ? n === b.value : n !== b.value));
  };
  let success: boolean | undefined;
  let failure: boolean | undefined;
  try {
    success = holds(metric.successCondition);
    failure = holds(metric.failureCondition);
  } catch (e) {
    if (e instanceof MismatchedTypes) return 'Error';
    throw e;
  }
  if (failure === true) return 'Failed';
  if (success === true) return 'Successful';
  if (success === false && failure === false) return 'Inconclusive';
  if (success === false) return 'Failed';
  if (failure === false) return 'Successful';
  return 'Error';
}

function assess(metric: any, r: any, count: number): { phase: Phase; message?: string } | undefined {
  const failureLimit = Number(metric.failureLimit ?? 0);
  const inconclusiveLimit = Number(metric.inconclusiveLimit ?? 0);
  const errorLimit = Number(metric.consecutiveErrorLimit ?? 4);
  if ((r.failed ?? 0) > failureLimit && failureLimit >= 0) {
    return { phase: 'Failed', message: `metric "${metric.name}" assessed Failed due to failed (${r.failed}) > failureLimit (${failureLimit})` };
  }
  if ((r.inconclusive ?? 0) > inconclusiveLimit && inconclusiveLimit >= 0) {
    return { phase: 'Inconclusive', message: `metric "${metric.name}" assessed Inconclusive due to inconclusive (${r.inconclusive}) > inconclusiveLimit (${inconclusiveLimit})` };
  }
  if ((r.consecutiveError ?? 0) > errorLimit) {
    return { phase: 'Error', message: `metric "${metric.name}" assessed Error due to consecutiveErrors (${r.consecutiveError}) > consecutiveErrorLimit (${errorLimit})` };
  }
  if (r.count >= count) return { phase: 'Successful' };
  return undefined;
}

function valueFor(metric: any, outcome: string): string {
  const p = metric.provider ?? {};
  if (p.job) return outcome === 'Successful' ? '1' : '0';
  if (p.web) return outcome === 'Successful' ? 'true' : 'false';
  if (p.prometheus) return outcome === 'Successful' ? '0.99' : '0.42';
  return outcome === 'Successful' ? '1' : '0';
}
