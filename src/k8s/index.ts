/**
 * The cluster layer's entry point, bundled alone as dist/cluster.js: the extension loads it lazily
 * (`require('./cluster.js')`) so activation never pays for @kubernetes/client-node, and the CLI
 * imports it directly. `createClusterService` composes the kubeconfig/contexts, one connection per
 * context (transport, access reviews, live model, action executor), and keeps them in step with the
 * kubeconfig: a context removed from the file has its model disposed; one whose cluster, user or
 * credentials changed gets a fresh connection; any other edit makes failed watches retry at once
 * (the user may just have logged in again).
 */
import { Emitter, type Disposable, type Event } from '../core/events';
import { AccessReviewer, namespacesToWatch } from './access';
import { ActionExecutor } from './actionExecutor';
import { ClusterModel, type ModelChange } from './clusterModel';
import { ContextManager, type ContextsChange } from './contextManager';
import { discoverEngines } from './discovery';
import { readClusterSchemas } from './installedCrds';
import { readApiVersions, readServerVersion } from './serverVersion';
import type { Engine } from '../core/kinds';
import type { ClusterSchemaSet } from '../core/schema/clusterSchemas';
import type { ContextInfo } from './kubeconfig';
import { silentLogger, taggedLogger, type Logger } from '../core/util/logger';
import { realTimers, type Timers } from './timers';
import { createTransport, type KubeTransport, type TransportStats } from './transport';
import { transportWatchSource } from './watchSource';
import type { KubeConfig } from '@kubernetes/client-node';

export interface ClusterServiceOptions {
  /** Explicit kubeconfig file (setting / --kubeconfig); otherwise KUBECONFIG or ~/.kube/config. */
  kubeconfigPath?: string;
  /** Namespaces to watch instead of the whole cluster: for every context, or per context name. */
  namespaces?: string[] | Record<string, string[]>;
  log?: Logger;
  env?: NodeJS.ProcessEnv;
  home?: string;
  /** Re-read the kubeconfig when it changes on disk (default true; the CLI's one-shot status turns it off). */
  watchKubeconfig?: boolean;
  timers?: Timers;
  /** Batching window of model change events (default 50 ms). */
  debounceMs?: number;
  /** For tests: how to talk to a context (default: client-node auth over node:https). */
  transportFactory?: (kc: KubeConfig, context: string) => KubeTransport;
}

export interface ClusterService extends Disposable {
  readonly contexts: ContextInfo[];
  readonly currentContext: string | undefined;
  readonly watchedContexts: string[];
  /** Problems reading the kubeconfig files (unreadable, invalid): for a warning, never fatal. */
  readonly kubeconfigErrors: string[];
  /** The files read (or that would be): shown to the user when there are no contexts. */
  readonly kubeconfigPaths: string[];
  setCurrentContext(name: string | undefined): void;
  addWatchedContext(name: string): void;
  removeWatchedContext(name: string): void;
  setKubeconfigPath(path: string | undefined): void;
  reloadKubeconfig(): void;
  /** The live model of a context (created and started on first use); undefined for an unknown context. */
  model(context: string): ClusterModel | undefined;
  executor(context: string): ActionExecutor | undefined;
  /** Every model's changes, so consumers need not re-subscribe when a model is rebuilt. */
  readonly onDidChangeModel: Event<ModelChange>;
  readonly onDidChangeContexts: Event<ContextsChange>;
  /** Requests and bytes sent per context so far (benchmarks, diagnostics). */
  stats(context: string): TransportStats | undefined;
  /**
   * The schemas of the CRDs `context` serves for `engines` (installedCrds.ts); undefined for an
   * unknown context; rejects when the cluster cannot be asked at all.
   */
  clusterSchemas(context: string, engines: readonly Engine[], timeoutMs?: number): Promise<ClusterSchemaSet> | undefined;
  /** The API server's version (`/version`'s gitVersion, e.g. v1.32.4): what charts are rendered for. Undefined for an unknown context. */
  serverVersion(context: string, timeoutMs?: number): Promise<string> | undefined;
  /** The group/versions and group/version/Kinds the API server serves (helm's --api-versions). Undefined for an unknown context. */
  apiVersions(context: string, timeoutMs?: number): Promise<string[]> | undefined;
}

interface Connection {
  transport: KubeTransport;
  access: AccessReviewer;
  model?: ClusterModel;
  executor?: ActionExecutor;
}

export function createClusterService(opts: ClusterServiceOptions = {}): ClusterService {
  const log = opts.log ?? silentLogger;
  const timers = opts.timers ?? realTimers;
  const contexts = new ContextManager({ explicitPath: opts.kubeconfigPath, env: opts.env, home: opts.home, log: taggedLogger(log, 'kubeconfig'), watchFiles: opts.watchKubeconfig !== false });
  const connections = new Map<string, Connection>();
  const modelEmitter = new Emitter<ModelChange>();
  let disposed = false;

  const namespacesFor = (ctx: string): string[] | undefined => {
    const ns = opts.namespaces;
    if (!ns) return undefined;
    if (Array.isArray(ns)) return ns.length ? ns : undefined;
    return ns[ctx]?.length ? ns[ctx] : undefined;
  };

  function connection(ctx: string): Connection | undefined {
    if (disposed) return undefined;
    let c = connections.get(ctx);
    if (c) return c;
    const kc = contexts.kubeconfig.kubeConfigFor(ctx);
    if (!kc) return undefined;
    const transport = opts.transportFactory ? opts.transportFactory(kc, ctx) : createTransport(kc);
    c = { transport, access: new AccessReviewer(transport, timers) };
    connections.set(ctx, c);
    return c;
  }

  function closeConnection(ctx: string): void {
    const c = connections.get(ctx);
    if (!c) return;
    connections.delete(ctx);
    c.model?.dispose();
    c.transport.dispose();
  }

  let watchedBefore = contexts.watchedContexts;
  const sub = contexts.onDidChangeContexts((e) => {
    for (const r of e.removed) closeConnection(r);
    for (const r of e.credentialsChanged) {
      const hadModel = !!connections.get(r)?.model;
      closeConnection(r);
      if (hadModel) service.model(r);
    }
    // Models of contexts that stopped being watched stop (a model asked for explicitly, e.g. by the
    // CLI's --context, stays until its context is removed).
    for (const ctx of watchedBefore) {
      const c = connections.get(ctx);
      if (c?.model && !e.watched.includes(ctx)) {
        c.model.dispose();
        c.model = undefined;
      }
    }
    watchedBefore = e.watched;
    // Any other edit: the user may have refreshed credentials; failed watches try now.
    for (const c of connections.values()) c.model?.retryNow();
  });

  const service: ClusterService = {
    get contexts() {
      return contexts.contexts;
    },
    get currentContext() {
      return contexts.currentContext;
    },
    get watchedContexts() {
      return contexts.watchedContexts;
    },
    get kubeconfigErrors() {
      return contexts.kubeconfig.errors;
    },
    get kubeconfigPaths() {
      return contexts.kubeconfig.paths;
    },
    setCurrentContext: (n) => contexts.setCurrentContext(n),
    addWatchedContext: (n) => contexts.addWatchedContext(n),
    removeWatchedContext: (n) => contexts.removeWatchedContext(n),
    setKubeconfigPath: (p) => contexts.setLocation({ explicitPath: p }),
    reloadKubeconfig: () => contexts.reload(),
    onDidChangeModel: modelEmitter.event,
    onDidChangeContexts: contexts.onDidChangeContexts,
    model(ctx) {
      const c = connection(ctx);
      if (!c) return undefined;
      if (c.model) return c.model;
      const info = contexts.context(ctx);
      const mlog = taggedLogger(log, `cluster ${ctx}`);
      const m = new ClusterModel({
        context: ctx,
        source: transportWatchSource(c.transport, () => timers.random()),
        discover: () => discoverEngines(c.transport),
        resolveNamespaces: (spec) => namespacesToWatch(c.access, spec.group, spec.plural, undefined, info?.namespace),
        namespaces: namespacesFor(ctx),
        timers,
        log: mlog,
        debounceMs: opts.debounceMs,
      });
      m.onDidChange((e) => modelEmitter.fire(e));
      c.model = m;
      m.start();
      return m;
    },
    executor(ctx) {
      const c = connection(ctx);
      if (!c) return undefined;
      c.executor ??= new ActionExecutor({ context: ctx, transport: c.transport, access: c.access, log: taggedLogger(log, `actions ${ctx}`) });
      return c.executor;
    },
    stats: (ctx) => connections.get(ctx)?.transport.stats,
    clusterSchemas(ctx, engines, timeoutMs) {
      const c = connection(ctx);
      return c && readClusterSchemas(c.transport, ctx, engines, timeoutMs);
    },
    serverVersion(ctx, timeoutMs = 10_000) {
      const c = connection(ctx);
      return c && readServerVersion(c.transport, timeoutMs);
    },
    apiVersions(ctx, timeoutMs = 10_000) {
      const c = connection(ctx);
      return c && readApiVersions(c.transport, timeoutMs);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      sub.dispose();
      for (const ctx of [...connections.keys()]) closeConnection(ctx);
      contexts.dispose();
      modelEmitter.dispose();
    },
  };
  return service;
}

export { ClusterModel, ActionExecutor, ContextManager };
export type { ModelChange, ContextsChange, ContextInfo };
export type { ConnectionState, ConnectionPhase, RelatedObjects } from './clusterModel';
export type { ActionOutcome, GateCall, SentResponse } from './actionExecutor';
export type { Discovery, EngineDiscovery } from './discovery';
export type { Logger } from '../core/util/logger';
export { redact } from './log';
export { objectKey } from './kindWatch';
export { userMessage } from './errors';
