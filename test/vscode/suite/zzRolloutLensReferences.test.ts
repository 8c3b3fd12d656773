import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, ourDiagnostics, waitFor, workspaceRoot } from './helpers';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx}]
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      steps:
        - setWeight: 20
        - pause: {}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers: [{name: api, image: nginx}]
`;
const SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: web-canary
spec:
  selector: {app: web}
---
apiVersion: v1
kind: Service
metadata:
  name: web-stable
spec:
  selector: {app: other}
`;

suite('tmp references/quickfix/strategy lens check', () => {
  let ro: vscode.Uri;
  let svc: vscode.Uri;
  suiteSetup(async function () {
    this.timeout(60000);
    await activateExtension();
    ro = vscode.Uri.joinPath(workspaceRoot(), 'refs-check', 'rollout.yaml');
    svc = vscode.Uri.joinPath(workspaceRoot(), 'refs-check', 'services.yaml');
    await vscode.workspace.fs.writeFile(svc, Buffer.from(SERVICES));
    await vscode.workspace.fs.writeFile(ro, Buffer.from(ROLLOUT));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(svc));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(ro));
  });

  test('service label mismatch diagnostic from the other file', async () => {
    const d = await waitFor('label mismatch', () => ourDiagnostics(ro).find((x) => x.code === 'argo/service-label-mismatch'), 30000);
    assert.match(d.message, /Service "web-stable" has unmatch label "app" in rollout/);
  });

  test('definition, references, links', async () => {
    const doc = await vscode.workspace.openTextDocument(ro);
    const pos = doc.positionAt(doc.getText().indexOf('web-stable') + 2);
    const defs = await waitFor('definition', async () => {
      const r = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', ro, pos);
      return r && r.length > 0 && r;
    });
    const loc = defs[0] as vscode.Location;
    assert.strictEqual(loc.uri.toString(), svc.toString());
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', ro, pos);
    assert.ok(
      refs.some((r) => r.uri.toString() === ro.toString()),
      'the rollout reference',
    );
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', ro);
    assert.ok(
      links.some((l) => l.target?.path.endsWith('services.yaml')),
      JSON.stringify(links.map((l) => l.target?.toString())),
    );
  });

  test('strategy lens and conversion action', async () => {
    const lenses = await waitFor('strategy lens', async () => {
      const ls = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', ro);
      return ls?.filter((l) => l.command?.title.startsWith('Canary ·'));
    });
    assert.strictEqual(lenses[0].command!.title, 'Canary · 20% → pause → 100%');
    const doc = await vscode.workspace.openTextDocument(ro);
    const at = doc.positionAt(doc.getText().indexOf('name: api'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ro, new vscode.Range(at, at));
    const convert = actions.find((a) => a.title.startsWith('Convert this Deployment to a Rollout'));
    assert.ok(convert?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(convert.edit));
    assert.match(doc.getText(), /workloadRef:\n {4}apiVersion: apps\/v1\n {4}kind: Deployment\n {4}name: api/);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'refs-check'), { recursive: true });
  });
});
