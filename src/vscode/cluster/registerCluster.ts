/**
 * The cluster half of the extension: the Rollouts view, the context status bar item, live code
 * lenses, actions, notifications and the manifest ↔ live item navigation. Registering costs
 * nothing at activation: the cluster layer is loaded by the session on first need.
 */
import * as vscode from 'vscode';
import { AttentionTracker } from '../../core/tree/attentionTracker';
import { isWorkloadKey } from '../../core/tree/workloadKeys';
import { liveTargets, resolveNamespace } from '../../core/lens/liveTargets';
import { ManifestLocations } from '../../core/lens/manifestLocations';
import { setFieldEdit } from '../../core/actions/manifestEdit';
import { manifestPathText } from '../../core/actions/plan';
import { parseWorkloadKey } from '../../core/tree/workloadKeys';
import type { SettingsStore } from '../config';
import type { ManifestDiagnostics } from '../language/diagnostics';
import { type Logger, taggedLogger } from '../../core/util/logger';
import { ACTIONS, ActionRunner, type WorkloadRef } from './actions';
import { ClusterSession } from './clusterSession';
import type { WorkloadKind } from '../../core/kinds';
import { Confirmer } from './confirm';
import { addWatchedContext, ContextStatusBar, pickContext, removeWatchedContext } from './contextStatusBar';
import { LiveLensProvider } from './liveLens';
import type { DetailsPanels } from '../details/detailsPanel';
import { registerDetails } from '../details/registerDetails';
import { RolloutTreeProvider, ROLLOUTS_VIEW_ID, type TreeNode } from './rolloutTree';

export interface ClusterDeps {
  settings: SettingsStore;
  log: Logger;
  /** A callback, not a method: it is handed on as a command handler. */
  showLog: () => void;
  diagnostics: ManifestDiagnostics;
}

export interface ClusterFeatures {
  details: DetailsPanels;
  session: ClusterSession;
  tree: RolloutTreeProvider;
  lenses: LiveLensProvider;
  locations: ManifestLocations;
}

export function registerClusterFeatures(context: vscode.ExtensionContext, deps: ClusterDeps): ClusterFeatures {
  const log = taggedLogger(deps.log, 'ui');
  const session = new ClusterSession(context, deps.settings, deps.log);
  const locations = new ManifestLocations();
  const tree = new RolloutTreeProvider({ view: session, hasManifest: (k, ns, n) => locations.has(k, ns, n) });
  deps.diagnostics.onDidValidate((e) => tree.refreshWorkloadsNamed(locations.update(e.uri, e.file)), undefined, context.subscriptions);
  deps.diagnostics.onDidForget((uri) => tree.refreshWorkloadsNamed(locations.remove(uri)), undefined, context.subscriptions);

  const treeView = vscode.window.createTreeView(ROLLOUTS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(treeView);
  // The view becoming visible is a reason to connect (after activation returns: loading takes a while).
  if (treeView.visible) {
    const t = setTimeout(() => session.ensureStarted(), 0);
    context.subscriptions.push({ dispose: () => clearTimeout(t) });
  }
  treeView.onDidChangeVisibility((e) => e.visible && session.ensureStarted(), undefined, context.subscriptions);

  const statusBar = new ContextStatusBar(session);
  const lenses = new LiveLensProvider(session, deps.diagnostics, () => deps.settings.current);
  const confirmer = new Confirmer(context.extensionMode !== vscode.ExtensionMode.Production);
  confirmer.registerTestCommands(context.subscriptions);

  const openManifest = async (ref: WorkloadRef): Promise<vscode.TextEditor | undefined> => {
    const found = locations.find(ref.kind, ref.namespace, ref.name);
    if (found.length === 0) {
      void vscode.window.showInformationMessage(
        `No manifest for ${ref.kind} ${ref.namespace}/${ref.name} in the workspace${deps.settings.current.validation.workspaceScan ? '' : ' (turn on rolloutLens.validation.workspaceScan to index files that are not open)'}.`,
      );
      return undefined;
    }
    let loc = found[0];
    if (found.length > 1) {
      const pick = await vscode.window.showQuickPick(
        found.map((l) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(l.uri)), description: l.namespace ? `namespace ${l.namespace}` : 'no namespace in the document', l })),
        { title: `Manifests defining ${ref.kind} ${ref.name}` },
      );
      if (!pick) return undefined;
      loc = pick.l;
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(loc.uri));
    const pos = doc.positionAt(loc.offset);
    return vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  };

  const runner = new ActionRunner({
    session,
    settings: deps.settings,
    confirmer,
    log: taggedLogger(deps.log, 'actions'),
    showLog: deps.showLog,
    editManifestInstead: async (ref, path, value) => {
      const editor = await openManifest(ref);
      if (!editor) return false;
      const file = deps.diagnostics.fileFor(editor.document);
      const target = file && liveTargets(file).find((t) => t.kind === ref.kind && t.name === ref.name);
      if (!file || !target) return false;
      const edit = setFieldEdit(file, target.offset, path, value);
      if ('error' in edit) {
        void vscode.window.showWarningMessage(edit.error);
        return true;
      }
      const we = new vscode.WorkspaceEdit();
      we.replace(editor.document.uri, new vscode.Range(editor.document.positionAt(edit.start), editor.document.positionAt(edit.end)), edit.newText);
      await vscode.workspace.applyEdit(we);
      void vscode.window.showInformationMessage(`Set ${manifestPathText(path)}: ${JSON.stringify(value)} in the manifest. Save and commit it; your GitOps controller applies it.`);
      return true;
    },
  });

  const refFromArg = (arg: unknown): WorkloadRef | undefined => {
    const a = arg as Partial<TreeNode> & Partial<WorkloadRef>;
    if (!a || typeof a !== 'object' || !a.context || !a.name || a.namespace === undefined) return undefined;
    const kind = (a.workloadKind ?? a.kind) as WorkloadKind;
    return kind === 'Rollout' || kind === 'Canary' ? { context: a.context, kind, namespace: a.namespace, name: a.name } : undefined;
  };

  /** From the active editor: the Rollout/Canary document under the cursor, in the current context. */
  const refFromEditor = (): WorkloadRef | undefined => {
    const editor = vscode.window.activeTextEditor;
    const current = session.currentContext();
    if (!editor || !current) return undefined;
    const file = deps.diagnostics.fileFor(editor.document);
    if (!file) return undefined;
    const offset = editor.document.offsetAt(editor.selection.active);
    const targets = liveTargets(file);
    const t = [...targets].reverse().find((x) => x.offset <= offset) ?? targets[0];
    if (!t) return undefined;
    return { context: current, kind: t.kind, namespace: resolveNamespace(t.namespace, undefined, session.defaultNamespace(current)).namespace, name: t.name };
  };

  const revealLive = async (arg?: unknown) => {
    session.ensureStarted();
    const ref = refFromArg(arg) ?? refFromEditor();
    if (!ref) {
      void vscode.window.showInformationMessage('Rollout Lens: put the cursor in a Rollout or Canary manifest to reveal its live item.');
      return;
    }
    const node = tree.workloadNode(ref.context, ref.kind, ref.namespace, ref.name);
    if (!node) {
      void vscode.window.showInformationMessage(`${ref.kind} ${ref.namespace}/${ref.name} is not deployed in ${ref.context}.`);
      return;
    }
    await treeView.reveal(node, { select: true, focus: true, expand: true });
  };

  const details = registerDetails(context, {
    session,
    log: taggedLogger(deps.log, 'details'),
    diagnostics: deps.diagnostics,
    settings: () => deps.settings.current,
    kustomizationNamespace: (uri) => lenses.kustomizationNamespace(uri),
    openManifest,
  });

  const cmd = <A extends unknown[]>(id: string, fn: (...args: A) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  for (const spec of ACTIONS) cmd(spec.command, (arg?: unknown) => runner.run(spec, arg));
  cmd('rolloutLens.refresh', (arg?: unknown) => {
    session.ensureStarted();
    const ctx = typeof arg === 'string' ? arg : (arg as TreeNode | undefined)?.context;
    session.retryNow(ctx);
    tree.refreshAll();
    lenses.refresh();
  });
  cmd('rolloutLens.switchContext', () => pickContext(session));
  cmd('rolloutLens.addWatchedContext', (arg?: unknown) => addWatchedContext(session, typeof arg === 'string' ? arg : undefined));
  cmd('rolloutLens.removeWatchedContext', (arg?: unknown) => removeWatchedContext(session, typeof arg === 'string' ? arg : (arg as TreeNode | undefined)?.context));
  cmd('rolloutLens.setCurrentContext', (arg?: unknown) => {
    const ctx = typeof arg === 'string' ? arg : (arg as TreeNode | undefined)?.context;
    if (ctx) session.setCurrentContext(ctx);
  });
  cmd('rolloutLens.openManifest', async (arg?: unknown) => {
    const ref = refFromArg(arg) ?? (await runner.resolve(undefined, undefined, 'Open Manifest'));
    if (ref) await openManifest(ref);
  });
  cmd('rolloutLens.revealLive', revealLive);
  cmd('rolloutLens.revealInTree', (node?: TreeNode) => (node ? revealLive(node) : undefined));
  cmd('rolloutLens.openKubeconfig', async () => {
    session.ensureStarted();
    const p = session.kubeconfigPaths[0];
    if (!p) return void vscode.window.showInformationMessage('Rollout Lens: no kubeconfig file is configured.');
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(p));
    } catch {
      void vscode.window.showWarningMessage(`Rollout Lens: ${p} does not exist. Set rolloutLens.cluster.kubeconfig or KUBECONFIG.`);
    }
  });
  cmd('rolloutLens.explain', (message?: string) => message && vscode.window.showInformationMessage(message));
  cmd('rolloutLens.showLog', deps.showLog);

  // Notifications: a workspace-defined object entering a state that needs the user.
  const tracker = new AttentionTracker();
  session.onDidChangeModel(
    (e) => {
      for (const key of e.keys.filter(isWorkloadKey)) {
        const w = parseWorkloadKey(key);
        const model = session.model(e.context);
        if (!w || !model) continue;
        const id = `${e.context}|${key}`;
        const obj = model.get(key);
        if (!obj) {
          tracker.forget(id);
          continue;
        }
        const attention = session.summary(w.kind, obj).attention;
        const entered = tracker.observe(id, attention?.reason);
        if (!entered || !deps.settings.current.cluster.notifications || !locations.has(w.kind, w.namespace, w.name)) continue;
        const ref: WorkloadRef = { context: e.context, kind: w.kind, namespace: w.namespace, name: w.name };
        const text = `${w.kind} ${w.namespace}/${w.name} in ${e.context}: ${attention!.message}`;
        log.info(`notify: ${text}`);
        const show = /Degraded|Failed|Aborted/.test(entered) ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
        void show(text, 'Show', 'Open Manifest').then((a) => {
          if (a === 'Show') void revealLive(ref);
          else if (a === 'Open Manifest') void openManifest(ref);
        });
      }
      if (e.stateChanged && !session.model(e.context)) tracker.forgetPrefix(`${e.context}|`);
    },
    undefined,
    context.subscriptions,
  );

  context.subscriptions.push(session, tree, treeView, statusBar, lenses, vscode.languages.registerCodeLensProvider([{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }], lenses));
  return { session, tree, lenses, locations, details };
}
