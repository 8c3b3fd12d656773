// Quick fixes: the typo'd key gets a "did you mean" fix that rewrites exactly the key.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, openFixture, ourDiagnostics, positionOf, waitFor } from './helpers';

suite('quick fixes', () => {
  suiteSetup(activateExtension);

  test('unknown key "replcas" offers a fix to "replicas" that clears the error', async () => {
    const editor = await openFixture('typo-rollout.yaml');
    const doc = editor.document;
    const diag = await waitFor('the diagnostic on "replcas"', () => ourDiagnostics(doc.uri).find((d) => d.range.contains(positionOf(doc, 'replcas'))));
    const actions = await waitFor('code actions on the diagnostic', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const ours = (all ?? []).filter((a) => /replicas/.test(a.title));
      return ours.length ? ours : undefined;
    });
    const fix = actions[0];
    assert.ok(fix.edit, `the quick fix "${fix.title}" carries an edit`);
    try {
      assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
      assert.match(doc.getText(), /^ {2}replicas: 3$/m);
      assert.doesNotMatch(doc.getText(), /replcas/);
      await waitFor('the diagnostic to clear after the fix', () => !ourDiagnostics(doc.uri).some((d) => /replcas/.test(d.message)));
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
    }
  });
});
