/**
 * The canary strategy (upstream `rollout/canary.go`, `utils/replicaset/canary.go`), one step per
 * reconcile:
 *
 * - fully promoted (stable hash == current hash): new ReplicaSet at full scale, others at zero;
 * - `status.abort`: canary scaled to zero, stable back to full, step index 0, weights to the stable,
 *   running analysis terminated, `abortedAt` stamped (the Progressing condition says RolloutAborted);
 * - `status.promoteFull`: canary to full scale, then stable := current, all steps marked done;
 * - `spec.paused`: nothing advances;
 * - otherwise the step at `currentStepIndex`: setWeight waits for the canary ReplicaSet to be
 *   available at ceil(weight × replicas / 100) pods; pause adds the CanaryPauseStep pause condition
 *   with `controllerPause: true` and ends when its duration passes or when someone clears the
 *   pause conditions (that is what promote sends); analysis creates an AnalysisRun and follows its
 *   phase (Successful → next step, Failed/Error → abort, Inconclusive → InconclusiveAnalysisRun pause);
 *   experiment creates an Experiment and waits for it. Background analysis (`canary.analysis`) runs
 *   from `startingStep` until the update completes and aborts it on failure.
 *
 * Without traffic routing the stable ReplicaSet shrinks as the canary grows (basic canary); with
 * `trafficRouting` the stable stays at full scale and `status.canary.weights` records the traffic
 * split once the canary pods are available.
 */
import { GVR, durationMs, rfc3339, setCondition } from '../kube';
import { ensureAnalysisRun, isCompleted, terminateRun } from './analysisRunController';
import { ensureExperiment } from './experimentController';
import type { RolloutContext } from './rolloutController';
import { replicasOf, stepsOf, weightAt } from './rolloutSpec';
import { hashOf } from './rolloutStatus';

const available = (rs: { status?: any } | undefined): number => Number(rs?.status?.availableReplicas ?? 0);

export function reconcileCanary(ctx: RolloutContext): void {
  const { ro, status, podHash } = ctx;
  const steps = stepsOf(ro);
  const replicas = replicasOf(ro);
  const canary = ro.spec?.strategy?.canary ?? {};
  const routed = !!canary.trafficRouting;
  const others = ctx.allRS.filter((rs) => hashOf(rs) !== podHash && hashOf(rs) !== status.stableRS);

  if (status.stableRS === podHash) {
    ctx.scale(ctx.newRS, replicas);
    if (available(ctx.newRS) >= replicas) for (const rs of ctx.allRS) if (hashOf(rs) !== podHash) ctx.scale(rs, 0);
    if (steps.length > 0) status.currentStepIndex = steps.length;
    delete status.promoteFull;
    if (!ro.spec?.paused) {
      delete status.pauseConditions;
      status.controllerPause = false;
    }
    setWeights(ctx, routed, 0);
    endBackgroundAnalysis(ctx);
    ctx.completeMessage = ctx.revision === 1 ? 'Initial deploy' : `Completed all ${steps.length} canary steps`;
    return;
  }

  for (const rs of others) ctx.scale(rs, 0);

  if (status.abort) {
    status.abortedAt ??= rfc3339(ctx.now);
    ctx.scale(ctx.newRS, 0);
    ctx.scale(ctx.stableRS, replicas);
    if (steps.length > 0) status.currentStepIndex = 0;
    delete status.pauseConditions;
    status.controllerPause = false;
    setWeights(ctx, routed, 0);
    for (const run of ownedRuns(ctx)) terminateRun(ctx.store, run);
    return;
  }

  if (status.promoteFull) {
    ctx.scale(ctx.newRS, replicas);
    if (!routed) ctx.scale(ctx.stableRS, Math.max(0, replicas - available(ctx.newRS)));
    if (available(ctx.newRS) >= replicas) promote(ctx, steps.length);
    return;
  }

  const idx = Math.min(Number(status.currentStepIndex ?? 0), steps.length);
  status.currentStepIndex = steps.length > 0 ? idx : undefined;
  const weight = weightAt(steps, idx);
  const canaryReplicas = Math.ceil((weight * replicas) / 100);
  ctx.scale(ctx.newRS, canaryReplicas);
  ctx.scale(ctx.stableRS, routed ? replicas : Math.max(0, replicas - canaryReplicas));
  const canaryAvailable = available(ctx.newRS) >= canaryReplicas;
  if (canaryAvailable) setWeights(ctx, routed, weight);

  backgroundAnalysis(ctx, idx);
  if (status.abort) return;
  if (ro.spec?.paused) return;

  if (idx >= steps.length) {
    if (available(ctx.newRS) >= replicas) promote(ctx, steps.length);
    return;
  }
  const step = steps[idx];
  let done: boolean;
  if (typeof step.setWeight === 'number') {
    done = canaryAvailable;
  } else if (step.pause) {
    done = pauseStep(ctx, step.pause);
  } else if (step.analysis) {
    done = analysisStep(ctx, idx, step);
  } else if (step.experiment) {
    done = experimentStep(ctx, idx, step.experiment);
  } else {
    done = true; // setCanaryScale, setHeaderRoute, plugin steps: nothing to simulate
  }
  // A step index moved by promote (skip) leaves a running step analysis behind: terminate it.
  for (const run of ownedRuns(ctx)) {
    if (run.metadata.labels?.['rollout-type'] === 'Step' && !run.metadata.name.endsWith(`-${idx}`)) terminateRun(ctx.store, run);
  }
  if (done) {
    status.currentStepIndex = idx + 1;
    status.controllerPause = false;
    delete status.canary.currentStepAnalysisRunStatus;
    delete status.canary.currentExperiment;
  }
}

function promote(ctx: RolloutContext, stepCount: number): void {
  ctx.status.stableRS = ctx.podHash;
  if (stepCount > 0) ctx.status.currentStepIndex = stepCount;
  delete ctx.status.promoteFull;
  delete ctx.status.pauseConditions;
  ctx.status.controllerPause = false;
  for (const rs of ctx.allRS) if (hashOf(rs) !== ctx.podHash) ctx.scale(rs, 0);
  setWeights(ctx, !!ctx.ro.spec?.strategy?.canary?.trafficRouting, 0);
}

/** Pause step: CanaryPauseStep condition; done when its duration passed or when it was cleared (promote). */
function pauseStep(ctx: RolloutContext, pause: { duration?: string | number }): boolean {
  const { status } = ctx;
  const conds: any[] = status.pauseConditions ?? [];
  const cond = conds.find((c) => c.reason === 'CanaryPauseStep');
  if (!cond) {
    if (status.controllerPause) return true; // the pause condition was removed by promote
    status.pauseConditions = [...conds, { reason: 'CanaryPauseStep', startTime: rfc3339(ctx.now) }];
    status.controllerPause = true;
    const d = durationMs(pause.duration);
    if (d !== undefined) ctx.requeueAfter(d);
    return false;
  }
  const d = durationMs(pause.duration);
  if (d === undefined) return false;
  const remaining = Date.parse(cond.startTime) + d - ctx.now.getTime();
  if (remaining > 0) {
    ctx.requeueAfter(remaining);
    return false;
  }
  status.pauseConditions = conds.filter((c) => c !== cond);
  if (status.pauseConditions.length === 0) delete status.pauseConditions;
  return true;
}

function analysisStep(ctx: RolloutContext, idx: number, step: any): boolean {
  const { status } = ctx;
  const inconclusivePause = (status.pauseConditions ?? []).find((c: any) => c.reason === 'InconclusiveAnalysisRun');
  const name = `${ctx.ro.metadata.name}-${ctx.podHash}-${ctx.revision}-${idx}`;
  const run = ensureAnalysisRun(ctx.store, {
    rollout: ctx.ro,
    name,
    podHash: ctx.podHash,
    stableHash: status.stableRS,
    revision: ctx.revision,
    type: 'Step',
    templates: step.analysis.templates ?? [],
    args: step.analysis.args,
  });
  const phase = run.status?.phase ?? 'Pending';
  status.canary.currentStepAnalysisRunStatus = { name, status: phase, ...(run.status?.message ? { message: run.status.message } : {}) };
  if (phase === 'Successful') return true;
  if (phase === 'Failed' || phase === 'Error') {
    abortFor(ctx, run.status?.message ?? `AnalysisRun "${name}" ${phase.toLowerCase()}`);
    return false;
  }
  if (phase === 'Inconclusive') {
    if (!inconclusivePause) {
      if (status.controllerPause) return true; // cleared by promote
      status.pauseConditions = [...(status.pauseConditions ?? []), { reason: 'InconclusiveAnalysisRun', startTime: rfc3339(ctx.now) }];
      status.controllerPause = true;
    }
    return false;
  }
  return false;
}

function experimentStep(ctx: RolloutContext, idx: number, step: any): boolean {
  const name = `${ctx.ro.metadata.name}-${ctx.podHash}-${ctx.revision}-${idx}`;
  const exp = ensureExperiment(ctx.store, ctx.ro, ctx.stableRS, name, ctx.podHash, ctx.revision, step);
  ctx.status.canary.currentExperiment = name;
  const phase = exp.status?.phase;
  if (phase === 'Successful') return true;
  if (phase === 'Failed' || phase === 'Error') abortFor(ctx, exp.status?.message ?? `Experiment "${name}" ${String(phase).toLowerCase()}`);
  return false;
}

function backgroundAnalysis(ctx: RolloutContext, idx: number): void {
  const bg = ctx.ro.spec?.strategy?.canary?.analysis;
  if (!bg?.templates?.length) return;
  const startingStep = Number(bg.startingStep ?? 0);
  if (idx < startingStep) return;
  const name = `${ctx.ro.metadata.name}-${ctx.podHash}-${ctx.revision}`;
  const run = ensureAnalysisRun(ctx.store, {
    rollout: ctx.ro,
    name,
    podHash: ctx.podHash,
    stableHash: ctx.status.stableRS,
    revision: ctx.revision,
    type: 'Background',
    templates: bg.templates,
    args: bg.args,
  });
  const phase = run.status?.phase ?? 'Pending';
  ctx.status.canary.currentBackgroundAnalysisRunStatus = { name, status: phase, ...(run.status?.message ? { message: run.status.message } : {}) };
  if (phase === 'Failed' || phase === 'Error') abortFor(ctx, run.status?.message ?? `AnalysisRun "${name}" ${phase.toLowerCase()}`);
}

function endBackgroundAnalysis(ctx: RolloutContext): void {
  for (const run of ownedRuns(ctx)) if (run.metadata.labels?.['rollout-type'] === 'Background' && !isCompleted(run.status?.phase)) terminateRun(ctx.store, run);
}

/** The controller's own abort (failed analysis): same state as `status.abort: true`, with the run's message. */
function abortFor(ctx: RolloutContext, message: string): void {
  const { status } = ctx;
  status.abort = true;
  status.abortedAt = rfc3339(ctx.now);
  status.conditions = setCondition(status.conditions ?? [], { type: 'Progressing', status: 'False', reason: 'RolloutAborted', message }, ctx.now);
  ctx.scale(ctx.newRS, 0);
  ctx.scale(ctx.stableRS, replicasOf(ctx.ro));
  if (stepsOf(ctx.ro).length > 0) status.currentStepIndex = 0;
  delete status.pauseConditions;
  status.controllerPause = false;
  setWeights(ctx, !!ctx.ro.spec?.strategy?.canary?.trafficRouting, 0);
  for (const run of ownedRuns(ctx)) terminateRun(ctx.store, run);
}

function ownedRuns(ctx: RolloutContext) {
  return ctx.store.ownedBy(GVR.analysisRuns, ctx.ro.metadata.namespace, 'Rollout', ctx.ro.metadata.name).filter((r) => r.metadata.labels?.['rollouts-pod-template-hash'] === ctx.podHash);
}

/** `status.canary.weights` (traffic-routed canaries only, as upstream): the split now in force. */
function setWeights(ctx: RolloutContext, routed: boolean, canaryWeight: number): void {
  if (!routed) {
    delete ctx.status.canary.weights;
    return;
  }
  const c = ctx.ro.spec.strategy.canary;
  const stableHash = ctx.status.stableRS;
  const fullyPromoted = stableHash === ctx.podHash;
  ctx.status.canary.weights = {
    canary: { podTemplateHash: ctx.podHash, serviceName: c.canaryService ?? '', weight: fullyPromoted ? 0 : canaryWeight },
    stable: { podTemplateHash: stableHash, serviceName: c.stableService ?? '', weight: fullyPromoted ? 100 : 100 - canaryWeight },
  };
}
