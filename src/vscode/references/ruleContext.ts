/**
 * The settings that change what the controllers' rules report (RuleContext): today whether Flagger
 * runs with `-no-cross-namespace-refs` (`rolloutLens.flagger.noCrossNamespaceRefs`). Read here, at the
 * editor edge; the engine receives it through its options.
 */
import * as vscode from 'vscode';
import type { RuleContext } from '../../core/rules/ruleTypes';

const KEY = 'rolloutLens.flagger.noCrossNamespaceRefs';

export function readRuleContext(): RuleContext {
  return { flaggerNoCrossNamespaceRefs: vscode.workspace.getConfiguration('rolloutLens').get<boolean>('flagger.noCrossNamespaceRefs') === true };
}

/** Calls `onChange` when the rule context settings change (the engine must then revalidate). */
export function registerRuleContextWatch(onChange: () => void): vscode.Disposable[] {
  return [vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(KEY) && onChange())];
}
