// Live code lenses against the test cluster (demo scenario): state, actions, and promote/abort round trips.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, waitFor } from './helpers';
import { findLiveLens, lensLines, liveManifests, stateAt } from './live';

suite('live code lenses and actions', () => {
  suiteSetup(async function () {
    this.timeout(90000);
    assert.ok(process.env.KUBECONFIG, 'the harness passes the test cluster\'s kubeconfig as KUBECONFIG');
    await activateExtension();
  });

  test('each demo manifest gets a live state lens', async () => {
    const files = await liveManifests();
    assert.ok(files.length >= 2, `the demo repo has Rollout/Canary manifests (found ${files.length})`);
    for (const uri of files) {
      const lines = await waitFor(`a live lens in ${vscode.workspace.asRelativePath(uri)}`, async () => {
        const ls = await lensLines(uri);
        return ls.some((l) => /Paused|Healthy|Progressing|Degraded|Succeeded|Waiting|Failed|Promoting|Initialized/.test(l.state)) && ls;
      }, 45000);
      assert.match(lines[0].state, / in [^/\s]+\/[^/\s]+/, 'the lens names context/namespace');
    }
  });

  test('promote a paused canary: the lens moves to the next step', async () => {
    const target = await findLiveLens(/Paused/, /^Promote$|Promote\b(?! full)/i);
    const before = target.state;
    const cmd = target.action.command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    const after = await waitFor(`the lens to leave "${before}"`, async () => {
      const now = await stateAt(target.doc.uri, target.line);
      return now && now !== before && !/Promoting…|…$/.test(now) ? now : undefined;
    }, 60000);
    const stepOf = (s: string) => Number(/step (\d+)\//.exec(s)?.[1] ?? NaN);
    if (!Number.isNaN(stepOf(before)) && !Number.isNaN(stepOf(after))) {
      assert.ok(stepOf(after) > stepOf(before), `step advanced: "${before}" → "${after}"`);
    }
  });

  test('abort a rollout: the lens shows Degraded', async () => {
    const target = await findLiveLens(/Progressing|Paused/, /^Abort\b/i, []);
    const cmd = target.action.command!;
    await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments ?? []));
    await waitFor('the lens to show Degraded', async () => /Degraded/.test((await stateAt(target.doc.uri, target.line)) ?? ''), 60000);
  });
});
