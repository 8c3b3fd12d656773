/**
 * Decides when a rollout or canary deserves a notification: when it ENTERS a state that needs the
 * user (paused for promotion, inconclusive analysis, waiting for promotion, degraded, aborted,
 * failed), not while it stays there, and not for what was already so when we first saw it (a window
 * reload must not replay a burst of old news). Objects that disappear are forgotten.
 */
export const NOTIFY_REASONS = new Set(['AwaitingPromotion', 'Paused', 'InconclusiveAnalysis', 'WaitingPromotion', 'Degraded', 'Aborted', 'Failed']);

export class AttentionTracker {
  private readonly last = new Map<string, string | undefined>();

  /** Records the object's current reason; returns it when the object just entered a notifiable state. */
  observe(id: string, reason: string | undefined): string | undefined {
    const seen = this.last.has(id);
    const before = this.last.get(id);
    this.last.set(id, reason);
    if (!seen || !reason || reason === before) return undefined;
    return NOTIFY_REASONS.has(reason) ? reason : undefined;
  }

  forget(id: string): void {
    this.last.delete(id);
  }

  /** Drops every id that starts with `prefix` (a context that stopped being watched). */
  forgetPrefix(prefix: string): void {
    for (const k of [...this.last.keys()]) if (k.startsWith(prefix)) this.last.delete(k);
  }
}
