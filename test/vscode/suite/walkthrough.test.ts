// The walkthrough (issue 13 §4) in a running VS Code: its steps complete on `onCommand:` / `onView:`
// events, which fire only for commands the extension really registers and views that exist, so each
// is checked against the extension host (the unit test checks package.json alone); and the walkthrough
// opens by its id.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from './helpers';

interface Walkthrough {
  id: string;
  steps: { id: string; completionEvents?: string[] }[];
}

suite('walkthrough', () => {
  suiteSetup(activateExtension);

  test('every onCommand completion event names a registered command, every onView a view that opens', async () => {
    const walkthroughs = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { walkthroughs: Walkthrough[] } }).contributes.walkthroughs;
    assert.strictEqual(walkthroughs.length, 1);
    const registered = new Set(await vscode.commands.getCommands(true));
    const events = walkthroughs[0].steps.flatMap((s) => s.completionEvents ?? []);
    const commands = events.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
    const views = events.filter((e) => e.startsWith('onView:')).map((e) => e.slice('onView:'.length));
    assert.ok(commands.length >= 3 && views.length >= 1, JSON.stringify(events));
    assert.deepStrictEqual(
      commands.filter((c) => !registered.has(c)),
      [],
      'completion commands not registered',
    );
    // A view's focus command exists only when the view is registered with the workbench.
    for (const v of views) await vscode.commands.executeCommand(`${v}.focus`);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthroughs[0].id}`, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
