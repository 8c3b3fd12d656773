/**
 * Per-key debouncing for editor events: typing in one document must not delay another document's
 * revalidation, and a burst of watch events must refresh each affected tree node once. Timers are
 * injected so tests drive time explicitly instead of sleeping.
 */
import type { Disposable } from '../events';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Runs the last scheduled action of each key once the key has been quiet for `delayMs`. */
export class KeyedDebouncer<K> implements Disposable {
  private pending = new Map<K, { handle: unknown; run: () => void }>();
  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  schedule(key: K, run: () => void): void {
    if (this.disposed) return;
    this.cancel(key);
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(key);
      if (!this.disposed) run();
    }, this.delayMs);
    this.pending.set(key, { handle, run });
  }

  /** Runs the pending action for `key` now (e.g. a hover needs the latest parse). Returns whether one ran. */
  flush(key: K): boolean {
    const p = this.pending.get(key);
    if (!p) return false;
    this.timers.clearTimeout(p.handle);
    this.pending.delete(key);
    p.run();
    return true;
  }

  cancel(key: K): void {
    const p = this.pending.get(key);
    if (p) {
      this.timers.clearTimeout(p.handle);
      this.pending.delete(key);
    }
  }

  isPending(key: K): boolean {
    return this.pending.has(key);
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.pending.values()) this.timers.clearTimeout(p.handle);
    this.pending.clear();
  }
}

/**
 * Collects items over a quiet period and delivers them as one de-duplicated batch: the tree fires
 * `onDidChangeTreeData` with an array of nodes, the lens provider fires once per burst.
 */
export class BatchCoalescer<T> implements Disposable {
  private items = new Set<T>();
  private handle: unknown;
  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly deliver: (items: T[]) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  add(...items: T[]): void {
    if (this.disposed) return;
    for (const i of items) this.items.add(i);
    if (this.handle === undefined) {
      this.handle = this.timers.setTimeout(() => {
        this.handle = undefined;
        const batch = [...this.items];
        this.items.clear();
        if (!this.disposed && batch.length) this.deliver(batch);
      }, this.delayMs);
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.items.clear();
  }
}
