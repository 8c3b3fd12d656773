/**
 * The details panel: one webview panel per Rollout/Canary per context, revealed again when reopened.
 * It follows the live model: a model change for its object (or, for a rollout, for the ReplicaSets,
 * Pods, AnalysisRuns and Experiments of its namespace) re-renders it when visible and only marks it
 * dirty when hidden, so a hidden panel does no work; it renders once on becoming visible again. Nothing
 * runs on a timer. Events are watched too, through the model (`watchEvents`, per namespace, only while a
 * panel of that namespace is open: they are the noisiest kind in a cluster); one about the object or what it
 * owns wakes the panel like any other change.
 *
 * The webview gets plain data (src/core/details) and sends back intents; an action button runs the
 * same command the tree and the lenses run, with the same confirmation, permission check, production
 * guard and GitOps warning (src/vscode/cluster/actions.ts). Panels survive a window reload through a
 * WebviewPanelSerializer (the webview keeps the object's identity in its state).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { canaryDetails, withPhase } from '../../core/details/canaryDetails';
import { concerningEventKeys, eventConcerns, keyConcerns, panelId } from '../../core/details/panelKeys';
import { detailsPageHtml, makeNonce } from '../../core/details/page';
import { RenderGate } from '../../core/details/renderGate';
import { rolloutDetails } from '../../core/details/rolloutDetails';
import type { CommandOf } from '../../core/details/common';
import type { Details, FromWebview, ToWebview } from '../../core/details/viewModel';
import { gateStateRequests } from '../../core/actions/flagger';
import { asString, at } from '../../core/util/json';
import { workloadKey } from '../../core/tree/workloadKeys';
import type { WorkloadKind } from '../../core/kinds';
import { errorText } from '../../core/util/errors';
import type { Logger } from '../../core/util/logger';
import { ACTIONS } from '../cluster/actions';
import type { ClusterSession } from '../cluster/clusterSession';

export const DETAILS_VIEW_TYPE = 'rolloutLens.details';

export interface DetailsRef {
  context: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

export interface DetailsDeps {
  session: ClusterSession;
  extensionUri: vscode.Uri;
  log: Logger;
  openManifest(ref: DetailsRef): Promise<unknown>;
}

/**
 * Where the first render's time went, from the panel's creation (the click's command has run by then):
 * `htmlMs` building the view model and the page with it, `renderedMs` until the page said it rendered,
 * `pageMs` of that inside the page (its load, parse, script and DOM, from its own time origin).
 */
export interface FirstRender {
  htmlMs: number;
  renderedMs: number;
  pageMs: number;
}

/** What one render cost (for the bench and the log). */
export interface RenderTiming {
  /** Building the view model in the extension host. */
  buildMs: number;
  /** From posting to the webview's answer that it rendered (undefined until it answers). */
  roundTripMs?: number;
  webviewMs?: number;
}

const commandOf: CommandOf = (id) => {
  const def = ACTIONS.find((a) => a.id === id);
  return def ? { command: def.command, title: def.title } : undefined;
};

/** The webview's script and stylesheet, read once per extension (inlined into each panel's page; page.ts says why). */
const assets = new Map<string, string>();
function asset(extensionUri: vscode.Uri, ...path: string[]): string {
  const file = vscode.Uri.joinPath(extensionUri, ...path).fsPath;
  let text = assets.get(file);
  if (text === undefined) {
    text = fs.readFileSync(file, 'utf8');
    assets.set(file, text);
  }
  return text;
}

function refFromState(state: unknown): DetailsRef | undefined {
  const r = (state as { ref?: Partial<DetailsRef> } | undefined)?.ref;
  if (!r || typeof r.context !== 'string' || typeof r.name !== 'string' || typeof r.namespace !== 'string' || (r.kind !== 'Rollout' && r.kind !== 'Canary')) return undefined;
  return { context: r.context, kind: r.kind, namespace: r.namespace, name: r.name };
}

export class DetailsPanel implements vscode.Disposable {
  private readonly gate: RenderGate;
  private history: { phase: string; at: number }[] = [];
  private gateStates: Record<string, string> | undefined;
  private relatedHold: { dispose(): void } | undefined;
  private eventsHold: { dispose(): void } | undefined;
  /** The keys of the Events the last build read for this object: their deletion wakes the panel. */
  eventKeys: ReadonlySet<string> = new Set();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly snapshots = new Map<number, (s: Extract<FromWebview, { type: 'snapshot' }>) => void>();
  private nextSnapshot = 1;
  private lastPost = 0;
  /** The `renderedAt` of the data the page was built with (until the page's first "ready"). */
  private embedded: number | undefined;
  private readonly openedAt = performance.now();
  /** From opening the panel (the click) to the webview's first answer that it rendered (page load included). */
  firstRenderMs: number | undefined;
  firstRender: FirstRender | undefined;
  private htmlMs = 0;
  lastTiming: RenderTiming | undefined;
  private readonly renderedEmitter = new vscode.EventEmitter<RenderTiming>();
  readonly onDidRender = this.renderedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly ref: DetailsRef,
    private readonly deps: DetailsDeps,
    private readonly onDisposed: () => void,
  ) {
    this.gate = new RenderGate(() => this.render(), panel.visible);
    const webview = panel.webview;
    // Script and stylesheet are inline (page.ts says why): the page loads nothing from the extension's files.
    webview.options = { enableScripts: true, localResourceRoots: [] };
    panel.title = `${ref.name} (${ref.kind})`;
    // A visible panel's page carries its first data; a hidden one (restored after a reload) builds nothing yet.
    const initial = panel.visible ? this.compose() : undefined;
    if (initial) {
      this.gate.renderedIntoPage();
      if (initial.type === 'details') this.embedded = initial.renderedAt;
    }
    webview.html = detailsPageHtml({
      cspSource: webview.cspSource,
      script: asset(deps.extensionUri, 'dist', 'webview', 'details.js'),
      style: asset(deps.extensionUri, 'media', 'webview', 'details.css'),
      nonce: makeNonce(),
      title: `${ref.kind} ${ref.namespace}/${ref.name}`,
      initial,
    });
    this.htmlMs = performance.now() - this.openedAt;
    webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m), this, this.disposables);
    panel.onDidChangeViewState(() => this.gate.setVisible(panel.visible), this, this.disposables);
    panel.onDidDispose(() => this.dispose(), this, this.disposables);
    this.holdWatches();
  }

  get id(): string {
    return panelId(this.ref);
  }

  /** Renders done (a hidden panel's count does not move: the in-host test reads it). */
  get renders(): number {
    return this.gate.renders;
  }

  /** The model changed for this object: render now if visible, else remember to. */
  invalidate(): void {
    this.gateStates = undefined;
    this.gate.invalidate();
  }

  /** Asks the webview what it shows (the in-host test's round trip). */
  snapshot(timeoutMs = 5000): Promise<Extract<FromWebview, { type: 'snapshot' }>> {
    const id = this.nextSnapshot++;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.snapshots.delete(id);
        reject(new Error(`the details webview did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.snapshots.set(id, (s) => {
        clearTimeout(t);
        resolve(s);
      });
      void this.post({ type: 'snapshot', id });
    });
  }

  /** The watches this panel needs beyond the workloads: its namespace's Events and, for a rollout, its related kinds. */
  private holdWatches(): void {
    const model = this.deps.session.anyModel(this.ref.context);
    if (!model) return;
    this.eventsHold ??= model.watchEvents(this.ref.namespace);
    if (this.ref.kind === 'Rollout') this.relatedHold ??= model.watchRelated(this.ref.namespace);
  }

  private onMessage(m: FromWebview): void {
    switch (m.type) {
      case 'ready': {
        // Only the first load can show the page's own data; a later load shows a saved state and renders.
        const current = m.shown !== undefined && m.shown === this.embedded;
        this.embedded = undefined;
        this.gate.webviewReady(current);
        break;
      }
      case 'rendered': {
        const t = this.lastTiming;
        if (t && m.renderedAt === this.lastPost) {
          t.roundTripMs = Date.now() - m.renderedAt;
          t.webviewMs = m.ms;
          if (this.firstRender === undefined) {
            this.firstRenderMs = performance.now() - this.openedAt;
            this.firstRender = { htmlMs: this.htmlMs, renderedMs: this.firstRenderMs, pageMs: m.pageMs };
          }
          this.renderedEmitter.fire(t);
        }
        break;
      }
      case 'openManifest':
        void this.deps.openManifest(this.ref);
        break;
      case 'action':
        void this.runAction(m.command, m.args ?? {});
        break;
      case 'snapshot':
        this.snapshots.get(m.id)?.(m);
        this.snapshots.delete(m.id);
        break;
    }
  }

  /** Only commands of the action catalogue, on this object (or its AnalysisRun/Experiment for terminate). */
  private async runAction(command: string, args: Record<string, string>): Promise<void> {
    const def = ACTIONS.find((a) => a.command === command);
    if (!def) return;
    const kind = args.kind === 'AnalysisRun' || args.kind === 'Experiment' ? args.kind : this.ref.kind;
    const target: Record<string, unknown> = { context: this.ref.context, kind, namespace: this.ref.namespace, name: kind === this.ref.kind ? this.ref.name : args.name };
    if (typeof target.name !== 'string' || target.name === '') return;
    if (args.revision !== undefined && /^\d+$/.test(args.revision)) target.revision = Number(args.revision);
    try {
      await vscode.commands.executeCommand(command, target);
    } catch (err) {
      this.deps.log.error(`details: ${command} failed: ${errorText(err)}`);
    }
  }

  /** Only through the gate: visible, webview ready, something changed. */
  private render(): void {
    void this.post(this.compose());
  }

  /** The message that shows the object now (posted, or built into the page on the first load). */
  private compose(): ToWebview {
    const t0 = performance.now();
    const details = this.build();
    if (!details) {
      const model = this.deps.session.anyModel(this.ref.context);
      const synced = model?.state.synced ?? false;
      return { type: 'gone', message: synced ? `${this.ref.kind} ${this.ref.namespace}/${this.ref.name} is not in context ${this.ref.context}.` : `Connecting to ${this.ref.context}…` };
    }
    this.lastTiming = { buildMs: performance.now() - t0 };
    // Distinct per message: the page's "rendered" answer names the one it rendered.
    this.lastPost = Math.max(Date.now(), this.lastPost + 1);
    this.panel.title = `${details.name} · ${details.kind === 'Rollout' ? details.status : details.phase}`;
    if (details.kind === 'Canary' && this.gateStates === undefined) this.readGates();
    return { type: 'details', details, renderedAt: this.lastPost };
  }

  private build(): Details | undefined {
    const { session } = this.deps;
    this.deps.session.ensureStarted();
    const model = session.anyModel(this.ref.context);
    const obj: unknown = model?.get(workloadKey(this.ref.kind, this.ref.namespace, this.ref.name));
    if (!model || !obj) return undefined;
    const now = new Date();
    this.holdWatches();
    const events = model.events(this.ref.namespace);
    this.eventKeys = concerningEventKeys(events, this.ref.namespace, this.ref.name);
    if (this.ref.kind === 'Rollout') return rolloutDetails({ context: this.ref.context, rollout: obj, related: model.related(this.ref.namespace), events, now, commandOf });
    this.history = withPhase(this.history, asString(at(obj, 'status', 'phase')), now.getTime());
    return canaryDetails({ context: this.ref.context, canary: obj, events, now, commandOf, gateStates: this.gateStates ?? {}, history: this.history });
  }

  /** The loadtester's answer for each gate, read once per change of the canary (as the tree does). */
  private readGates(): void {
    const obj: unknown = this.deps.session.anyModel(this.ref.context)?.get(workloadKey(this.ref.kind, this.ref.namespace, this.ref.name));
    const states: Record<string, string> = {};
    this.gateStates = states;
    const pending: Promise<void>[] = [];
    for (const g of gateStateRequests(obj)) {
      if (g.fixed) states[g.webhook.name] = g.fixed === 'open' ? 'always open' : 'always closed';
      else if (g.request) {
        states[g.webhook.name] = 'checking…';
        const req = g.request;
        pending.push(
          this.deps.session.gateState(this.ref.context, { proxyPath: req.proxyPath, method: req.method, body: req.body }).then((s) => {
            states[g.webhook.name] = s;
          }),
        );
      }
    }
    if (pending.length > 0) {
      void Promise.allSettled(pending).then(() => {
        if (this.gateStates !== states) return; // superseded by a newer change
        this.gate.invalidate();
      });
    }
  }

  private post(msg: ToWebview): Thenable<boolean> {
    return this.panel.webview.postMessage(msg);
  }

  dispose(): void {
    this.relatedHold?.dispose();
    this.relatedHold = undefined;
    this.eventsHold?.dispose();
    this.eventsHold = undefined;
    this.renderedEmitter.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDisposed();
  }
}

export class DetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DetailsPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: DetailsDeps) {
    deps.session.onDidChangeModel(
      (e) => {
        const model = deps.session.anyModel(e.context);
        for (const p of this.panels.values()) {
          if (p.ref.context !== e.context) continue;
          const { kind, namespace, name } = p.ref;
          if (e.stateChanged || e.keys.some((k) => keyConcerns(k, kind, namespace, name) || eventConcerns(k, model?.get(k), namespace, name, p.eventKeys))) p.invalidate();
        }
      },
      this,
      this.disposables,
    );
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => {
          const ref = refFromState(state);
          if (!ref || this.panels.has(panelId(ref))) panel.dispose();
          else this.adopt(panel, ref);
          return Promise.resolve();
        },
      }),
    );
  }

  /** Opens (or reveals) the panel of an object. */
  open(ref: DetailsRef): DetailsPanel {
    const existing = this.panels.get(panelId(ref));
    if (existing) {
      existing.panel.reveal(undefined, false);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, `${ref.name} (${ref.kind})`, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { enableScripts: true, enableFindWidget: true });
    return this.adopt(panel, ref);
  }

  get(ref: DetailsRef): DetailsPanel | undefined {
    return this.panels.get(panelId(ref));
  }

  all(): DetailsPanel[] {
    return [...this.panels.values()];
  }

  private adopt(panel: vscode.WebviewPanel, ref: DetailsRef): DetailsPanel {
    this.deps.session.ensureStarted();
    const id = panelId(ref);
    const p = new DetailsPanel(panel, ref, this.deps, () => {
      if (this.panels.get(id) === p) this.panels.delete(id);
    });
    this.panels.set(id, p);
    return p;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
