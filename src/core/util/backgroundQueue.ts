/**
 * Works through a large set of keys (workspace files that are not open) in small batches, yielding
 * to the event loop between batches so the extension host never freezes. Keys are de-duplicated;
 * re-enqueuing a key that is waiting does not move it; removing a key (file deleted or opened in an
 * editor) drops it. One batch runs at a time; a failing item is reported and does not stop the rest.
 */
import type { Disposable } from '../events';

export interface BackgroundQueueOptions<K> {
  /** Items processed before yielding. */
  batchSize: number;
  process(key: K): Promise<void>;
  onError?(key: K, err: unknown): void;
  /** Yields to the event loop; injected so tests control it. Default: setImmediate. */
  yieldNow?: () => Promise<void>;
}

export class BackgroundQueue<K> implements Disposable {
  private queue = new Set<K>();
  private running: Promise<void> | undefined;
  private disposed = false;
  private processed = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: BackgroundQueueOptions<K>) {}

  get size(): number {
    return this.queue.size;
  }

  /** Number of items processed since creation (for the log and tests). */
  get processedCount(): number {
    return this.processed;
  }

  enqueue(keys: Iterable<K>): void {
    if (this.disposed) return;
    for (const k of keys) this.queue.add(k);
    this.kick();
  }

  remove(key: K): void {
    this.queue.delete(key);
  }

  clear(): void {
    this.queue.clear();
  }

  /** Resolves when the queue is empty and nothing runs. */
  whenIdle(): Promise<void> {
    if (!this.running && this.queue.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  dispose(): void {
    this.disposed = true;
    this.queue.clear();
    this.settleIdle();
  }

  private kick(): void {
    if (this.running || this.queue.size === 0) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (!this.disposed && this.queue.size > 0) this.kick();
      else this.settleIdle();
    });
  }

  private async drain(): Promise<void> {
    const yieldNow = this.options.yieldNow ?? (() => new Promise<void>((r) => setImmediate(r)));
    while (!this.disposed && this.queue.size > 0) {
      const batch: K[] = [];
      for (const k of this.queue) {
        batch.push(k);
        if (batch.length >= this.options.batchSize) break;
      }
      for (const k of batch) {
        if (this.disposed) return;
        if (!this.queue.delete(k)) continue; // removed while an earlier item ran
        try {
          await this.options.process(k);
          this.processed++;
        } catch (err) {
          this.options.onError?.(k, err);
        }
      }
      await yieldNow();
    }
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
