// Charts validated as rendered, in the editor (issue 13): copies of test/fixtures/helm/checkout and web in the
// workspace is rendered by the helm built from its Go module (test/upstream/helm: ROLLOUT_LENS_HELM, else
// the upstream build's cache; rolloutLens.helm.path points the extension at it),
// and the typo in its Rollout template's literal step is squiggled on that template line, coming from
// the rendered output. Then: hover on a templated value shows what it rendered to, value files picked
// for the chart (the Select Helm Value Files command, given its answers, and its quick pick driven by
// the keyboard's commands) change the render, the Kubernetes version follows rolloutLens.helm.kubeVersion,
// the API versions are the connected cluster's (web renders its Rollout branch) unless
// rolloutLens.helm.apiVersions says otherwise, and hover on a toYaml or include line shows what it produced.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, hoverText, positionOf, waitFor, workspaceRoot } from './helpers';

const RENDERED = 'rollout-lens (rendered)';

/**
 * The helm of the upstream build: ROLLOUT_LENS_HELM, else the upstream build's cache (its bin/ links; the
 * unit stage's helm test builds it there first). Not built from here: build.mjs started by the extension
 * host did not return within a run (it sees code-server's XDG_CACHE_HOME, an empty cache), and minutes
 * of Go do not belong in an editor test.
 */
function helmBinary(): string {
  // code-server gives the extension host an XDG_CACHE_HOME of its own run: look in the user's cache too.
  const caches = [process.env.ROLLOUT_LENS_UPSTREAM_CACHE, process.env.XDG_CACHE_HOME && path.join(process.env.XDG_CACHE_HOME, 'rollout-lens', 'upstream'), path.join(os.homedir(), '.cache', 'rollout-lens', 'upstream')];
  const candidates = [process.env.ROLLOUT_LENS_HELM, ...caches.map((c) => c && path.join(c, 'bin', 'helm'))].filter((c): c is string => !!c);
  const found = candidates.find((c) => fs.existsSync(c));
  assert.ok(found, `no helm at ${candidates.join(' or ')}: build it with \`node test/upstream/build.mjs helm\``);
  return found;
}

const rendered = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === RENDERED);

async function hoverAt(uri: vscode.Uri, needle: string): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const pos = positionOf(doc, needle).translate(0, 3);
  return hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos)) ?? []);
}

suite('charts validated as rendered (helm template)', () => {
  const chart = vscode.Uri.joinPath(workspaceRoot(), 'charts', 'checkout');
  const web = vscode.Uri.joinPath(workspaceRoot(), 'charts', 'web');
  const template = vscode.Uri.joinPath(chart, 'templates', 'rollout.yaml');
  const config = () => vscode.workspace.getConfiguration('rolloutLens');

  suiteSetup(async () => {
    const ext = await activateExtension();
    // The cluster session started (as the Rollouts view starts it): charts render for its context's version.
    const api = ext.exports as { rolloutsTree(maxDepth?: number): unknown; clusterPhase(): string };
    api.rolloutsTree(0);
    await waitFor('the cluster session to be ready', () => api.clusterPhase() === 'ready');
    await vscode.workspace.fs.copy(vscode.Uri.file(path.join(ext.extensionPath, 'test', 'fixtures', 'helm', 'checkout')), chart, { overwrite: true });
    await vscode.workspace.fs.copy(vscode.Uri.file(path.join(ext.extensionPath, 'test', 'fixtures', 'helm', 'web')), web, { overwrite: true });
    // What .Capabilities.KubeVersion rendered to, for the hover to show.
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(chart, 'templates', 'kube-version.yaml'),
      Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-version\ndata:\n  kube: "{{ .Capabilities.KubeVersion.Version }}"\n'),
    );
    // Setting the binary re-renders every chart the workspace has.
    await config().update('helm.path', helmBinary(), vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    await config().update('helm.path', undefined, vscode.ConfigurationTarget.Global);
    await config().update('helm.kubeVersion', undefined, vscode.ConfigurationTarget.Global);
    await config().update('helm.apiVersions', undefined, vscode.ConfigurationTarget.Global);
    await config().update('helm.valueFiles', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'charts'), { recursive: true, useTrash: false });
  });

  test("a typo in the chart's Rollout template is squiggled on its template line, from the rendered output", async () => {
    const doc = await vscode.workspace.openTextDocument(template);
    await vscode.window.showTextDocument(doc, { preview: false });
    const line = positionOf(doc, '- setWeigth: 100').line;
    const d = await waitFor('the rendered unknown field setWeigth on templates/rollout.yaml', () => rendered(template).find((x) => x.code === 'schema/unknown-field'), 60000);
    assert.strictEqual(d.range.start.line, line, d.message);
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /unknown field "setWeigth".*did you mean `setWeight`\? \(helm template charts\/checkout\)$/);
    // The template alone is not YAML: the language diagnostics say nothing about it.
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(template).filter((x) => x.source !== RENDERED && /rollout/i.test(String(x.source))),
      [],
    );
  });

  test('hover on a templated value shows what it rendered to', async () => {
    await waitFor('rendered diagnostics (the render is done)', () => rendered(template).length > 0, 60000);
    assert.match(await hoverAt(template, '{{ .Values.replicas }}'), /Rendered.*`4`/);
    // A literal value has no rendered hover of ours.
    assert.doesNotMatch(await hoverAt(template, 'revisionHistoryLimit: 3'), /Rendered/);
  });

  test('hover on a line a toYaml or include fills shows the rendered lines it produced', async () => {
    await waitFor('rendered diagnostics (the render is done)', () => rendered(template).length > 0, 60000);
    const steps = await hoverAt(template, '{{- toYaml .Values.canary.steps');
    // values.yaml's four steps, as rendered; not the literal step the template writes after them.
    assert.match(steps, /Rendered.*as:/);
    assert.match(steps, /- setWeight: 20\n- pause:\n {4}duration: 5m\n- setWeight: 60\n- pause:\n {4}duration: 10m\n```/);
    assert.doesNotMatch(steps, /setWeigth/);
    const labels = await hoverAt(template, '{{- include "checkout.labels" . | nindent 4');
    assert.match(labels, /app\.kubernetes\.io\/name: checkout\napp\.kubernetes\.io\/instance: release\napp\.kubernetes\.io\/version: "1\.4\.2"/);
  });

  test('the Select Helm Value Files quick pick, driven by its keyboard commands: move to the second file, tick it, accept', async () => {
    await config().update('helm.valueFiles', undefined, vscode.ConfigurationTarget.Workspace);
    const done = vscode.commands.executeCommand('rolloutLens.selectChartValues', chart);
    let settled = false;
    void done.then(() => (settled = true));
    try {
      // Two round trips to the workbench (setContext runs there): the pick's $show and its items, sent
      // before them, are in place when the keys below arrive.
      for (let i = 0; i < 2; i++) await vscode.commands.executeCommand('setContext', 'rolloutLens.test.pickBarrier', i);
      // The pick lists values-bad-replicas, values-bad-steps, values-missing-image (sorted), none ticked:
      // Home, Down, Space, Enter.
      for (const step of ['quickInput.first', 'quickInput.next', 'workbench.action.quickPickManyToggle', 'workbench.action.acceptSelectedQuickOpenItem']) {
        await vscode.commands.executeCommand(step);
      }
      await waitFor('the command to return after the pick is accepted', () => settled, 30000);
    } finally {
      if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
    assert.deepStrictEqual(config().get('helm.valueFiles'), { 'charts/checkout': ['values-bad-steps.yaml'] });
    await waitFor('the unknown step field from values-bad-steps.yaml, in the rendered output', () => rendered(template).some((x) => /durration/.test(x.message)), 60000);
    await vscode.commands.executeCommand('rolloutLens.selectChartValues', chart, []);
    await waitFor('the finding to go with the value file', () => !rendered(template).some((x) => /durration/.test(x.message)), 60000);
  });

  test('the API versions: the connected cluster`s (it serves argoproj.io/v1alpha1: web renders its Rollout), else rolloutLens.helm.apiVersions (--api-versions)', async () => {
    const workload = vscode.Uri.joinPath(web, 'templates', 'workload.yaml');
    const doc = await vscode.workspace.openTextDocument(workload);
    const d = await waitFor('the Rollout branch`s setWeigth, rendered because the cluster serves argoproj.io/v1alpha1', () => rendered(workload).find((x) => x.code === 'schema/unknown-field'), 60000);
    assert.strictEqual(d.range.start.line, positionOf(doc, '- setWeigth: 100').line, d.message);
    // The setting wins over the cluster: without argoproj.io it is the Deployment branch, which has no finding.
    await config().update('helm.apiVersions', ['example.com/v1'], vscode.ConfigurationTarget.Global);
    await waitFor('the Deployment branch (no finding) for rolloutLens.helm.apiVersions [example.com/v1]', () => rendered(workload).length === 0, 60000);
    await config().update('helm.apiVersions', ['argoproj.io/v1alpha1/Rollout', 'argoproj.io/v1alpha1'], vscode.ConfigurationTarget.Global);
    await waitFor('the Rollout branch again for the setting', () => rendered(workload).some((x) => x.code === 'schema/unknown-field'), 60000);
    await config().update('helm.apiVersions', undefined, vscode.ConfigurationTarget.Global);
  });

  test('value files picked for the chart are rendered after values.yaml, and findings follow them', async () => {
    await vscode.commands.executeCommand('rolloutLens.selectChartValues', chart, ['values-bad-replicas.yaml']);
    assert.deepStrictEqual(config().get('helm.valueFiles'), { 'charts/checkout': ['values-bad-replicas.yaml'] });
    const doc = await vscode.workspace.openTextDocument(template);
    const d = await waitFor('replicas: three from values-bad-replicas.yaml, on the template`s templated value', () => rendered(template).find((x) => x.code === 'schema/type'), 60000);
    assert.strictEqual(d.range.start.line, positionOf(doc, '{{ .Values.replicas }}').line);
    assert.match(d.message, /rendered by helm template charts\/checkout -f charts\/checkout\/values-bad-replicas\.yaml as "three"/);
    await waitFor('the hover to show the new value', async () => /`three`/.test(await hoverAt(template, '{{ .Values.replicas }}')), 30000);
    await vscode.commands.executeCommand('rolloutLens.selectChartValues', chart, []);
    await waitFor('the schema/type finding to go with the value file', () => !rendered(template).some((x) => x.code === 'schema/type'), 60000);
  });

  test('a render that fails is one helm/render-failed error with helm`s message, on the template line helm names', async () => {
    await vscode.commands.executeCommand('rolloutLens.selectChartValues', chart, ['values-missing-image.yaml']);
    const doc = await vscode.workspace.openTextDocument(template);
    const d = await waitFor('helm/render-failed on the image line', () => rendered(template).find((x) => x.code === 'helm/render-failed'), 60000);
    const image = positionOf(doc, '{{ required');
    assert.deepStrictEqual([d.range.start.line, d.severity], [image.line, vscode.DiagnosticSeverity.Error]);
    assert.match(d.message, /failed: execution error at \(checkout\/templates\/rollout\.yaml:\d+:\d+\): image\.tag is required$/);
    // The findings of the last good render are not shown with it: the template did not render.
    assert.deepStrictEqual(
      rendered(template).map((x) => x.code),
      ['helm/render-failed'],
    );
    await vscode.commands.executeCommand('rolloutLens.selectChartValues', chart, []);
    await waitFor('the render error to go with the value file', () => !rendered(template).some((x) => x.code === 'helm/render-failed'), 60000);
  });

  test('the Kubernetes version: the connected context`s server version, else rolloutLens.helm.kubeVersion (--kube-version)', async () => {
    const kube = vscode.Uri.joinPath(chart, 'templates', 'kube-version.yaml');
    // The test cluster's /version (the fake says v1.32.4; the harness reads the upstream server's; helm's own default would be v1.20.0).
    const server = process.env.ROLLOUT_LENS_SERVER_VERSION || 'v1.32.4';
    await waitFor(`.Capabilities.KubeVersion rendered as the test cluster's ${server}`, async () => (await hoverAt(kube, '{{ .Capabilities')).includes(`\`${server}\``), 60000);
    await config().update('helm.kubeVersion', 'v1.29.3', vscode.ConfigurationTarget.Global);
    await waitFor('.Capabilities.KubeVersion rendered as v1.29.3', async () => /`v1\.29\.3`/.test(await hoverAt(kube, '{{ .Capabilities')), 60000);
  });
});
