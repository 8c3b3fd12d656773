/**
 * One self-healing list+watch of one resource path (a kind at cluster scope or in one namespace),
 * holding the objects it has seen. It follows client-go's reflector (`tools/cache/reflector.go`):
 * list → remember the list's resourceVersion → watch from it → apply ADDED/MODIFIED/DELETED and
 * BOOKMARK (which only advances the resourceVersion). What client-node's ListWatch does not do, this
 * does:
 * - 410 Gone (an expired resourceVersion, as an HTTP status or an ERROR event) → re-list at once;
 *   a re-list REPLACES the store (objects missing from the new list are deleted), so nothing stale
 *   or duplicated survives a gap in the event stream;
 * - any other failure → retry with exponential backoff and jitter (see timers.ts), re-watching from
 *   the last resourceVersion (a too-old one comes back as 410 and re-lists);
 * - a watch the server ends normally (its timeoutSeconds) is re-opened at once; one that ends
 *   within a second of opening counts as a failure, so a server that keeps closing does not spin us;
 * - 401 → `unauthorized` and no retry storm: one attempt every `rareRetryMs` until `retryNow()`
 *   (called when the kubeconfig or credentials change); 403 → `forbidden` and 404 (the kind is not
 *   served) → `notFound`, likewise rare;
 * - `disposed` is checked in every callback and timer; dispose aborts the stream and the timer.
 * Callers attach handlers, then call start().
 */
import { Emitter, type Event } from '../core/events';
import { ApiError, errorFromNetwork, errorFromStatusObject } from './errors';
import type { Logger } from '../core/util/logger';
import { silentLogger } from '../core/util/logger';
import { isKubeObject, type KubeObject } from './kubeObject';
import { backoffDelay, DEFAULT_BACKOFF, realTimers, type BackoffOptions, type Timers } from './timers';
import type { WatchStream } from './transport';
import type { WatchSource } from './watchSource';

export type WatchPhase = 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'unauthorized' | 'forbidden' | 'notFound' | 'stopped';

export interface WatchState {
  phase: WatchPhase;
  /** When the next attempt is scheduled (epoch ms), for reconnecting/unreachable and the rare retries. */
  nextAttemptAt?: number;
  lastError?: ApiError;
  /** Consecutive failures so far (drives the backoff). */
  attempt: number;
}

export interface WatcherChange {
  /** Keys of objects added or modified. */
  upserted: string[];
  deleted: string[];
}

export interface ResourceWatcherOptions {
  source: WatchSource;
  /** e.g. `/apis/argoproj.io/v1alpha1/namespaces/prod/rollouts` (may carry a labelSelector query). */
  path: string;
  keyOf: (obj: KubeObject) => string;
  timers?: Timers;
  log?: Logger;
  backoff?: BackoffOptions;
  /** Retry interval while unauthorized/forbidden/notFound (no storm). Default 5 minutes. */
  rareRetryMs?: number;
  /** A watch that ends sooner than this after opening, without events, counts as a failure. */
  minHealthyWatchMs?: number;
}

export class ResourceWatcher {
  private readonly store = new Map<string, KubeObject>();
  private readonly changeEmitter = new Emitter<WatcherChange>();
  private readonly stateEmitter = new Emitter<WatchState>();
  readonly onDidChange: Event<WatcherChange> = this.changeEmitter.event;
  readonly onDidChangeState: Event<WatchState> = this.stateEmitter.event;

  private readonly timers: Timers;
  private readonly log: Logger;
  private readonly backoff: BackoffOptions;
  private readonly rareRetryMs: number;
  private readonly minHealthyWatchMs: number;
  private _state: WatchState = { phase: 'connecting', attempt: 0 };
  private resourceVersion = '';
  private listed = false;
  private stream: WatchStream | undefined;
  private timer: unknown;
  private started = false;
  private disposed = false;
  /** Bumped on every (re)connection; callbacks from an older generation are ignored. */
  private generation = 0;
  /** The last failure was a 403 that ended an outage, retried once before it counts (see fail). */
  private forbiddenAfterOutage = false;

  constructor(private readonly opts: ResourceWatcherOptions) {
    this.timers = opts.timers ?? realTimers;
    this.log = opts.log ?? silentLogger;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.rareRetryMs = opts.rareRetryMs ?? 300_000;
    this.minHealthyWatchMs = opts.minHealthyWatchMs ?? 1_000;
  }

  get path(): string {
    return this.opts.path;
  }
  get state(): WatchState {
    return this._state;
  }
  /** Whether a list has completed (the store reflects the server at least once). */
  get synced(): boolean {
    return this.listed;
  }
  get size(): number {
    return this.store.size;
  }
  values(): IterableIterator<KubeObject> {
    return this.store.values();
  }
  get(key: string): KubeObject | undefined {
    return this.store.get(key);
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.list();
  }

  /** Credentials or kubeconfig changed: try again now, whatever the state. */
  retryNow(): void {
    if (this.disposed || !this.started) return;
    if (this._state.phase === 'connected') return;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.stream?.abort();
    this.stream = undefined;
    this._state = { ...this._state, attempt: 0 };
    void this.list();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.generation++;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.stream?.abort();
    this.stream = undefined;
    this.setState({ phase: 'stopped', attempt: 0 });
    this.changeEmitter.dispose();
    this.stateEmitter.dispose();
  }

  private setState(s: WatchState): void {
    const prev = this._state;
    this._state = s;
    if (prev.phase !== s.phase || prev.nextAttemptAt !== s.nextAttemptAt || prev.lastError !== s.lastError) this.stateEmitter.fire(s);
  }

  private async list(): Promise<void> {
    const gen = ++this.generation;
    let result;
    try {
      result = await this.opts.source.list(this.opts.path);
    } catch (err) {
      if (this.disposed || gen !== this.generation) return;
      this.fail(errorFromNetwork(err), true);
      return;
    }
    if (this.disposed || gen !== this.generation) return;
    this.replace(result.items);
    this.resourceVersion = result.resourceVersion;
    this.listed = true;
    this.openWatch(gen);
  }

  /** Replace semantics: the new list is the truth; report only what differs from the old store. */
  private replace(items: readonly KubeObject[]): void {
    const fresh = new Map<string, KubeObject>();
    for (const it of items) fresh.set(this.opts.keyOf(it), slim(it));
    const upserted: string[] = [];
    const deleted: string[] = [];
    for (const [k, obj] of fresh) {
      const old = this.store.get(k);
      if (!old || old.metadata?.resourceVersion !== obj.metadata?.resourceVersion || old.metadata?.uid !== obj.metadata?.uid) upserted.push(k);
    }
    for (const k of this.store.keys()) if (!fresh.has(k)) deleted.push(k);
    this.store.clear();
    for (const [k, v] of fresh) this.store.set(k, v);
    if (upserted.length || deleted.length) this.changeEmitter.fire({ upserted, deleted });
  }

  private openWatch(gen: number): void {
    let openedAt = 0;
    let events = 0;
    let ended = false;
    const healthy = () => events > 0 || (openedAt > 0 && this.timers.now() - openedAt >= this.minHealthyWatchMs);
    this.stream = this.opts.source.watch(this.opts.path, this.resourceVersion, {
      onOpen: () => {
        if (this.disposed || gen !== this.generation) return;
        openedAt = this.timers.now();
        this.setState({ phase: 'connected', attempt: this._state.attempt });
      },
      onEvent: (ev) => {
        if (this.disposed || gen !== this.generation || ended) return;
        events++;
        if (this._state.attempt !== 0 || this._state.phase !== 'connected') this.setState({ phase: 'connected', attempt: 0 });
        if (ev.type === 'ERROR') {
          ended = true;
          this.stream?.abort();
          this.stream = undefined;
          const err = errorFromStatusObject(ev.object);
          if (err.kind === 'gone') return this.relistAfterGone(err);
          return this.fail(err, false);
        }
        this.apply(ev.type, ev.object);
      },
      onClose: (err) => {
        if (this.disposed || gen !== this.generation || ended) return;
        ended = true;
        this.stream = undefined;
        if (err?.kind === 'gone') return this.relistAfterGone(err);
        if (err) return this.fail(err, false, healthy());
        if (healthy()) {
          // The server's timeoutSeconds elapsed: carry on from where we are.
          this._state = { ...this._state, attempt: 0 };
          this.generation++;
          this.openWatch(this.generation);
        } else {
          this.fail(new ApiError('other', 'the server closed the watch as soon as it opened'), false);
        }
      },
    });
  }

  private relistAfterGone(err: ApiError): void {
    this.log.debug(`${this.opts.path}: ${err.detail}; re-listing`);
    this.resourceVersion = '';
    void this.list();
  }

  private apply(type: string, obj: unknown): void {
    if (!isKubeObject(obj)) return;
    const rv = obj.metadata?.resourceVersion;
    if (type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    const key = this.opts.keyOf(obj);
    if (rv) this.resourceVersion = rv;
    if (type === 'ADDED' || type === 'MODIFIED') {
      const old = this.store.get(key);
      // A replayed event (same object version) changes nothing: no duplicate, no spurious refresh.
      if (old && old.metadata?.resourceVersion === rv && old.metadata?.uid === obj.metadata?.uid) return;
      this.store.set(key, slim(obj));
      this.changeEmitter.fire({ upserted: [key], deleted: [] });
    } else if (type === 'DELETED') {
      if (this.store.delete(key)) this.changeEmitter.fire({ upserted: [], deleted: [key] });
    }
  }

  /**
   * Schedules the next attempt. `fromList`: the failure was the list itself. `wasHealthy`: the watch
   * had been working, so this is a fresh outage and the backoff starts over.
   */
  private fail(err: ApiError, fromList: boolean, wasHealthy = false): void {
    const attempt = wasHealthy ? 0 : this._state.attempt;
    const now = this.timers.now();
    // A kube-apiserver that has just started again opens its port before its RBAC cache has synced,
    // and answers 403 to users it admits a moment later (v1.35.4, restarted: 403, 403, 429, then 200
    // within a quarter of a second). So a 403 that ends an outage is retried once on the ordinary
    // backoff, keeping what we have; only a second one in a row means forbidden.
    const transientForbidden = err.kind === 'forbidden' && !this.forbiddenAfterOutage && (this._state.phase === 'unreachable' || this._state.phase === 'reconnecting');
    this.forbiddenAfterOutage = transientForbidden;
    let phase: WatchPhase;
    let delay: number;
    if (!transientForbidden && (err.kind === 'unauthorized' || err.kind === 'forbidden' || (err.kind === 'notFound' && fromList))) {
      phase = err.kind === 'unauthorized' ? 'unauthorized' : err.kind === 'forbidden' ? 'forbidden' : 'notFound';
      delay = this.rareRetryMs;
    } else {
      phase = err.kind === 'unreachable' || err.kind === 'timeout' ? 'unreachable' : 'reconnecting';
      delay = backoffDelay(attempt, this.timers.random(), this.backoff);
    }
    const message = `${this.opts.path}: ${err.detail}; ${phase}, next attempt in ${delay} ms`;
    if (phase === 'reconnecting' || phase === 'unreachable') this.log.debug(message);
    else this.log.warn(message);
    this.setState({ phase, lastError: err, nextAttemptAt: now + delay, attempt: attempt + 1 });
    // A state listener may have disposed us (the cluster-scope watcher replaced by per-namespace ones).
    if (this.disposed) return;
    // What we may no longer read (RBAC revoked) or what is no longer served must not linger as if live;
    // on 401 and network failures the last known state stays, marked by the connection state.
    if ((phase === 'forbidden' || phase === 'notFound') && this.store.size) {
      const deleted = [...this.store.keys()];
      this.store.clear();
      this.listed = false;
      this.resourceVersion = '';
      this.changeEmitter.fire({ upserted: [], deleted });
    }
    this.timers.clearTimeout(this.timer);
    const gen = ++this.generation;
    this.timer = this.timers.setTimeout(() => {
      if (this.disposed || gen !== this.generation) return;
      this.timer = undefined;
      // With a store and a resourceVersion, resume the watch (a stale version answers 410 → re-list).
      if (this.listed && this.resourceVersion && phase !== 'notFound' && phase !== 'forbidden') this.openWatch(gen);
      else void this.list();
    }, delay);
  }
}

/** Drops what nobody reads but costs memory on every object (server-side apply bookkeeping). */
function slim(obj: KubeObject): KubeObject {
  if (obj.metadata?.managedFields) {
    const { managedFields: _drop, ...metadata } = obj.metadata;
    return { ...obj, metadata };
  }
  return obj;
}
