/**
 * The overall phase and message of an Argo Rollout, and the canary step arithmetic everything else uses.
 *
 * Mirrors argoproj/argo-rollouts `utils/rollout/rolloututil.go` (`GetRolloutPhase`, `CalculateRolloutPhase`,
 * `IsUnpausing`) and `utils/replicaset/canary.go` (`GetCurrentCanaryStep`, `GetCurrentSetWeight`).
 * Since v1.0 the controller writes `status.phase`/`status.message` itself; clients trust them only once the
 * controller has observed the current generation and is not mid-unpause. Older controllers (v0.10 and below)
 * leave them empty, and the phase is computed client-side from conditions, pause state and replica counts.
 */
import { asArray, asBool, asInt, asObject, asOptionalInt, asString, at, JsonObject, metadataOf, parseTime } from '../util/json';

export type RolloutPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded' | (string & {});

export function rolloutSpec(ro: unknown): JsonObject {
  return asObject(asObject(ro).spec);
}
export function rolloutStatus(ro: unknown): JsonObject {
  return asObject(asObject(ro).status);
}
export function canaryStrategy(ro: unknown): JsonObject | undefined {
  const c = at(ro, 'spec', 'strategy', 'canary');
  return c !== null && typeof c === 'object' ? asObject(c) : undefined;
}
export function blueGreenStrategy(ro: unknown): JsonObject | undefined {
  const b = at(ro, 'spec', 'strategy', 'blueGreen');
  return b !== null && typeof b === 'object' ? asObject(b) : undefined;
}
export function canarySteps(ro: unknown): JsonObject[] {
  return asArray(canaryStrategy(ro)?.steps).map(asObject);
}

/** `spec.replicas`, defaulting to 1 like `defaults.GetReplicasOrDefault`. */
export function desiredReplicas(ro: unknown): number {
  return asInt(rolloutSpec(ro).replicas, 1);
}

export function pauseConditions(ro: unknown): JsonObject[] {
  return asArray(rolloutStatus(ro).pauseConditions).map(asObject);
}

/** The current canary step and index. The index is set (0 when status has none) whenever the canary has steps;
 *  the step is undefined once every step has run. Mirrors `GetCurrentCanaryStep`. */
export function currentCanaryStep(ro: unknown): { step: JsonObject | undefined; index: number | undefined } {
  const steps = canarySteps(ro);
  if (!canaryStrategy(ro) || steps.length === 0) return { step: undefined, index: undefined };
  const index = asOptionalInt(rolloutStatus(ro).currentStepIndex) ?? 0;
  if (steps.length <= index) return { step: undefined, index };
  return { step: steps[index], index };
}

/** The weight the canary is set to (not the measured one). Mirrors `GetCurrentSetWeight`. */
export function currentSetWeight(ro: unknown): number {
  if (asBool(rolloutStatus(ro).abort)) return 0;
  const { step, index } = currentCanaryStep(ro);
  if (!step || index === undefined) return 100;
  const steps = canarySteps(ro);
  for (let i = index; i >= 0; i--) {
    const w = asOptionalInt(steps[i].setWeight);
    if (w !== undefined) return w;
  }
  return 0;
}

/** stable == current pod hash: nothing is being rolled out. Mirrors `IsFullyPromoted`. */
export function isFullyPromoted(ro: unknown): boolean {
  const st = rolloutStatus(ro);
  return asString(st.stableRS) === asString(st.currentPodHash);
}

/** controllerPause set but the pause conditions already cleared: a promote the controller has not acted on. */
export function isUnpausing(ro: unknown): boolean {
  const st = rolloutStatus(ro);
  return asBool(st.controllerPause) && pauseConditions(ro).length === 0;
}

function isGenerationObserved(ro: unknown): boolean {
  const og = rolloutStatus(ro).observedGeneration;
  const observed = typeof og === 'number' ? String(og) : asString(og);
  // v0.9 rollouts stored a hash here; a non-numeric value cannot be compared and counts as observed.
  if (!/^-?\d+$/.test(observed)) return true;
  const gen = metadataOf(ro).generation;
  return Number(observed) >= gen;
}

function isWorkloadGenerationObserved(ro: unknown): boolean {
  const wanted = metadataOf(ro).annotations['rollout.argoproj.io/workload-generation'];
  if (wanted === undefined || !/^-?\d+$/.test(wanted)) return true;
  const observed = asString(rolloutStatus(ro).workloadObservedGeneration);
  if (!/^-?\d+$/.test(observed)) return true;
  return Number(observed) === Number(wanted);
}

/** Phase and message as `kubectl argo rollouts get` shows them. Mirrors `GetRolloutPhase`. */
export function rolloutPhase(ro: unknown): { phase: RolloutPhase; message: string } {
  if (!isGenerationObserved(ro)) return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  if (isUnpausing(ro)) return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  if (asBool(rolloutSpec(ro).templateResolvedFromRef) && !isWorkloadGenerationObserved(ro)) {
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed for the reference workload' };
  }
  const st = rolloutStatus(ro);
  if (asString(st.phase) !== '') return { phase: asString(st.phase), message: asString(st.message) };
  return calculateRolloutPhase(ro);
}

/** Client-side phase for controllers older than v1.0. Mirrors `CalculateRolloutPhase`. */
export function calculateRolloutPhase(ro: unknown): { phase: RolloutPhase; message: string } {
  const spec = rolloutSpec(ro);
  const st = rolloutStatus(ro);
  for (const c of asArray(st.conditions).map(asObject)) {
    if (asString(c.type) === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${asString(c.message)}` };
    const reason = asString(c.reason);
    if (reason === 'RolloutAborted' || reason === 'ProgressDeadlineExceeded') {
      return { phase: 'Degraded', message: `${reason}: ${asString(c.message)}` };
    }
  }
  if (asBool(spec.paused)) return { phase: 'Paused', message: 'manually paused' };
  const pcs = pauseConditions(ro);
  if (pcs.length > 0) return { phase: 'Paused', message: asString(pcs[0].reason) };
  const restartAt = parseTime(spec.restartAt);
  if (restartAt) {
    const restartedAt = parseTime(st.restartedAt);
    if (!restartedAt || restartedAt.getTime() !== restartAt.getTime()) return { phase: 'Progressing', message: 'rollout is restarting' };
  }
  const updated = asInt(st.updatedReplicas);
  if (updated < desiredReplicas(ro)) return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if (asInt(st.availableReplicas) < updated) return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  const bg = blueGreenStrategy(ro);
  const canary = canaryStrategy(ro);
  if (bg) {
    const active = asString(at(st, 'blueGreen', 'activeSelector'));
    if (active === '' || active !== asString(st.currentPodHash)) return { phase: 'Progressing', message: 'active service cutover pending' };
    if (asString(st.stableRS) === '' || !isFullyPromoted(ro)) {
      const post = asObject(at(st, 'blueGreen', 'postPromotionAnalysisRunStatus'));
      const waitingForAnalysis = bg.postPromotionAnalysis !== undefined && bg.postPromotionAnalysis !== null && !isAnalysisPhaseCompleted(asString(post.status));
      return { phase: 'Progressing', message: waitingForAnalysis ? 'waiting for analysis to complete' : 'waiting for post-promotion verification to complete' };
    }
  } else if (canary) {
    if (canary.trafficRouting === undefined || canary.trafficRouting === null) {
      if (asInt(st.replicas) > updated) return { phase: 'Progressing', message: 'old replicas are pending termination' };
    }
    if (asString(st.stableRS) === '' || !isFullyPromoted(ro)) return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  }
  return { phase: 'Healthy', message: '' };
}

/** AnalysisPhase.Completed(): Successful, Failed, Error and Inconclusive are final. */
export function isAnalysisPhaseCompleted(phase: string): boolean {
  return phase === 'Successful' || phase === 'Failed' || phase === 'Error' || phase === 'Inconclusive';
}
