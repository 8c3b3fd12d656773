// Hover shows the CRD schema's documentation for the field under the cursor.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, hoverText, openFixture, positionOf, waitFor } from './helpers';

suite('hover', () => {
  suiteSetup(activateExtension);

  async function hoverAt(rel: string, needle: string, nth = 0): Promise<string> {
    const { document: doc } = await openFixture(rel);
    const pos = positionOf(doc, needle, nth).translate(0, 1);
    return waitFor(`a hover on "${needle}" in ${rel}`, async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      const text = hoverText(hovers ?? []);
      return text.trim() ? text : undefined;
    });
  }

  test('a Rollout field shows its schema description', async () => {
    const text = await hoverAt('corpus/basic-rollout.yaml', 'setWeight');
    assert.match(text, /percentage of the newRS/i, 'the upstream CRD description of canary.steps[].setWeight');
  });

  test('a strategy key shows its schema description', async () => {
    const text = await hoverAt('corpus/basic-rollout.yaml', 'revisionHistoryLimit');
    assert.match(text, /old ReplicaSets to retain/i);
  });

  test('a Flagger Canary field shows its documentation', async () => {
    const text = await hoverAt('corpus/linkerd-canary.yaml', 'progressDeadlineSeconds');
    assert.match(text, /progress|deadline|seconds/i);
  });
});
