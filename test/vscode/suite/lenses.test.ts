// Live code lenses against the test cluster (scenario e2e): state, actions, and promote/abort round trips.
// The modal confirmation is answered through the extension's test hook (rolloutLens.test.answerConfirmations,
// only registered outside a production extension host); the e2e answers the real dialog by clicking.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';
import { findLiveLens, lensLines, liveManifests, stateAt } from './live';

interface AskedConfirmation {
  title: string;
  detail: string;
  mode: string;
  answer: string;
}

async function answerConfirmations(answer: 'accept' | 'reject' | undefined): Promise<void> {
  await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', answer);
}

async function lastConfirmation(): Promise<AskedConfirmation | undefined> {
  return vscode.commands.executeCommand<AskedConfirmation | undefined>('rolloutLens.test.lastConfirmation');
}

async function run(lens: vscode.CodeLens): Promise<void> {
  const cmd = lens.command!;
  await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
}

const stepOf = (s: string) => Number(/step (\d+)\//.exec(s)?.[1] ?? NaN);

suite('live code lenses and actions', () => {
  suiteSetup(async function () {
    this.timeout(90000);
    assert.ok(process.env.KUBECONFIG, "the harness passes the test cluster's kubeconfig as KUBECONFIG");
    await activateExtension();
  });
  suiteTeardown(() => answerConfirmations(undefined));

  test('each demo manifest gets a live state lens naming context/namespace', async function () {
    this.timeout(120000);
    const files = await liveManifests();
    assert.ok(files.length >= 2, `the demo repo has Rollout/Canary manifests (found ${files.length})`);
    for (const uri of files) {
      const lines = await waitFor(
        `a live lens in ${vscode.workspace.asRelativePath(uri)}`,
        async () => {
          const ls = await lensLines(uri);
          return ls.some((l) => /Paused|Healthy|Progressing|Degraded|Succeeded|Waiting|Failed|Promoting|Initialized/.test(l.state)) && ls;
        },
        45000,
      );
      assert.match(lines[0].state, / in [^/\s]+\/[^/\s]+/, `the lens names context/namespace: "${lines[0].state}"`);
    }
  });

  test('promote, rejected at the confirmation, changes nothing', async function () {
    this.timeout(120000);
    const target = await findLiveLens(/Paused/, /Promote(?! full)/i);
    await answerConfirmations('reject');
    await run(target.action);
    const asked = await waitFor('the confirmation to be asked', lastConfirmation);
    assert.strictEqual(asked.answer, 'rejected');
    assert.match(`${asked.title}\n${asked.detail}`, /Promote/i);
    // Still paused at the same step: re-resolve the lens (it would change on any watch event).
    assert.strictEqual(await stateAt(target.doc.uri, target.line), target.state);
  });

  test('promote a paused canary: confirmation names the object, the lens moves to the next step', async function () {
    this.timeout(150000);
    const target = await findLiveLens(/Paused/, /Promote(?! full)/i);
    const before = target.state;
    await answerConfirmations('accept');
    await run(target.action);
    const asked = (await lastConfirmation())!;
    assert.strictEqual(asked.answer, 'accepted');
    const name = /\bname:\s*([\w.-]+)/.exec(target.doc.getText())?.[1];
    assert.ok(name && `${asked.title}\n${asked.detail}`.includes(name), `the confirmation names ${name}: ${asked.title}`);
    // The lens first leaves "Paused" (the pause condition is removed), then the controller advances the
    // step index: wait for the step to move past the one it was paused at.
    const after = await waitFor(
      `the lens to move past "${before}"`,
      async () => {
        const now = await stateAt(target.doc.uri, target.line);
        if (!now || now === before || /…$/.test(now)) return undefined;
        return Number.isNaN(stepOf(before)) || stepOf(now) > stepOf(before) || !/step/.test(now) ? now : undefined;
      },
      60000,
    );
    assert.doesNotMatch(after, /Degraded|Aborted/, `promotion did not break the rollout: "${after}"`);
  });

  test('abort a rollout: the lens shows Degraded', async function () {
    this.timeout(150000);
    const target = await findLiveLens(/Progressing|Paused/, /^(\$\([\w-]+\) )?Abort\b/i);
    await answerConfirmations('accept');
    await run(target.action);
    await waitFor('the lens to show Degraded', async () => /Degraded/.test((await stateAt(target.doc.uri, target.line)) ?? ''), 60000);
  });
});
