/**
 * Time for the simulated controllers. Controllers never read `Date.now()` or call the global
 * `setTimeout`: they take a `Clock`, so unit tests step time by hand (`FakeClock.advance`) and get
 * the same transitions every run, while the demo uses `RealClock` and keeps moving on its own.
 */
import type { Clock } from '../store/objectStore';

interface Timer {
  due: number;
  seq: number;
  fn: () => void;
}

/**
 * A manual clock. `advance(ms)` moves time forward and fires every timer that falls due on the way,
 * in due-time order (ties in scheduling order), with `now()` equal to each timer's due time while it
 * runs. Timers scheduled while advancing fire in the same call when they fall due before the target,
 * so a chain of zero-delay work queues settles within one `advance`.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;
  /** Guards a test against a controller that reschedules itself forever at the same instant. */
  maxFiringsPerAdvance = 100_000;

  constructor(start: Date | string | number = '2026-01-01T00:00:00Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer: Timer = { due: this.current + Math.max(0, ms || 0), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by ms (0 runs what is already due) and fires due timers in order. */
  advance(ms: number): void {
    const target = this.current + Math.max(0, ms);
    let firings = 0;
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers) {
        if (t.due <= target && (!next || t.due < next.due || (t.due === next.due && t.seq < next.seq))) next = t;
      }
      if (!next) break;
      if (++firings > this.maxFiringsPerAdvance) {
        throw new Error(`FakeClock: more than ${this.maxFiringsPerAdvance} timers fired in one advance (a reconcile loop that never settles?)`);
      }
      this.timers.splice(this.timers.indexOf(next), 1);
      this.current = Math.max(this.current, next.due);
      next.fn();
    }
    this.current = target;
  }

  /** Advances in steps of `stepMs` until `done()` holds or `limitMs` passes; returns whether it held. */
  advanceUntil(done: () => boolean, limitMs: number, stepMs = 500): boolean {
    this.advance(0);
    for (let spent = 0; !done(); spent += stepMs) {
      if (spent >= limitMs) return false;
      this.advance(stepMs);
    }
    return true;
  }
}

/** Wall-clock time. Timers are unref'd so a forgotten controller never keeps a test process alive. */
export class RealClock implements Clock {
  now(): Date {
    return new Date();
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref?.();
    return () => clearTimeout(handle);
  }
}
