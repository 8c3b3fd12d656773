/**
 * The status bar item with the current context, and the quick picks behind it: switch the current
 * context, add or remove watched contexts. Choices live in the extension (globalState and the
 * `rolloutLens.cluster.watchedContexts` setting); the kubeconfig file is never rewritten.
 * The item appears once the cluster connection has started (so activation never loads it).
 */
import * as vscode from 'vscode';
import type { ClusterSession } from './clusterSession';

export const COMMAND_SWITCH_CONTEXT = 'rolloutLens.switchContext';
export const COMMAND_ADD_CONTEXT = 'rolloutLens.addWatchedContext';
export const COMMAND_REMOVE_CONTEXT = 'rolloutLens.removeWatchedContext';

export class ContextStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rolloutLens.context', vscode.StatusBarAlignment.Left, 40);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly session: ClusterSession) {
    this.item.name = 'Rollout Lens: Kubernetes context';
    this.item.command = COMMAND_SWITCH_CONTEXT;
    session.onDidChangeContexts(() => this.update(), this, this.disposables);
    session.onDidChangeModel((e) => e.stateChanged && e.context === session.currentContext() && this.update(), this, this.disposables);
    this.update();
  }

  update(): void {
    const current = this.session.currentContext();
    if (!this.session.started || this.session.phase !== 'ready' || !current) {
      this.item.hide();
      return;
    }
    const state = this.session.model(current)?.state;
    const bad = state && !['connected', 'connecting'].includes(state.phase);
    this.item.text = `$(${bad ? 'debug-disconnect' : 'cloud'}) ${current}`;
    const watched = this.session.watchedContexts();
    this.item.tooltip = new vscode.MarkdownString(
      `**Rollout Lens**: current context \`${current}\`${state ? ` (${state.phase})` : ''}\n\nWatching: ${watched.map((w) => `\`${w}\``).join(', ')}\n\nClick to switch the context or change the watched ones.`,
    );
    this.item.backgroundColor = bad ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

interface ContextPick extends vscode.QuickPickItem {
  action: 'switch' | 'add' | 'remove';
  context?: string;
}

/** Quick pick: contexts to switch to, then "add/remove watched" entries. */
export async function pickContext(session: ClusterSession): Promise<void> {
  session.ensureStarted();
  if (session.phase !== 'ready') {
    void vscode.window.showWarningMessage(session.phase === 'untrusted' ? 'Rollout Lens: trust this workspace to connect to clusters.' : `Rollout Lens: no kube contexts (${session.phaseMessage ?? 'no kubeconfig'}).`);
    return;
  }
  const current = session.currentContext();
  const watched = new Set(session.watchedContexts());
  const items: ContextPick[] = session.allContexts().map((c) => ({
    label: `${c.name === current ? '$(check) ' : ''}${c.name}`,
    description: [c.namespace && `ns ${c.namespace}`, watched.has(c.name) && 'watched'].filter(Boolean).join(' · '),
    detail: c.server,
    action: 'switch',
    context: c.name,
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, action: 'switch' });
  items.push({ label: '$(add) Add a watched context…', action: 'add' });
  if (watched.size > 1) items.push({ label: '$(remove) Stop watching a context…', action: 'remove' });
  const pick = await vscode.window.showQuickPick(items, { title: 'Rollout Lens: switch the current context', placeHolder: 'The kubeconfig file is not changed' });
  if (!pick) return;
  if (pick.action === 'switch' && pick.context) session.setCurrentContext(pick.context);
  else if (pick.action === 'add') await addWatchedContext(session);
  else if (pick.action === 'remove') await removeWatchedContext(session);
}

export async function addWatchedContext(session: ClusterSession, name?: string): Promise<void> {
  session.ensureStarted();
  const watched = new Set(session.watchedContexts());
  const choice =
    name ??
    (
      await vscode.window.showQuickPick(
        session
          .allContexts()
          .filter((c) => !watched.has(c.name))
          .map((c) => ({ label: c.name, description: c.server })),
        { title: 'Rollout Lens: watch another context side by side', placeHolder: 'Contexts from your kubeconfig' },
      )
    )?.label;
  if (choice) await session.addWatchedContext(choice);
}

export async function removeWatchedContext(session: ClusterSession, name?: string): Promise<void> {
  const current = session.currentContext();
  const choice =
    name ??
    (
      await vscode.window.showQuickPick(
        session
          .watchedContexts()
          .filter((c) => c !== current)
          .map((c) => ({ label: c })),
        { title: 'Rollout Lens: stop watching a context' },
      )
    )?.label;
  if (choice && choice !== current) await session.removeWatchedContext(choice);
}
