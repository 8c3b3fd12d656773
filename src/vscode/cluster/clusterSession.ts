/**
 * The connection to the user's clusters, with its own lifetime inside the extension's. Nothing here
 * runs until a cluster feature is needed (the Rollouts view becomes visible, a Rollout/Canary
 * manifest is open with live lenses on, or a cluster command runs); then dist/cluster.js (the
 * cluster layer with @kubernetes/client-node) is required and one ClusterService is created. It is
 * disposed and rebuilt when the kubeconfig setting or the namespaces change, and never created in
 * an untrusted workspace (cluster features require trust; `onDidGrantWorkspaceTrust` starts it).
 * The chosen current context is remembered in globalState: the kubeconfig file is never rewritten.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { Emitter, type Event } from '../../core/events';
import { summarizeCanary, summarizeRollout, type LiveSummary } from '../../core/actions/availability';
import { ACTION_TITLES } from '../../core/actions/catalogue';
import type * as ClusterLayer from '../../k8s/index';
import type { ClusterService, ModelChange } from '../../k8s/index';
import type { Engine } from '../../core/kinds';
import type { ClusterSchemaSet } from '../../core/schema/clusterSchemas';
import type { SettingsStore } from '../config';
import { errorMessage, errorText } from '../../core/util/errors';
import { type Logger, taggedLogger } from '../../core/util/logger';
import type { ClusterView, ContextEntry, LiveStatus, ModelView, SessionPhase } from './clusterView';
import type { WorkloadKind } from '../../core/kinds';

type ClusterModule = typeof ClusterLayer;

const CURRENT_CONTEXT_KEY = 'rolloutLens.currentContext';
export const PHASE_CONTEXT_KEY = 'rolloutLens.clusterPhase';

export class ClusterSession implements ClusterView, vscode.Disposable {
  private service: ClusterService | undefined;
  private serviceSubs: { dispose(): void }[] = [];
  private module: ClusterModule | undefined;
  private wanted = false;
  private loadError: string | undefined;
  private readonly modelEmitter = new Emitter<ModelChange>();
  private readonly contextsEmitter = new Emitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly summaries = new WeakMap<object, LiveSummary>();
  /** Watched contexts that came from the setting (so removing them from the setting unwatches them). */
  private fromSetting = new Set<string>();
  private readonly log: Logger;
  readonly onDidChangeModel: Event<ModelChange> = this.modelEmitter.event;
  readonly onDidChangeContexts: Event<void> = this.contextsEmitter.event;

  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly settings: SettingsStore,
    log: Logger,
  ) {
    this.log = taggedLogger(log, 'cluster');
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.reconcile(), this, this.disposables);
    settings.onDidChange(
      ({ before, after, areas }) => {
        if (!areas.cluster) return;
        const rebuild = before.cluster.kubeconfig !== after.cluster.kubeconfig || JSON.stringify(before.cluster.namespaces) !== JSON.stringify(after.cluster.namespaces) || before.cluster.enable !== after.cluster.enable;
        if (rebuild && this.service) {
          this.log.info(
            `settings changed (${JSON.stringify({ kubeconfig: [before.cluster.kubeconfig, after.cluster.kubeconfig], namespaces: [before.cluster.namespaces, after.cluster.namespaces], enable: [before.cluster.enable, after.cluster.enable] })}): reconnecting`,
          );
          this.stopService();
        }
        this.reconcile();
      },
      this,
      this.disposables,
    );
    this.publishPhase();
  }

  /** Asks for the cluster connection (idempotent); it starts now if trust and settings allow. */
  ensureStarted(): void {
    if (this.wanted) return; // already asked: trust and settings changes reconcile on their own
    this.wanted = true;
    this.reconcile();
  }

  get started(): boolean {
    return this.service !== undefined;
  }

  get phase(): SessionPhase {
    if (!vscode.workspace.isTrusted) return 'untrusted';
    if (!this.settings.current.cluster.enable) return 'disabled';
    if (this.loadError) return 'loadFailed';
    const s = this.service;
    if (!s) return 'ready';
    if (s.contexts.length === 0) return s.kubeconfigPaths.some((p) => fs.existsSync(p)) ? 'noContexts' : 'noKubeconfig';
    return 'ready';
  }

  get phaseMessage(): string | undefined {
    if (this.loadError) return this.loadError;
    const s = this.service;
    if (!s) return undefined;
    if (s.kubeconfigErrors.length) return s.kubeconfigErrors.join('; ');
    return s.kubeconfigPaths.join(', ');
  }

  get kubeconfigPaths(): string[] {
    return this.service?.kubeconfigPaths ?? [];
  }

  allContexts(): ContextEntry[] {
    return (this.service?.contexts ?? []).map((c) => ({ name: c.name, namespace: c.namespace, server: c.server }));
  }

  watchedContexts(): string[] {
    const s = this.service;
    if (!s) return [];
    const cur = s.currentContext;
    const rest = s.watchedContexts.filter((c) => c !== cur);
    return cur && s.watchedContexts.includes(cur) ? [cur, ...rest] : s.watchedContexts;
  }

  currentContext(): string | undefined {
    return this.service?.currentContext;
  }

  model(context: string): ModelView | undefined {
    if (!this.service || !this.service.watchedContexts.includes(context)) return undefined;
    return this.service.model(context);
  }

  /** A model for any known context (actions on a context that is not watched). */
  anyModel(context: string): ModelView | undefined {
    return this.service?.model(context);
  }

  executor(context: string) {
    return this.service?.executor(context);
  }

  /** The schemas of the CRDs `context` serves (schemaVersion "cluster"); undefined before the service runs. */
  clusterSchemas(context: string, engines: readonly Engine[]): Promise<ClusterSchemaSet> | undefined {
    return this.service?.clusterSchemas(context, engines);
  }

  serverVersion(context: string): Promise<string> | undefined {
    return this.service?.serverVersion(context);
  }

  apiVersions(context: string): Promise<string[]> | undefined {
    return this.service?.apiVersions(context);
  }

  defaultNamespace(context: string): string | undefined {
    return this.service?.contexts.find((c) => c.name === context)?.namespace;
  }

  summary(kind: WorkloadKind, obj: object): LiveSummary {
    let s = this.summaries.get(obj);
    if (!s) {
      s = kind === 'Rollout' ? summarizeRollout(obj) : summarizeCanary(obj);
      this.summaries.set(obj, s);
    }
    return s;
  }

  status(kind: WorkloadKind, obj: unknown, context: string): LiveStatus {
    void context;
    const s = this.summary(kind, obj as object);
    const details: string[] = [];
    if (s.weights) details.push(`weight ${s.weights.set}%${s.weights.actual !== s.weights.set ? ` (actual ${s.weights.actual}%)` : ''}`);
    if (s.step) details.push(`step ${s.step.index}/${s.step.count}`);
    if (s.revision) details.push(`revision ${s.revision}`);
    for (const i of s.images) details.push(`${i.image}${i.tags.length ? ` (${i.tags.join(', ')})` : ''}`);
    for (const u of s.unavailableActions) details.push(`${ACTION_TITLES[u.action]}: not available: ${u.reason}`);
    if (s.age) details.push(`age ${s.age}`);
    return {
      description: s.description,
      phase: s.statusText === 'Unknown' ? s.health : s.statusText,
      message: s.message || undefined,
      attention: s.attention?.message,
      actions: s.availableActions,
      details,
    };
  }

  async gateState(context: string, call: { proxyPath: string; method: string; body: unknown }): Promise<'open' | 'closed' | 'unknown'> {
    const executor = this.service?.executor(context);
    return executor ? executor.gateState(call) : 'unknown';
  }

  setCurrentContext(name: string): void {
    this.service?.setCurrentContext(name);
    void this.extension.globalState.update(CURRENT_CONTEXT_KEY, name);
  }

  async addWatchedContext(name: string): Promise<void> {
    this.service?.addWatchedContext(name);
    const list = this.settings.current.cluster.watchedContexts;
    if (!list.includes(name)) await this.settings.setWatchedContexts([...list, name]);
  }

  async removeWatchedContext(name: string): Promise<void> {
    this.service?.removeWatchedContext(name);
    const list = this.settings.current.cluster.watchedContexts;
    if (list.includes(name)) await this.settings.setWatchedContexts(list.filter((c) => c !== name));
  }

  /** Re-reads the kubeconfig and makes every failed watch try again now. */
  retryNow(context?: string): void {
    const s = this.service;
    if (!s) return this.ensureStarted();
    s.reloadKubeconfig();
    for (const c of context ? [context] : s.watchedContexts) s.model(c)?.retryNow();
  }

  private reconcile(): void {
    const before = this.signature();
    const allowed = vscode.workspace.isTrusted && this.settings.current.cluster.enable;
    if (!allowed) {
      this.stopService();
    } else if (this.wanted && !this.service) {
      this.startService();
    } else if (this.service) {
      this.syncWatchedFromSettings();
    }
    this.publishPhase();
    // Fire only on a real change: listeners (tree, lenses) refresh on this event.
    if (this.signature() !== before) this.contextsEmitter.fire();
  }

  /** What listeners of onDidChangeContexts care about. */
  private signature(): string {
    return JSON.stringify([this.phase, this.started, this.currentContext(), this.watchedContexts()]);
  }

  private startService(): void {
    const t0 = performance.now();
    try {
      // dist/extension.js's sibling bundle: scripts/build.mjs leaves this require to run time.
      this.module ??= require('./cluster.js') as ClusterModule;
    } catch (err) {
      this.loadError = `The cluster layer could not be loaded: ${errorMessage(err)}`;
      this.log.error(`${this.loadError}\n${errorText(err)}`);
      return;
    }
    this.loadError = undefined;
    const s = this.settings.current.cluster;
    const service = this.module.createClusterService({
      kubeconfigPath: s.kubeconfig || undefined,
      namespaces: s.namespaces.length ? s.namespaces : undefined,
      log: this.log,
    });
    this.service = service;
    const remembered = this.extension.globalState.get<string>(CURRENT_CONTEXT_KEY);
    if (remembered && service.contexts.some((c) => c.name === remembered)) service.setCurrentContext(remembered);
    this.fromSetting = new Set();
    this.syncWatchedFromSettings();
    this.serviceSubs = [
      service.onDidChangeModel((e) => this.modelEmitter.fire(e)),
      service.onDidChangeContexts(() => {
        this.publishPhase();
        this.contextsEmitter.fire();
      }),
    ];
    // Models start on first use: start every watched one now so the tree and lenses fill in.
    for (const c of service.watchedContexts) service.model(c);
    this.log.info(
      `cluster layer loaded and started in ${(performance.now() - t0).toFixed(0)} ms: ${service.contexts.length} context(s), watching ${service.watchedContexts.join(', ') || 'none'}; kubeconfig ${service.kubeconfigPaths.join(', ')}`,
    );
    for (const e of service.kubeconfigErrors) this.log.warn(`kubeconfig: ${e}`);
  }

  private syncWatchedFromSettings(): void {
    const s = this.service;
    if (!s) return;
    const wanted = new Set(this.settings.current.cluster.watchedContexts);
    for (const c of this.fromSetting) if (!wanted.has(c)) s.removeWatchedContext(c);
    for (const c of wanted) if (s.contexts.some((x) => x.name === c)) s.addWatchedContext(c);
    this.fromSetting = wanted;
    for (const c of s.watchedContexts) s.model(c);
  }

  private stopService(): void {
    for (const d of this.serviceSubs) d.dispose();
    this.serviceSubs = [];
    if (this.service) {
      this.service.dispose();
      this.service = undefined;
      this.log.info('cluster connections stopped');
    }
  }

  private publishPhase(): void {
    void vscode.commands.executeCommand('setContext', PHASE_CONTEXT_KEY, this.phase);
    void vscode.commands.executeCommand('setContext', 'rolloutLens.clusterStarted', this.service !== undefined);
  }

  dispose(): void {
    this.stopService();
    this.modelEmitter.dispose();
    this.contextsEmitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
