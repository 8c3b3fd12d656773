/**
 * All objects of one kind that the user can see in a context: ONE cluster-wide list+watch when
 * allowed, otherwise one per namespace the user may list+watch (or the configured namespaces).
 * Cluster scope answering 403 triggers the fallback: the namespaces come from `resolveNamespaces`
 * (SelfSubjectAccessReviews over the namespaces the user can list; see access.ts). Namespaces that
 * are forbidden are reported, not fatal; only when nothing at all can be watched is the kind
 * `forbidden` (re-tried rarely: RBAC may be granted later).
 */
import { Emitter, type Event } from '../core/events';
import { ApiError, errorFromNetwork } from './errors';
import { silentLogger, type Logger } from '../core/util/logger';
import { ResourceWatcher, type WatcherChange, type WatchPhase } from './resourceWatcher';
import { backoffDelay, DEFAULT_BACKOFF, realTimers, type BackoffOptions, type Timers } from './timers';
import type { NamespaceScope } from './access';
import type { KubeObject } from './kubeObject';
import type { WatchSource } from './watchSource';

export interface KindSpec {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
}

/** The stable key of an object everywhere in the extension: `argoproj.io/Rollout/ns/name` (`core/Pod/ns/name`). */
export function objectKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group || 'core'}/${kind}/${namespace ?? ''}/${name}`;
}

export function resourcePath(spec: KindSpec, namespace?: string): string {
  const base = spec.group ? `/apis/${spec.group}/${spec.version}` : `/api/${spec.version}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${spec.plural}` : `${base}/${spec.plural}`;
}

export interface KindWatchState {
  phase: WatchPhase;
  nextAttemptAt?: number;
  lastError?: ApiError;
  scope: 'cluster' | 'namespaces';
  /** The namespaces watched (scope 'namespaces'). */
  namespaces: string[];
  forbiddenNamespaces: string[];
  /** Every watcher has listed at least once. */
  synced: boolean;
}

export interface KindWatchOptions {
  source: WatchSource;
  spec: KindSpec;
  /** A fixed set of namespaces (configured, or on-demand related objects): no cluster-wide attempt. */
  namespaces?: string[];
  /** Called when cluster scope is forbidden. */
  resolveNamespaces?: () => Promise<NamespaceScope>;
  labelSelector?: string;
  timers?: Timers;
  log?: Logger;
  backoff?: BackoffOptions;
  rareRetryMs?: number;
}

// Worst first: the phase of the kind is the worst phase among its (non-forbidden) watchers.
const SEVERITY: WatchPhase[] = ['unauthorized', 'unreachable', 'reconnecting', 'connecting', 'notFound', 'connected', 'forbidden', 'stopped'];

export class KindWatch {
  private readonly watchers = new Map<string, ResourceWatcher>(); // '' = cluster scope
  private readonly changeEmitter = new Emitter<WatcherChange>();
  private readonly stateEmitter = new Emitter<void>();
  readonly onDidChange: Event<WatcherChange> = this.changeEmitter.event;
  readonly onDidChangeState: Event<void> = this.stateEmitter.event;
  private readonly timers: Timers;
  private readonly log: Logger;
  private scope: 'cluster' | 'namespaces';
  private resolveError: ApiError | undefined;
  private resolveNext: number | undefined;
  private resolveAttempt = 0;
  private resolving = false;
  private deniedNamespaces: string[] = [];
  private timer: unknown;
  private disposed = false;

  constructor(private readonly opts: KindWatchOptions) {
    this.timers = opts.timers ?? realTimers;
    this.log = opts.log ?? silentLogger;
    this.scope = opts.namespaces ? 'namespaces' : 'cluster';
  }

  get spec(): KindSpec {
    return this.opts.spec;
  }

  start(): void {
    if (this.disposed) return;
    if (this.opts.namespaces) this.setNamespaces(this.opts.namespaces);
    else this.startClusterScope();
  }

  retryNow(): void {
    if (this.disposed) return;
    if (this.resolveError) {
      this.timers.clearTimeout(this.timer);
      void this.fallBackToNamespaces();
    }
    for (const w of this.watchers.values()) w.retryNow();
  }

  values(): KubeObject[] {
    const out: KubeObject[] = [];
    for (const w of this.watchers.values()) for (const o of w.values()) out.push(o);
    return out;
  }

  get(key: string): KubeObject | undefined {
    for (const w of this.watchers.values()) {
      const o = w.get(key);
      if (o) return o;
    }
    return undefined;
  }

  get state(): KindWatchState {
    const ws = [...this.watchers.entries()];
    const forbidden = [...this.deniedNamespaces, ...ws.filter(([ns, w]) => ns && w.state.phase === 'forbidden').map(([ns]) => ns)];
    const base = { scope: this.scope, namespaces: this.scope === 'namespaces' ? ws.map(([ns]) => ns).sort() : [], forbiddenNamespaces: [...new Set(forbidden)].sort() };
    if (this.resolving) return { ...base, phase: 'connecting', synced: false };
    if (this.resolveError)
      return {
        ...base,
        phase: this.resolveError.kind === 'unauthorized' ? 'unauthorized' : this.resolveError.kind === 'forbidden' ? 'forbidden' : this.resolveError.kind === 'unreachable' ? 'unreachable' : 'reconnecting',
        lastError: this.resolveError,
        nextAttemptAt: this.resolveNext,
        synced: false,
      };
    if (ws.length === 0) return { ...base, phase: this.disposed ? 'stopped' : this.scope === 'namespaces' && this.deniedNamespaces.length ? 'forbidden' : 'connecting', synced: this.scope === 'namespaces' && !this.deniedNamespaces.length };
    const states = ws.map(([, w]) => w.state);
    const relevant = states.some((s) => s.phase !== 'forbidden') ? states.filter((s) => s.phase !== 'forbidden') : states;
    const worst = relevant.reduce((a, b) => (SEVERITY.indexOf(b.phase) < SEVERITY.indexOf(a.phase) ? b : a));
    const next = relevant.map((s) => s.nextAttemptAt).filter((n): n is number => n !== undefined);
    return { ...base, phase: worst.phase, lastError: worst.lastError, nextAttemptAt: next.length ? Math.min(...next) : undefined, synced: ws.every(([, w]) => w.synced || w.state.phase === 'forbidden') };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.timers.clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.dispose();
    this.watchers.clear();
    this.changeEmitter.dispose();
    this.stateEmitter.dispose();
  }

  private startClusterScope(): void {
    this.scope = 'cluster';
    const w = this.addWatcher('');
    w.onDidChangeState((s) => {
      // Forbidden at cluster scope: the user may still see some namespaces.
      if (s.phase === 'forbidden' && !this.opts.namespaces && this.opts.resolveNamespaces && this.watchers.get('') === w) {
        this.log.info(`${this.opts.spec.plural}: listing across all namespaces is forbidden; watching the namespaces you can read`);
        this.removeWatcher('');
        void this.fallBackToNamespaces();
      }
    });
    w.start();
  }

  private async fallBackToNamespaces(): Promise<void> {
    this.scope = 'namespaces';
    this.resolving = true;
    this.resolveError = undefined;
    this.stateEmitter.fire();
    let scope: NamespaceScope;
    try {
      scope = await this.opts.resolveNamespaces!();
    } catch (err) {
      if (this.disposed) return;
      this.resolving = false;
      const e = errorFromNetwork(err);
      const delay = e.kind === 'unauthorized' || e.kind === 'forbidden' ? (this.opts.rareRetryMs ?? 300_000) : backoffDelay(this.resolveAttempt++, this.timers.random(), this.opts.backoff ?? DEFAULT_BACKOFF);
      this.resolveError = e;
      this.resolveNext = this.timers.now() + delay;
      this.log.warn(`${this.opts.spec.plural}: cannot determine readable namespaces: ${e.detail}`);
      this.timer = this.timers.setTimeout(() => {
        if (!this.disposed) void this.fallBackToNamespaces();
      }, delay);
      this.stateEmitter.fire();
      return;
    }
    if (this.disposed) return;
    this.resolving = false;
    this.resolveAttempt = 0;
    this.deniedNamespaces = scope.denied;
    this.setNamespaces(scope.allowed);
    if (scope.allowed.length === 0) {
      // Nothing readable now: ask again rarely (cluster scope first: RBAC may have been granted).
      const delay = this.opts.rareRetryMs ?? 300_000;
      this.timer = this.timers.setTimeout(() => {
        if (!this.disposed) this.startClusterScope();
      }, delay);
    }
    this.stateEmitter.fire();
  }

  /** Watches exactly these namespaces: starts missing watchers, disposes the others. */
  private setNamespaces(namespaces: string[]): void {
    this.scope = 'namespaces';
    const want = new Set(namespaces);
    for (const ns of [...this.watchers.keys()]) if (!want.has(ns)) this.removeWatcher(ns);
    for (const ns of want) if (!this.watchers.has(ns)) this.addWatcher(ns).start();
    this.stateEmitter.fire();
  }

  private addWatcher(namespace: string): ResourceWatcher {
    const { spec } = this.opts;
    const path = resourcePath(spec, namespace || undefined) + (this.opts.labelSelector ? `?labelSelector=${encodeURIComponent(this.opts.labelSelector)}` : '');
    const w = new ResourceWatcher({
      source: this.opts.source,
      path,
      keyOf: (o) => objectKey(spec.group, spec.kind, o.metadata?.namespace, o.metadata?.name ?? ''),
      timers: this.timers,
      log: this.log,
      backoff: this.opts.backoff,
      rareRetryMs: this.opts.rareRetryMs,
    });
    w.onDidChange((c) => this.changeEmitter.fire(c));
    w.onDidChangeState(() => this.stateEmitter.fire());
    this.watchers.set(namespace, w);
    return w;
  }

  private removeWatcher(namespace: string): void {
    const w = this.watchers.get(namespace);
    if (!w) return;
    const gone = [...w.values()].map((o) => objectKey(this.opts.spec.group, this.opts.spec.kind, o.metadata?.namespace, o.metadata?.name ?? ''));
    this.watchers.delete(namespace);
    w.dispose();
    if (gone.length) this.changeEmitter.fire({ upserted: [], deleted: gone });
  }
}
