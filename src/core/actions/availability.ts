/**
 * Which actions make sense now, for the live summary the tree, the lenses, the details panel and
 * `rollout-lens status` share. An action is available when its plan would send something; otherwise the
 * reason is the plan's own (`unavailable`, `noop`), so the list and the action never disagree. The status
 * layer describes the object (src/core/status/summary.ts); this adds the actions to that description.
 */
import { summarizeCanaryStatus, summarizeRolloutStatus, type StatusSummary } from '../status/summary';
import type { RelatedObjects } from '../status/argoInfo';
import { ACTIONS, type ActionKind } from './catalogue';
import type { ActionId } from './plan';

export interface ActionAvailability {
  availableActions: ActionId[];
  unavailableActions: { action: ActionId; reason: string }[];
}

/** A status summary with the actions offered now. */
export type LiveSummary = StatusSummary & ActionAvailability;

/** The summarized actions of `kind` on `obj`, in catalogue order. */
export function availabilityOf(kind: ActionKind, obj: unknown, now: Date): ActionAvailability {
  const out: ActionAvailability = { availableActions: [], unavailableActions: [] };
  for (const def of ACTIONS) {
    if (!def.summarized || !def.kinds.includes(kind) || def.hiddenFor?.(obj)) continue;
    let reason: string | undefined;
    try {
      const p = def.plan({ kind, obj, now }) as { unavailable?: string; noop?: string; requests?: unknown[] };
      reason = p.unavailable ?? p.noop ?? (p.requests !== undefined && p.requests.length === 0 ? 'Nothing to send.' : undefined) ?? def.notOffered?.(obj);
    } catch (e) {
      reason = (e as Error).message;
    }
    if (reason === undefined) out.availableActions.push(def.id);
    else out.unavailableActions.push({ action: def.id, reason });
  }
  return out;
}

export function summarizeRollout(rollout: unknown, now: Date = new Date(), related: RelatedObjects = {}): LiveSummary {
  return { ...summarizeRolloutStatus(rollout, now, related), ...availabilityOf('Rollout', rollout, now) };
}

export function summarizeCanary(canary: unknown, now: Date = new Date()): LiveSummary {
  return { ...summarizeCanaryStatus(canary, now), ...availabilityOf('Canary', canary, now) };
}
