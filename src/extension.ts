/**
 * Activation only composes: each feature lives in its own register…() under src/vscode/ and returns
 * disposables. Failures are surfaced (VS Code shows nothing when activation throws) and rethrown.
 *
 * Nothing here loads the cluster layer: dist/cluster.js (@kubernetes/client-node) is required on
 * first cluster use, in a trusted workspace, by src/vscode/cluster/. Activation time is logged.
 */
import * as vscode from 'vscode';
import { ValidationEngine } from './core/validation/engine';
import { SettingsStore } from './vscode/config';
import { createLogChannel } from './vscode/log';
import { errorMessage, errorText } from './core/util/errors';
import { taggedLogger } from './core/util/logger';
import { registerLanguageFeatures } from './vscode/language/registerLanguage';
import { registerSchemaAssist } from './vscode/language/schemaAssist';
import { registerClusterFeatures } from './vscode/cluster/registerCluster';
import { registerClusterSchemas } from './vscode/language/clusterSchemas';
import type { ClusterSchemaSet } from './core/schema/clusterSchemas';
import { treeSnapshot, type TreeSnapshotNode } from './vscode/cluster/treeSnapshot';
import { schemaCompletionsAt, schemaHoverAt } from './core/schema/schemaAssist';
import { WorkspaceIndex } from './core/workspace/workspaceIndex';
import { registerReferenceFeatures } from './vscode/references/registerReferences';
import { registerQuickFixes } from './vscode/quickfix/registerQuickFixes';
import { registerStrategyLens } from './vscode/strategy/strategyLens';
import { registerRenderedDiagnostics } from './vscode/render/renderedDiagnostics';
import { ConnectedCapabilities } from './render/clusterCapabilities';

/** What activate returns: a small, stable surface for the in-host test suite. */
export interface RolloutLensApi {
  /** Resolves when the background workspace scan has validated every queued file. */
  whenWorkspaceScanIdle(): Promise<void>;
  /** The Rollouts tree as plain data (labels, descriptions, contextValues), down to maxDepth. */
  rolloutsTree(maxDepth?: number): TreeSnapshotNode[];
  /** Why the Rollouts view is empty, if it is: untrusted, disabled, noKubeconfig, noContexts, loadFailed, or ready. */
  clusterPhase(): string;
}

export function activate(context: vscode.ExtensionContext): RolloutLensApi {
  const t0 = performance.now();
  const channel = createLogChannel();
  context.subscriptions.push(channel);
  const log = taggedLogger(channel, 'activate');
  try {
    const settings = new SettingsStore(taggedLogger(channel, 'settings'));
    context.subscriptions.push(settings);

    // schemaVersion "cluster": the current context's CRDs once read (registerClusterSchemas), else the pinned schemas.
    let clusterSchemas: ClusterSchemaSet | undefined;
    const engineOptions = () => {
      const s = settings.current;
      return { clusterSchemas, argoSchemaVersion: s.argoRollouts.schemaVersion, maxFileBytes: s.validation.maxFileSize, severityOverrides: s.rules.severity, ruleContext: s.rules.context };
    };
    const engine = new ValidationEngine(engineOptions());
    // Cross-file references; also says which files are kustomize patch fragments (fileFindings filters them).
    const index = new WorkspaceIndex();
    const language = registerLanguageFeatures(context, {
      settings,
      log: channel,
      validator: engine,
      configureValidator: () => engine.setOptions(engineOptions()),
    });
    registerSchemaAssist(context, { diagnostics: language.diagnostics, settings, hoverAt: schemaHoverAt, completionsAt: schemaCompletionsAt, clusterSchemas: () => clusterSchemas });
    context.subscriptions.push(
      ...registerReferenceFeatures({
        index,
        diagnostics: language.diagnostics,
        log: taggedLogger(channel, 'references'),
      }),
      ...registerQuickFixes({ validator: engine, crossFile: index, severityOverrides: () => settings.current.rules.severity }),
      ...registerStrategyLens({ onDidValidate: language.diagnostics.onDidValidate, fileFor: (d) => language.diagnostics.fileFor(d) }),
    );
    const tLanguage = performance.now();
    const cluster = registerClusterFeatures(context, { settings, log: channel, showLog: () => channel.show(), diagnostics: language.diagnostics });
    const capabilities = new ConnectedCapabilities(cluster.session);
    context.subscriptions.push(
      capabilities,
      ...registerRenderedDiagnostics({
        engine,
        severityOverrides: () => settings.current.rules.severity,
        settings,
        capabilities,
        log: taggedLogger(channel, 'rendered'),
      }),
      ...registerClusterSchemas({
        settings,
        session: cluster.session,
        log: taggedLogger(channel, 'schemas'),
        apply: (set) => {
          clusterSchemas = set;
          engine.setOptions(engineOptions());
          language.diagnostics.revalidateOpen();
          language.scanner.rescan();
        },
      }),
    );

    const tEnd = performance.now();
    log.info(
      `activated in ${(tEnd - t0).toFixed(1)} ms (language ${(tLanguage - t0).toFixed(1)} ms, cluster UI ${(tEnd - tLanguage).toFixed(1)} ms; mode: ${vscode.ExtensionMode[context.extensionMode]}, trusted: ${vscode.workspace.isTrusted})`,
    );
    return {
      whenWorkspaceScanIdle: () => language.scanner.whenIdle(),
      rolloutsTree: (maxDepth) => {
        cluster.session.ensureStarted();
        return treeSnapshot(cluster.tree, maxDepth);
      },
      clusterPhase: () => cluster.session.phase,
    };
  } catch (err) {
    log.error(`activation failed: ${errorText(err)}`);
    void vscode.window.showErrorMessage(`Rollout Lens failed to start: ${errorMessage(err)}`, 'Show Log').then((a) => {
      if (a) channel.show();
    });
    throw err;
  }
}

export function deactivate(): void {}
