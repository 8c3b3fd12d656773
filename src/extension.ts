/**
 * Activation only composes: each feature lives in its own register…() under src/vscode/ and returns
 * disposables. Failures are surfaced (VS Code shows nothing when activation throws) and rethrown.
 */
import * as vscode from 'vscode';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  try {
    void context;
  } catch (err) {
    void vscode.window.showErrorMessage(`Rollout Lens failed to start: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
}

export function deactivate(): void {}
