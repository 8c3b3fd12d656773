/**
 * What the editor's cluster features (tree, lenses, status bar, actions, notifications) read from
 * the cluster layer, in the editor's terms. The session (clusterSession.ts) implements it over the
 * lazily loaded dist/cluster.js; the features never touch the network or client-node themselves.
 */
import type { Disposable, Event } from '../../core/events';
import type { ConnectionState, ModelChange, RelatedObjects } from '../../k8s/clusterModel';
import type { Discovery } from '../../k8s/discovery';
import type { KubeObject } from '../../k8s/kubeObject';
import type { WorkloadKind } from '../../core/kinds';

/** One object's live status, as the tree and the lens show it. */
export interface LiveStatus {
  /** "Paused · step 2/6 · 20%", "Progressing · 30% · 3/10". */
  description: string;
  /** The phase word the icon is chosen by (Healthy, Paused, Degraded, WaitingPromotion…). */
  phase: string;
  /** Longer text for tooltips (status message, Promoted condition…). */
  message?: string;
  /** Why it needs attention (paused for promotion, degraded, failed, waiting for promotion), else undefined. */
  attention?: string;
  /** Action ids that make sense in this state (core/actions ids). */
  actions: string[];
  /** Extra tooltip lines (strategy, images, weights, replicas). */
  details: string[];
}

export interface ModelView {
  readonly context: string;
  readonly state: ConnectionState;
  readonly engines: Discovery | undefined;
  rollouts(): KubeObject[];
  canaries(): KubeObject[];
  get(key: string): KubeObject | undefined;
  watchRelated(namespace: string): Disposable;
  /** Only the details panel watches Events (src/k8s/clusterModel.ts says why). */
  watchEvents(namespace: string): Disposable;
  events(namespace: string): unknown[];
  related(namespace: string): RelatedObjects;
  relatedSynced(namespace: string): boolean;
}

export type SessionPhase = 'untrusted' | 'disabled' | 'noKubeconfig' | 'noContexts' | 'loadFailed' | 'ready';

export interface ContextEntry {
  name: string;
  /** The context's default namespace. */
  namespace?: string;
  server?: string;
}

export interface ClusterView {
  readonly phase: SessionPhase;
  /** Short explanation for the non-ready phases (kubeconfig path, load error). */
  readonly phaseMessage?: string;
  /** Every context of the kubeconfig. */
  allContexts(): ContextEntry[];
  /** The watched contexts, current first. */
  watchedContexts(): string[];
  currentContext(): string | undefined;
  model(context: string): ModelView | undefined;
  /** The context's default namespace (for manifests without one). */
  defaultNamespace(context: string): string | undefined;
  status(kind: WorkloadKind, obj: unknown, context: string): LiveStatus;
  /** Reads a Flagger loadtester gate through the API server's service proxy. */
  gateState(context: string, call: { proxyPath: string; method: string; body: unknown }): Promise<'open' | 'closed' | 'unknown'>;
  readonly onDidChangeModel: Event<ModelChange>;
  /** Contexts added/removed, current context switched, session (re)started or stopped. */
  readonly onDidChangeContexts: Event<void>;
}
