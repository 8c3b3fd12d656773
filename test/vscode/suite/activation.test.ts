// The extension loads in a real extension host, activates on YAML and contributes what package.json says.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID, openFixture, waitFor } from './helpers';

suite('activation', () => {
  test('activates when a YAML manifest is opened', async () => {
    const editor = await openFixture('corpus/basic-rollout.yaml');
    assert.strictEqual(editor.document.languageId, 'yaml');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await waitFor('the extension to activate on a YAML file', () => ext.isActive);
    await activateExtension();
  });

  test('every contributed command is registered', async () => {
    await activateExtension();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed = ((ext.packageJSON.contributes?.commands ?? []) as { command: string }[]).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], 'contributed commands without a handler');
  });
});
