// The offline strategy lens: above each Rollout/Canary, what the manifest will do — no cluster needed.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, openFixture, positionOf, waitFor } from './helpers';

const STRATEGY_COMMAND = 'rolloutLens.showStrategySummary';

async function strategyLens(uri: vscode.Uri): Promise<vscode.CodeLens | undefined> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.find((l) => l.command?.command === STRATEGY_COMMAND);
}

suite('strategy lens', () => {
  suiteSetup(activateExtension);

  test('a canary Rollout shows its steps in order', async () => {
    const { document: doc } = await openFixture('corpus/basic-rollout.yaml');
    const lens = await waitFor('the strategy lens', () => strategyLens(doc.uri));
    const title = lens.command!.title;
    assert.match(title, /Canary/i);
    // docs/getting-started/basic: 20% → pause → 40% → pause 10s → 60% → … → 80% → pause 10s.
    const order = ['20%', 'pause', '40%', '60%', '80%'].map((t) => title.indexOf(t));
    assert.ok(order.every((i) => i >= 0) && order.every((i, k) => k === 0 || i > order[k - 1]), `steps in order: "${title}"`);
    assert.strictEqual(lens.range.start.line, positionOf(doc, 'kind:').line, 'the lens sits on the kind line');
  });

  test('a Flagger Canary shows its analysis', async () => {
    const { document: doc } = await openFixture('corpus/linkerd-canary.yaml');
    const lens = await waitFor('the strategy lens on a Flagger Canary', () => strategyLens(doc.uri));
    assert.match(lens.command!.title, /\d+%|iteration|weight/i);
  });

  test('editing a step updates the lens', async () => {
    const editor = await openFixture('corpus/basic-rollout.yaml');
    const doc = editor.document;
    const at = positionOf(doc, 'setWeight: 20').translate(0, 'setWeight: '.length);
    try {
      await editor.edit((e) => e.replace(new vscode.Range(at, at.translate(0, 2)), '25'));
      await waitFor('the lens to show 25%', async () => /25%/.test((await strategyLens(doc.uri))?.command?.title ?? ''));
    } finally {
      await vscode.commands.executeCommand('undo');
    }
  });
});
