/**
 * Flagger's Canary status bookkeeping (fluxcd/flagger `pkg/canary/status.go` and `pkg/apis/flagger/v1beta1/status.go`): the
 * Promoted condition's status/reason/message per phase (`MakeStatusConditions`), and
 * `lastTransitionTime` moved on every status change, as the `SetStatus*` helpers do.
 */
import { objectHash, rfc3339, setCondition, type Condition } from '../kube';

export type CanaryPhase = 'Initializing' | 'Initialized' | 'Waiting' | 'Progressing' | 'WaitingPromotion' | 'Promoting' | 'Finalising' | 'Succeeded' | 'Failed' | 'Terminating' | 'Terminated';

export function promotedCondition(phase: CanaryPhase, kind: string): Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'> {
  const c = (status: Condition['status'], message: string) => ({ type: 'Promoted', status, reason: phase, message });
  switch (phase) {
    case 'Initializing':
      return c('Unknown', `New ${kind} detected, starting initialization.`);
    case 'Initialized':
      return c('True', `${kind} initialization completed.`);
    case 'Waiting':
    case 'WaitingPromotion':
      return c('Unknown', 'Waiting for approval.');
    case 'Progressing':
      return c('Unknown', 'New revision detected, progressing canary analysis.');
    case 'Promoting':
      return c('Unknown', 'Canary analysis completed, starting primary rolling update.');
    case 'Finalising':
      return c('Unknown', 'Canary analysis completed, routing all traffic to primary.');
    case 'Succeeded':
      return c('True', 'Canary analysis completed successfully, promotion finished.');
    case 'Failed':
      return c('False', `Canary analysis failed, ${kind} scaled to zero.`);
    default:
      return c('Unknown', `${phase}`);
  }
}

export interface CanaryStatus {
  phase?: CanaryPhase;
  failedChecks: number;
  canaryWeight: number;
  iterations: number;
  trackedConfigs?: Record<string, string>;
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
  lastTransitionTime?: string;
  conditions?: Condition[];
}

/** Finishes a status: the condition for its phase, and lastTransitionTime when anything changed. */
export function finishStatus(prev: CanaryStatus | undefined, next: CanaryStatus, kind: string, now: Date): CanaryStatus {
  if (next.phase) next.conditions = setCondition(next.conditions ?? [], promotedCondition(next.phase, kind), now);
  const changed = ['phase', 'failedChecks', 'canaryWeight', 'iterations', 'lastAppliedSpec'].some((k) => (prev as any)?.[k] !== (next as any)[k]);
  if (changed || !next.lastTransitionTime) next.lastTransitionTime = rfc3339(now);
  return next;
}

/** `status.lastAppliedSpec`: Flagger hashes the target's pod template spec. */
export const specChecksum = (template: unknown): string => objectHash(template);
export const payloadChecksum = (s: CanaryStatus): string => objectHash({ trackedConfigs: s.trackedConfigs ?? {}, lastAppliedSpec: s.lastAppliedSpec ?? '' });
