/**
 * An open Rollout/Canary manifest shows where its live counterpart is: the canary step the rollout is
 * at gets "◀ paused here · 3m" / "◀ analysis running" at the end of its line, the steps already done
 * are dimmed, and a lens above the pod template compares its images with what runs live ("live canary
 * runs this file", "differs from live: image app:v2 here, app:v1 live"), beside a "Details" lens that
 * opens the details panel. The logic is src/core/details/manifestLive.ts; this only draws it.
 *
 * Only visible editors are decorated, and only on a change of their objects (the model's change events,
 * an editor becoming visible, an edit): nothing runs on a timer, so the "· 3m" of a pause is as of the
 * last change. The file's namespace is resolved as the live lens resolves it (kustomization, document,
 * context default). While a Rollout manifest is open its namespace's ReplicaSets are watched, as the
 * comparison needs their images by role.
 */
import * as vscode from 'vscode';
import { compareWithLive, stepDecorations } from '../../core/details/manifestLive';
import { locate } from '../../core/manifest/manifestDocument';
import { keyConcerns } from '../../core/details/panelKeys';
import { liveTargets, resolveNamespace, type LiveTarget } from '../../core/lens/liveTargets';
import type { RolloutLensSettings } from '../../core/settings/settings';
import { BatchCoalescer } from '../../core/util/debounce';
import { workloadKey } from '../../core/tree/workloadKeys';
import type { ManifestDiagnostics } from '../language/diagnostics';
import type { ClusterSession } from '../cluster/clusterSession';
import { SHOW_DETAILS_COMMAND } from './registerDetails';

export interface ManifestLiveDeps {
  session: ClusterSession;
  diagnostics: ManifestDiagnostics;
  settings: () => RolloutLensSettings;
  /** The namespace a kustomization sets for this file (the live lens's lookup). */
  kustomizationNamespace(uri: vscode.Uri): Promise<string | undefined>;
}

interface Shown {
  context: string;
  target: LiveTarget;
  namespace: string;
}

export class ManifestLiveView implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly doneStep = vscode.window.createTextEditorDecorationType({ opacity: '0.55' });
  private readonly currentStep = vscode.window.createTextEditorDecorationType({
    isWholeLine: false,
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.infoForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  /** Per document uri: what its lenses and decorations show. */
  private readonly shown = new Map<string, Shown[]>();
  /** Namespaces whose related objects are watched for open manifests: `${context}|${ns}` → hold and users. */
  private readonly holds = new Map<string, { hold: { dispose(): void }; uris: Set<string> }>();
  private readonly coalescer = new BatchCoalescer<string>(100, (uris) => this.refresh(uris));
  private readonly disposables: vscode.Disposable[] = [];
  /** What was last drawn per document (the in-host test reads it). */
  lastDecorations = new Map<string, { current: string[]; done: number }>();

  constructor(private readonly deps: ManifestLiveDeps) {
    deps.session.onDidChangeModel(
      (e) => {
        for (const [uri, list] of this.shown) {
          if (list.some((s) => s.context === e.context && (e.stateChanged || e.keys.some((k) => keyConcerns(k, s.target.kind, s.namespace, s.target.name))))) this.coalescer.add(uri);
        }
      },
      this,
      this.disposables,
    );
    vscode.window.onDidChangeVisibleTextEditors(() => this.coalescer.add('*'), this, this.disposables);
    deps.diagnostics.onDidValidate((e) => this.coalescer.add(e.uri), this, this.disposables);
    vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri.toString()), this, this.disposables);
    deps.session.onDidChangeContexts(() => this.coalescer.add('*'), this, this.disposables);
  }

  private enabled(): boolean {
    const s = this.deps.settings();
    return s.liveLens.enable && s.cluster.enable && vscode.workspace.isTrusted && this.deps.session.phase === 'ready';
  }

  /** The document's Rollout/Canary targets with their live namespace, in the current context. */
  private async targetsOf(doc: vscode.TextDocument): Promise<Shown[]> {
    const file = this.deps.diagnostics.fileFor(doc);
    const context = this.deps.session.currentContext();
    if (!file || !context) return [];
    const targets = liveTargets(file);
    if (targets.length === 0) return [];
    const kustomizationNs = await this.deps.kustomizationNamespace(doc.uri);
    return targets.map((t) => ({ context, target: t, namespace: resolveNamespace(t.namespace, kustomizationNs, this.deps.session.defaultNamespace(context)).namespace }));
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.enabled()) return [];
    const shown = await this.targetsOf(doc);
    if (doc.isClosed) return [];
    const uri = doc.uri.toString();
    this.shown.set(uri, shown);
    const lenses: vscode.CodeLens[] = [];
    for (const s of shown) {
      const model = this.deps.session.model(s.context);
      const obj: unknown = model?.get(workloadKey(s.target.kind, s.namespace, s.target.name));
      if (!model || !obj) continue;
      // On the pod template (a Rollout) or the analysis (a Canary), not on the live lens's line: the first
      // lens line of a document stays the live state and its actions.
      const md = this.deps.diagnostics.fileFor(doc)?.documents[s.target.index];
      if (!md) continue;
      const anchor = locate(md, s.target.kind === 'Rollout' ? ['spec', 'template'] : ['spec', 'analysis']);
      const pos = doc.positionAt(anchor.exact && anchor.keyRange ? anchor.keyRange.start : s.target.offset);
      const range = new vscode.Range(pos, pos);
      const ref = { context: s.context, kind: s.target.kind, namespace: s.namespace, name: s.target.name };
      lenses.push(new vscode.CodeLens(range, { title: '$(preview) Details', command: SHOW_DETAILS_COMMAND, arguments: [ref], tooltip: `Open the details of ${s.target.kind} ${s.namespace}/${s.target.name} in ${s.context}` }));
      if (s.target.kind !== 'Rollout') continue;
      this.hold(uri, s.context, s.namespace);
      if (!model.relatedSynced(s.namespace)) continue;
      const cmp = compareWithLive(md.value, obj, model.related(s.namespace), new Date());
      const icon = cmp.state === 'differs' ? '$(diff)' : cmp.state === 'unknown' ? '$(question)' : '$(check)';
      lenses.push(
        new vscode.CodeLens(range, {
          title: `${icon} ${cmp.text}`,
          command: SHOW_DETAILS_COMMAND,
          arguments: [ref],
          tooltip: `Pod template images of this file compared with ${s.target.kind} ${s.namespace}/${s.target.name} in ${s.context}`,
        }),
      );
    }
    return lenses;
  }

  /** Watches the related objects of a namespace while a manifest in it is open. */
  private hold(uri: string, context: string, namespace: string): void {
    const key = `${context}|${namespace}`;
    let h = this.holds.get(key);
    if (!h) {
      const model = this.deps.session.model(context);
      if (!model) return;
      h = { hold: model.watchRelated(namespace), uris: new Set() };
      this.holds.set(key, h);
    }
    h.uris.add(uri);
  }

  private forget(uri: string): void {
    this.shown.delete(uri);
    for (const [key, h] of this.holds) {
      if (h.uris.delete(uri) && h.uris.size === 0) {
        h.hold.dispose();
        this.holds.delete(key);
      }
    }
  }

  private refresh(uris: string[]): void {
    this.changed.fire();
    const all = uris.includes('*');
    for (const editor of vscode.window.visibleTextEditors) {
      if (all || uris.includes(editor.document.uri.toString())) void this.decorate(editor);
    }
  }

  /** Draws the step decorations of one visible editor. */
  private async decorate(editor: vscode.TextEditor): Promise<void> {
    const doc = editor.document;
    const uri = doc.uri.toString();
    const done: vscode.Range[] = [];
    const current: vscode.DecorationOptions[] = [];
    if (this.enabled()) {
      const shown = await this.targetsOf(doc);
      this.shown.set(uri, shown);
      const file = this.deps.diagnostics.fileFor(doc);
      const now = new Date();
      for (const s of shown) {
        if (s.target.kind !== 'Rollout' || !file) continue;
        const obj: unknown = this.deps.session.model(s.context)?.get(workloadKey('Rollout', s.namespace, s.target.name));
        const md = file.documents[s.target.index];
        if (!obj || !md) continue;
        for (const d of stepDecorations(md, obj, now)) {
          const range = new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end));
          if (d.state === 'done') done.push(range);
          else if (d.state === 'current') {
            const line = doc.lineAt(range.start.line).range;
            current.push({
              range: new vscode.Range(line.end, line.end),
              renderOptions: { after: { contentText: d.label } },
              hoverMessage: `${s.target.kind} ${s.namespace}/${s.target.name} in ${s.context}: step ${d.index + 1} — ${d.label.replace(/^◀ /, '')}`,
            });
          }
        }
      }
    }
    if (doc.isClosed) return;
    editor.setDecorations(this.doneStep, done);
    editor.setDecorations(this.currentStep, current);
    this.lastDecorations.set(uri, { current: current.map((c) => String(c.renderOptions?.after?.contentText ?? '')), done: done.length });
  }

  dispose(): void {
    this.coalescer.dispose();
    for (const h of this.holds.values()) h.hold.dispose();
    this.holds.clear();
    this.changed.dispose();
    this.doneStep.dispose();
    this.currentStep.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
