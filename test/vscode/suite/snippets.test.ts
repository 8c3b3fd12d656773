// Snippets: every contributed snippet inserts a manifest that validates without errors.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, fixtureUri, settledDiagnostics, waitFor } from './helpers';

interface Snippet {
  name: string;
  prefix: string;
  body: string;
}

function contributedSnippets(): Snippet[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const out: Snippet[] = [];
  for (const s of (ext.packageJSON.contributes?.snippets ?? []) as { path: string }[]) {
    const json = JSON.parse(fs.readFileSync(path.join(ext.extensionPath, s.path), 'utf8'));
    for (const [name, v] of Object.entries<any>(json)) {
      out.push({ name, prefix: [].concat(v.prefix)[0], body: [].concat(v.body).join('\n') });
    }
  }
  return out;
}

suite('snippets', () => {
  suiteSetup(activateExtension);

  test('the extension contributes Rollout and Canary snippets', () => {
    const snippets = contributedSnippets();
    assert.ok(
      snippets.some((s) => /kind: Rollout/.test(s.body)),
      'a Rollout snippet',
    );
    assert.ok(
      snippets.some((s) => /kind: Canary/.test(s.body)),
      'a Flagger Canary snippet',
    );
  });

  test('snippets are offered by completion in a YAML file', async () => {
    const uri = fixtureUri('scratch/snippet-offer.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('', 'utf8'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const prefixes = contributedSnippets().map((s) => s.prefix);
    const labels = await waitFor('snippet completion items', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, 0));
      const snippetLabels = (list?.items ?? []).filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return prefixes.every((p) => snippetLabels.includes(p)) && snippetLabels;
    });
    assert.ok(labels.length >= prefixes.length);
  });

  test('each snippet, inserted with its defaults, validates without errors', async function () {
    this.timeout(180000);
    const snippets = contributedSnippets();
    assert.ok(snippets.length > 0, 'there are snippets');
    const failures: string[] = [];
    for (const [i, s] of snippets.entries()) {
      const uri = fixtureUri(`scratch/snippet-${i}.yaml`);
      await vscode.workspace.fs.writeFile(uri, Buffer.from('', 'utf8'));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      // The snippet engine expands the body (placeholders take their defaults), as accepting it would.
      assert.ok(await editor.insertSnippet(new vscode.SnippetString(s.body)), `snippet "${s.name}" inserts`);
      await waitFor(`snippet "${s.name}" inserted`, () => /apiVersion:/.test(editor.document.getText()));
      const errors = (await settledDiagnostics(uri, 750)).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      failures.push(...errors.map((d) => `${s.name} (${s.prefix}) ${d.range.start.line + 1}: ${d.message}`));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    assert.deepStrictEqual(failures, [], 'snippets expand to valid manifests');
  });
});
