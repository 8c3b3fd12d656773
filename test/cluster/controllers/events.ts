/**
 * The Events the real controllers record when an object's state changes, so a client sees them as it would
 * on a cluster (`kubectl describe`, the details panel's Events): core/v1 Events whose involvedObject is the
 * Rollout, AnalysisRun or Canary. Reasons follow upstream: Argo Rollouts records `RolloutPaused`,
 * `RolloutAborted`, `RolloutCompleted`… and `AnalysisRun<Phase>` (utils/record); Flagger records every event
 * with reason `Synced` and a sentence (pkg/controller/events.go). The messages are this simulation's, in
 * their style. A few per object are kept (the API server's TTL does that on a cluster).
 */
import type { GroupVersionResource, KubeObject, ObjectStore } from '../store/objectStore';

export const EVENTS_GVR: GroupVersionResource = { group: '', version: 'v1', resource: 'events' };
const KEEP_PER_OBJECT = 20;
let seq = 0;

interface Recorded {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** What upstream would record for this status change, if anything. */
export function statusEvent(before: KubeObject, after: KubeObject): Recorded | undefined {
  const was = before.status ?? {};
  const now = after.status ?? {};
  const phase: string = now.phase ?? '';
  const name = after.metadata.name;
  const ns = after.metadata.namespace ?? '';
  switch (after.kind) {
    case 'Rollout': {
      const message: string = now.message ?? '';
      if ((message === (was.message ?? '') && phase === (was.phase ?? '')) || phase === '' || phase === 'Progressing') return undefined;
      const prefixed = /^([A-Z][A-Za-z]+): (.*)$/.exec(message);
      if (phase === 'Degraded') return { type: 'Warning', reason: prefixed?.[1] ?? 'RolloutDegraded', message: prefixed?.[2] ?? (message || 'Rollout is degraded') };
      if (phase === 'Paused') return { type: 'Normal', reason: 'RolloutPaused', message: `Rollout is paused (${message || 'paused'})` };
      if (phase === 'Healthy') return { type: 'Normal', reason: 'RolloutCompleted', message: `Rollout completed update to revision ${after.metadata.annotations?.['rollout.argoproj.io/revision'] ?? ''}`.trim() };
      return undefined;
    }
    case 'AnalysisRun': {
      if (phase === (was.phase ?? '') || !['Successful', 'Failed', 'Error', 'Inconclusive'].includes(phase)) return undefined;
      return { type: phase === 'Successful' ? 'Normal' : 'Warning', reason: `AnalysisRun${phase}`, message: `Analysis Completed. Result: ${phase}${now.message ? ` (${now.message})` : ''}` };
    }
    case 'Canary': {
      if (phase === (was.phase ?? '') || phase === '') return undefined;
      const target = `${after.spec?.targetRef?.name ?? name}.${ns}`;
      if (phase === 'Failed') return { type: 'Warning', reason: 'Synced', message: `Canary failed! Scaling down ${target}` };
      if (phase === 'WaitingPromotion') return { type: 'Normal', reason: 'Synced', message: `Halt advancement ${name}.${ns} waiting for approval` };
      if (phase === 'Succeeded') return { type: 'Normal', reason: 'Synced', message: `Promotion completed! Scaling down ${target}` };
      if (phase === 'Progressing' && was.phase !== 'Progressing') return { type: 'Normal', reason: 'Synced', message: `New revision detected! Scaling up ${target}` };
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Records the Event for a status change (see statusEvent), keeping the newest few per object. */
export function recordStatusEvent(store: ObjectStore, before: KubeObject, after: KubeObject): void {
  const e = statusEvent(before, after);
  if (!e) return;
  const ns = after.metadata.namespace ?? 'default';
  const involvedObject = { apiVersion: after.apiVersion, kind: after.kind, name: after.metadata.name, namespace: ns, uid: after.metadata.uid };
  store.create(EVENTS_GVR, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${after.metadata.name}.${(++seq).toString(16).padStart(12, '0')}`, namespace: ns },
    involvedObject,
    ...e,
    count: 1,
    source: { component: after.kind === 'Canary' ? 'flagger' : 'rollouts-controller' },
  });
  const mine = store.list(EVENTS_GVR, ns).filter((x) => (x.involvedObject as { uid?: string } | undefined)?.uid === involvedObject.uid);
  for (const old of mine.sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)).slice(0, Math.max(0, mine.length - KEEP_PER_OBJECT))) store.delete(EVENTS_GVR, ns, old.metadata.name);
}
