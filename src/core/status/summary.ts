/**
 * One live summary per Rollout or Canary, shared by the tree, the code lenses, notifications and
 * `rollout-lens status`: a common health word, a one-line description ("Paused · step 2/6 · 20%",
 * "Progressing · 30% · 3/10", "Healthy · rev 3") and whether it needs attention. Which actions make sense
 * now is not decided here: src/core/actions/availability.ts adds that to this summary (from the action
 * plans themselves, so the two never disagree), and status knows nothing of the actions.
 */
import { pauseConditions, rolloutSpec } from './argoPhase';
import { interpretRollout, RelatedObjects } from './argoInfo';
import { timedPauseRemainingMs } from './argoSteps';
import { interpretCanary } from './flagger';
import { humanDuration } from '../util/goDuration';
import { asArray, asBool, asObject, asString, at, metadataOf } from '../util/json';
import type { WorkloadKind } from '../kinds';

export type Health = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded' | 'Failed' | 'Waiting' | 'Suspended' | 'Terminated' | 'Unknown';

export type AttentionReason = 'AwaitingPromotion' | 'Paused' | 'InconclusiveAnalysis' | 'WaitingPromotion' | 'Waiting' | 'Degraded' | 'Aborted' | 'Failed';

export interface StatusSummary {
  engine: 'argo' | 'flagger';
  kind: WorkloadKind;
  /** Filled in by the caller that knows it (tree, CLI). */
  context?: string;
  namespace: string;
  name: string;
  health: Health;
  /** The engine's own word: the Rollout phase or the Canary phase ('' → 'Unknown'). */
  statusText: string;
  /** The engine's message (Rollout status message, Promoted condition message). */
  message: string;
  description: string;
  attention?: { reason: AttentionReason; message: string };
  /** Rollout revision annotation; '' for canaries. */
  revision: string;
  images: { image: string; tags: string[] }[];
  /**
   * Set weight and actual weight (Argo canary), or the canary weight (Flagger, both equal). `measured` is false
   * when the actual weight could not be known (a basic canary summarized without its ReplicaSets): `actual`
   * then repeats the set weight rather than inventing a number.
   */
  weights?: { set: number; actual: number; measured: boolean };
  /** 0-based index as upstream prints it ("1/2" = index 1 of 2 steps), or the Flagger step/iteration. */
  step?: { index: number; count: number };
  /** "30% · 3/10" for Flagger; '' otherwise. */
  progress: string;
  age: string;
}

const ARGO_HEALTH: Record<string, Health> = { Healthy: 'Healthy', Progressing: 'Progressing', Paused: 'Paused', Degraded: 'Degraded' };

export function summarizeRolloutStatus(rollout: unknown, now: Date = new Date(), related: RelatedObjects = {}): StatusSummary {
  const info = interpretRollout(rollout, related, now);
  const m = metadataOf(rollout);
  const revision = m.annotations['rollout.argoproj.io/revision'] ?? '';
  const health = ARGO_HEALTH[info.status] ?? 'Unknown';
  const parts: string[] = [info.status || 'Unknown'];
  let step: StatusSummary['step'];
  let weights: StatusSummary['weights'];
  if (info.strategy === 'Canary') {
    if (info.stepIndex !== undefined) step = { index: info.stepIndex, count: info.stepCount };
    const set = Number(info.setWeight);
    const routed = at(rollout, 'spec', 'strategy', 'canary', 'trafficRouting') !== undefined;
    const measurable = related.replicaSets !== undefined || routed || info.actualWeight === '100';
    weights = measurable ? { set, actual: Number(info.actualWeight), measured: true } : { set, actual: set, measured: false };
  }
  const timedPause = health === 'Paused' && !asBool(rolloutSpec(rollout).paused) ? timedPauseRemainingMs(rollout, now) : undefined;
  if (health === 'Healthy') parts.push(revision ? `rev ${revision}` : info.strategy);
  else if (health === 'Degraded') parts.push(info.message.split(':')[0]);
  else if (info.strategy === 'Canary' && step && step.index < step.count) parts.push(`step ${info.step}`, `${info.setWeight}%`);
  else if (info.strategy === 'BlueGreen' && health === 'Paused') {
    if (timedPause === undefined) parts.push('awaiting promotion');
  } else if (info.message) parts.push(info.message);
  if (timedPause !== undefined) parts.push(`${info.strategy === 'BlueGreen' ? 'auto-promotes' : 'resumes'} in ${humanDuration(timedPause)}`);

  const reasons = pauseConditions(rollout).map((c) => asString(c.reason));
  let attention: StatusSummary['attention'];
  if (health === 'Degraded') attention = { reason: asBool(at(rollout, 'status', 'abort')) ? 'Aborted' : 'Degraded', message: info.message };
  else if (health === 'Paused') {
    if (reasons.includes('InconclusiveAnalysisRun')) attention = { reason: 'InconclusiveAnalysis', message: 'Analysis was inconclusive: promote to continue, or abort.' };
    else if (timedPause !== undefined)
      attention = undefined; // the controller resumes a timed pause by itself
    else if (reasons.includes('BlueGreenPause') || reasons.includes('CanaryPauseStep')) attention = { reason: 'AwaitingPromotion', message: `Paused (${reasons.join(', ')}): waiting for promotion.` };
    else if (asBool(rolloutSpec(rollout).paused)) attention = { reason: 'Paused', message: 'Manually paused (spec.paused): resume or promote to continue.' };
    else attention = { reason: 'Paused', message: info.message };
  }
  const s: StatusSummary = {
    engine: 'argo',
    kind: 'Rollout',
    namespace: m.namespace,
    name: m.name,
    health,
    statusText: info.status || 'Unknown',
    message: info.message,
    description: parts.filter((p) => p !== '').join(' · '),
    revision,
    images: info.images.length > 0 ? info.images : asArray(at(rollout, 'spec', 'template', 'spec', 'containers')).map((c) => ({ image: asString(asObject(c).image), tags: [] })),
    progress: '',
    age: info.age,
  };
  if (attention) s.attention = attention;
  if (weights) s.weights = weights;
  if (step) s.step = step;
  return s;
}

const FLAGGER_HEALTH: Record<string, Health> = {
  Initializing: 'Progressing',
  Initialized: 'Healthy',
  Waiting: 'Waiting',
  Progressing: 'Progressing',
  WaitingPromotion: 'Waiting',
  Promoting: 'Progressing',
  Finalising: 'Progressing',
  Succeeded: 'Healthy',
  Failed: 'Failed',
  Terminating: 'Terminated',
  Terminated: 'Terminated',
};

export function summarizeCanaryStatus(canary: unknown, now: Date = new Date()): StatusSummary {
  const info = interpretCanary(canary, now);
  let health: Health = FLAGGER_HEALTH[info.phase] ?? 'Unknown';
  if (info.suspended) health = 'Suspended';
  const statusText = info.phase || 'Unknown';
  const parts = [statusText];
  if (info.progress) parts.push(info.progress);
  if (info.failedChecks > 0) parts.push(`${info.failedChecks}/${info.analysis.threshold} failed checks`);
  if (info.suspended) parts.push('suspended');
  let attention: StatusSummary['attention'];
  if (info.phase === 'WaitingPromotion') attention = { reason: 'WaitingPromotion', message: 'Analysis passed: waiting for approval to promote (confirm-promotion gate).' };
  else if (info.phase === 'Waiting') attention = { reason: 'Waiting', message: 'Waiting for approval to start the rollout (confirm-rollout gate).' };
  else if (info.phase === 'Failed') attention = { reason: 'Failed', message: info.promoted?.message || 'Canary analysis failed.' };
  const s: StatusSummary = {
    engine: 'flagger',
    kind: 'Canary',
    namespace: info.namespace,
    name: info.name,
    health,
    statusText,
    message: info.promoted?.message ?? '',
    description: parts.join(' · '),
    revision: '',
    images: [],
    weights: { set: info.canaryWeight, actual: info.canaryWeight, measured: true },
    progress: info.progress,
    age: info.age,
  };
  if (attention) s.attention = attention;
  if (info.step !== undefined && info.steps !== undefined) s.step = { index: info.step, count: info.steps };
  return s;
}
