/**
 * Which kube contexts exist and which are watched. The current context defaults to the kubeconfig's
 * `current-context`; the user can pick another and add extra contexts to watch side by side. Both
 * choices live in memory only: the kubeconfig file is never rewritten (kubectl and other tools share
 * it). The files are re-read when they change on disk; a change reports which contexts disappeared
 * (their models must be disposed) and whose connection details changed (cluster, user, credentials:
 * their connections must be rebuilt).
 */
import { Emitter, type Disposable, type Event } from '../core/events';
import { kubeconfigPaths, loadKubeconfig, watchKubeconfigFiles, type ContextInfo, type KubeconfigLocation, type LoadedKubeconfig } from './kubeconfig';
import { silentLogger, type Logger } from '../core/util/logger';

export interface ContextsChange {
  contexts: ContextInfo[];
  current: string | undefined;
  watched: string[];
  /** Contexts that no longer exist in the kubeconfig. */
  removed: string[];
  /** Contexts whose cluster, user or credentials changed. */
  credentialsChanged: string[];
}

export interface ContextManagerOptions extends KubeconfigLocation {
  log?: Logger;
  /** Re-read the kubeconfig files when they change (default true). */
  watchFiles?: boolean;
  debounceMs?: number;
}

export class ContextManager implements Disposable {
  private readonly emitter = new Emitter<ContextsChange>();
  readonly onDidChangeContexts: Event<ContextsChange> = this.emitter.event;
  private loaded: LoadedKubeconfig;
  private override: string | undefined;
  private readonly extra = new Set<string>();
  private fileWatch: Disposable | undefined;
  private readonly log: Logger;
  private disposed = false;

  constructor(private opts: ContextManagerOptions = {}) {
    this.log = opts.log ?? silentLogger;
    this.loaded = this.read();
    this.startFileWatch();
  }

  get kubeconfig(): LoadedKubeconfig {
    return this.loaded;
  }
  get contexts(): ContextInfo[] {
    return this.loaded.contexts;
  }
  context(name: string): ContextInfo | undefined {
    return this.loaded.contexts.find((c) => c.name === name);
  }

  /** The user's choice, else the kubeconfig's current-context (when that context exists). */
  get currentContext(): string | undefined {
    if (this.override && this.context(this.override)) return this.override;
    const cc = this.loaded.currentContext;
    return cc && this.context(cc) ? cc : undefined;
  }

  /** The current context first, then the extra watched ones (each once, existing ones only). */
  get watchedContexts(): string[] {
    const out: string[] = [];
    const cur = this.currentContext;
    if (cur) out.push(cur);
    for (const c of this.extra) if (c !== cur && this.context(c)) out.push(c);
    return out;
  }

  setCurrentContext(name: string | undefined): void {
    if (name !== undefined && !this.context(name)) throw new Error(`There is no context named '${name}' in the kubeconfig.`);
    this.override = name;
    this.fire([], []);
  }

  addWatchedContext(name: string): void {
    if (!this.context(name)) throw new Error(`There is no context named '${name}' in the kubeconfig.`);
    this.extra.add(name);
    this.fire([], []);
  }

  removeWatchedContext(name: string): void {
    if (this.extra.delete(name)) this.fire([], []);
  }

  /** Another kubeconfig location (the setting changed): re-read and re-watch. */
  setLocation(loc: KubeconfigLocation): void {
    this.opts = { ...this.opts, ...loc };
    this.fileWatch?.dispose();
    this.startFileWatch();
    this.reload();
  }

  /** Re-reads the files and reports what changed. */
  reload(): void {
    if (this.disposed) return;
    const before = this.loaded;
    const after = this.read();
    this.loaded = after;
    const removed = before.contexts.map((c) => c.name).filter((n) => !after.contexts.some((c) => c.name === n));
    const credentialsChanged = after.contexts.map((c) => c.name).filter((n) => before.fingerprint(n) !== undefined && before.fingerprint(n) !== after.fingerprint(n));
    for (const r of removed) this.extra.delete(r);
    if (this.override && removed.includes(this.override)) this.override = undefined;
    this.log.info(`kubeconfig reloaded: ${after.contexts.length} contexts${removed.length ? `, removed ${removed.join(', ')}` : ''}${credentialsChanged.length ? `, changed ${credentialsChanged.join(', ')}` : ''}`);
    this.fire(removed, credentialsChanged);
  }

  dispose(): void {
    this.disposed = true;
    this.fileWatch?.dispose();
    this.emitter.dispose();
  }

  private read(): LoadedKubeconfig {
    const loaded = loadKubeconfig(kubeconfigPaths(this.opts));
    for (const e of loaded.errors) this.log.warn(`kubeconfig: ${e}`);
    return loaded;
  }

  private startFileWatch(): void {
    if (this.opts.watchFiles === false) return;
    this.fileWatch = watchKubeconfigFiles(kubeconfigPaths(this.opts), () => this.reload(), this.opts.debounceMs);
  }

  private fire(removed: string[], credentialsChanged: string[]): void {
    this.emitter.fire({ contexts: this.contexts, current: this.currentContext, watched: this.watchedContexts, removed, credentialsChanged });
  }
}
