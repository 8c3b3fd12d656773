/**
 * Details panel benchmark (issue 10): on the test cluster running the demo scenario with its simulated
 * controllers, through the real cluster layer (createClusterService → ClusterModel, related kinds watched):
 * - first render: the click → the panel's view model built from the live model (rolloutDetails /
 *   canaryDetails) and the page made with it (script, stylesheet and first data inline, page.ts); then that
 *   page in headless Chromium, load → rendered, against the former shape (script and stylesheet fetched,
 *   data posted after the page's "ready"), each over the same local route (VS Code adds its own hops to
 *   every fetch and message: the in-host suite measures the whole, test/vscode/suite/details.test.ts);
 * - update after a watch event: store write → the model's batched change → the panel's key filter →
 *   rebuild + serialize, p50/p95 over EVENTS writes (target p95 < 100 ms);
 * - a hidden panel does no work: the same writes, and Events about its object (watched as the panel
 *   watches them), reach a hidden panel's RenderGate, which must not build; showing it builds once;
 * - the webview bundle's size, minified as `npm run package` ships it.
 * Reports numbers; never fails on speed (it fails if a hidden panel builds).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { startTestCluster } from '../cluster/index';
import { createClusterService } from '../../src/k8s/index';
import { eventConcerns, keyConcerns } from '../../src/core/details/panelKeys';
import { detailsPageHtml } from '../../src/core/details/page';
import { EVENTS_GVR } from '../cluster/controllers/events';
import { RenderGate } from '../../src/core/details/renderGate';
import { rolloutDetails } from '../../src/core/details/rolloutDetails';
import { canaryDetails } from '../../src/core/details/canaryDetails';
import { workloadKey } from '../../src/core/tree/workloadKeys';
import { at } from '../../src/core/util/json';

const EVENTS = 100;
const RO = { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts' };
const commandOf = (id: string) => ({ command: `rolloutLens.${id}`, title: id });

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

function bundleBytes(): number {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-webview-'));
  const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'build.mjs'), '--production', '--outdir', out, 'webview/details'], { stdio: 'pipe' });
  if (r.status !== 0) throw new Error(`webview build failed: ${String(r.stderr)}`);
  return fs.statSync(path.join(out, 'webview', 'details.js')).size;
}

const root = path.join(__dirname, '..', '..');
const script = fs.readFileSync(path.join(root, 'dist', 'webview', 'details.js'), 'utf8');
const style = fs.readFileSync(path.join(root, 'media', 'webview', 'details.css'), 'utf8');

/**
 * The page in headless Chromium, load → "rendered" (median of RUNS loads each): as the panel builds it now
 * (everything inline) and in the former shape (script and stylesheet fetched, the data posted once the page
 * says "ready"). Rows say why when Chromium is not there.
 */
async function pageBoot(message: unknown): Promise<[string, string][]> {
  const RUNS = 15;
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return [['page load → rendered in Chromium', 'skipped: playwright-core is not installed']];
  }
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) return [['page load → rendered in Chromium', `skipped: no Chromium at ${executablePath}`]];
  const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const inline = detailsPageHtml({ cspSource: 'https://webview.invalid', script, style, nonce: 'n0nce', title: 'cart', initial: message });
    // The former page: resources by URL (what the CSP allowed then), no data until asked.
    const fetched = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-n0nce'; style-src https://webview.invalid"><link rel="stylesheet" href="https://webview.invalid/details.css"></head><body><div id="root"></div><script nonce="n0nce" src="https://webview.invalid/details.js"></script></body></html>`;
    const api = `window.__rendered = new Promise((resolve) => { window.acquireVsCodeApi = () => ({ getState: () => undefined, setState() {}, postMessage(m) {
      if (m.type === 'rendered') resolve(performance.now());
      if (m.type === 'ready' && m.shown === undefined) setTimeout(() => window.postMessage(${JSON.stringify(message)}, '*'), 0);
    } }); });`;
    const time = async (html: string): Promise<number> => {
      const page = await browser.newPage();
      await page.addInitScript({ content: api });
      await page.route('https://webview.invalid/**', (r) => {
        const u = r.request().url();
        return u.endsWith('.js') ? r.fulfill({ contentType: 'text/javascript', body: script }) : u.endsWith('.css') ? r.fulfill({ contentType: 'text/css', body: style }) : r.fulfill({ contentType: 'text/html', body: html });
      });
      await page.goto('https://webview.invalid/page.html');
      const ms = Number(await page.evaluate('window.__rendered'));
      await page.close();
      return ms;
    };
    const median = async (html: string) => {
      const xs: number[] = [];
      for (let i = 0; i < RUNS; i++) xs.push(await time(html));
      return pct(xs, 50);
    };
    const now = await median(inline);
    const before = await median(fetched);
    return [
      [`page load → rendered in headless Chromium, everything inline (median of ${RUNS})`, `${now.toFixed(1)} ms`],
      [`the same, script and stylesheet fetched and the data posted after "ready" (the former page; no VS Code hops)`, `${before.toFixed(1)} ms`],
    ];
  } finally {
    await browser.close();
  }
}

export async function run(): Promise<void> {
  const cluster = await startTestCluster({ controllers: true, scenario: 'e2e', defaultWatchTimeoutSeconds: 3600 });
  const svc = createClusterService({ kubeconfigPath: cluster.kubeconfigPath, watchKubeconfig: false });
  try {
    const model = svc.model(cluster.contextName)!;
    const hold = model.watchRelated('shop');
    const eventsHold = model.watchEvents('shop');
    const cartKey = workloadKey('Rollout', 'shop', 'cart');
    await until('the model and shop related kinds synced, cart degraded', () => model.state.synced && model.relatedSynced('shop') && at(model.get(cartKey), 'status', 'phase') === 'Degraded', 120_000);
    const context = cluster.contextName;

    // First render: build + serialize, as the panel does on the click (cold: first call in this process).
    const build = (name: string) => {
      const t0 = performance.now();
      const d = rolloutDetails({ context, rollout: model.get(workloadKey('Rollout', 'shop', name)), related: model.related('shop'), events: model.events('shop'), now: new Date(), commandOf });
      const message = { type: 'details', details: d, renderedAt: Date.now() };
      const html = detailsPageHtml({ cspSource: 'https://webview.invalid', script, style, nonce: 'n0nce', title: name, initial: message });
      return { ms: performance.now() - t0, bytes: html.length, message };
    };
    const first = build('cart');
    const canaryT0 = performance.now();
    JSON.stringify(canaryDetails({ context, canary: model.get(workloadKey('Canary', 'test', 'frontend')), events: [], now: new Date(), commandOf }));
    const canaryMs = performance.now() - canaryT0;

    // Updates: a visible panel on storefront, a hidden one on cart; EVENTS status writes to storefront and cart.
    let visibleBuilds = 0;
    let hiddenBuilds = 0;
    let waiting: { resolve: (t: number) => void } | undefined;
    const visible = new RenderGate(() => {
      visibleBuilds++;
      build('storefront');
      waiting?.resolve(performance.now());
      waiting = undefined;
    }, true);
    const hidden = new RenderGate(() => {
      hiddenBuilds++;
      build('cart');
    }, false);
    visible.webviewReady();
    hidden.webviewReady();
    const hiddenBefore = hiddenBuilds;
    const concerns = (k: string, name: string) => keyConcerns(k, 'Rollout', 'shop', name) || eventConcerns(k, model.get(k), 'shop', name);
    const sub = model.onDidChange((e) => {
      if (e.keys.some((k) => concerns(k, 'storefront'))) visible.invalidate();
      if (e.keys.some((k) => concerns(k, 'cart'))) hidden.invalidate();
    });
    const lat: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      const name = i % 2 === 0 ? 'storefront' : 'cart';
      const cur = cluster.store.get(RO, 'shop', name)!;
      const seen = name === 'storefront' ? new Promise<number>((resolve) => (waiting = { resolve })) : undefined;
      const t0 = performance.now();
      cluster.store.update(RO, { ...cur, metadata: { ...cur.metadata, annotations: { ...(cur.metadata.annotations ?? {}), 'bench.rollout-lens/event': String(i) } } });
      if (seen) lat.push((await seen) - t0);
      else
        cluster.store.create(EVENTS_GVR, {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name: `cart.bench${i}`, namespace: 'shop' },
          involvedObject: { kind: 'Rollout', name: 'cart', namespace: 'shop' },
          type: 'Normal',
          reason: 'Bench',
          message: `event ${i}`,
        });
      await new Promise((r) => setTimeout(r, 5));
    }
    const hiddenDuring = hiddenBuilds - hiddenBefore;
    hidden.setVisible(true);
    const hiddenOnShow = hiddenBuilds - hiddenBefore - hiddenDuring;
    sub.dispose();
    hold.dispose();
    eventsHold.dispose();
    const size = bundleBytes();
    const boot = await pageBoot(first.message);

    const rows: [string, string][] = [
      ['first render: view model + page with it (cart: steps, 2 revisions, a failed run with 2 series, its events; target < 300 ms)', `${first.ms.toFixed(1)} ms, page ${(first.bytes / 1024).toFixed(1)} KiB`],
      ...boot,
      ['first render of a Flagger canary (frontend)', `${canaryMs.toFixed(1)} ms`],
      [`update after a watch event: store write → model change → panel rebuilt, p50 / p95 (${lat.length} events; target p95 < 100 ms)`, `${pct(lat, 50).toFixed(1)} / ${pct(lat, 95).toFixed(1)} ms`],
      ['visible panel builds during the run', String(visibleBuilds)],
      [`hidden panel builds while ${EVENTS / 2} writes of its object and ${EVENTS / 2} Events about it arrive (must be 0)`, String(hiddenDuring)],
      ['hidden panel builds when shown again', String(hiddenOnShow)],
      ['webview bundle (dist/webview/details.js, minified)', `${(size / 1024).toFixed(1)} KiB`],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
    if (hiddenDuring !== 0) throw new Error(`a hidden details panel built ${hiddenDuring} times`);
    if (hiddenOnShow !== 1) throw new Error(`a hidden details panel built ${hiddenOnShow} times when shown (want 1)`);
  } finally {
    svc.dispose();
    await cluster.stop();
  }
}
