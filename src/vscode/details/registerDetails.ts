/**
 * The details panel's commands: `rolloutLens.showDetails` from a tree row (click), the live lens
 * ("Details") or the palette (a quick pick of live rollouts and canaries); and, outside a production
 * extension host only, `rolloutLens.test.details` for the in-host test and the bench to read what a
 * panel shows and what its renders cost.
 */
import * as vscode from 'vscode';
import type { RolloutLensSettings } from '../../core/settings/settings';
import type { ManifestDiagnostics } from '../language/diagnostics';
import type { Logger } from '../../core/util/logger';
import { pickWorkload, refFromArgument } from '../cluster/actions';
import type { ClusterSession } from '../cluster/clusterSession';
import { DetailsPanels, type DetailsRef } from './detailsPanel';
import { ManifestLiveView } from './manifestDecorations';

export interface DetailsFeatureDeps {
  session: ClusterSession;
  log: Logger;
  diagnostics: ManifestDiagnostics;
  settings: () => RolloutLensSettings;
  /** The live lens's kustomization namespace lookup (one place resolves a file's namespace). */
  kustomizationNamespace(uri: vscode.Uri): Promise<string | undefined>;
  openManifest(ref: DetailsRef): Promise<unknown>;
}

export const SHOW_DETAILS_COMMAND = 'rolloutLens.showDetails';

export function registerDetails(context: vscode.ExtensionContext, deps: DetailsFeatureDeps): DetailsPanels {
  const panels = new DetailsPanels({ session: deps.session, extensionUri: context.extensionUri, log: deps.log, openManifest: (ref) => deps.openManifest(ref) });
  const toRef = (arg: unknown): DetailsRef | undefined => {
    const r = refFromArgument(arg);
    return r && (r.kind === 'Rollout' || r.kind === 'Canary') ? { context: r.context, kind: r.kind, namespace: r.namespace, name: r.name } : undefined;
  };
  const manifestLive = new ManifestLiveView({ session: deps.session, diagnostics: deps.diagnostics, settings: () => deps.settings(), kustomizationNamespace: (uri) => deps.kustomizationNamespace(uri) });
  context.subscriptions.push(
    panels,
    manifestLive,
    vscode.languages.registerCodeLensProvider([{ language: 'yaml' }, { pattern: '**/*.{yaml,yml}' }], manifestLive),
    vscode.commands.registerCommand(SHOW_DETAILS_COMMAND, async (arg?: unknown) => {
      deps.session.ensureStarted();
      const ref = toRef(arg) ?? (await pickWorkload(deps.session, undefined, 'Show Details'));
      if (ref) panels.open(ref);
    }),
  );
  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    // What a panel shows (through the webview: a real message round trip) and its render count/timing.
    context.subscriptions.push(
      vscode.commands.registerCommand('rolloutLens.test.details', async (arg: unknown, op?: { snapshot?: boolean; close?: boolean }) => {
        const ref = toRef(arg);
        const panel = ref ? panels.get(ref) : undefined;
        if (!panel) return undefined;
        if (op?.close) {
          panel.panel.dispose();
          return { closed: true };
        }
        const snapshot = op?.snapshot ? await panel.snapshot() : undefined;
        return { visible: panel.panel.visible, renders: panel.renders, timing: panel.lastTiming, firstRenderMs: panel.firstRenderMs, firstRender: panel.firstRender, snapshot };
      }),
      // The step decorations last drawn in a manifest (by document uri).
      vscode.commands.registerCommand('rolloutLens.test.manifestDecorations', (uri: string) => manifestLive.lastDecorations.get(uri)),
    );
  }
  return panels;
}
