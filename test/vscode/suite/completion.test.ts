// Completion offers the schema's keys (and only valid ones) where the cursor is.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, waitFor } from './helpers';

/** A Rollout down to spec.strategy.canary; tests append the lines under it. */
const CANARY_HEAD = ['apiVersion: argoproj.io/v1alpha1', 'kind: Rollout', 'metadata:', '  name: c', 'spec:', '  strategy:', '    canary:'];

suite('completion', () => {
  suiteSetup(activateExtension);

  /** Opens an untitled-like scratch copy (a real file in the workspace) with `text`, cursor at `|`. */
  async function completeAt(name: string, textWithCursor: string): Promise<string[]> {
    const offset = textWithCursor.indexOf('|');
    const text = textWithCursor.replace('|', '');
    const uri = fixtureUri(`scratch/${name}`);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const pos = doc.positionAt(offset);
    return waitFor(`completion items at ${name}:${pos.line + 1}:${pos.character + 1}`, async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
      const labels = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.length ? labels : undefined;
    });
  }

  test('keys of spec.strategy.canary are offered under canary:', async () => {
    const labels = await completeAt('complete-canary.yaml', [...CANARY_HEAD, '      |', ''].join('\n'));
    for (const key of ['steps', 'canaryService', 'stableService', 'maxSurge']) {
      assert.ok(
        labels.some((l) => l.replace(/:.*$/, '') === key),
        `"${key}" offered (got ${labels.slice(0, 30).join(', ')})`,
      );
    }
  });

  test('step kinds are offered inside steps', async () => {
    const labels = await completeAt('complete-steps.yaml', [...CANARY_HEAD, '      steps:', '        - |', ''].join('\n'));
    for (const key of ['setWeight', 'pause', 'analysis']) {
      assert.ok(
        labels.some((l) => l.replace(/:.*$/, '') === key),
        `"${key}" offered (got ${labels.slice(0, 30).join(', ')})`,
      );
    }
  });

  test('values are offered for a boolean field (spec.paused)', async () => {
    const labels = await completeAt('complete-paused.yaml', [...CANARY_HEAD.slice(0, 5), '  paused: |', ''].join('\n'));
    assert.ok(labels.includes('true') && labels.includes('false'), `true/false offered (got ${labels.slice(0, 30).join(', ')})`);
  });

  test('keys already present are not offered again', async () => {
    const labels = await completeAt('complete-present.yaml', [...CANARY_HEAD, '      maxSurge: 1', '      |', ''].join('\n'));
    assert.ok(
      labels.some((l) => l === 'steps'),
      `"steps" offered (got ${labels.slice(0, 30).join(', ')})`,
    );
    // Word-based suggestions may repeat words of the document; the extension's own items are the schema's keys.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', fixtureUri('scratch/complete-present.yaml'), new vscode.Position(CANARY_HEAD.length + 1, 6));
    const schemaItems = list.items.filter((i) => i.kind !== vscode.CompletionItemKind.Text && i.kind !== vscode.CompletionItemKind.Snippet);
    assert.ok(!schemaItems.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'maxSurge'), 'maxSurge is already present');
  });
});
