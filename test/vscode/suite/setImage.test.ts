// Set image from the editor: the Rollouts tree offers it on a rollout's row (its contextValue), the details
// panel has a "Set image…" button, and the command (with the container and image a caller passes; the
// editor asks for them otherwise) runs the action flow: the confirmation names the context and the rollout,
// and the live template gets the image. The test deploys its own rollout (zero replicas) so the demo's
// rollouts keep their states for the suites after it. On a rollout Argo CD manages (its label), set image
// changes the spec, so the GitOps warning offers to change the manifest instead: the edit lands on the
// container's image line by the container's name, though the workspace file lists the containers in
// another order than the cluster.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, gitOpsProbeRollout, kubectl, kubectlManifest, rolloutsTree, waitFor, watchedContext, workspaceRoot, type AskedChoice } from './helpers';

const NAMESPACE = 'shop';
const NAME = 'set-image-probe';
const GITOPS = 'set-image-gitops-probe';
const IMAGE = (tag: string) => `ghcr.io/rollout-lens/set-image-probe:${tag}`;

async function liveImages(name = NAME): Promise<string> {
  const r = JSON.parse(await kubectl(['get', 'rollouts.argoproj.io', '-n', NAMESPACE, name, '-o', 'json'])) as {
    spec: { template: { spec: { initContainers?: { name: string; image: string }[]; containers: { name: string; image: string }[] } } };
  };
  return [...(r.spec.template.spec.initContainers ?? []), ...r.spec.template.spec.containers].map((c) => `${c.name}=${c.image}`).join(' ');
}

suite('Set image', () => {
  suiteSetup(async function () {
    this.timeout(90000);
    await activateExtension();
    await kubectlManifest(
      'apply',
      `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: ${NAME}, namespace: ${NAMESPACE}}
spec:
  replicas: 0
  selector: {matchLabels: {app: ${NAME}}}
  template:
    metadata: {labels: {app: ${NAME}}}
    spec:
      initContainers: [{name: migrate, image: "${IMAGE('m1')}"}]
      containers: [{name: app, image: "${IMAGE('v1')}"}]
  strategy: {canary: {}}
`,
    );
  });

  suiteTeardown(async function () {
    this.timeout(60000);
    await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', undefined);
    await vscode.commands.executeCommand('rolloutLens.test.answerChoice', undefined);
    for (const name of [NAME, GITOPS]) await kubectl(['delete', 'rollouts.argoproj.io', '-n', NAMESPACE, name, '--ignore-not-found']).catch(() => undefined);
    fs.rmSync(path.join(workspaceRoot().fsPath, GITOPS), { recursive: true, force: true });
  });

  test('offered on the tree row and in the details panel; the command confirms naming context and rollout, then sets the image live', async function () {
    this.timeout(180000);
    const row = await waitFor(
      `${NAME} in the Rollouts tree`,
      () => {
        for (const ctx of rolloutsTree(3).filter((n) => n.contextValue?.startsWith('context.'))) {
          const r = ctx.children?.find((n) => n.label === NAMESPACE)?.children?.find((w) => w.label === NAME);
          if (r) return { context: ctx.label, row: r };
        }
        return undefined;
      },
      60000,
    );
    assert.match(row.row.contextValue ?? '', /^workload\.Rollout;.*,set-image,/, 'the context menu offers Set Image…');
    const ref = { context: row.context, kind: 'Rollout', namespace: NAMESPACE, name: NAME };

    await vscode.commands.executeCommand('rolloutLens.showDetails', ref);
    const buttons = await waitFor(
      'the details panel with its action buttons',
      async () => {
        const b = (await vscode.commands.executeCommand<{ snapshot?: { buttons: string[] } } | undefined>('rolloutLens.test.details', ref, { snapshot: true }))?.snapshot?.buttons;
        return b?.includes('Open Manifest') ? b : undefined;
      },
      60000,
    );
    await vscode.commands.executeCommand('rolloutLens.test.details', ref, { close: true });
    assert.ok(
      buttons.some((b) => /^Set image…/.test(b)),
      `a Set image… button: ${buttons.join(', ')}`,
    );

    await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', 'accept');
    await vscode.commands.executeCommand('rolloutLens.setImage', { ...ref, container: 'app', image: IMAGE('v2') });
    const confirmed = await vscode.commands.executeCommand<{ title: string; detail: string } | undefined>('rolloutLens.test.lastConfirmation');
    const said = `${confirmed?.title}\n${confirmed?.detail}`;
    assert.ok(said.includes(row.context) && said.includes(`${NAMESPACE}/${NAME}`), `the confirmation names the context and the rollout: ${said}`);
    assert.ok(said.includes(`app: ${IMAGE('v1')} → ${IMAGE('v2')}`), `the confirmation says what changes: ${said}`);
    await waitFor(`the live image of ${NAME} at v2, the init container unchanged`, async () => (await liveImages()) === `migrate=${IMAGE('m1')} app=${IMAGE('v2')}`, 30000);

    // '*': every container, the init container included.
    await vscode.commands.executeCommand('rolloutLens.setImage', { ...ref, container: '*', image: IMAGE('v3') });
    await waitFor(`every image of ${NAME} at v3`, async () => (await liveImages()) === `migrate=${IMAGE('v3')} app=${IMAGE('v3')}`, 30000);
  });

  test('on a GitOps-managed rollout, "Change the manifest instead" edits the image line of that container in the manifest and patches nothing', async function () {
    this.timeout(180000);
    const manifest = (containers: string[]) =>
      gitOpsProbeRollout(
        GITOPS,
        NAMESPACE,
        containers.map((c) => ({ name: c, image: IMAGE(`${c}-v1`) })),
      );
    // The cluster has app first; the workspace's file lists the sidecar first.
    await kubectlManifest('apply', manifest(['app', 'sidecar']));
    const dir = path.join(workspaceRoot().fsPath, GITOPS);
    const file = path.join(dir, 'rollout.yaml');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, manifest(['sidecar', 'app']));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc, { preview: false });
    const api = vscode.extensions.getExtension<{ whenWorkspaceScanIdle?(): Promise<void> }>(EXTENSION_ID)!.exports;
    await api.whenWorkspaceScanIdle?.();
    const context = await watchedContext();
    await waitFor(`${GITOPS} live`, async () => (await liveImages(GITOPS)) === `app=${IMAGE('app-v1')} sidecar=${IMAGE('sidecar-v1')}`, 60000);

    await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', 'accept');
    await vscode.commands.executeCommand('rolloutLens.test.answerChoice', 'Change the manifest instead');
    await vscode.commands.executeCommand('rolloutLens.setImage', { context, kind: 'Rollout', namespace: NAMESPACE, name: GITOPS, container: 'app', image: IMAGE('app-v2') });
    const asked = await vscode.commands.executeCommand<AskedChoice | undefined>('rolloutLens.test.lastChoice');
    assert.ok(asked && /Set image/.test(asked.title) && asked.title.includes(`${NAMESPACE}/${GITOPS}`), `the GitOps warning was shown: ${JSON.stringify(asked)}`);
    assert.match(asked.detail, /managed by Argo CD application 'rollout-lens-demo'/);
    assert.ok(asked.detail.includes(`app: ${IMAGE('app-v1')} → ${IMAGE('app-v2')}`), asked.detail);
    const edited = await waitFor(
      'the manifest edited: the app container (second in the file) at app-v2',
      () => {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
        return open?.isDirty && open.getText().includes(IMAGE('app-v2')) ? open.getText() : undefined;
      },
      30000,
    );
    assert.ok(edited.includes(`- name: sidecar\n          image: ${IMAGE('sidecar-v1')}\n        - name: app\n          image: ${IMAGE('app-v2')}\n`), edited);
    assert.strictEqual(await liveImages(GITOPS), `app=${IMAGE('app-v1')} sidecar=${IMAGE('sidecar-v1')}`, 'the cluster was not patched');
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
