/**
 * Plans for the Argo Rollouts actions, sending exactly what `kubectl argo rollouts` sends
 * (argoproj/argo-rollouts `pkg/kubectl-argo-rollouts/cmd/{pause,abort,retry,restart,promote,terminate}`).
 * All bodies are JSON merge patches (undo, a JSON Patch, is in ./undo.ts).
 *
 * - pause:   `{"spec":{"paused":true}}` to the rollout.
 * - abort:   `{"status":{"abort":true}}` to /status, 404 → same body to the rollout. retry: `abort:false`.
 * - restart: `{"spec":{"restartAt":"<RFC 3339 UTC>"}}`, now or now + a Go duration.
 * - promote: status patch first (404 → the unified patch to the rollout instead), then the spec patch; the
 *   status patch depends on the state (inconclusive step analysis, pause conditions, canary steps), see
 *   `promotePatches`. `--full` sets `status.promoteFull` only while an update is in flight.
 * - resume:  upstream has no resume command. Resume here is the pause-clearing half of promote: clear
 *   `spec.paused` and `status.pauseConditions`, never advancing a step (promote on a manually paused canary
 *   would also jump to the next step).
 */
import { canaryStrategy, canarySteps, currentCanaryStep, isFullyPromoted, pauseConditions, rolloutSpec, rolloutStatus } from '../status/argoPhase';
import { canaryStepText } from '../status/argoSteps';
import { parseGoDuration } from '../util/goDuration';
import { asBool, asString, at, metadataOf } from '../util/json';
import { ActionError, ActionPlan, mergePatch, PlannedRequest, ResourceTarget, statusFirst } from './plan';
import { resourceOf } from '../kinds';

export function rolloutTarget(rollout: unknown): ResourceTarget {
  const m = metadataOf(rollout);
  return { ...resourceOf('Rollout'), namespace: m.namespace, name: m.name };
}

function label(rollout: unknown): string {
  const m = metadataOf(rollout);
  return `rollout '${m.name}'`;
}

export function pausePlan(rollout: unknown): ActionPlan {
  const plan: ActionPlan = {
    action: 'pause',
    target: rolloutTarget(rollout),
    requests: [mergePatch({ spec: { paused: true } })],
    describe: `Sets spec.paused on ${label(rollout)}: the controller stops progressing it until it is resumed or promoted.`,
  };
  if (asBool(rolloutSpec(rollout).paused)) plan.noop = `${label(rollout)} is already paused (spec.paused is true).`;
  return plan;
}

function updateInFlight(rollout: unknown): boolean {
  return !isFullyPromoted(rollout);
}

/** abort and retry send one patch, `status.abort` set or cleared: to /status, 404 → the same body to the rollout. */
function abortFlagPlan(action: 'abort' | 'retry', rollout: unknown, abort: boolean, describe: string): ActionPlan {
  const body = { status: { abort } };
  return { action, target: rolloutTarget(rollout), requests: [statusFirst(body, body)], describe };
}

export function abortPlan(rollout: unknown): ActionPlan {
  const plan = abortFlagPlan('abort', rollout, true, `Sets status.abort on ${label(rollout)}: traffic and replicas go back to the stable ReplicaSet and the rollout becomes Degraded until retried or updated.`);
  if (asBool(rolloutStatus(rollout).abort)) plan.noop = `${label(rollout)} is already aborted.`;
  else if (!updateInFlight(rollout)) plan.noop = `${label(rollout)} has no update in flight (the stable ReplicaSet is the current one): there is nothing to abort.`;
  return plan;
}

export function retryPlan(rollout: unknown): ActionPlan {
  const plan = abortFlagPlan('retry', rollout, false, `Clears status.abort on ${label(rollout)}: the aborted update starts again from the first step.`);
  if (!asBool(rolloutStatus(rollout).abort)) plan.noop = `${label(rollout)} is not aborted: retry only restarts an aborted update.`;
  return plan;
}

/** RFC 3339 in UTC without fractional seconds, as Go's `time.RFC3339` layout prints a metav1.Time. */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * @param delay a Go duration (`--in`), e.g. "30s", "1h30m". Invalid values throw an ActionError with Go's
 *   message (upstream panics instead).
 */
export function restartPlan(rollout: unknown, now: Date, delay?: string): ActionPlan {
  let ms = 0;
  if (delay !== undefined && delay !== '') {
    try {
      ms = parseGoDuration(delay);
    } catch (e) {
      throw new ActionError(`Invalid restart delay: ${(e as Error).message}. Use a Go duration such as 30s, 5m or 1h30m.`);
    }
  }
  const at = rfc3339Seconds(now.getTime() + ms);
  return {
    action: 'restart',
    target: rolloutTarget(rollout),
    requests: [mergePatch({ spec: { restartAt: at } })],
    describe: `Sets spec.restartAt=${at} on ${label(rollout)}: its pods are recreated ${ms > 0 ? `after ${delay}` : 'now'}, a few at a time.`,
  };
}

function isInconclusiveStepAnalysis(rollout: unknown): boolean {
  return canaryStrategy(rollout) !== undefined && asString(at(rolloutStatus(rollout), 'canary', 'currentStepAnalysisRunStatus', 'status')) === 'Inconclusive';
}

/** The next step index, capped at the number of steps; undefined when the canary has no steps. */
function nextStepIndex(rollout: unknown): number | undefined {
  const { index } = currentCanaryStep(rollout);
  if (index === undefined) return undefined;
  return index < canarySteps(rollout).length ? index + 1 : index;
}

/** Upstream `getPatches` for the default (no flag) promote. */
export function promotePatches(rollout: unknown): { spec?: object; status?: object; unified: object } {
  const paused = asBool(rolloutSpec(rollout).paused);
  const pcs = pauseConditions(rollout);
  const out: { spec?: object; status?: object; unified: object } = { unified: { spec: { paused: false }, status: { pauseConditions: null } } };
  if (paused) out.spec = { spec: { paused: false } };
  if (isInconclusiveStepAnalysis(rollout) && pcs.length > 0 && asBool(rolloutStatus(rollout).controllerPause)) {
    const next = nextStepIndex(rollout);
    if (next !== undefined) out.status = { status: { pauseConditions: null, controllerPause: false, currentStepIndex: next } };
  } else if (pcs.length > 0) {
    out.status = { status: { pauseConditions: null } };
  } else if (canaryStrategy(rollout)) {
    const next = nextStepIndex(rollout);
    if (next !== undefined) {
      out.status = { status: { pauseConditions: null, currentStepIndex: next } };
      out.unified = { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: next } };
    }
  }
  return out;
}

function requestsFor(p: { spec?: object; status?: object; unified: object }): PlannedRequest[] {
  const reqs: PlannedRequest[] = [];
  if (p.status) reqs.push(statusFirst(p.status, p.unified));
  if (p.spec) reqs.push(mergePatch(p.spec));
  return reqs;
}

/** Promote (default mode): continue past the current pause or step, like `kubectl argo rollouts promote`. */
export function promotePlan(rollout: unknown): ActionPlan {
  const p = promotePatches(rollout);
  const target = rolloutTarget(rollout);
  const steps = canarySteps(rollout);
  const { step, index } = currentCanaryStep(rollout);
  const pcs = pauseConditions(rollout);
  const plan: ActionPlan = { action: 'promote', target, requests: requestsFor(p), describe: '' };
  const statusBody = (p.status as { status?: Record<string, unknown> } | undefined)?.status;
  const next = statusBody?.currentStepIndex as number | undefined;
  if (statusBody && 'controllerPause' in statusBody) {
    plan.describe = `Accepts the Inconclusive analysis of step ${index}/${steps.length} of ${label(rollout)} and moves it to step ${next}/${steps.length}.`;
    plan.skips = 'The Inconclusive analysis result is accepted as if it had passed.';
  } else if (pcs.length > 0) {
    const reasons = pcs.map((c) => asString(c.reason)).filter((r) => r !== '');
    plan.describe = reasons.includes('BlueGreenPause')
      ? `Ends the blue-green pause of ${label(rollout)}: the preview ReplicaSet is switched to active.`
      : `Clears the pause (${reasons.join(', ') || 'pause condition'}) of ${label(rollout)} so it continues to the next step.`;
    if (reasons.includes('BlueGreenPause') && at(rollout, 'spec', 'strategy', 'blueGreen', 'prePromotionAnalysis') !== undefined) {
      plan.skips = 'Promoting before the pre-promotion analysis completes skips the rest of it.';
    }
  } else if (next !== undefined) {
    if (index !== undefined && index >= steps.length) {
      plan.describe = `All ${steps.length} steps of ${label(rollout)} are done.`;
    } else {
      plan.describe = `Moves ${label(rollout)} from step ${index}/${steps.length} to step ${next}/${steps.length}.`;
      plan.skips =
        step?.analysis !== undefined
          ? 'Promoting during an analysis step skips that analysis.'
          : step?.experiment !== undefined
            ? 'Promoting during an experiment step skips that experiment.'
            : `Promoting skips the current step (${step ? canaryStepText(step) : 'none'}).`;
    }
  }
  if (p.spec && !plan.describe) plan.describe = `Clears spec.paused on ${label(rollout)} so it continues.`;
  else if (p.spec) plan.describe += ' It also clears spec.paused.';
  const nothingToAdvance = !p.spec && pcs.length === 0 && (p.status === undefined || (index !== undefined && index >= steps.length));
  if (plan.requests.length === 0 || nothingToAdvance) {
    plan.noop = canaryStrategy(rollout)
      ? steps.length === 0
        ? `${label(rollout)} is not paused and has no canary steps: promote has nothing to do.`
        : `${label(rollout)} is not paused and all ${steps.length} steps are done: promote has nothing to advance.`
      : `${label(rollout)} is not paused: a blue-green rollout is only promoted while it waits for promotion (upstream sends nothing).`;
    plan.describe = plan.describe || 'Nothing to promote.';
    delete plan.skips;
  }
  return plan;
}

/** Promote full (`--full`): jump to the end, skipping every remaining step, pause and analysis. */
export function promoteFullPlan(rollout: unknown): ActionPlan {
  const paused = asBool(rolloutSpec(rollout).paused);
  const inFlight = updateInFlight(rollout);
  const unified = { spec: { paused: false }, status: { promoteFull: true } };
  const requests: PlannedRequest[] = [];
  if (inFlight) requests.push(statusFirst({ status: { promoteFull: true } }, unified));
  if (paused) requests.push(mergePatch({ spec: { paused: false } }));
  const plan: ActionPlan = {
    action: 'promote-full',
    target: rolloutTarget(rollout),
    requests,
    describe: inFlight
      ? `Sets status.promoteFull on ${label(rollout)}: the new ReplicaSet becomes stable and takes all traffic now.${paused ? ' It also clears spec.paused.' : ''}`
      : `Clears spec.paused on ${label(rollout)} (it is already fully promoted).`,
  };
  if (inFlight) plan.skips = canaryStrategy(rollout) ? 'Promote full skips all remaining steps, pauses and analysis.' : 'Promote full skips the pause and any pre-promotion analysis.';
  if (!inFlight && !paused) plan.noop = `${label(rollout)} is not paused and already fully promoted (the stable ReplicaSet is the current one): upstream sends nothing.`;
  return plan;
}

/** Resume: clear `spec.paused` and `status.pauseConditions` (status first, 404 → unified), never skipping a step. */
export function resumePlan(rollout: unknown): ActionPlan {
  const paused = asBool(rolloutSpec(rollout).paused);
  const pcs = pauseConditions(rollout);
  const requests: PlannedRequest[] = [];
  const unified = { spec: { paused: false }, status: { pauseConditions: null } };
  if (pcs.length > 0) requests.push(statusFirst({ status: { pauseConditions: null } }, unified));
  if (paused) requests.push(mergePatch({ spec: { paused: false } }));
  const plan: ActionPlan = {
    action: 'resume',
    target: rolloutTarget(rollout),
    requests,
    describe: `Clears ${[paused && 'spec.paused', pcs.length > 0 && 'the pause conditions'].filter(Boolean).join(' and ') || 'the pause'} of ${label(rollout)} so it continues (what upstream's promote does for a paused rollout; there is no upstream resume command).`,
  };
  if (isInconclusiveStepAnalysis(rollout) && asBool(rolloutStatus(rollout).controllerPause)) {
    plan.skips = 'The step analysis was Inconclusive: the controller may pause again. Promote accepts the result and moves to the next step.';
  }
  if (requests.length === 0) plan.noop = `${label(rollout)} is not paused: there is nothing to resume.`;
  return plan;
}

function childTarget(obj: unknown, kind: 'Experiment' | 'AnalysisRun'): ResourceTarget {
  const m = metadataOf(obj);
  return { ...resourceOf(kind), namespace: m.namespace, name: m.name };
}

const FINAL_PHASES = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** `kubectl argo rollouts terminate analysisrun|experiment`: `{"spec":{"terminate":true}}` to the object. */
export function terminatePlan(obj: unknown, kind: 'Experiment' | 'AnalysisRun'): ActionPlan {
  const plan: ActionPlan = {
    action: 'terminate',
    target: childTarget(obj, kind),
    requests: [mergePatch({ spec: { terminate: true } })],
    describe: `Sets spec.terminate on ${kind} '${metadataOf(obj).name}': it stops and ends Successful.`,
  };
  const phase = asString(at(obj, 'status', 'phase'));
  if (FINAL_PHASES.has(phase)) plan.noop = `${kind} '${metadataOf(obj).name}' has already completed (${phase}).`;
  return plan;
}

/** `kubectl argo rollouts retry experiment`: `{"status":null}` to the Experiment (it has no status subresource). */
export function retryExperimentPlan(exp: unknown): ActionPlan {
  const phase = asString(at(exp, 'status', 'phase'));
  const plan: ActionPlan = {
    action: 'retry-experiment',
    target: childTarget(exp, 'Experiment'),
    requests: [mergePatch({ status: null })],
    describe: `Deletes the status of Experiment '${metadataOf(exp).name}' so the controller runs it again.`,
  };
  if (phase !== 'Failed' && phase !== 'Error' && phase !== 'Inconclusive') plan.noop = `Experiment '${metadataOf(exp).name}' has not failed (${phase || 'no phase yet'}): there is nothing to retry.`;
  return plan;
}
