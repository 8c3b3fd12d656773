/**
 * The canary steps of a Rollout as a list with their state, and how long a timed pause has left.
 *
 * Step texts mirror argoproj/argo-rollouts `utils/rollout/rolloututil.go` `CanaryStepString`
 * ("setWeight: 20", "pause: 10s", "pause", "experiment", "analysis", "setCanaryScale{weight: 20}"). A pause
 * duration is a `DurationString`: a bare integer means seconds, otherwise a Go duration; the controller
 * resumes a timed pause on its own at the pause condition's `startTime` + duration (blue-green:
 * + `autoPromotionSeconds`), so such a pause is not waiting for anyone.
 */
import { canarySteps, currentCanaryStep, pauseConditions } from './argoPhase';
import { rolloutPauseSeconds } from '../util/goDuration';
import { asBool, asObject, asOptionalInt, asString, at, JsonObject, parseTime, valueText } from '../util/json';

export interface CanaryStepState {
  index: number;
  text: string;
  state: 'done' | 'current' | 'pending';
}

export function canaryStepText(step: JsonObject): string {
  if (step.setWeight !== undefined && step.setWeight !== null) return `setWeight: ${valueText(step.setWeight)}`;
  if (step.pause !== undefined && step.pause !== null) {
    const d = at(step, 'pause', 'duration');
    return d !== undefined && d !== null ? `pause: ${valueText(d)}` : 'pause';
  }
  if (step.experiment) return 'experiment';
  if (step.analysis) return 'analysis';
  if (step.setCanaryScale) {
    const s = asObject(step.setCanaryScale);
    if (s.weight !== undefined) return `setCanaryScale{weight: ${valueText(s.weight)}}`;
    if (asBool(s.matchTrafficWeight)) return 'setCanaryScale{matchTrafficWeight: true}';
    if (s.replicas !== undefined) return `setCanaryScale{replicas: ${valueText(s.replicas)}}`;
  }
  if (step.setHeaderRoute) return 'setHeaderRoute';
  if (step.setMirrorRoute) return 'setMirrorRoute';
  if (step.plugin) return 'plugin';
  return 'invalid';
}

export function canaryStepList(rollout: unknown): CanaryStepState[] {
  const { index } = currentCanaryStep(rollout);
  return canarySteps(rollout).map((s, i) => ({ index: i, text: canaryStepText(s), state: index === undefined ? 'pending' : i < index ? 'done' : i === index ? 'current' : 'pending' }));
}

/** A pause `duration` in milliseconds (integer = seconds, else a Go duration); undefined when absent/invalid. */
export function pauseDurationMs(duration: unknown): number | undefined {
  const s = rolloutPauseSeconds(duration);
  return s === undefined || s < 0 ? undefined : s * 1000;
}

/**
 * For a rollout paused at a timed canary pause step, or a blue-green pause with `autoPromotionSeconds`:
 * milliseconds until the controller resumes it by itself.
 */
export function timedPauseRemainingMs(rollout: unknown, now: Date): number | undefined {
  const autoPromotion = asOptionalInt(at(rollout, 'spec', 'strategy', 'blueGreen', 'autoPromotionSeconds'));
  const bg = at(rollout, 'spec', 'strategy', 'blueGreen') !== undefined;
  const ms = bg ? (autoPromotion !== undefined && autoPromotion > 0 ? autoPromotion * 1000 : undefined) : pauseDurationMs(at(currentCanaryStep(rollout).step, 'pause', 'duration'));
  if (ms === undefined) return undefined;
  const reason = bg ? 'BlueGreenPause' : 'CanaryPauseStep';
  const cond = pauseConditions(rollout).find((c) => asString(c.reason) === reason);
  const start = parseTime(cond?.startTime);
  if (!start) return undefined;
  return Math.max(0, start.getTime() + ms - now.getTime());
}
