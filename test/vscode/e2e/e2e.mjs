// Person-like end-to-end check of the PACKAGED extension (installed from the .vsix with
// --install-extension) in code-server, driven with clicks and keys through headless Chromium.
// Each step is reported on its own line ("  ✓ step" / "  ✗ step: reason") with a screenshot in --shots;
// a step whose feature is missing FAILS with the reason (nothing is skipped silently). Later steps still
// run after a failure (each starts from a clean editor state), so one missing feature does not hide others.
//
// node e2e.mjs --url URL --folder WS --shots DIR --results FILE.json [--media DIR]
// --media DIR: also copy the README's screenshots (steps with a `media` name) there when they pass.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../chromium.mjs';
import { workbench } from './workbench.mjs';
import { chartSteps } from './chart.mjs';
import { detailsSteps } from './details.mjs';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string' },
    folder: { type: 'string' },
    shots: { type: 'string' },
    results: { type: 'string' },
    media: { type: 'string' },
  },
});
for (const k of ['url', 'folder', 'shots'])
  if (!a[k]) {
    console.error(`e2e: missing --${k}`);
    process.exit(2);
  }
fs.mkdirSync(a.shots, { recursive: true });
if (a.media) fs.mkdirSync(a.media, { recursive: true });

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

const { page, close } = await launchChromium();
page.setDefaultTimeout(30000);
const wb = workbench(page);
const results = [];
let shot = 0;

async function step(name, fn, media) {
  const start = Date.now();
  const file = `${String(++shot).padStart(2, '0')}-${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-$/, '')}.png`;
  try {
    const detail = await fn();
    await page.screenshot({ path: path.join(a.shots, file) });
    if (media && a.media) fs.copyFileSync(path.join(a.shots, file), path.join(a.media, `${media}.png`));
    results.push({ title: name, state: 'passed', ms: Date.now() - start });
    console.log(`  ✓ e2e: ${name} (${Date.now() - start} ms)${detail ? ` — ${detail}` : ''}`);
  } catch (e) {
    await page.screenshot({ path: path.join(a.shots, file.replace('.png', '-FAILED.png')) }).catch(() => {});
    results.push({ title: name, state: 'failed', ms: Date.now() - start, error: e.message });
    console.log(`  ✗ e2e: ${name} (${Date.now() - start} ms)\n      ${String(e.message).split('\n')[0]}`);
  } finally {
    await wb.resetFocus().catch(() => {});
  }
}

/** YAML files of the workspace (relative paths), to find the demo's manifests by content, not by name. */
function workspaceYaml() {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) walk(p);
      else if (/\.ya?ml$/.test(e.name)) out.push(path.relative(a.folder, p));
    }
  };
  if (fs.existsSync(a.folder)) walk(a.folder);
  return out.sort();
}
const yamlFiles = workspaceYaml();
const read = (rel) => fs.readFileSync(path.join(a.folder, rel), 'utf8');
const typoFile = yamlFiles.find((f) => /typo/i.test(f) && /^kind:\s*(Rollout|Canary)\s*$/m.test(read(f)));
const liveManifests = yamlFiles.filter((f) => /^kind:\s*(Rollout|Canary)\s*$/m.test(read(f)) && !/typo/i.test(f));

try {
  await step('workbench opens the sample config repo', async () => {
    await page.goto(`${a.url.replace(/\/$/, '')}/?${new URLSearchParams({ folder: path.resolve(a.folder) })}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 120000 });
    if (yamlFiles.length === 0) throw new Error(`the sample config repo ${a.folder} has no YAML files (test/demo/workspace not written yet?)`);
    const top = yamlFiles[0].split(path.sep)[0];
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: top }).first().waitFor({ timeout: 60000 });
    return `${yamlFiles.length} YAML files, explorer shows "${top}"`;
  });

  let typoKey;
  await step(
    "typo'd field: squiggle in the editor and a row in Problems",
    async () => {
      if (!typoFile) throw new Error('no typo\'d manifest (a path containing "typo") in the sample config repo');
      await wb.openFile(typoFile);
      const squiggle = page.locator('.monaco-editor .squiggly-error').first();
      await squiggle.waitFor({ timeout: 30000 });
      await wb.openProblems();
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: /unknown field|not allowed|Unknown/i }).first();
      await row.waitFor();
      const text = (await row.innerText()).replace(/\s+/g, ' ');
      typoKey = /"([^"]+)"/.exec(text)?.[1];
      return `Problems: ${JSON.stringify(text)}`;
    },
    'problems',
  );

  await step(
    "hover the typo'd field explains the problem",
    async () => {
      if (!typoFile) throw new Error("no typo'd manifest");
      await wb.openFile(typoFile);
      const squiggle = page.locator('.monaco-editor .squiggly-error').first();
      await squiggle.waitFor();
      await wb.hoverSquiggle();
      const hover = page.locator('.monaco-hover:visible .monaco-hover-content, .monaco-resizable-hover:visible .hover-contents').first();
      await hover.waitFor();
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      if (!/unknown|not allowed|did you mean/i.test(text)) throw new Error(`hover does not explain the problem: ${JSON.stringify(text.slice(0, 200))}`);
      return `hover: ${JSON.stringify(text.slice(0, 120))}`;
    },
    'hover',
  );

  await step(
    'quick fix (Ctrl+.) corrects the typo and the squiggle goes away',
    async () => {
      if (!typoFile) throw new Error("no typo'd manifest");
      await wb.openFile(typoFile);
      const before = await page.locator('.monaco-editor .squiggly-error').count();
      if (before === 0) throw new Error('no squiggle to fix');
      await wb.clickSquiggle();
      await wb.openQuickFixMenu();
      const offered = (await page.locator('.action-widget:visible').first().innerText()).replace(/\s+/g, ' ');
      if (/No code actions available/i.test(offered)) throw new Error('no quick fix offered');
      await page.keyboard.press('Enter');
      await wb.poll('the squiggle to disappear', async () => (await page.locator('.monaco-editor .squiggly-error').count()) < before);
      const fixed = typoKey ? !(await wb.editorText()).includes(`${typoKey}:`) : true;
      if (!fixed) throw new Error(`the editor still contains "${typoKey}:"`);
      return `applied: ${JSON.stringify(offered.slice(0, 100))}`;
    },
    'quick-fix',
  );

  await step('snippet inserts a complete manifest', async () => {
    const snippet = firstSnippet();
    if (!snippet) throw new Error('the extension contributes no snippets (package.json contributes.snippets)');
    const rel = 'snippet-demo.yaml';
    fs.writeFileSync(path.join(a.folder, rel), '');
    // A file that appeared on disk a moment ago: a person sees it show up in the Explorer and clicks it.
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: rel });
    await row.waitFor({ timeout: 30000 }).catch(async () => {
      await page.keyboard.press('Control+Shift+E'); // the Explorer may be hidden behind another view
      await row.waitFor({ timeout: 15000 });
    });
    await row.click();
    await page.locator('.tab.active', { hasText: rel }).waitFor();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.type(snippet.prefix);
    await page.keyboard.press('Control+Space');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: snippet.prefix }).first();
    await item.waitFor();
    await item.click();
    await wb.poll('the snippet body in the editor', async () => /apiVersion:/.test(await wb.editorText()));
    return `"${snippet.prefix}" → ${JSON.stringify((await wb.editorText()).split('\n').slice(0, 2).join(' | '))}`;
  });

  await step(
    'Rollouts view lists live items with their status',
    async () => {
      const container = pkg.contributes?.viewsContainers?.activitybar?.[0];
      if (!container) throw new Error('no activity bar view container contributed (package.json contributes.viewsContainers.activitybar)');
      await page.locator(`.activitybar .action-item a[aria-label^="${container.title}"], .activitybar .action-item[aria-label^="${container.title}"]`).first().click();
      const rows = page.locator('.part.sidebar .monaco-list-row');
      await wb.poll('live items with a status (Paused/Healthy/Progressing/Degraded)', async () => /Paused|Healthy|Progressing|Degraded|Succeeded|WaitingPromotion/.test((await rows.allInnerTexts()).join('\n')), 60000);
      const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).slice(0, 8);
      return texts.join(' ; ');
    },
    'rollouts-view',
  );

  await detailsSteps({ page, wb, step });

  let promoted;
  await step(
    'Promote from the code lens, confirm, and the lens and tree move to the next step',
    async () => {
      const target = await wb.findLens(liveManifests, /Promote\b/, /Paused/);
      if (!target) throw new Error(`no manifest shows a "Promote" code lens on a paused rollout (checked ${liveManifests.length} Rollout/Canary files)`);
      const before = target.stateText;
      const treeRows = async () => (await page.locator('.part.sidebar .monaco-list-row', { hasText: target.name }).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ')).join(' | ');
      const treeBefore = await treeRows();
      if (!treeBefore) throw new Error(`the Rollouts view shows no row for ${target.name}`);
      await target.action.click();
      await wb.confirmModal(/Promote/);
      await wb.poll(
        'the lens to change after promotion',
        async () => {
          const now = await wb.lensStateText();
          return now && now !== before && !/Promoting…/.test(now) ? now : false;
        },
        60000,
      );
      promoted = target.name;
      const after = await wb.lensStateText();
      const treeAfter = await wb.poll(
        `the tree rows of ${target.name} to change`,
        async () => {
          const now = await treeRows();
          return now && now !== treeBefore ? now : false;
        },
        30000,
      );
      const stepOf = (t) => Number(/step (\d+)\//.exec(t)?.[1] ?? NaN);
      if (stepOf(before) >= stepOf(after)) throw new Error(`the lens did not move to a later step: "${before}" → "${after}"`);
      await wb.scrollEditorHome();
      return `${target.file}: lens "${before}" → "${after}"; tree "${treeBefore}" → "${treeAfter}"; passed over ${target.passed.join(' | ')}`;
    },
    'promote',
  );

  await step(
    'Abort another rollout from its lens and see it Degraded',
    async () => {
      const target = await wb.findLens(
        liveManifests.filter((f) => !promoted || !read(f).includes(`name: ${promoted}`)),
        /Abort\b/,
        /Progressing|Paused/,
      );
      if (!target) throw new Error('no manifest shows an "Abort" code lens on a progressing or paused rollout');
      await target.action.click();
      await wb.confirmModal(/Abort/);
      await wb.poll('the lens to show Degraded', async () => /Degraded/.test((await wb.lensStateText()) ?? ''), 60000);
      await wb.poll('the tree to show Degraded', async () => (await page.locator('.part.sidebar .monaco-list-row', { hasText: target.name }).allInnerTexts()).some((t) => /Degraded/.test(t)), 30000);
      await wb.scrollEditorHome();
      return `${target.file}: aborted → Degraded`;
    },
    'abort',
  );

  // Last: it adds a chart and a workspace setting, which the steps above need not see.
  await chartSteps({ page, wb, step, folder: a.folder, root });
} finally {
  await close();
}

const passed = results.filter((r) => r.state === 'passed').length;
const failed = results.length - passed;
if (a.results) fs.writeFileSync(a.results, JSON.stringify({ passed, failed, tests: results }, null, 2));
console.log(`${secs()} e2e: ${passed} passed, ${failed} failed (screenshots in ${a.shots})`);
process.exit(failed ? 1 : 0);

function firstSnippet() {
  for (const s of pkg.contributes?.snippets ?? []) {
    const file = path.join(root, s.path);
    if (!fs.existsSync(file)) continue;
    const body = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, ''));
    for (const v of Object.values(body)) {
      const prefix = Array.isArray(v.prefix) ? v.prefix[0] : v.prefix;
      if (prefix && /kind:\s*(Rollout|Canary)/.test([].concat(v.body).join('\n'))) return { prefix };
    }
  }
  return undefined;
}
