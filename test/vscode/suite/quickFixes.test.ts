// Quick fixes: the typo'd key gets a "did you mean" fix that rewrites exactly the key.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, openFixture, ourDiagnostics, positionOf, waitFor } from './helpers';

suite('quick fixes', () => {
  suiteSetup(activateExtension);

  test('unknown key "stpes" offers a fix to "steps" that clears the error', async () => {
    const editor = await openFixture('typo-rollout.yaml');
    const doc = editor.document;
    const diag = await waitFor('the diagnostic on "stpes"', () =>
      ourDiagnostics(doc.uri).find((d) => d.range.contains(positionOf(doc, 'stpes'))));
    const actions = await waitFor('code actions on the diagnostic', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const ours = (all ?? []).filter((a) => /steps/.test(a.title));
      return ours.length ? ours : undefined;
    });
    const fix = actions[0];
    assert.ok(fix.edit, `the quick fix "${fix.title}" carries an edit`);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
      assert.match(doc.getText(), /^\s+steps:$/m);
      assert.doesNotMatch(doc.getText(), /stpes/);
      await waitFor('the diagnostic to clear after the fix', () => !ourDiagnostics(doc.uri).some((d) => /stpes/.test(d.message)));
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
    }
  });
});
