/**
 * A controller work queue in the shape of client-go's: keys ("namespace/name") are de-duplicated,
 * processed one at a time, and re-queued on error or at a requested time.
 *
 * Processing never happens inside the store's event callback: the callback only enqueues, and the
 * queue drains on a zero-delay timer of the injected clock. That keeps watch events in commit order
 * for every other store listener (the API server's watches), and it makes tests deterministic:
 * `FakeClock.advance(0)` runs everything that a write set in motion, including the follow-up
 * reconciles caused by the controller's own writes.
 */
import type { Clock } from '../store/objectStore';

export type Reconcile = (key: string) => void;

export class WorkQueue {
  private dirty = new Set<string>();
  private flushScheduled = false;
  private timers = new Map<string, { at: number; cancel: () => void }>();
  private stopped = false;
  private failures = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly clock: Clock,
    private readonly reconcile: Reconcile,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.dirty.add(key);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.clock.setTimeout(() => this.flush(), 0);
    }
  }

  /** Re-queues key after ms (keeps the earliest pending request per key, like AddAfter). */
  addAfter(key: string, ms: number): void {
    if (this.stopped) return;
    const at = this.clock.now().getTime() + Math.max(0, ms);
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    existing?.cancel();
    const cancel = this.clock.setTimeout(
      () => {
        this.timers.delete(key);
        this.add(key);
      },
      Math.max(0, ms),
    );
    this.timers.set(key, { at, cancel });
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.dirty.clear();
  }

  private flush(): void {
    this.flushScheduled = false;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.reconcile(key);
        this.failures.delete(key);
      } catch (err) {
        // A real controller logs and retries with backoff; so do we (capped at 30 s).
        const n = (this.failures.get(key) ?? 0) + 1;
        this.failures.set(key, n);
        this.log(`${this.name}: reconcile ${key} failed (attempt ${n}): ${(err as Error)?.message ?? err}`);
        this.addAfter(key, Math.min(30_000, 250 * 2 ** Math.min(n, 7)));
      }
    }
  }
}
