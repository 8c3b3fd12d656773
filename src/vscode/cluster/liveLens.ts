/**
 * Live code lenses above each Rollout and Canary document: "● Paused · step 2/6 · 20% in
 * prod-eu/payments" followed by the actions that make sense in that state (disabled, with the
 * reason, when RBAC says no), or "Not deployed in prod-eu/payments". The namespace comes from the
 * kustomization that lists the file, else the document, else the context's default.
 * Nothing shows when no cluster is configured (no kubeconfig, untrusted, disabled). Lenses refresh
 * from the model's change events for the objects they show (onDidChangeCodeLenses), never on a timer.
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { BatchCoalescer } from '../../core/util/debounce';
import { liveLensTitle } from '../../core/lens/lensText';
import { KUSTOMIZATION_FILE_NAMES, kustomizationNamespaceFor, liveTargets, resolveNamespace } from '../../core/lens/liveTargets';
import { workloadKey } from '../../core/tree/workloadKeys';
import { ACTION_TITLES } from '../../core/actions/catalogue';
import type { ActionId } from '../../core/actions/plan';
import type { RolloutLensSettings } from '../../core/settings/settings';
import type { ManifestDiagnostics } from '../language/diagnostics';
import { actionSpec, gatePermitted, type WorkloadRef } from './actions';
import type { ClusterSession } from './clusterSession';

/** Actions shown as lenses (the rest stay in menus): the ones people click in the middle of a rollout. */
const LENS_ACTIONS: ActionId[] = ['promote', 'promote-full', 'resume', 'abort', 'retry', 'approve', 'rollback'];

export class LiveLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Model keys shown in lenses → so only relevant events refresh. */
  private shownKeys = new Set<string>();
  /** Per manifest uri: the namespace its kustomization sets (read once; cleared when a kustomization changes). */
  private readonly kustomizations = new Map<string, Promise<string | undefined>>();
  private kustomizationWatcher: vscode.FileSystemWatcher | undefined;
  private readonly permissions = new Map<string, { allowed: boolean; reason?: string } | 'pending'>();
  private readonly coalescer = new BatchCoalescer<string>(100, () => this.changed.fire());
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly session: ClusterSession,
    private readonly diagnostics: ManifestDiagnostics,
    private readonly settings: () => RolloutLensSettings,
  ) {
    session.onDidChangeModel(
      (e) => {
        if (e.stateChanged || e.keys.some((k) => this.shownKeys.has(`${e.context}|${k}`))) {
          // A state change may also change what the user may do (credentials): ask again.
          for (const k of e.keys) for (const p of [...this.permissions.keys()]) if (p.startsWith(`${e.context}|${k}|`)) this.permissions.delete(p);
          this.coalescer.add('model');
        }
      },
      this,
      this.disposables,
    );
    session.onDidChangeContexts(() => this.coalescer.add('contexts'), this, this.disposables);
  }

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.settings().liveLens.enable || !this.settings().cluster.enable || !vscode.workspace.isTrusted) return [];
    const file = this.diagnostics.fileFor(doc);
    if (!file) return [];
    const targets = liveTargets(file);
    if (targets.length === 0) return [];
    // An open Rollout/Canary manifest is a reason to connect.
    this.session.ensureStarted();
    if (this.session.phase !== 'ready') return [];
    // A short file read, awaited so a lens never claims "Not deployed in <default namespace>" meanwhile.
    const kustomizationNs = await this.kustomizationNamespace(doc.uri);
    if (doc.isClosed) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const t of targets) {
      const pos = doc.positionAt(t.offset);
      const range = new vscode.Range(pos, pos);
      for (const context of this.session.watchedContexts()) {
        const model = this.session.model(context);
        if (!model) continue;
        const { namespace } = resolveNamespace(t.namespace, kustomizationNs, this.session.defaultNamespace(context));
        const key = workloadKey(t.kind, namespace, t.name);
        this.shownKeys.add(`${context}|${key}`);
        const obj = model.get(key);
        const state = model.state;
        const engineInstalled = t.kind === 'Rollout' ? model.engines?.argo.installed : model.engines?.flagger.installed;
        const phase = model.engines && !engineInstalled ? 'notInstalled' : state.phase === 'disposed' ? 'stopped' : state.phase;
        const summary = obj ? this.session.summary(t.kind, obj) : undefined;
        const ref: WorkloadRef = { context, kind: t.kind, namespace, name: t.name };
        const title = liveLensTitle({ context, namespace, kind: t.kind, phase, nextAttemptAt: state.nextAttemptAt, description: summary?.description, synced: state.synced });
        lenses.push(new vscode.CodeLens(range, { title, command: obj ? 'rolloutLens.revealLive' : 'rolloutLens.refresh', arguments: obj ? [ref] : [context], tooltip: summary?.attention?.message ?? summary?.message }));
        if (!summary || state.phase !== 'connected') continue;
        for (const id of summary.availableActions) {
          if (!LENS_ACTIONS.includes(id)) continue;
          const spec = actionSpec(id);
          if (!spec) continue;
          const perm = this.permission(ref, id, obj);
          if (perm && !perm.allowed) {
            lenses.push(
              new vscode.CodeLens(range, {
                title: `$(lock) ${ACTION_TITLES[id]}`,
                command: 'rolloutLens.explain',
                arguments: [`You may not ${ACTION_TITLES[id].toLowerCase()} ${t.kind} ${namespace}/${t.name} in ${context}: ${perm.reason ?? 'RBAC denies it'}.`],
                tooltip: perm.reason,
              }),
            );
          } else {
            lenses.push(new vscode.CodeLens(range, { title: ACTION_TITLES[id], command: spec.command, arguments: [ref], tooltip: `${ACTION_TITLES[id]} ${t.kind} ${namespace}/${t.name} in ${context}` }));
          }
        }
      }
    }
    return lenses;
  }

  /** The cached permission answer; starts the check (and refreshes lenses when it lands) if unknown. */
  private permission(ref: WorkloadRef, id: ActionId, obj: unknown): { allowed: boolean; reason?: string } | undefined {
    const k = `${ref.context}|${workloadKey(ref.kind, ref.namespace, ref.name)}|${id}`;
    const hit = this.permissions.get(k);
    if (hit === 'pending') return undefined;
    if (hit) return hit;
    const executor = this.session.executor(ref.context);
    const spec = actionSpec(id);
    if (!executor || !spec) return undefined;
    this.permissions.set(k, 'pending');
    void (async () => {
      try {
        const plan = spec.plan({ kind: ref.kind, obj, now: new Date() });
        const answer = 'canary' in plan ? await gatePermitted(executor, plan) : await executor.permitted(plan);
        this.permissions.set(k, answer);
        if (!answer.allowed) this.coalescer.add('permission');
      } catch {
        this.permissions.delete(k); // unknown: the action itself checks again
      }
    })();
    return undefined;
  }

  /** Created on the first lookup, not at activation (a file watcher is not free). */
  private watchKustomizations(): void {
    if (this.kustomizationWatcher) return;
    const kw = (this.kustomizationWatcher = vscode.workspace.createFileSystemWatcher('**/{kustomization.yaml,kustomization.yml,Kustomization}'));
    const clear = () => {
      this.kustomizations.clear();
      this.coalescer.add('kustomization');
    };
    kw.onDidChange(clear, this, this.disposables);
    kw.onDidCreate(clear, this, this.disposables);
    kw.onDidDelete(clear, this, this.disposables);
    this.disposables.push(kw);
  }

  /** Namespace set by a kustomization listing this file (nearest folder up to the workspace root). Also read by
   *  the manifest's live decorations (src/vscode/details/manifestDecorations.ts), so both look in one place. */
  kustomizationNamespace(uri: vscode.Uri): Promise<string | undefined> {
    this.watchKustomizations();
    const key = uri.toString();
    let p = this.kustomizations.get(key);
    if (!p) {
      p = this.lookupKustomization(uri).catch(() => undefined);
      this.kustomizations.set(key, p);
    }
    return p;
  }

  private async lookupKustomization(uri: vscode.Uri): Promise<string | undefined> {
    if (uri.scheme !== 'file') return undefined;
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri;
    let dir = vscode.Uri.joinPath(uri, '..');
    for (let depth = 0; depth < 8; depth++) {
      for (const name of KUSTOMIZATION_FILE_NAMES) {
        const k = vscode.Uri.joinPath(dir, name);
        let text: string;
        try {
          text = await readFile(k.fsPath, 'utf8');
        } catch {
          continue;
        }
        const rel = uri.path.slice(dir.path.length + 1);
        return kustomizationNamespaceFor(text, rel);
      }
      if (!root || dir.path === root.path || dir.path.length <= root.path.length) break;
      dir = vscode.Uri.joinPath(dir, '..');
    }
    return undefined;
  }

  dispose(): void {
    this.coalescer.dispose();
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
