/**
 * The offline strategy code lens: above each Rollout and Canary, what the manifest will do
 * (src/core/strategy/summary.ts), without a cluster. A separate CodeLensProvider from the live-status
 * lenses, so the two sit side by side and neither waits for the other. Clicking shows the details.
 */
import * as vscode from 'vscode';
import { Emitter, type Event } from '../../core/events';
import { rangeForPath } from '../../core/manifest/manifestDocument';
import type { ManifestFile } from '../../core/manifest/manifestFile';
import { summarizeStrategy } from '../../core/strategy/summary';
import type { FileValidated } from '../language/validator';

export interface StrategyLensDeps {
  onDidValidate: Event<FileValidated>;
  fileFor(doc: vscode.TextDocument): ManifestFile | undefined;
}

export const SHOW_STRATEGY_COMMAND = 'rolloutLens.showStrategySummary';
const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

export function registerStrategyLens(deps: StrategyLensDeps): vscode.Disposable[] {
  const changed = new Emitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: (listener, thisArgs, disposables) => changed.event(() => listener.call(thisArgs, undefined), undefined, disposables),
    provideCodeLenses(doc) {
      const file = deps.fileFor(doc);
      if (!file) return [];
      const lenses: vscode.CodeLens[] = [];
      for (const md of file.documents) {
        if (!md.known || (md.kind !== 'Rollout' && md.kind !== 'Canary') || md.templated) continue;
        const summary = summarizeStrategy(md.kind, md.value);
        if (!summary) continue;
        const r = rangeForPath(md, ['kind'], 'key');
        const pos = doc.positionAt(r.start);
        lenses.push(
          new vscode.CodeLens(new vscode.Range(pos, pos), {
            title: summary.text,
            tooltip: summary.details.join('\n'),
            command: SHOW_STRATEGY_COMMAND,
            arguments: [`${md.kind} ${md.name ?? ''}`.trim(), summary.text, summary.details],
          }),
        );
      }
      return lenses;
    },
  };
  return [
    changed,
    deps.onDidValidate((e) => {
      if (e.version !== undefined) changed.fire();
    }),
    vscode.languages.registerCodeLensProvider(SELECTOR, provider),
    vscode.commands.registerCommand(SHOW_STRATEGY_COMMAND, (title: string, text: string, details: string[]) => vscode.window.showInformationMessage(`${title}: ${text}`, { modal: true, detail: details.join('\n') })),
  ];
}
