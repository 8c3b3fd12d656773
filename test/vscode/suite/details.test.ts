// The details panel against the test cluster (scenario e2e): for every demo Rollout and Canary, open the panel
// the way a click in the tree does (`rolloutLens.showDetails` with the object) and read back what the webview
// shows through a message round trip (the extension posts "snapshot", the webview answers with its text, its
// headings, its buttons and how many charts it drew; `rolloutLens.test.details`, a development-host command).
// Runs before the suites that promote and abort, so the demo objects are in their settled states.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, kubectl, rolloutsTree, waitFor, watchedContext, type TreeRow } from './helpers';

interface Snapshot {
  text: string;
  sections: string[];
  buttons: string[];
  charts: number;
  /** The ARIA roles in the page, and how many elements a Tab reaches. */
  roles: string[];
  focusable: number;
  /** The theme kind VS Code gave the page (vscode-light, vscode-dark, vscode-high-contrast…) and the body's computed colours. */
  theme: { kind: string; foreground: string; background: string };
}
interface PanelInfo {
  visible: boolean;
  renders: number;
  firstRenderMs?: number;
  firstRender?: { htmlMs: number; renderedMs: number; pageMs: number };
  timing?: { buildMs: number; roundTripMs?: number; webviewMs?: number };
  snapshot?: Snapshot;
}
interface Ref {
  context: string;
  kind: 'Rollout' | 'Canary';
  namespace: string;
  name: string;
}

/** The tree row of a workload (its contextValue lists the actions offered now). */
function treeRow(namespace: string, name: string): TreeRow | undefined {
  for (const ctx of rolloutsTree(3).filter((n) => n.contextValue?.startsWith('context.'))) {
    const ns = ctx.children?.find((n) => n.contextValue === 'namespace' && n.label === namespace);
    const row = ns?.children?.find((w) => w.label === name && /^workload\./.test(w.contextValue ?? ''));
    if (row) return row;
  }
  return undefined;
}

async function panel(ref: Ref, op: { snapshot?: boolean; close?: boolean } = {}): Promise<PanelInfo | undefined> {
  return vscode.commands.executeCommand<PanelInfo | undefined>('rolloutLens.test.details', ref, op);
}

/** Opens the panel and waits until the webview shows text matching every pattern. */
async function opened(ref: Ref, expect: RegExp[], extra: (s: Snapshot) => boolean = () => true): Promise<Snapshot> {
  await vscode.commands.executeCommand('rolloutLens.showDetails', ref);
  let last: Snapshot | undefined;
  try {
    const shown = await waitFor(
      `the details panel of ${ref.kind} ${ref.namespace}/${ref.name} to show ${expect.join(', ')}`,
      async () => {
        last = (await panel(ref, { snapshot: true }))?.snapshot;
        return last && expect.every((re) => re.test(last!.text)) && extra(last) ? last : undefined;
      },
      60000,
    );
    const p = await panel(ref);
    const t = p?.timing;
    const f = p?.firstRender;
    console.log(
      `    details ${ref.namespace}/${ref.name}: panel created → first render ${f?.renderedMs.toFixed(0)} ms (view model + page ${f?.htmlMs.toFixed(1)} ms; in the page since its time origin ${f?.pageMs.toFixed(0)} ms); last update: view model ${t?.buildMs.toFixed(1)} ms, post → rendered ${t?.roundTripMs} ms (webview DOM ${t?.webviewMs?.toFixed(1)} ms)`,
    );
    return shown;
  } catch (e) {
    throw new Error(`${(e as Error).message}\nit shows: ${JSON.stringify(last ?? null).slice(0, 3000)}`, { cause: e });
  }
}

function detailsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /rolloutLens\.details$/.test(t.input.viewType));
}

suite('Details panel', () => {
  let context = '';
  const ref = (kind: Ref['kind'], namespace: string, name: string): Ref => ({ context, kind, namespace, name });

  suiteSetup(async function () {
    this.timeout(90000);
    await activateExtension();
    // An open Rollout manifest connects the session (the view is not visible in the suite's window).
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'demo', 'apps', 'cart', 'rollout.yaml'));
    await vscode.window.showTextDocument(doc);
    context = await watchedContext();
  });

  suiteTeardown(async () => {
    for (const t of detailsTabs()) await vscode.window.tabGroups.close(t);
  });

  test('a canary paused at a step: the header, the steps timeline with the current step waiting, Promote', async function () {
    this.timeout(90000);
    const s = await opened(ref('Rollout', 'payments', 'checkout'), [/Paused/, /CanaryPauseStep/, /waiting for promotion/, /Strategy\s*Canary/]);
    assert.ok(
      s.sections.some((h) => /Rollout\s*checkout/.test(h)),
      `a heading names the rollout: ${s.sections.join(' | ')}`,
    );
    assert.ok(s.sections.includes('Steps') && s.sections.includes('Revisions') && s.sections.includes('Events'), s.sections.join(' | '));
    assert.ok(
      s.buttons.some((b) => /^Promote$/.test(b)),
      `a Promote button: ${s.buttons.join(', ')}`,
    );
    assert.ok(s.buttons.includes('Open Manifest'));
    assert.match(s.text, new RegExp(`Context\\s*${context.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // Operable by keyboard and described for assistive technology: the actions are a toolbar of buttons, the
    // timeline a list whose current step is marked, and every enabled button (and link) is reachable by Tab.
    for (const role of ['toolbar', 'list']) assert.ok(s.roles.includes(role), `role ${role} in ${s.roles.join(', ')}`);
    assert.ok(s.focusable >= s.buttons.filter((b) => !b.endsWith('(disabled)')).length, `${s.focusable} focusable for ${s.buttons.length} buttons`);
  });

  test('a failed analysis: the run, the metric that broke its condition, the measured values and a chart', async function () {
    this.timeout(90000);
    const s = await opened(ref('Rollout', 'shop', 'cart'), [/Degraded/, /metric "error-rate" assessed Failed/i, /result\[0\] < 0\.05/, /prometheus/, /http_requests_total/], (x) => x.charts >= 1);
    assert.ok(s.sections.includes('Analysis'), s.sections.join(' | '));
    assert.match(s.text, /Measured\s*2 \(✔ 1 · ✖ 1/, 'one measurement passed and one failed');
    // The inconclusive metric beside it: between its success and failure bounds, charted too.
    assert.match(s.text, /metric "latency-p99" assessed Inconclusive/i);
    assert.match(s.text, /Failure when\s*result\[0\] >= 0\.5/);
    assert.ok(s.charts >= 2, `a chart per metric (${s.charts})`);
    assert.ok(s.roles.includes('img'), 'the charts are images with a text alternative');
    // The Events say it too: the run failed, the rollout was aborted (the controllers' own reasons). They come
    // from the Events watch the panel starts, a moment after its first render.
    await opened(ref('Rollout', 'shop', 'cart'), [/Events[\s\S]*AnalysisRunFailed[\s\S]*AnalysisRun\/cart-/, /Events[\s\S]*RolloutAborted[\s\S]*Rollout\/cart/]);
    assert.ok(
      s.buttons.some((b) => /^Retry/.test(b)),
      `Retry is offered on an aborted rollout: ${s.buttons.join(', ')}`,
    );
  });

  test('a blue/green rollout waiting for promotion: active and preview', async function () {
    this.timeout(90000);
    const s = await opened(ref('Rollout', 'payments', 'ledger'), [/Paused/, /BlueGreenPause/, /BlueGreen/, /preview/, /active/, /Preview service/]);
    assert.ok(
      s.buttons.some((b) => /^Promote$/.test(b)),
      s.buttons.join(', '),
    );
  });

  test('the other rollouts: search paused, storefront on its way', async function () {
    this.timeout(90000);
    await opened(ref('Rollout', 'shop', 'search'), [/search/, /Paused/, /Steps/]);
    await opened(ref('Rollout', 'shop', 'storefront'), [/storefront/, /Revisions/, /Healthy|Progressing|Paused/]);
  });

  test('a Flagger canary behind its confirm-promotion gate: the phase path, the gate and Approve', async function () {
    this.timeout(90000);
    const s = await opened(ref('Canary', 'test', 'frontend'), [/WaitingPromotion/, /confirm-promotion/, /waiting here/, /Webhooks/]);
    assert.ok(
      s.buttons.some((b) => /^Approve$/.test(b)),
      s.buttons.join(', '),
    );
    assert.match(s.text, /Initializing[\s\S]*Progressing[\s\S]*WaitingPromotion[\s\S]*Succeeded/);
  });

  test('a failed canary: failed checks against the threshold; podinfo on its way', async function () {
    this.timeout(90000);
    await opened(ref('Canary', 'test', 'backend'), [/Failed/, /Failed checks/, /of threshold/]);
    await opened(ref('Canary', 'test', 'podinfo'), [/podinfo/, /Phase/]);
  });

  test('one panel per object: opening it again reveals it instead of adding a tab', async function () {
    this.timeout(60000);
    const before = detailsTabs().length;
    assert.ok(before >= 8, `a tab per opened object (${before})`);
    const r = ref('Rollout', 'payments', 'checkout');
    await vscode.commands.executeCommand('rolloutLens.showDetails', r);
    const info = await waitFor('the checkout panel to be visible again', async () => ((await panel(r))?.visible ? await panel(r) : undefined), 20000);
    assert.strictEqual(detailsTabs().length, before);
    assert.ok(info.renders >= 1);
  });

  test("theme-aware: the page follows light, dark and high contrast through VS Code's theme variables", async function () {
    this.timeout(120000);
    const r = ref('Rollout', 'payments', 'checkout');
    await vscode.commands.executeCommand('rolloutLens.showDetails', r);
    const workbench = vscode.workspace.getConfiguration('workbench');
    const original = workbench.inspect<string>('colorTheme')?.globalValue;
    const seen: Record<string, Snapshot['theme']> = {};
    try {
      for (const [theme, kind] of [
        ['Default Light Modern', 'vscode-light'],
        ['Default High Contrast', 'vscode-high-contrast'],
        ['Default Dark Modern', 'vscode-dark'],
      ]) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        seen[kind] = await waitFor(
          `the panel in ${theme}`,
          async () => {
            const t = (await panel(r, { snapshot: true }))?.snapshot?.theme;
            return t && t.kind.split(' ').includes(kind) ? t : undefined;
          },
          30000,
        );
      }
    } finally {
      await workbench.update('colorTheme', original, vscode.ConfigurationTarget.Global);
    }
    console.log(`    themes: ${JSON.stringify(seen)}`);
    // The page's colours come from the theme's variables: each theme paints it differently.
    const backgrounds = new Set(Object.values(seen).map((t) => t.background));
    const foregrounds = new Set(Object.values(seen).map((t) => t.foreground));
    assert.ok(backgrounds.size + foregrounds.size >= 4, `light, dark and high contrast differ: ${JSON.stringify(seen)}`);
  });

  test('the manifest shows where its rollout is: the current step labelled, done steps dimmed, images compared', async function () {
    this.timeout(90000);
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'demo', 'apps', 'checkout', 'rollout.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const drawn = await waitFor(
      'the paused step decorated in checkout/rollout.yaml',
      async () => {
        const d = await vscode.commands.executeCommand<{ current: string[]; done: number } | undefined>('rolloutLens.test.manifestDecorations', uri.toString());
        return d && d.current.some((c) => /^◀ paused here/.test(c)) && d.done >= 1 ? d : undefined;
      },
      60000,
    );
    assert.ok(drawn.current.length === 1, `one current step: ${drawn.current.join(' | ')}`);
    const titles = await waitFor(
      'the Details and file-versus-live lenses',
      async () => {
        const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
        const t = lenses.map((l) => l.command?.title ?? '');
        return t.some((x) => /Details$/.test(x)) && t.some((x) => /runs this file|differs from live/.test(x)) ? t : undefined;
      },
      60000,
    );
    console.log(`    checkout/rollout.yaml: ${drawn.current.join(' | ')}; ${titles.filter((x) => /runs this file|differs/.test(x)).join(' | ')}`);
  });

  test('a hidden panel does no work: its object changes, it renders only once shown again', async function () {
    this.timeout(90000);
    const hidden = ref('Rollout', 'shop', 'search');
    await opened(hidden, [/Events/]);
    await vscode.commands.executeCommand('rolloutLens.showDetails', ref('Rollout', 'payments', 'checkout'));
    await waitFor('search hidden behind checkout', async () => (await panel(hidden))?.visible === false, 20000);
    const before = (await panel(hidden))!.renders;
    // A real change of the hidden object: pause it (spec.paused), seen when the tree offers Resume; then resume it.
    const offersResume = () => /,resume,/.test(treeRow('shop', 'search')?.contextValue ?? '');
    await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', 'accept');
    try {
      await vscode.commands.executeCommand('rolloutLens.pause', hidden);
      await waitFor('the pause to reach the model (the tree offers Resume)', offersResume, 30000);
      assert.strictEqual((await panel(hidden))!.renders, before, 'the hidden panel rendered on a change');
      await vscode.commands.executeCommand('rolloutLens.showDetails', hidden);
      await waitFor(
        'search shown again, rendered once more',
        async () => {
          const p = await panel(hidden);
          return p?.visible && p.renders > before ? p : undefined;
        },
        20000,
      );
      assert.match((await panel(hidden, { snapshot: true }))!.snapshot!.text, /paused manually|Resume/);
      // Events are watched, not listed once: an Event about search recorded after the panel opened shows
      // up. The test records it itself: whether a controller records one for a manual pause depends on
      // the controller (Argo v1.9.1 sends RolloutPaused only when the pause conditions go from none to
      // some, and search is already paused at a step), so a controller's Event would prove nothing here.
      const reason = `RolloutLensProbe${Date.now()}`;
      const eventFile = path.join(os.tmpdir(), `${reason}.json`);
      const now = new Date().toISOString();
      fs.writeFileSync(
        eventFile,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `search.${reason.toLowerCase()}`, namespace: 'shop' },
          involvedObject: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'search', namespace: 'shop' },
          reason,
          message: 'recorded by the details suite after the panel opened',
          type: 'Normal',
          source: { component: 'rollout-lens-test' },
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        }),
      );
      try {
        await kubectl(['create', '-f', eventFile]);
      } finally {
        fs.rmSync(eventFile, { force: true });
      }
      await waitFor(`the Event ${reason}, recorded after the panel opened, in the panel`, async () => (await panel(hidden, { snapshot: true }))?.snapshot?.text.includes(reason), 20000);
      // And an Event that goes (expired, or deleted as here) leaves the panel at once, not at its next
      // render for another reason: search is settled, nothing else would render it meanwhile.
      await kubectl(['delete', 'event', '-n', 'shop', `search.${reason.toLowerCase()}`]);
      await waitFor(`the deleted Event ${reason} gone from the panel`, async () => (await panel(hidden, { snapshot: true }))?.snapshot?.text.includes(reason) === false, 20000);
    } finally {
      await vscode.commands.executeCommand('rolloutLens.resume', hidden);
      await waitFor('search resumed (no Resume offered)', () => !offersResume(), 30000).catch(() => undefined);
      await vscode.commands.executeCommand('rolloutLens.test.answerConfirmations', undefined);
    }
  });
});
