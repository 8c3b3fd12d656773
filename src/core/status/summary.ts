/**
 * One live summary per Rollout or Canary, shared by the tree, the code lenses, notifications and
 * `rollout-lens status`: a common health word, a one-line description ("Paused · step 2/6 · 20%",
 * "Progressing · 30% · 3/10", "Healthy · rev 3"), whether it needs attention, and which actions make sense
 * now (with the reason for the others, taken from the action plans themselves so the two never disagree).
 */
import { abortPlan, pausePlan, promoteFullPlan, promotePlan, restartPlan, resumePlan, retryPlan } from '../actions/argo';
import { approvePlan, closeGatePlan, rollbackPlan, skipAnalysisPlan, suspendPlan } from '../actions/flagger';
import { ActionId, ActionPlan } from '../actions/plan';
import { pauseConditions, rolloutSpec } from './argoPhase';
import { interpretRollout, RelatedObjects } from './argoInfo';
import { timedPauseRemainingMs } from './argoSteps';
import { interpretCanary } from './flagger';
import { humanDuration } from '../util/goDuration';
import { asArray, asBool, asObject, asString, at, metadataOf } from '../util/json';

export type Health = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded' | 'Failed' | 'Waiting' | 'Suspended' | 'Terminated' | 'Unknown';

export type AttentionReason = 'AwaitingPromotion' | 'Paused' | 'InconclusiveAnalysis' | 'WaitingPromotion' | 'Waiting' | 'Degraded' | 'Aborted' | 'Failed';

export interface LiveSummary {
  engine: 'argo' | 'flagger';
  kind: 'Rollout' | 'Canary';
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
  availableActions: ActionId[];
  unavailableActions: { action: ActionId; reason: string }[];
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

function collectActions(plans: [ActionId, () => ActionPlan | { unavailable?: string; noop?: string; requests?: unknown[]; request?: unknown }][]): Pick<LiveSummary, 'availableActions' | 'unavailableActions'> {
  const availableActions: ActionId[] = [];
  const unavailableActions: { action: ActionId; reason: string }[] = [];
  for (const [id, make] of plans) {
    let reason: string | undefined;
    try {
      const p = make() as { unavailable?: string; noop?: string; requests?: unknown[]; request?: unknown };
      reason = p.unavailable ?? p.noop ?? (p.requests !== undefined && p.requests.length === 0 ? 'Nothing to send.' : undefined);
    } catch (e) {
      reason = (e as Error).message;
    }
    if (reason === undefined) availableActions.push(id);
    else unavailableActions.push({ action: id, reason });
  }
  return { availableActions, unavailableActions };
}

/** Resume is offered for a manual pause only: at a pause step it is the same request as Promote. */
function resumeAction(rollout: unknown): ActionPlan {
  const plan = resumePlan(rollout);
  if (!plan.noop && !asBool(rolloutSpec(rollout).paused)) plan.noop = 'Paused at a step: Promote continues it (Resume only clears a manual pause).';
  return plan;
}

const ARGO_HEALTH: Record<string, Health> = { Healthy: 'Healthy', Progressing: 'Progressing', Paused: 'Paused', Degraded: 'Degraded' };

export function summarizeRollout(rollout: unknown, now: Date = new Date(), related: RelatedObjects = {}): LiveSummary {
  const info = interpretRollout(rollout, related, now);
  const m = metadataOf(rollout);
  const revision = m.annotations['rollout.argoproj.io/revision'] ?? '';
  const health = ARGO_HEALTH[info.status] ?? 'Unknown';
  const parts: string[] = [info.status || 'Unknown'];
  let step: LiveSummary['step'];
  let weights: LiveSummary['weights'];
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
  }
  else if (info.message) parts.push(info.message);
  if (timedPause !== undefined) parts.push(`${info.strategy === 'BlueGreen' ? 'auto-promotes' : 'resumes'} in ${humanDuration(timedPause)}`);

  const reasons = pauseConditions(rollout).map((c) => asString(c.reason));
  let attention: LiveSummary['attention'];
  if (health === 'Degraded') attention = { reason: asBool(at(rollout, 'status', 'abort')) ? 'Aborted' : 'Degraded', message: info.message };
  else if (health === 'Paused') {
    if (reasons.includes('InconclusiveAnalysisRun')) attention = { reason: 'InconclusiveAnalysis', message: 'Analysis was inconclusive: promote to continue, or abort.' };
    else if (timedPause !== undefined) attention = undefined; // the controller resumes a timed pause by itself
    else if (reasons.includes('BlueGreenPause') || reasons.includes('CanaryPauseStep')) attention = { reason: 'AwaitingPromotion', message: `Paused (${reasons.join(', ')}): waiting for promotion.` };
    else if (asBool(rolloutSpec(rollout).paused)) attention = { reason: 'Paused', message: 'Manually paused (spec.paused): resume or promote to continue.' };
    else attention = { reason: 'Paused', message: info.message };
  }
  const actions = collectActions([
    ['promote', () => promotePlan(rollout)],
    ['promote-full', () => promoteFullPlan(rollout)],
    ['resume', () => resumeAction(rollout)],
    ['pause', () => pausePlan(rollout)],
    ['abort', () => abortPlan(rollout)],
    ['retry', () => retryPlan(rollout)],
    ['restart', () => restartPlan(rollout, now)],
  ]);
  const s: LiveSummary = {
    engine: 'argo',
    kind: 'Rollout',
    namespace: m.namespace,
    name: m.name,
    health,
    statusText: info.status || 'Unknown',
    message: info.message,
    description: parts.filter((p) => p !== '').join(' · '),
    ...actions,
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

export function summarizeCanary(canary: unknown, now: Date = new Date()): LiveSummary {
  const info = interpretCanary(canary, now);
  let health: Health = FLAGGER_HEALTH[info.phase] ?? 'Unknown';
  if (info.suspended) health = 'Suspended';
  const statusText = info.phase || 'Unknown';
  const parts = [statusText];
  if (info.progress) parts.push(info.progress);
  if (info.failedChecks > 0) parts.push(`${info.failedChecks}/${info.analysis.threshold} failed checks`);
  if (info.suspended) parts.push('suspended');
  let attention: LiveSummary['attention'];
  if (info.phase === 'WaitingPromotion') attention = { reason: 'WaitingPromotion', message: 'Analysis passed: waiting for approval to promote (confirm-promotion gate).' };
  else if (info.phase === 'Waiting') attention = { reason: 'Waiting', message: 'Waiting for approval to start the rollout (confirm-rollout gate).' };
  else if (info.phase === 'Failed') attention = { reason: 'Failed', message: info.promoted?.message || 'Canary analysis failed.' };
  const suspended = info.suspended;
  const actions = collectActions([
    ['approve', () => approvePlan(canary)],
    ['gate-close', () => closeGatePlan(canary)],
    ['rollback', () => rollbackPlan(canary)],
    ['skip-analysis', () => skipAnalysisPlan(canary, true)],
    [suspended ? 'unsuspend' : 'suspend', () => suspendPlan(canary, !suspended)],
  ]);
  const s: LiveSummary = {
    engine: 'flagger',
    kind: 'Canary',
    namespace: info.namespace,
    name: info.name,
    health,
    statusText,
    message: info.promoted?.message ?? '',
    description: parts.join(' · '),
    ...actions,
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
