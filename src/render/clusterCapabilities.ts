/**
 * What the connected cluster tells `helm template` in the editor: its server version
 * (`--kube-version`) and the API versions it serves (`--api-versions`). Read once per context, and
 * read again when it may have changed: the current context switched (or the session restarted), or
 * the context's model came back to connected after an outage (the cluster may have been upgraded
 * or had CRDs installed meanwhile). A re-read that answers differently fires onDidChange, so charts
 * render again for what the cluster is now. Rendering never starts a connection: nothing is asked
 * before the session is ready. Pure (no vscode): the session is passed in.
 */
import { Emitter, type Disposable, type Event } from '../core/events';

export interface ClusterCapabilities {
  /** `/version`'s gitVersion, undefined when the server did not say it. */
  kubeVersion?: string;
  /** group/versions and group/version/Kinds; empty when discovery could not be read. */
  apiVersions: string[];
}

/** What of the cluster session this reads (src/vscode/cluster/clusterSession.ts implements it). */
export interface CapabilitiesSession {
  readonly phase: string;
  currentContext(): string | undefined;
  serverVersion(context: string): Promise<string> | undefined;
  apiVersions(context: string): Promise<string[]> | undefined;
  model(context: string): { readonly state: { readonly phase: string } } | undefined;
  readonly onDidChangeModel: Event<{ context: string; stateChanged: boolean }>;
  readonly onDidChangeContexts: Event<void>;
}

/** Model phases that mean the context was not reachable (or not readable): coming back from one re-reads. */
const OUTAGE_PHASES = new Set(['reconnecting', 'unreachable', 'unauthorized', 'forbidden']);

export class ConnectedCapabilities implements Disposable {
  private readonly asked = new Map<string, Promise<ClusterCapabilities | undefined>>();
  /** The last answer per context, to tell whether a re-read changed anything. */
  private readonly answered = new Map<string, string>();
  private readonly outage = new Set<string>();
  private lastContext: string | undefined;
  private readonly emitter = new Emitter<void>();
  private readonly subs: Disposable[];
  /** Fires when what the current context answers is not what it answered before (charts render again). */
  readonly onDidChange: Event<void> = this.emitter.event;

  constructor(private readonly session: CapabilitiesSession) {
    this.subs = [
      session.onDidChangeContexts(() => {
        // Switched, added, removed or a restarted session: read everything again, when next needed.
        this.asked.clear();
        this.answered.clear();
        this.outage.clear();
        const now = this.current();
        if (now !== this.lastContext) this.emitter.fire();
      }),
      session.onDidChangeModel((e) => {
        if (!e.stateChanged) return;
        const phase = session.model(e.context)?.state.phase;
        if (phase && OUTAGE_PHASES.has(phase)) this.outage.add(e.context);
        else if (phase === 'connected' && this.outage.delete(e.context)) this.reread(e.context);
      }),
    ];
  }

  private current(): string | undefined {
    return this.session.phase === 'ready' ? this.session.currentContext() : undefined;
  }

  /** The current context's capabilities, or undefined (no session, no context, no answer). */
  get(): Promise<ClusterCapabilities | undefined> {
    const ctx = this.current();
    this.lastContext = ctx;
    if (!ctx) return Promise.resolve(undefined);
    let caps = this.asked.get(ctx);
    if (!caps) {
      caps = this.read(ctx);
      this.asked.set(ctx, caps);
    }
    return caps;
  }

  private read(ctx: string): Promise<ClusterCapabilities | undefined> {
    const version = this.session.serverVersion(ctx);
    const apis = this.session.apiVersions(ctx);
    if (!version && !apis) return Promise.resolve(undefined);
    const caps = Promise.all([settled(version), settled(apis)]).then(([v, a]) => {
      // Neither answered: not kept, so the next render asks again (the connection may be back).
      if (!v.ok && !a.ok) {
        if (this.asked.get(ctx) === caps) this.asked.delete(ctx);
        return undefined;
      }
      const out: ClusterCapabilities = { ...(v.value ? { kubeVersion: v.value } : {}), apiVersions: a.value ?? [] };
      this.answered.set(ctx, JSON.stringify(out));
      return out;
    });
    return caps;
  }

  /** Back from an outage: forget the cached answer; when one was given, ask now and say if it changed. */
  private reread(ctx: string): void {
    const before = this.answered.get(ctx);
    this.asked.delete(ctx);
    if (before === undefined) return;
    const caps = this.read(ctx);
    this.asked.set(ctx, caps);
    void caps.then(() => {
      if (this.answered.get(ctx) !== before && ctx === this.current()) this.emitter.fire();
    });
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}

function settled<T>(p: Promise<T> | undefined): Promise<{ ok: boolean; value?: T }> {
  return (p ?? Promise.reject(new Error('not asked'))).then(
    (value) => ({ ok: true, value }),
    () => ({ ok: false }),
  );
}
