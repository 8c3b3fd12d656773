/**
 * The live model of one kube context: every Rollout and Canary the user can see (always watched
 * once the engine is discovered), and, on demand, the ReplicaSets, Pods, AnalysisRuns, Experiments
 * and Deployments of a namespace (ref-counted `watchRelated`: what the user expands in the tree or an
 * open manifest needs). It reports WHICH objects changed, by stable key, batched over a short window,
 * so the tree refreshes only the affected nodes; and one connection state for the context.
 */
import { Emitter, type Disposable, type Event } from '../core/events';
import { ApiError, errorFromNetwork, userMessage } from './errors';
import { silentLogger, type Logger } from '../core/util/logger';
import { KindWatch, objectKey, type KindSpec, type KindWatchState } from './kindWatch';
import { backoffDelay, DEFAULT_BACKOFF, realTimers, type BackoffOptions, type Timers } from './timers';
import type { Discovery } from './discovery';
import type { NamespaceScope } from './access';
import type { WatchSource } from './watchSource';
import type { KubeObject } from './kubeObject';
import { resourceOf } from '../core/kinds';
import { workloadKeyPrefix } from '../core/tree/workloadKeys';

export type ConnectionPhase = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized' | 'forbidden' | 'unreachable' | 'notInstalled' | 'disposed';

export interface ConnectionState {
  phase: ConnectionPhase;
  /** Epoch ms of the next attempt (reconnecting, unreachable, and the rare unauthorized/forbidden retries). */
  nextAttemptAt?: number;
  /** Short, user-facing: what is wrong and what fixes it. */
  message?: string;
  /** Full detail for the log (never credentials). */
  detail?: string;
  /** Namespaces the user may not read (cluster-scope fallback or a 403 on one namespace). */
  forbiddenNamespaces: string[];
  /** 'namespaces' when watching per namespace (cluster-wide list forbidden, or configured). */
  scope: 'cluster' | 'namespaces';
  /** Every engine's kind has been listed at least once: the model is complete. */
  synced: boolean;
}

export interface ModelChange {
  context: string;
  /** Stable keys (`argoproj.io/Rollout/ns/name`) of objects added, changed or deleted. */
  keys: string[];
  stateChanged: boolean;
}

export interface RelatedObjects {
  replicaSets: KubeObject[];
  pods: KubeObject[];
  analysisRuns: KubeObject[];
  experiments: KubeObject[];
  deployments: KubeObject[];
}

/** Watches of one namespace shared by every holder (watchRelated, watchEvents). */
interface SharedWatches {
  refs: number;
  watches: KindWatch[];
}

export const ROLLOUT: KindSpec = resourceOf('Rollout');
export const CANARY: KindSpec = resourceOf('Canary');
const REPLICASET: KindSpec = { group: 'apps', version: 'v1', kind: 'ReplicaSet', plural: 'replicasets' };
const DEPLOYMENT: KindSpec = { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments' };
const POD: KindSpec = { group: '', version: 'v1', kind: 'Pod', plural: 'pods' };
const ANALYSISRUN: KindSpec = resourceOf('AnalysisRun');
const EXPERIMENT: KindSpec = resourceOf('Experiment');
const EVENT: KindSpec = { group: '', version: 'v1', kind: 'Event', plural: 'events' };

export interface ClusterModelOptions {
  context: string;
  source: WatchSource;
  discover: () => Promise<Discovery>;
  /** Namespaces the user can list+watch the kind in (cluster scope forbidden). */
  resolveNamespaces?: (spec: KindSpec) => Promise<NamespaceScope>;
  /** Configured namespaces: watch only these (no cluster-wide attempt). */
  namespaces?: string[];
  timers?: Timers;
  log?: Logger;
  backoff?: BackoffOptions;
  rareRetryMs?: number;
  /** Batching window for onDidChange. */
  debounceMs?: number;
}

export class ClusterModel implements Disposable {
  readonly context: string;
  private readonly emitter = new Emitter<ModelChange>();
  readonly onDidChange: Event<ModelChange> = this.emitter.event;
  private readonly timers: Timers;
  private readonly log: Logger;
  private discovery: Discovery | undefined;
  private discoveryError: ApiError | undefined;
  private discoveryNext: number | undefined;
  private discoveryAttempt = 0;
  private rollouts_: KindWatch | undefined;
  private canaries_: KindWatch | undefined;
  private readonly relatedWatches = new Map<string, SharedWatches>();
  private readonly eventWatches = new Map<string, SharedWatches>();
  private pendingKeys = new Set<string>();
  private pendingState = false;
  private flushTimer: unknown;
  private retryTimer: unknown;
  private disposed = false;
  private started = false;

  constructor(private readonly opts: ClusterModelOptions) {
    this.context = opts.context;
    this.timers = opts.timers ?? realTimers;
    this.log = opts.log ?? silentLogger;
  }

  get engines(): Discovery | undefined {
    return this.discovery;
  }

  start(): void {
    if (this.started || this.disposed) return;
    this.started = true;
    void this.discover();
  }

  /** Credentials or kubeconfig changed: every failed part tries again now. */
  retryNow(): void {
    if (this.disposed) return;
    if (!this.discovery) {
      this.timers.clearTimeout(this.retryTimer);
      void this.discover();
      return;
    }
    this.rollouts_?.retryNow();
    this.canaries_?.retryNow();
    for (const w of this.sharedWatches()) w.retryNow();
  }

  rollouts(): KubeObject[] {
    return this.rollouts_?.values() ?? [];
  }
  canaries(): KubeObject[] {
    return this.canaries_?.values() ?? [];
  }

  get(key: string): KubeObject | undefined {
    if (key.startsWith(workloadKeyPrefix('Rollout'))) return this.rollouts_?.get(key);
    if (key.startsWith(workloadKeyPrefix('Canary'))) return this.canaries_?.get(key);
    for (const w of this.sharedWatches()) {
      const o = w.get(key);
      if (o) return o;
    }
    return undefined;
  }

  get state(): ConnectionState {
    if (this.disposed) return { phase: 'disposed', forbiddenNamespaces: [], scope: 'cluster', synced: false };
    if (this.discoveryError) return { ...this.errorState(this.discoveryError), nextAttemptAt: this.discoveryNext };
    if (!this.discovery) return { phase: 'connecting', forbiddenNamespaces: [], scope: this.opts.namespaces ? 'namespaces' : 'cluster', synced: false };
    const kinds = [this.rollouts_, this.canaries_].filter((k): k is KindWatch => !!k);
    if (kinds.length === 0) {
      return { phase: 'notInstalled', message: `Neither Argo Rollouts nor Flagger is installed in context ${this.context}.`, forbiddenNamespaces: [], scope: 'cluster', synced: true };
    }
    const states = kinds.map((k) => k.state);
    const order: string[] = ['unauthorized', 'unreachable', 'reconnecting', 'connecting', 'forbidden', 'notFound', 'connected'];
    const worst = states.reduce((a, b) => (order.indexOf(b.phase) < order.indexOf(a.phase) ? b : a));
    const forbiddenNamespaces = [...new Set(states.flatMap((s) => s.forbiddenNamespaces))].sort();
    const scope = states.some((s) => s.scope === 'namespaces') ? 'namespaces' : 'cluster';
    const synced = states.every((s) => s.synced);
    return { ...this.kindState(worst), forbiddenNamespaces, scope, synced };
  }

  /**
   * Starts watching the related kinds of `namespace` (shared between callers; the watches stop when
   * the last Disposable is disposed).
   */
  watchRelated(namespace: string): Disposable {
    return this.share(this.relatedWatches, namespace, () => {
      const specs = [REPLICASET, POD];
      if (this.discovery?.argo.installed ?? true) specs.push(ANALYSISRUN, EXPERIMENT);
      if (this.discovery?.flagger.installed) specs.push(DEPLOYMENT);
      return specs;
    });
  }

  /** The related objects of a namespace (empty until `watchRelated(namespace)` has listed them). */
  related(namespace: string): RelatedObjects {
    const e = this.relatedWatches.get(namespace);
    const of = (kind: string) => e?.watches.find((w) => w.spec.kind === kind)?.values() ?? [];
    return { replicaSets: of('ReplicaSet'), pods: of('Pod'), analysisRuns: of('AnalysisRun'), experiments: of('Experiment'), deployments: of('Deployment') };
  }

  /**
   * Starts watching the Events of `namespace`, ref-counted like watchRelated. Only an open details panel
   * asks: Events are the noisiest kind of a cluster, so nothing watches them otherwise. Their keys
   * (`core/Event/<namespace>/<name>`) arrive in the change batches like every other object's.
   */
  watchEvents(namespace: string): Disposable {
    return this.share(this.eventWatches, namespace, () => [EVENT]);
  }

  /** The Events of a namespace (empty until `watchEvents(namespace)` has listed them). */
  events(namespace: string): unknown[] {
    return this.eventWatches.get(namespace)?.watches[0]?.values() ?? [];
  }

  /**
   * The watches of `namespace` in `shared`, one set for every holder: the first hold creates and starts
   * them, the last release stops them and reports their objects as gone (they leave the model).
   */
  private share(shared: Map<string, SharedWatches>, namespace: string, specs: () => KindSpec[]): Disposable {
    let entry = shared.get(namespace);
    if (!entry) {
      entry = { refs: 0, watches: specs().map((s) => this.makeKindWatch(s, [namespace])) };
      shared.set(namespace, entry);
      if (!this.disposed) for (const w of entry.watches) w.start();
    }
    entry.refs++;
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        const e = shared.get(namespace);
        if (!e || --e.refs > 0) return;
        shared.delete(namespace);
        for (const w of e.watches) {
          for (const o of w.values()) this.queue([objectKey(w.spec.group, w.spec.kind, o.metadata?.namespace, o.metadata?.name ?? '')]);
          w.dispose();
        }
      },
    };
  }

  /** Every on-demand watch (related kinds and Events, all namespaces). */
  private sharedWatches(): KindWatch[] {
    return [...this.relatedWatches.values(), ...this.eventWatches.values()].flatMap((e) => e.watches);
  }

  /** Whether `watchRelated(namespace)` is active and every related kind has listed once. */
  relatedSynced(namespace: string): boolean {
    const e = this.relatedWatches.get(namespace);
    return !!e && e.watches.every((w) => w.state.synced);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.timers.clearTimeout(this.flushTimer);
    this.timers.clearTimeout(this.retryTimer);
    this.rollouts_?.dispose();
    this.canaries_?.dispose();
    for (const w of this.sharedWatches()) w.dispose();
    this.eventWatches.clear();
    this.relatedWatches.clear();
    // Tell listeners once that this context is gone, then stop.
    this.emitter.fire({ context: this.context, keys: [], stateChanged: true });
    this.emitter.dispose();
  }

  private async discover(): Promise<void> {
    let d: Discovery;
    try {
      d = await this.opts.discover();
    } catch (err) {
      if (this.disposed) return;
      const e = errorFromNetwork(err);
      const rare = e.kind === 'unauthorized' || e.kind === 'forbidden';
      const delay = rare ? (this.opts.rareRetryMs ?? 300_000) : backoffDelay(this.discoveryAttempt++, this.timers.random(), this.opts.backoff ?? DEFAULT_BACKOFF);
      this.discoveryError = e;
      this.discoveryNext = this.timers.now() + delay;
      const message = `discovery failed: ${e.detail}; next attempt in ${delay} ms`;
      if (rare) this.log.warn(message);
      else this.log.debug(message);
      this.retryTimer = this.timers.setTimeout(() => {
        if (!this.disposed) void this.discover();
      }, delay);
      this.queueState();
      return;
    }
    if (this.disposed) return;
    this.discoveryError = undefined;
    this.discoveryNext = undefined;
    this.discoveryAttempt = 0;
    this.discovery = d;
    if (d.argo.installed) this.rollouts_ = this.makeKindWatch({ ...ROLLOUT, version: d.argo.apiVersion ?? ROLLOUT.version }, this.opts.namespaces);
    if (d.flagger.installed) this.canaries_ = this.makeKindWatch({ ...CANARY, version: d.flagger.apiVersion ?? CANARY.version }, this.opts.namespaces);
    if (!d.argo.installed && !d.flagger.installed) {
      this.log.info(`neither Argo Rollouts nor Flagger is installed; checking again in a while`);
      // Installing an engine later is normal: look again rarely.
      this.retryTimer = this.timers.setTimeout(() => {
        if (!this.disposed && !this.rollouts_ && !this.canaries_) {
          this.discovery = undefined;
          void this.discover();
        }
      }, this.opts.rareRetryMs ?? 300_000);
    }
    this.rollouts_?.start();
    this.canaries_?.start();
    this.queueState();
  }

  private makeKindWatch(spec: KindSpec, namespaces: string[] | undefined): KindWatch {
    const w = new KindWatch({
      source: this.opts.source,
      spec,
      namespaces,
      resolveNamespaces: this.opts.resolveNamespaces ? () => this.opts.resolveNamespaces!(spec) : undefined,
      timers: this.timers,
      log: this.log,
      backoff: this.opts.backoff,
      rareRetryMs: this.opts.rareRetryMs,
    });
    w.onDidChange((c) => this.queue([...c.upserted, ...c.deleted]));
    w.onDidChangeState(() => this.queueState());
    return w;
  }

  private queue(keys: string[]): void {
    if (this.disposed) return;
    for (const k of keys) this.pendingKeys.add(k);
    this.scheduleFlush();
  }

  private queueState(): void {
    if (this.disposed) return;
    this.pendingState = true;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = this.timers.setTimeout(() => {
      this.flushTimer = undefined;
      if (this.disposed) return;
      const keys = [...this.pendingKeys];
      const stateChanged = this.pendingState;
      this.pendingKeys.clear();
      this.pendingState = false;
      if (keys.length || stateChanged) this.emitter.fire({ context: this.context, keys, stateChanged });
    }, this.opts.debounceMs ?? 50);
  }

  private errorState(e: ApiError): ConnectionState {
    const phase: ConnectionPhase = e.kind === 'unauthorized' ? 'unauthorized' : e.kind === 'forbidden' ? 'forbidden' : e.kind === 'unreachable' || e.kind === 'timeout' ? 'unreachable' : 'reconnecting';
    return { phase, message: userMessage(e, { context: this.context }), detail: e.detail, forbiddenNamespaces: [], scope: 'cluster', synced: false };
  }

  private kindState(s: KindWatchState): Omit<ConnectionState, 'forbiddenNamespaces' | 'scope' | 'synced'> {
    if (s.phase === 'connected' || s.phase === 'connecting') return { phase: s.phase };
    if (s.phase === 'notFound') return { phase: 'notInstalled', message: `The custom resource is no longer served in context ${this.context}.`, detail: s.lastError?.detail };
    if (s.phase === 'stopped') return { phase: 'disposed' };
    const base: Partial<ConnectionState> = s.lastError ? this.errorState(s.lastError) : {};
    const message = s.phase === 'forbidden' ? `You may not list these resources in any namespace of context ${this.context}.` : base.message;
    return { phase: s.phase, nextAttemptAt: s.nextAttemptAt, message, detail: base.detail };
  }
}
