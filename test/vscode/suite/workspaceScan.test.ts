// The Problems panel shows the whole repo: files nobody opened are validated by the background scan,
// and cross-file references resolve against them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, fixtureUri, ourDiagnostics, waitFor } from './helpers';

suite('workspace scan', () => {
  suiteSetup(activateExtension);

  test('a file that is not open gets its diagnostics', async () => {
    const uri = fixtureUri('never-opened/analysistemplate.yaml');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the fixture is not open');
    const diag = await waitFor('the unknown field "intervall" in the unopened file', () => ourDiagnostics(uri).find((d) => /intervall/.test(d.message)));
    assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diag.message, /did you mean `interval`/);
  });

  test('a reference from an open file resolves to an object in an unopened file', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content: [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Rollout',
        'metadata: {name: scan-consumer}',
        'spec:',
        '  selector: {matchLabels: {app: c}}',
        '  template:',
        '    metadata: {labels: {app: c}}',
        '    spec: {containers: [{name: c, image: nginx}]}',
        '  strategy:',
        '    canary:',
        '      steps:',
        '      - analysis: {templates: [{templateName: scan-probe}]}',
        '      - analysis: {templates: [{templateName: nowhere-to-be-found}]}',
        '',
      ].join('\n'),
    });
    await vscode.window.showTextDocument(doc);
    // The unresolved one proves reference checking ran on this document; scan-probe must not be reported.
    await waitFor('the unresolved reference to nowhere-to-be-found', () => ourDiagnostics(doc.uri).some((d) => /nowhere-to-be-found/.test(d.message)));
    assert.deepStrictEqual(
      ourDiagnostics(doc.uri)
        .filter((d) => /scan-probe/.test(d.message))
        .map((d) => d.message),
      [],
    );
  });
});
