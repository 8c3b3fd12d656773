// e2e step (issue 13): a squiggle on a Helm chart template's line, coming from the rendered output. The
// fixture chart (test/fixtures/helm/checkout, a literal `setWeigth` step planted in its Rollout template)
// is copied into the workspace, and the workspace's settings point rolloutLens.helm.path at the helm of
// the upstream build, as a user would set it; the installed extension renders the chart in the
// background and the squiggle appears on the template line, its hover naming the render.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** ROLLOUT_LENS_HELM, else what test/upstream/build.mjs builds or has cached. */
function helmBinary(root) {
  if (process.env.ROLLOUT_LENS_HELM && fs.existsSync(process.env.ROLLOUT_LENS_HELM)) return process.env.ROLLOUT_LENS_HELM;
  const out = execFileSync(process.execPath, [path.join(root, 'test', 'upstream', 'build.mjs'), '--json', 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out).binaries.helm;
}

export async function chartSteps({ page, wb, step, folder, root }) {
  await step(
    'a typo in a Helm chart template is squiggled on its line, from the rendered output',
    async () => {
      const chart = path.join(folder, 'charts', 'checkout');
      fs.cpSync(path.join(root, 'test', 'fixtures', 'helm', 'checkout'), chart, { recursive: true });
      const settingsFile = path.join(folder, '.vscode', 'settings.json');
      const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'rolloutLens.helm.path': helmBinary(root) }, null, 2));
      const rel = path.join('charts', 'checkout', 'templates', 'rollout.yaml');
      const line =
        fs
          .readFileSync(path.join(folder, rel), 'utf8')
          .split('\n')
          .findIndex((l) => l.includes('- setWeigth: 100')) + 1;
      await wb.openFile(rel);
      // Go to the planted line (Ctrl+G), so the squiggle is in view.
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`:${line}`);
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 90000 });
      await wb.hoverSquiggle();
      // The editor's hover, not another one still open (a tab's path tooltip is a monaco-hover too, and
      // the pointer may rest on a tab after the earlier steps).
      const hovers = page.locator('.monaco-hover:visible .monaco-hover-content, .monaco-resizable-hover:visible .hover-contents');
      const hover = hovers.filter({ hasText: /setWeigth/ }).first();
      await hover.waitFor({ timeout: 15000 }).catch(async () => {
        throw new Error(`no hover names the typo; visible hovers: ${JSON.stringify((await hovers.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').slice(0, 160)))}`);
      });
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      if (!/setWeigth/.test(text) || !/helm template charts\/checkout/.test(text)) throw new Error(`the hover does not name the typo and the render: ${JSON.stringify(text.slice(0, 240))}`);
      return `${rel}:${line}: ${JSON.stringify(text.slice(0, 160))}`;
    },
    'chart-squiggle',
  );
}
