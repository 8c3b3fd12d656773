/**
 * The parts of a Rollout's status that are derived rather than decided: replica counts summed from
 * the ReplicaSets, the conditions (reasons and messages from upstream `utils/conditions`), and
 * `phase`/`message`, computed exactly as upstream `utils/rollout.CalculateRolloutPhase` does
 * (Argo Rollouts v1.x computes them in the controller and stores them in status).
 */
import type { KubeObject } from '../../store/objectStore';
import { removeCondition, rfc3339, selectorString, setCondition, type Condition } from '../kube';
import { isBlueGreen, maxUnavailableOf, replicasOf } from './rolloutSpec';

const num = (v: unknown): number => Number(v ?? 0) || 0;

export function hashOf(rs: KubeObject | undefined): string | undefined {
  return rs?.metadata.labels?.['rollouts-pod-template-hash'];
}

/** replicas / updatedReplicas / readyReplicas / availableReplicas / HPAReplicas / selector. */
export function replicaCounts(ro: KubeObject, status: any, allRS: KubeObject[], newRS: KubeObject | undefined): void {
  const sum = (f: string, list = allRS) => list.reduce((n, rs) => n + num(rs.status?.[f]), 0);
  status.replicas = sum('replicas');
  status.updatedReplicas = num(newRS?.status?.replicas);
  status.readyReplicas = sum('readyReplicas');
  const matchLabels = ro.spec?.selector?.matchLabels ?? {};
  if (isBlueGreen(ro)) {
    const active = allRS.find((rs) => hashOf(rs) === status.blueGreen?.activeSelector);
    status.availableReplicas = num(active?.status?.availableReplicas);
    status.HPAReplicas = num(active?.status?.replicas);
    status.selector = selectorString(status.blueGreen?.activeSelector ? { ...matchLabels, 'rollouts-pod-template-hash': status.blueGreen.activeSelector } : matchLabels);
  } else {
    status.availableReplicas = sum('availableReplicas');
    status.HPAReplicas = status.replicas;
    status.selector = selectorString(matchLabels);
  }
}

export interface ConditionFacts {
  newRSName?: string;
  newRSCreated: boolean;
  /** Replica counts moved since the stored status (upstream refreshes the Progressing condition then). */
  progressed: boolean;
  /** The new ReplicaSet has fewer available pods than it wants: the only wait the progress deadline covers. */
  waitingForPods: boolean;
  /** `spec.progressDeadlineSeconds` (default 600) in ms. */
  deadlineMs: number;
  /** Asks for a reconcile when the deadline would pass. */
  requeueAfter(ms: number): void;
  revision: number;
  podHash: string;
  completeMessage: string;
}

/** Available, Progressing, Paused and Completed (Healthy is set after the phase is known). */
export function rolloutConditions(ro: KubeObject, status: any, facts: ConditionFacts, now: Date): void {
  let c: Condition[] = status.conditions ?? [];
  const replicas = replicasOf(ro);
  const minAvailable = isBlueGreen(ro) ? replicas : replicas - maxUnavailableOf(ro);
  c = setCondition(
    c,
    num(status.availableReplicas) >= minAvailable
      ? { type: 'Available', status: 'True', reason: 'AvailableReason', message: 'Rollout has minimum availability' }
      : { type: 'Available', status: 'False', reason: 'AvailableReason', message: 'Rollout does not have minimum availability' },
    now,
  );
  const paused = !!ro.spec?.paused || (status.pauseConditions ?? []).length > 0;
  const complete = isComplete(ro, status);
  const progressing = c.find((x) => x.type === 'Progressing');
  if (status.abort) {
    if (progressing?.reason !== 'RolloutAborted') {
      c = setCondition(c, { type: 'Progressing', status: 'False', reason: 'RolloutAborted', message: `Rollout aborted update to revision ${facts.revision}` }, now);
    }
  } else if (paused) {
    c = setCondition(c, { type: 'Progressing', status: 'Unknown', reason: 'RolloutPaused', message: 'Rollout is paused' }, now);
  } else if (complete) {
    c = setCondition(c, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${facts.newRSName}" has successfully progressed.` }, now);
  } else if (facts.newRSCreated) {
    c = setCondition(c, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${facts.newRSName}"` }, now);
  } else if (progressing?.reason === 'RolloutPaused') {
    c = setCondition(c, { type: 'Progressing', status: 'True', reason: 'RolloutResumed', message: 'Rollout is resumed' }, now);
  } else if (facts.progressed || !progressing || (progressing.status !== 'True' && progressing.reason !== 'ProgressDeadlineExceeded')) {
    c = touchCondition(c, { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${facts.newRSName}" is progressing.` }, now);
  } else if (progressing.reason !== 'ProgressDeadlineExceeded' && facts.waitingForPods) {
    // Upstream `RolloutTimedOut`: no progress for progressDeadlineSeconds since the condition last moved.
    const timeoutAt = Date.parse(progressing.lastUpdateTime ?? '') + facts.deadlineMs;
    if (now.getTime() >= timeoutAt) {
      c = setCondition(c, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${facts.newRSName}" has timed out progressing.` }, now);
    } else facts.requeueAfter(timeoutAt - now.getTime());
  }
  if (paused) c = setCondition(c, { type: 'Paused', status: 'True', reason: 'RolloutPaused', message: 'Rollout is paused' }, now);
  else if (c.some((x) => x.type === 'Paused')) c = setCondition(c, { type: 'Paused', status: 'False', reason: 'RolloutResumed', message: 'Rollout is resumed' }, now);
  c = setCondition(
    c,
    complete
      ? { type: 'Completed', status: 'True', reason: 'RolloutCompleted', message: `Rollout completed update to revision ${facts.revision} (${facts.podHash}): ${facts.completeMessage}` }
      : { type: 'Completed', status: 'False', reason: 'RolloutCompleted', message: `Rollout not completed, started update to revision ${facts.revision} (${facts.podHash})` },
    now,
  );
  status.conditions = removeCondition(c, 'InvalidSpec');
}

/** setCondition, but a repeat of the same condition still moves lastUpdateTime (progress was made). */
function touchCondition(conditions: Condition[], next: Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'>, now: Date): Condition[] {
  const updated = setCondition(conditions, next, now);
  if (updated !== conditions) return updated;
  const t = rfc3339(now);
  return conditions.map((c) => (c.type === next.type ? { ...c, lastUpdateTime: t } : c));
}

function isComplete(ro: KubeObject, status: any): boolean {
  const replicas = replicasOf(ro);
  return (
    !!status.stableRS &&
    status.stableRS === status.currentPodHash &&
    num(status.updatedReplicas) === replicas &&
    num(status.availableReplicas) >= replicas &&
    (isBlueGreen(ro) ? status.blueGreen?.activeSelector === status.currentPodHash : num(status.replicas) === replicas)
  );
}

/** Upstream `CalculateRolloutPhase`, line for line in meaning. */
export function rolloutPhase(ro: KubeObject, status: any): { phase: string; message: string } {
  for (const cond of (status.conditions ?? []) as Condition[]) {
    if (cond.type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${cond.message}` };
    if (cond.reason === 'RolloutAborted' || cond.reason === 'ProgressDeadlineExceeded') return { phase: 'Degraded', message: `${cond.reason}: ${cond.message}` };
  }
  if (ro.spec?.paused) return { phase: 'Paused', message: 'manually paused' };
  if ((status.pauseConditions ?? []).length > 0) return { phase: 'Paused', message: String(status.pauseConditions[0].reason) };
  if (ro.spec?.restartAt && ro.spec.restartAt !== status.restartedAt) return { phase: 'Progressing', message: 'rollout is restarting' };
  const replicas = replicasOf(ro);
  if (num(status.updatedReplicas) < replicas) return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if (num(status.availableReplicas) < num(status.updatedReplicas)) return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  if (isBlueGreen(ro)) {
    if (!status.blueGreen?.activeSelector || status.blueGreen.activeSelector !== status.currentPodHash) return { phase: 'Progressing', message: 'active service cutover pending' };
    if (!status.stableRS || status.stableRS !== status.currentPodHash) return { phase: 'Progressing', message: 'waiting for post-promotion verification to complete' };
  } else if (ro.spec?.strategy?.canary) {
    if (!ro.spec.strategy.canary.trafficRouting && num(status.replicas) > num(status.updatedReplicas)) return { phase: 'Progressing', message: 'old replicas are pending termination' };
    if (!status.stableRS || status.stableRS !== status.currentPodHash) return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  }
  return { phase: 'Healthy', message: '' };
}

export function healthyCondition(status: any, now: Date): void {
  status.conditions = setCondition(
    status.conditions ?? [],
    status.phase === 'Healthy' ? { type: 'Healthy', status: 'True', reason: 'RolloutHealthy', message: 'Rollout is healthy' } : { type: 'Healthy', status: 'False', reason: 'RolloutHealthy', message: 'Rollout is not healthy' },
    now,
  );
}
