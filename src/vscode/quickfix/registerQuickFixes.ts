/**
 * Code actions for findings that carry a fix hint (src/core/quickfix builds the edits), and the
 * "Convert this Deployment to a Rollout" refactoring, offered as a code action on a Deployment
 * document and as a command (which asks how the Deployment should be scaled down).
 */
import * as vscode from 'vscode';
import { convertDeploymentEdit, isConvertibleDeployment, type ScaleDownMode } from '../../core/quickfix/convertDeployment';
import { documentAt, quickFixesInRange } from '../../core/quickfix/fileQuickFixes';
import type { TextEdit } from '../../core/quickfix/yamlEdits';
import type { CrossFileFindings, SeverityOverrides } from '../../core/validation/fileFindings';
import type { DocumentValidator } from '../language/validator';

export interface QuickFixDeps {
  validator: DocumentValidator;
  /** The workspace index: reference findings and which files are patch fragments. */
  crossFile: CrossFileFindings;
  /** The current `rolloutLens.rules.severity`: a code turned off offers no fix. */
  severityOverrides(): SeverityOverrides | undefined;
}

export const CONVERT_COMMAND = 'rolloutLens.convertDeploymentToRollout';
const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml' }];

function workspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, new vscode.Range(doc.positionAt(e.range.start), doc.positionAt(e.range.end)), e.newText);
  return we;
}

export function registerQuickFixes(deps: QuickFixDeps): vscode.Disposable[] {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(doc, range, ctx) {
      const uri = doc.uri.toString();
      const result = deps.validator.validate(uri, doc.getText());
      const start = doc.offsetAt(range.start);
      const end = doc.offsetAt(range.end);
      const actions: vscode.CodeAction[] = [];
      for (const { finding: f, fix } of quickFixesInRange({ uri, validation: result, crossFile: deps.crossFile, severityOverrides: deps.severityOverrides(), start, end })) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = workspaceEdit(doc, fix.edits);
        action.diagnostics = ctx.diagnostics.filter((d) => d.code === f.code && doc.offsetAt(d.range.start) === f.range.start);
        action.isPreferred = fix.preferred;
        actions.push(action);
      }
      const md = documentAt(result.file.documents, start);
      if (md && isConvertibleDeployment(md) && (!ctx.only || ctx.only.contains(vscode.CodeActionKind.RefactorRewrite))) {
        const action = new vscode.CodeAction('Convert this Deployment to a Rollout (workloadRef, canary)', vscode.CodeActionKind.RefactorRewrite);
        action.edit = workspaceEdit(doc, [convertDeploymentEdit(md)]);
        actions.push(action);
      }
      return actions;
    },
  };
  const convert = vscode.commands.registerCommand(CONVERT_COMMAND, async (uriArg?: vscode.Uri | string, offsetArg?: number) => {
    const editor = vscode.window.activeTextEditor;
    const doc = uriArg ? await vscode.workspace.openTextDocument(typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg) : editor?.document;
    if (!doc) return void vscode.window.showInformationMessage('Open a YAML file with a Deployment first.');
    const offset = offsetArg ?? (editor && editor.document === doc ? doc.offsetAt(editor.selection.active) : 0);
    const md = documentAt(deps.validator.validate(doc.uri.toString(), doc.getText()).file.documents, offset);
    if (!md || !isConvertibleDeployment(md)) return void vscode.window.showInformationMessage('Place the cursor inside a Deployment (apps/v1) document to convert it to a Rollout.');
    const pick = await vscode.window.showQuickPick<vscode.QuickPickItem & { mode: ScaleDownMode }>(
      [
        { label: 'progressively', description: 'scale the Deployment down as Rollout pods become available', mode: 'progressively' },
        { label: 'onsuccess', description: 'scale the Deployment down once the Rollout is healthy', mode: 'onsuccess' },
        { label: 'never', description: 'leave the Deployment running (scale it down yourself)', mode: 'never' },
      ],
      { title: `Convert Deployment ${md.name} to a Rollout`, placeHolder: 'How should the controller scale the Deployment down? (workloadRef.scaleDown)' },
    );
    if (!pick) return;
    await vscode.workspace.applyEdit(workspaceEdit(doc, [convertDeploymentEdit(md, pick.mode)]));
  });
  return [vscode.languages.registerCodeActionsProvider(SELECTOR, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite] }), convert];
}
