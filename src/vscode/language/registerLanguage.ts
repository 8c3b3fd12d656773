/**
 * The language half of the extension, usable on its own and in untrusted workspaces: diagnostics for
 * open files, the background workspace scan, hover and completion. Returns what other features
 * (references, quick fixes, live lenses) plug into: the diagnostics (parsed files, finding sources).
 */
import * as vscode from 'vscode';
import type { SettingsStore } from '../config';
import { type Logger, taggedLogger } from '../../core/util/logger';
import { ManifestDiagnostics } from './diagnostics';
import type { DocumentValidator } from './validator';
import { WorkspaceScanner } from './workspaceScan';

export interface LanguageFeatures {
  diagnostics: ManifestDiagnostics;
  scanner: WorkspaceScanner;
}

export interface LanguageDeps {
  settings: SettingsStore;
  log: Logger;
  validator: DocumentValidator;
  /** Applies the validation settings to the engine (schema version, severities, size limit). */
  configureValidator(): void;
}

export function registerLanguageFeatures(context: vscode.ExtensionContext, deps: LanguageDeps): LanguageFeatures {
  const log = taggedLogger(deps.log, 'validation');
  const current = () => deps.settings.current;
  // The close callback runs on a document-close event, never during construction, so `scanner` is set by then.
  const diagnostics: ManifestDiagnostics = new ManifestDiagnostics(deps.validator, current, log, (uri): boolean => scanner.adoptClosed(uri));
  const scanner: WorkspaceScanner = new WorkspaceScanner(diagnostics, current, log);
  context.subscriptions.push(diagnostics, scanner);
  scanner.applySettings();

  context.subscriptions.push(
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      const wasActive = scanner.active;
      scanner.applySettings();
      if (wasActive && scanner.active) scanner.rescan();
    }),
  );
  deps.settings.onDidChange(
    ({ areas, after }) => {
      if (!areas.validation) return;
      deps.configureValidator();
      if (!after.validation.enable) {
        scanner.applySettings();
        diagnostics.clearAll();
        return;
      }
      diagnostics.revalidateOpen();
      const wasActive = scanner.active;
      scanner.applySettings();
      if (wasActive && scanner.active) scanner.rescan();
    },
    undefined,
    context.subscriptions,
  );
  return { diagnostics, scanner };
}
