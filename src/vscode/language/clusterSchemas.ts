/**
 * `rolloutLens.argoRollouts.schemaVersion` / `rolloutLens.flagger.schemaVersion: "cluster"` in the
 * editor: the decisions live in core (ClusterSchemaSource); this adapter feeds it the workspace
 * trust, the settings and the cluster session, re-reads when one of them changes (settings, trust
 * granted, another current context), and shows its notices.
 */
import * as vscode from 'vscode';
import type { Engine } from '../../core/kinds';
import type { ClusterSchemaSet } from '../../core/schema/clusterSchemas';
import { ClusterSchemaSource } from '../../core/schema/clusterSchemaSource';
import type { Logger } from '../../core/util/logger';
import type { Event } from '../../core/events';
import type { SettingsStore } from '../config';

export interface ClusterSchemaSession {
  ensureStarted(): void;
  currentContext(): string | undefined;
  clusterSchemas(context: string, engines: readonly Engine[]): Promise<ClusterSchemaSet> | undefined;
  readonly onDidChangeContexts: Event<void>;
}

export function registerClusterSchemas(deps: { settings: SettingsStore; session: ClusterSchemaSession; log: Logger; apply: (set: ClusterSchemaSet | undefined) => void }): vscode.Disposable[] {
  const engines = (): Engine[] => {
    const s = deps.settings.current;
    return [...(s.argoRollouts.fromCluster ? (['argo'] as const) : []), ...(s.flagger.fromCluster ? (['flagger'] as const) : [])];
  };
  let readFor: string | undefined;
  const source = new ClusterSchemaSource({
    engines,
    trusted: () => vscode.workspace.isTrusted,
    clusterEnabled: () => deps.settings.current.cluster.enable,
    currentContext: () => {
      deps.session.ensureStarted();
      return (readFor = deps.session.currentContext());
    },
    read: (ctx, e) => deps.session.clusterSchemas(ctx, e),
    apply: deps.apply,
    notify: (m) => void vscode.window.showInformationMessage(m),
    log: (m) => deps.log.info(m),
  });
  // Starting the session (inside refresh) fires onDidChangeContexts at once: one refresh at a time.
  let refreshing = false;
  const refresh = () => {
    if (refreshing) return;
    refreshing = true;
    try {
      void source.refresh();
    } finally {
      refreshing = false;
    }
  };
  const disposables: vscode.Disposable[] = [];
  deps.settings.onDidChange(
    ({ before, after }) => {
      const was = JSON.stringify([before.argoRollouts, before.flagger, before.cluster.enable, before.cluster.kubeconfig]);
      if (was !== JSON.stringify([after.argoRollouts, after.flagger, after.cluster.enable, after.cluster.kubeconfig])) refresh();
    },
    undefined,
    disposables,
  );
  vscode.workspace.onDidGrantWorkspaceTrust(refresh, undefined, disposables);
  // The session fires this for any change of its phase or contexts: read again for another current
  // context, or when the last read failed (the connection may be back).
  disposables.push(
    deps.session.onDidChangeContexts(() => {
      const ctx = deps.session.currentContext();
      if (engines().length && ctx !== source.reading && (ctx !== readFor || !source.schemas)) refresh();
    }),
  );
  // After activation returns: reading starts the cluster connection, which activation never pays for.
  const initial = setTimeout(() => engines().length && refresh(), 0);
  disposables.push({ dispose: () => clearTimeout(initial) });
  return disposables;
}
