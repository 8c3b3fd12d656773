// Validation as users see it: Problems-panel diagnostics on upstream (corpus) manifests and on edits.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, openFixture, ourDiagnostics, positionOf, settledDiagnostics, waitFor } from './helpers';

suite('diagnostics', () => {
  suiteSetup(activateExtension);

  test('unknown field in a Rollout is an error on the key, naming the field', async () => {
    const { document: doc } = await openFixture('typo-rollout.yaml');
    const diag = await waitFor('a diagnostic on "replcas"', () => ourDiagnostics(doc.uri).find((d) => d.range.contains(positionOf(doc, 'replcas'))));
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diag.message, /replcas/);
    assert.strictEqual(doc.getText(diag.range), 'replcas', 'the range covers exactly the key');
  });

  test('upstream lint fixture: unknown strategy key is reported', async () => {
    const { document: doc } = await openFixture('corpus/invalid-unknown-field.yaml');
    const diag = await waitFor('a diagnostic on "unknown-strategy"', () => ourDiagnostics(doc.uri).find((d) => d.range.contains(positionOf(doc, 'unknown-strategy'))));
    assert.match(diag.message, /unknown-strategy/);
  });

  test('upstream lint fixture: maxSurge and maxUnavailable both zero (controller rule)', async () => {
    const { document: doc } = await openFixture('corpus/invalid-max-surge.yaml');
    const diag = await waitFor('the MaxSurge/MaxUnavailable rule', () => ourDiagnostics(doc.uri).find((d) => /MaxSurge and MaxUnavailable both can not be zero/i.test(d.message)));
    assert.ok(diag.range.start.line >= positionOf(doc, 'maxUnavailable').line - 1);
  });

  test('valid upstream manifests get no errors', async () => {
    for (const rel of ['corpus/basic-rollout.yaml', 'corpus/linkerd-canary.yaml']) {
      const { document: doc } = await openFixture(rel);
      const errors = (await settledDiagnostics(doc.uri)).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepStrictEqual(
        errors.map((d) => `${d.range.start.line + 1}: ${d.message}`),
        [],
        `${rel} has no errors`,
      );
    }
  });

  test('editing updates diagnostics: fixing the typo clears the error', async () => {
    const editor = await openFixture('typo-rollout.yaml');
    const doc = editor.document;
    await waitFor('the typo diagnostic', () => ourDiagnostics(doc.uri).some((d) => /replcas/.test(d.message)));
    const start = positionOf(doc, 'replcas');
    try {
      await editor.edit((e) => e.replace(new vscode.Range(start, start.translate(0, 'replcas'.length)), 'replicas'));
      await waitFor('the typo diagnostic to go away', () => !ourDiagnostics(doc.uri).some((d) => /replcas/.test(d.message)));
      const errors = ourDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepStrictEqual(
        errors.map((d) => d.message),
        [],
      );
    } finally {
      await vscode.commands.executeCommand('undo');
    }
    await waitFor('the diagnostic to come back after undo', () => ourDiagnostics(doc.uri).some((d) => /replcas/.test(d.message)));
  });
});
