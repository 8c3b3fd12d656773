// The Rollouts tree against the test cluster (scenario e2e), read through the extension's test API
// (`rolloutsTree()`, the tree as plain data) — content, the "Needs attention" group, and an update
// arriving from a watch event after an action.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activateExtension, kubectl, kubectlManifest, waitFor } from './helpers';

interface TreeNode {
  id: string;
  label: string;
  description?: string;
  contextValue?: string;
  /** A run row's object (what its context menu's commands receive). */
  target?: { context: string; kind: string; namespace: string; name: string };
  children: TreeNode[];
}
interface Workload {
  context: string;
  namespace: string;
  name: string;
  kind: 'Rollout' | 'Canary';
  description: string;
}

function snapshot(depth = 3): TreeNode[] {
  const api = vscode.extensions.getExtension<{ rolloutsTree?(maxDepth?: number): TreeNode[] }>(EXTENSION_ID)!.exports;
  assert.ok(typeof api?.rolloutsTree === 'function', 'the extension API exposes rolloutsTree() for the in-host suite');
  return api.rolloutsTree(depth);
}

/** A run row under a workload (context → namespace → workload → revision → run), with its context label. */
function runRow(namespace: string, workload: string, run: string): { context: string; row: TreeNode } | undefined {
  for (const ctx of snapshot(5).filter((n) => n.contextValue?.startsWith('context.'))) {
    const w = ctx.children.find((n) => n.contextValue === 'namespace' && n.label === namespace)?.children.find((n) => n.label === workload && /^workload\.Rollout/.test(n.contextValue ?? ''));
    const row = w?.children.flatMap((rev) => rev.children).find((n) => n.label === run);
    if (row) return { context: ctx.label, row };
  }
  return undefined;
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

  test('Terminate… on a running AnalysisRun row: confirmed naming context, namespace and run; the run ends terminated', async function () {
    this.timeout(180000);
    // The demo has no run that keeps running at rest: the test adds one under search. Its metric measures
    // once at start and then only hourly, so it stays Running until terminated. The owner reference is not
    // a controller reference: Argo's rollout controller takes (and would cancel) only runs it controls, and
    // the tree lists a rollout's runs by any owner reference. On the upstream stack Argo's analysis
    // controller measures it against the stack's simulated Prometheus; on the fake, the simulated one.
    const [namespace, owner] = ['shop', 'search'];
    const ro = JSON.parse(await kubectl(['get', 'rollouts.argoproj.io', '-n', namespace, owner, '-o', 'json'])) as { metadata: { uid: string; annotations?: Record<string, string> } };
    const name = `${owner}-terminate-probe-${Date.now().toString(36)}`;
    await kubectlManifest(
      'create',
      JSON.stringify({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AnalysisRun',
        metadata: {
          name,
          namespace,
          // The tree groups a rollout's runs by revision.
          annotations: { 'rollout.argoproj.io/revision': ro.metadata.annotations?.['rollout.argoproj.io/revision'] ?? '1' },
          ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: owner, uid: ro.metadata.uid }],
        },
        spec: {
          metrics: [
            {
              name: 'probe',
              interval: '1h',
              count: 100,
              successCondition: 'result[0] >= 0',
              provider: { prometheus: { address: 'http://prometheus.monitoring.svc.cluster.local:9090', query: 'vector(1)' } },
            },
          ],
        },
      }),
    );
    const phase = async () => JSON.parse(await kubectl(['get', 'analysisruns.argoproj.io', '-n', namespace, name, '-o', 'json'])) as { spec: { terminate?: boolean }; status?: { phase?: string; message?: string } };
    try {
      // The row offers Terminate while the run runs (its contextValue keys the context menu's entry).
      const found = await waitFor(
        `a Running row for AnalysisRun ${name} under ${namespace}/${owner} that offers Terminate…`,
        () => {
          const r = runRow(namespace, owner, name);
          return r && /Running/.test(r.row.description ?? '') && /^workload\.AnalysisRun;.*,terminate,/.test(r.row.contextValue ?? '') ? r : undefined;
        },
        90000,
      );
      assert.deepStrictEqual(found.row.target, { context: found.context, kind: 'AnalysisRun', namespace, name });
      await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', 'accept');
      // What the context menu runs: the command with the row (the command reads the row's target).
      await vscode.commands.executeCommand('rolloutLens.terminate', found.row);
      const asked = await vscode.commands.executeCommand<{ title: string; detail: string; answer: string } | undefined>('rolloutLens.test.lastConfirmation');
      assert.ok(asked, 'a confirmation was asked');
      const said = `${asked.title}\n${asked.detail}`;
      for (const part of [found.context, namespace, name, 'AnalysisRun']) assert.ok(said.includes(part), `the confirmation names ${part}: ${said}`);
      const ended = await waitFor(
        `AnalysisRun ${name} terminated (spec.terminate) and no longer Running`,
        async () => {
          const o = await phase();
          return o.spec.terminate === true && o.status?.phase && o.status.phase !== 'Running' && o.status.phase !== 'Pending' ? o : undefined;
        },
        90000,
      );
      console.log(`    ${name}: ${ended.status?.phase} (${ended.status?.message ?? ''})`);
      // And the tree follows: the row no longer offers Terminate.
      await waitFor(
        `the row of ${name} without Terminate…`,
        () => {
          const r = runRow(namespace, owner, name);
          return r && !/,terminate,/.test(r.row.contextValue ?? '');
        },
        30000,
      );
    } finally {
      await kubectl(['delete', 'analysisruns.argoproj.io', '-n', namespace, name, '--ignore-not-found']).catch(() => undefined);
    }
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
