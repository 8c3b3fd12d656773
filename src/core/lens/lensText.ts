/**
 * The text of the live code lens above a Rollout or Canary document. One line that says where the
 * object was looked for (context/namespace) and what it is doing, or, when it cannot be known, why
 * (the connection state), so a lens never shows stale state as if it were current.
 */
import type { WorkloadKind } from '../kinds';

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'unauthorized' | 'forbidden' | 'notFound' | 'notInstalled' | 'stopped';

export interface LensState {
  context: string;
  namespace: string;
  kind: WorkloadKind;
  phase: ConnectionPhase;
  /** When the next connection attempt is due (epoch ms), for reconnecting/unreachable. */
  nextAttemptAt?: number;
  /** The live summary's description ("Paused · step 2/6 · 20%"); undefined when the object does not exist. */
  description?: string;
  /** The listing is complete (a missing object really is missing). */
  synced: boolean;
}

const ENGINE_NAME = { Rollout: 'Argo Rollouts', Canary: 'Flagger' } as const;

export function liveLensTitle(s: LensState, now: number = Date.now()): string {
  const where = `${s.context}/${s.namespace}`;
  switch (s.phase) {
    case 'connecting':
      return `$(sync~spin) Connecting to ${s.context}…`;
    case 'reconnecting':
    case 'unreachable':
      if (s.description !== undefined) return `● ${s.description} in ${where} (stale: ${s.phase === 'unreachable' ? 'unreachable' : 'reconnecting'}${retryText(s.nextAttemptAt, now)})`;
      return `$(debug-disconnect) ${s.context} is ${s.phase === 'unreachable' ? 'unreachable' : 'reconnecting'}${retryText(s.nextAttemptAt, now)}`;
    case 'unauthorized':
      return `$(lock) ${s.context}: credentials rejected (401); log in again`;
    case 'forbidden':
      return `$(lock) ${s.context}: not allowed to list ${s.kind === 'Rollout' ? 'rollouts' : 'canaries'} in ${s.namespace}`;
    case 'notFound':
    case 'notInstalled':
      return `${ENGINE_NAME[s.kind]} is not installed in ${s.context}`;
    case 'stopped':
      return `${s.context} is not watched`;
    case 'connected':
      if (s.description !== undefined) return `● ${s.description} in ${where}`;
      return s.synced ? `Not deployed in ${where}` : `$(sync~spin) Loading ${where}…`;
  }
}

function retryText(at: number | undefined, now: number): string {
  if (!at) return '';
  const secs = Math.max(0, Math.round((at - now) / 1000));
  return secs <= 1 ? ', retrying now' : `, retrying in ${secs}s`;
}
