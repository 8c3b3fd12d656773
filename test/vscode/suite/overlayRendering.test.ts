// Overlays validated as built, in the editor (issue 13 §2): a copy of test/fixtures/kustomize in the
// workspace is built by the machine's kubectl (kustomize) after a file of it is saved, and what only
// the build shows lands on the file that set it: the production overlay's JSON 6902 patch replaces
// spec.replicas with "ten", a list of operations no language check reads, reported on the operation's
// value line with the source `rollout-lens (rendered)`.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, positionOf, waitFor, workspaceRoot } from './helpers';

const RENDERED = 'rollout-lens (rendered)';

suite('overlays validated as built (kubectl kustomize)', () => {
  const repo = vscode.Uri.joinPath(workspaceRoot(), 'overlays-repo');

  suiteSetup(async () => {
    const ext = await activateExtension();
    await vscode.workspace.fs.copy(vscode.Uri.file(path.join(ext.extensionPath, 'test', 'fixtures', 'kustomize')), repo, { overwrite: true });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(repo, { recursive: true, useTrash: false });
  });

  test("a bad value set by an overlay's JSON 6902 patch is reported on the patch's line after a save", async () => {
    const patch = vscode.Uri.joinPath(repo, 'overlays', 'production', 'replicas.json6902.yaml');
    const doc = await vscode.workspace.openTextDocument(patch);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    // A user's save starts the build (debounced); the edit is a comment, the build's result is the same.
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# replicas of production\n'));
    assert.ok(await doc.save(), 'the patch was saved');
    // On the saved text's line: a build from before the save (at start) has it a line higher.
    const line = positionOf(doc, 'value: "ten"').line;
    const d = await waitFor(
      'schema/type on the JSON 6902 value, on its line after the save',
      () => vscode.languages.getDiagnostics(patch).find((x) => x.source === RENDERED && x.code === 'schema/type' && x.range.start.line === line),
      60000,
    );
    assert.match(d.message, /^spec\.replicas: expected integer, got string "ten" \(kustomize build overlays-repo\/overlays\/production\)$/);
  });
});
