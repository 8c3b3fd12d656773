// The extension in an UNTRUSTED workspace (restricted mode), run alone on its own code-server by
// test/vscode/run.sh (ROLLOUT_LENS_SUITE=untrusted; the trusted run never loads this folder).
// package.json declares `capabilities.untrustedWorkspaces: limited`: validation must work, while the
// cluster stays untouched — no connection, no live tree, no live lenses, and actions neither ask nor patch.
// The kubeconfig points at a running test cluster, so "nothing happened" is read back from the cluster
// itself (a plain HTTPS GET with the kubeconfig's token), not inferred from the extension's own state.
import * as assert from 'assert';
import * as fs from 'fs';
import * as https from 'https';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { EXTENSION_ID, fixtureUri, openFixture, ourDiagnostics, waitFor } from '../helpers';

interface TreeNode {
  label: string;
  contextValue?: string;
  children: TreeNode[];
}
interface LensApi {
  clusterPhase(): string;
  rolloutsTree(maxDepth?: number): TreeNode[];
}
interface AskedConfirmation {
  title: string;
}

const CHECKOUT = { kind: 'Rollout', namespace: 'payments', name: 'checkout' };

function api(): LensApi {
  const ext = vscode.extensions.getExtension<LensApi>(EXTENSION_ID);
  assert.ok(ext?.isActive, 'the extension is active');
  return ext.exports;
}

/** GET an API path from the test cluster as the kubeconfig's current context (the harness's KUBECONFIG). */
function kubeGet(apiPath: string): Promise<any> {
  const file = process.env.KUBECONFIG;
  assert.ok(file && fs.existsSync(file), `the harness passes the test cluster's kubeconfig (KUBECONFIG=${file})`);
  const kc = parse(fs.readFileSync(file, 'utf8'));
  const ctx = kc.contexts.find((c: any) => c.name === kc['current-context']).context;
  const cluster = kc.clusters.find((c: any) => c.name === ctx.cluster).cluster;
  const user = kc.users.find((u: any) => u.name === ctx.user).user;
  return new Promise((resolve, reject) => {
    const req = https.get(
      new URL(apiPath, cluster.server),
      {
        ca: Buffer.from(cluster['certificate-authority-data'], 'base64'),
        headers: { Authorization: `Bearer ${user.token}`, Accept: 'application/json' },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`GET ${apiPath}: HTTP ${res.statusCode} ${body.slice(0, 200)}`))));
      },
    );
    req.on('error', reject);
    req.setTimeout(10000, () => req.destroy(new Error(`GET ${apiPath} timed out`)));
  });
}

const getCheckout = () => kubeGet(`/apis/argoproj.io/v1alpha1/namespaces/${CHECKOUT.namespace}/rollouts/${CHECKOUT.name}`);
/** What a promote would change (spec.paused / status.pauseConditions / the step), as one comparable value. */
const pauseState = (r: any) => JSON.stringify({ paused: r.spec?.paused ?? false, pauseConditions: r.status?.pauseConditions ?? null, controllerPause: r.status?.controllerPause ?? false, step: r.status?.currentStepIndex ?? null });

function liveNodes(nodes: TreeNode[]): string[] {
  return nodes.flatMap((n) => [...(/^(context|namespace|workload|attention)/.test(n.contextValue ?? '') ? [`${n.contextValue}: ${n.label}`] : []), ...liveNodes(n.children ?? [])]);
}

suite('untrusted workspace (restricted mode)', () => {
  suiteSetup(async function () {
    this.timeout(60000);
    await openFixture('typo-rollout.yaml');
    await waitFor('the extension to activate on a YAML file', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
  });

  test('the workspace is untrusted and the extension is active (limited support)', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'code-server opened the folder in restricted mode');
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)!.isActive);
  });

  test('validation works: the misspelt key gets its diagnostic', async () => {
    const uri = fixtureUri('typo-rollout.yaml');
    const diag = await waitFor('a diagnostic on "replcas"', () => ourDiagnostics(uri).find((d) => /replcas/.test(d.message)));
    assert.strictEqual(diag.range.start.line, 7, `on the replcas line (got: ${diag.message})`);
  });

  test('the cluster stays disconnected: phase "untrusted", no live tree items, no live lenses', async function () {
    this.timeout(30000);
    // A refresh is an explicit request to connect (and the open Rollout manifest already asked for one).
    await vscode.commands.executeCommand('rolloutLens.refresh');
    // Connecting is asynchronous, so "no items" is observed over a window (trusted, the tree fills within
    // about a second on loopback); any item seen fails at once.
    for (const until = Date.now() + 5000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      assert.strictEqual(api().clusterPhase(), 'untrusted');
      assert.deepStrictEqual(liveNodes(api().rolloutsTree(3)), [], 'no context/namespace/workload nodes in the Rollouts tree');
    }
    const uri = fixtureUri('demo/apps/checkout/rollout.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    const live = lenses.map((l) => l.command?.title ?? '').filter((t) => /rollout-lens-test|Paused|Healthy|Progressing|Degraded|Not deployed|Promote|Abort/.test(t));
    assert.deepStrictEqual(live, [], 'no live state or action lenses on a deployed Rollout');
  });

  test('promote on a paused Rollout in the cluster neither asks nor patches', async function () {
    this.timeout(90000);
    const before = await waitFor(
      'payments/checkout to pause in the test cluster (scenario e2e)',
      async () => {
        const r = await getCheckout();
        return (r.status?.pauseConditions?.length ?? 0) > 0 && r;
      },
      60000,
    );
    // Were the trust gate missing, the hook would accept the confirmation and the patch would land
    // before the command resolves (the action awaits its patch).
    await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', 'accept');
    await vscode.commands.executeCommand('rolloutLens.promote', { context: 'rollout-lens-test', ...CHECKOUT });
    const asked = await vscode.commands.executeCommand<AskedConfirmation | undefined>('rolloutLens.test.lastConfirmation');
    assert.strictEqual(asked, undefined, `no confirmation was asked (got: ${asked?.title})`);
    const after = await getCheckout();
    assert.strictEqual(pauseState(after), pauseState(before), 'the Rollout is still paused at the same step');
    assert.strictEqual(api().clusterPhase(), 'untrusted');
  });
});
