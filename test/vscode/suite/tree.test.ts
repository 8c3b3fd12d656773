// The Rollouts tree against the test cluster (scenario e2e), read through the extension's test API
// (`rolloutsTree()`, the tree as plain data) — content, the "Needs attention" group, and an update
// arriving from a watch event after an action.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, waitFor } from './helpers';

interface TreeNode {
  id: string;
  label: string;
  description?: string;
  contextValue?: string;
  children: TreeNode[];
}
interface Workload {
  context: string;
  namespace: string;
  name: string;
  kind: 'Rollout' | 'Canary';
  description: string;
}

function snapshot(): TreeNode[] {
  const api = vscode.extensions.getExtension<{ rolloutsTree?(maxDepth?: number): TreeNode[] }>(EXTENSION_ID)!.exports;
  assert.ok(typeof api?.rolloutsTree === 'function', 'the extension API exposes rolloutsTree() for the in-host suite');
  return api.rolloutsTree(3);
}

/** context → namespace → workload rows (contextValue "workload.<Kind>;…"). */
function workloads(roots: TreeNode[]): Workload[] {
  const out: Workload[] = [];
  for (const ctx of roots.filter((n) => n.contextValue?.startsWith('context.'))) {
    for (const ns of ctx.children.filter((n) => n.contextValue === 'namespace')) {
      for (const w of ns.children) {
        const kind = /^workload\.(Rollout|Canary)/.exec(w.contextValue ?? '')?.[1] as Workload['kind'] | undefined;
        if (kind) out.push({ context: ctx.label, namespace: ns.label, name: w.label, kind, description: w.description ?? '' });
      }
    }
  }
  return out;
}

const find = (ws: Workload[], ns: string, name: string) => ws.find((w) => w.namespace === ns && w.name === name);

suite('Rollouts tree', () => {
  suiteSetup(async function () {
    this.timeout(90000);
    await activateExtension();
    // The view is not visible in the suite's window: a Rollout manifest being open is what connects.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'demo', 'apps', 'cart', 'rollout.yaml'));
    await vscode.window.showTextDocument(doc);
  });

  test('shows every demo Rollout and Canary under context → namespace, with its status', async function () {
    this.timeout(90000);
    const expected: [string, string, RegExp][] = [
      ['shop', 'cart', /Degraded/],
      ['test', 'backend', /Failed/],
      ['test', 'frontend', /WaitingPromotion/],
      ['payments', 'checkout', /\w/],
      ['payments', 'ledger', /\w/],
      ['shop', 'search', /\w/],
      ['shop', 'storefront', /\w/],
      ['test', 'podinfo', /\w/],
    ];
    const ws = await waitFor(
      'the tree to show the demo objects with their states',
      () => {
        const all = workloads(snapshot());
        return expected.every(([ns, name, re]) => re.test(find(all, ns, name)?.description ?? '')) && all;
      },
      60000,
    ).catch((e) => {
      throw new Error(`${e.message}\ntree now: ${JSON.stringify(workloads(snapshot()).map((w) => `${w.namespace}/${w.name}: ${w.description}`))}`);
    });
    assert.strictEqual(find(ws, 'shop', 'cart')!.kind, 'Rollout');
    assert.strictEqual(find(ws, 'test', 'frontend')!.kind, 'Canary');
  });

  test('"Needs attention" lists the degraded, failed and waiting ones', async () => {
    const group = await waitFor('the Needs attention group', () => snapshot().find((n) => n.contextValue === 'attention'));
    const labels = group.children.map((c) => c.label);
    for (const name of ['cart', 'backend', 'frontend']) assert.ok(labels.includes(name), `${name} needs attention (group: ${labels.join(', ')})`);
  });

  test("an action's effect reaches the tree through the watch", async function () {
    this.timeout(120000);
    const paused = await waitFor('a paused Rollout in the tree', () => workloads(snapshot()).find((w) => w.kind === 'Rollout' && /^Paused/.test(w.description)), 30000);
    await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', 'accept');
    await vscode.commands.executeCommand('rolloutLens.abort', { context: paused.context, kind: paused.kind, namespace: paused.namespace, name: paused.name });
    const after = await waitFor(
      `${paused.namespace}/${paused.name} to show Degraded in the tree`,
      () => {
        const w = find(workloads(snapshot()), paused.namespace, paused.name);
        return w && /Degraded/.test(w.description) && w;
      },
      60000,
    );
    assert.notStrictEqual(after.description, paused.description);
  });
});
