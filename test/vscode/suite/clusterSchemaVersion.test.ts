// rolloutLens.argoRollouts.schemaVersion: "cluster" in the editor (issue 12 item 7): connected to the
// test cluster, whose AnalysisTemplate CRD is made the real Argo Rollouts v1.9.1 one (the vendored
// schemas/upstream/argoproj.io@v1.9.1 file, merged in with kubectl, labelled with its release as Helm
// labels it), a field newer than v1.9.1 gets the warning naming the context and the CRD's release,
// while the pinned (latest) schemas accept it. The CRD is put back afterwards.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, kubectl, ourDiagnostics, positionOf, waitFor, workspaceRoot } from './helpers';

const CRD = 'analysistemplates.argoproj.io';
const VERSION_LABEL = 'app.kubernetes.io/version';

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: cluster-schema-probe
spec:
  metrics:
  - name: error-rate
    interval: 1m
    successCondition: result < 0.05
    provider:
      datadog:
        apiVersion: v2
        requestTimeout: 30s
        query: sum:requests.error{service:web}
`;

suite('schemaVersion "cluster": validation against the CRDs the current context serves', () => {
  const file = vscode.Uri.joinPath(workspaceRoot(), 'cluster-schema', 'template.yaml');
  const config = () => vscode.workspace.getConfiguration('rolloutLens');
  let original: { metadata: { labels?: Record<string, string> }; spec: { versions: unknown[] } } | undefined;

  suiteSetup(async () => {
    const ext = await activateExtension();
    original = JSON.parse(await kubectl(['get', 'crd', CRD, '-o', 'json'])) as typeof original;
    await kubectl(['patch', 'crd', CRD, '--type', 'merge', '--patch-file', path.join(ext.extensionPath, 'schemas', 'upstream', 'argoproj.io@v1.9.1', 'analysistemplates.yaml')]);
    await kubectl(['label', 'crd', CRD, `${VERSION_LABEL}=v1.9.1`, '--overwrite']);
    await vscode.workspace.fs.writeFile(file, Buffer.from(TEMPLATE));
  });

  suiteTeardown(async () => {
    await config().update('argoRollouts.schemaVersion', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'cluster-schema'), { recursive: true, useTrash: false });
    if (original) {
      const label = original.metadata.labels?.[VERSION_LABEL] ?? null;
      await kubectl(['patch', 'crd', CRD, '--type', 'merge', '-p', JSON.stringify({ metadata: { labels: { [VERSION_LABEL]: label } }, spec: { versions: original.spec.versions } })]);
    }
  });

  test('a field the context`s CRD does not know is a warning naming the context and the CRD`s release; the pinned schema knows it', async () => {
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc, { preview: false });
    const line = positionOf(doc, 'requestTimeout').line;
    await config().update('argoRollouts.schemaVersion', 'cluster', vscode.ConfigurationTarget.Global);
    const d = await waitFor('schema/cluster-unknown-field on requestTimeout', () => ourDiagnostics(file).find((x) => x.code === 'schema/cluster-unknown-field'), 30000);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(d.range.start.line, line);
    assert.match(d.message, /^`spec\.metrics\[0\]\.provider\.datadog\.requestTimeout` is unknown to the AnalysisTemplate CRD installed in `[^`]+` \(v1\.9\.1\): the API server there will reject it$/);
    // Back to the pinned schemas: the warning goes.
    await config().update('argoRollouts.schemaVersion', 'latest', vscode.ConfigurationTarget.Global);
    await waitFor('the warning to go with the pinned schemas', () => !ourDiagnostics(file).some((x) => x.code === 'schema/cluster-unknown-field'), 30000);
  });
});
