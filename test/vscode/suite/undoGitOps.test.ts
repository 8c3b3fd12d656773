// Undo on a rollout a GitOps tool manages: it changes the spec (the pod template of an earlier revision), so
// before the confirmation the user is warned that the next sync may revert it and offered to change the
// manifest instead. The test deploys its own rollout (two revisions, zero replicas, labelled as Argo CD
// labels what it syncs) from a manifest in the workspace, so the demo's rollouts keep their states for the
// suites after it. The warning's choice is answered through the test hook (rolloutLens.test.answerChoice).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, gitOpsProbeRollout, kubectl, kubectlManifest, waitFor, watchedContext, workspaceRoot, type AskedChoice } from './helpers';

const NAMESPACE = 'shop';
const NAME = 'undo-gitops-probe';
const IMAGE = (tag: string) => `ghcr.io/rollout-lens/undo-probe:${tag}`;

function manifest(tag: string): string {
  return gitOpsProbeRollout(NAME, NAMESPACE, [{ name: 'app', image: IMAGE(tag) }]);
}

interface LiveRollout {
  metadata: { annotations?: Record<string, string> };
  spec: { template: { spec: { containers: { image: string }[] } } };
}

async function live(): Promise<LiveRollout> {
  return JSON.parse(await kubectl(['get', 'rollouts.argoproj.io', '-n', NAMESPACE, NAME, '-o', 'json'])) as LiveRollout;
}

/** The revisions of the probe's ReplicaSets (Argo's `rollout.argoproj.io/revision`). */
async function revisions(): Promise<string[]> {
  const list = JSON.parse(await kubectl(['get', 'replicasets', '-n', NAMESPACE, '-l', `app=${NAME}`, '-o', 'json'])) as { items: { metadata: { annotations?: Record<string, string> } }[] };
  return list.items.map((rs) => rs.metadata.annotations?.['rollout.argoproj.io/revision'] ?? '').sort();
}

async function apply(file: string, tag: string): Promise<void> {
  await kubectlManifest('apply', manifest(tag));
  fs.writeFileSync(file, manifest(tag));
}

suite('Undo on a GitOps-managed rollout', () => {
  const dir = path.join(workspaceRoot().fsPath, NAME);
  const file = path.join(dir, 'rollout.yaml');

  suiteSetup(async function () {
    this.timeout(90000);
    await activateExtension();
  });

  suiteTeardown(async function () {
    this.timeout(60000);
    await vscode.commands.executeCommand('rolloutLens.test.answerChoice', undefined);
    await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', undefined);
    await kubectl(['delete', 'rollouts.argoproj.io', '-n', NAMESPACE, NAME, '--ignore-not-found']).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the GitOps warning offers "Change the manifest instead", which edits the manifest and patches nothing; "Patch the cluster anyway" patches', async function () {
    this.timeout(240000);
    fs.mkdirSync(dir, { recursive: true });
    // Revision 1 (v1), then revision 2 (v2): what the workspace's manifest says.
    await apply(file, 'v1');
    await waitFor('revision 1 of the probe (its ReplicaSet)', async () => (await revisions()).includes('1'), 60000);
    await apply(file, 'v2');
    await waitFor('revision 2 of the probe (its ReplicaSet)', async () => (await revisions()).includes('2'), 60000);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc, { preview: false });
    const api = vscode.extensions.getExtension<{ whenWorkspaceScanIdle?(): Promise<void> }>(EXTENSION_ID)!.exports;
    await api.whenWorkspaceScanIdle?.();
    const context = await watchedContext();
    const ref = { context, kind: 'Rollout', namespace: NAMESPACE, name: NAME, revision: 1 };
    await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', 'accept');

    // 1. "Change the manifest instead": the manifest's template goes back to v1, the cluster keeps v2.
    await vscode.commands.executeCommand('rolloutLens.test.answerChoice', 'Change the manifest instead');
    await vscode.commands.executeCommand('rolloutLens.undo', ref);
    const asked = await vscode.commands.executeCommand<AskedChoice | undefined>('rolloutLens.test.lastChoice');
    assert.ok(asked, 'the GitOps warning was shown');
    assert.deepStrictEqual(asked.options, ['Change the manifest instead', 'Patch the cluster anyway']);
    assert.strictEqual(asked.answer, 'Change the manifest instead');
    assert.match(asked.title, new RegExp(`Undo.*${NAMESPACE}/${NAME}`));
    assert.match(asked.detail, /managed by Argo CD application 'rollout-lens-demo'/);
    assert.match(asked.detail, /Consider changing the manifest instead/);
    await waitFor(
      'the manifest edited to the revision 1 template (image v1)',
      () => {
        const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
        return open?.isDirty && open.getText().includes(IMAGE('v1')) && !open.getText().includes(IMAGE('v2'));
      },
      30000,
    );
    assert.strictEqual((await live()).spec.template.spec.containers[0].image, IMAGE('v2'), 'the cluster was not patched');
    // The edit stays unsaved: put the file back as it was for the second half.
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.ok(!doc.isDirty && doc.getText().includes(IMAGE('v2')), 'the manifest reverted');

    // 2. "Patch the cluster anyway": after the confirmation, the live template is revision 1's.
    await vscode.commands.executeCommand('rolloutLens.test.answerChoice', 'Patch the cluster anyway');
    await vscode.commands.executeCommand('rolloutLens.undo', ref);
    const second = await vscode.commands.executeCommand<AskedChoice | undefined>('rolloutLens.test.lastChoice');
    assert.strictEqual(second?.answer, 'Patch the cluster anyway');
    const confirmed = await vscode.commands.executeCommand<{ title: string; detail: string; answer: string } | undefined>('rolloutLens.test.lastConfirmation');
    assert.ok(confirmed && `${confirmed.title}\n${confirmed.detail}`.includes(context) && confirmed.title.includes(NAME), `the confirmation names the context and the rollout: ${JSON.stringify(confirmed)}`);
    await waitFor(`the live template of ${NAME} back at image v1`, async () => (await live()).spec.template.spec.containers[0].image === IMAGE('v1'), 30000);
    assert.ok(doc.getText().includes(IMAGE('v2')) && !doc.isDirty, 'patching left the manifest alone');
  });
});
