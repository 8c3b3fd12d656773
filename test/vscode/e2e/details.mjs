// The details panel, person-like: click a Rollout or Canary in the Rollouts view and read the panel that
// opens (a webview: VS Code nests the page in two iframes). One step per demo state the README shows, each
// with its screenshot: a canary paused at a step, a failed analysis with its chart, a blue/green preview,
// a Flagger canary behind its gate; first in the default dark theme, then again in the light one (switched
// through the Command Palette's "Preferences: Color Theme", as a user does). The failed analysis is opened
// from its "Needs attention" row. A keyboard step reaches "Open Manifest" with Tab and presses Enter.
// Run by e2e.mjs after the Rollouts view step (before promote/abort), which leaves the dark theme behind it.

/** The inner frame of the visible details webview that shows `name`, with its text and chart count. */
async function panelOf(page, name) {
  const frames = page.locator('iframe.webview');
  const n = await frames.count();
  for (let i = n - 1; i >= 0; i--) {
    const outer = frames.nth(i);
    if (!(await outer.isVisible().catch(() => false))) continue;
    const inner = outer.contentFrame().locator('#active-frame').contentFrame();
    const main = inner.locator('#root main');
    if (!(await main.count().catch(() => 0))) continue;
    const text = await main.innerText({ timeout: 2000 }).catch(() => '');
    if (text.includes(name)) return { inner, text, charts: await inner.locator('svg.chart').count() };
  }
  return undefined;
}

/** Whether the workbench shows a light theme (its root carries `vs`, dark ones `vs-dark`, high contrast `hc-*`). */
async function workbenchTheme(page) {
  const cls = (await page.locator('.monaco-workbench').getAttribute('class')) ?? '';
  return /\bvs-dark\b/.test(cls) ? 'dark' : /\bhc-/.test(cls) ? 'high-contrast' : /\bvs\b/.test(cls) ? 'light' : 'unknown';
}

/** Command Palette (F1, from the workbench rather than a webview) → the command with this label. */
async function runCommand(page, wb, label) {
  await wb.resetFocus();
  await page
    .locator('.part.sidebar')
    .first()
    .click({ position: { x: 10, y: 10 } });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${label}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
  return input;
}

/** Command Palette → Preferences: Color Theme → the theme whose label matches `label`. */
async function pickColorTheme(page, wb, label, want) {
  const input = await runCommand(page, wb, 'Preferences: Color Theme');
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
  await wb.poll(`the workbench in the ${want} theme`, async () => (await workbenchTheme(page)) === want, 20000);
}

export async function detailsSteps({ page, wb, step }) {
  /**
   * Clicks the object's row (under its namespace, or its "Needs attention" row) and waits for its panel.
   * `show`: a selector in the page to scroll into view for the screenshot (the chart, the webhooks).
   */
  const open = async (name, expect, { extra = () => true, attention = false, show } = {}) => {
    const exact = new RegExp(`^\\s*${name}\\s*$`);
    const rows = page.locator('.part.sidebar .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) });
    // The attention group comes first in the view; the namespace rows after it.
    const row = attention ? rows.first() : rows.last();
    await row.waitFor({ timeout: 30000 });
    // The attention group's rows sit higher in the tree than a namespace's rows (context → namespace → row).
    if (attention) {
      const [a, b] = [await rows.first().getAttribute('aria-level'), await rows.last().getAttribute('aria-level')];
      if (!(Number(a) < Number(b))) throw new Error(`no Needs attention row for ${name} above its namespace row (tree levels ${a}, ${b})`);
    }
    await row.locator('.label-name').first().click();
    const p = await wb.poll(
      `the details panel of ${name} to show ${expect}`,
      async () => {
        const x = await panelOf(page, name);
        return x && expect.every((re) => re.test(x.text)) && extra(x) ? x : false;
      },
      60000,
    );
    if (show) await p.inner.locator(show).first().scrollIntoViewIfNeeded();
    return p;
  };

  const views = [
    {
      title: 'a canary paused at a step (click in the Rollouts view)',
      media: 'details-paused-step',
      run: async () => {
        const p = await open('checkout', [/Paused/, /waiting for promotion/, /Steps/], { show: '#steps' });
        return p.text.split('\n').slice(0, 3).join(' | ');
      },
    },
    {
      title: 'a failed analysis with its measurements charted against the condition (from its Needs attention row)',
      media: 'details-failed-analysis',
      run: async () => {
        const p = await open('cart', [/Degraded/, /assessed Failed/, /result\[0\] < 0\.05/, /assessed Inconclusive/], { extra: (x) => x.charts >= 2, attention: true, show: 'svg.chart' });
        return `${p.charts} charts; ${/metric "[^"]+" assessed Failed[^\n]*/i.exec(p.text)?.[0] ?? 'no failed-metric line'}`;
      },
    },
    {
      title: 'a blue/green rollout with its preview',
      media: 'details-bluegreen',
      run: async () => {
        const p = await open('ledger', [/BlueGreenPause/, /preview/, /Preview service/]);
        return p.text.split('\n').slice(0, 3).join(' | ');
      },
    },
    {
      title: 'a Flagger canary behind its confirm-promotion gate',
      media: 'details-gate',
      run: async () => {
        const p = await open('frontend', [/WaitingPromotion/, /confirm-promotion/, /waiting here/], { show: '#webhooks' });
        return /[^\n]*waiting here[^\n]*/.exec(p.text)?.[0] ?? 'gate shown';
      },
    },
  ];

  // The panel area (Problems, from the steps before) would take half the editor's height in the screenshots.
  await step('the panel area hidden for the details screenshots (View: Hide Panel)', async () => {
    if (!(await page.locator('.part.panel').isVisible())) return 'already hidden';
    await runCommand(page, wb, 'View: Hide Panel');
    await wb.poll('the panel area hidden', async () => !(await page.locator('.part.panel').isVisible()), 10000);
    return 'hidden';
  });

  // code-server starts in its default theme (light here); the README shows both, dark first. The theme the
  // workbench had comes back afterwards, so the steps after keep their usual look.
  const original = await workbenchTheme(page);
  await step('Details panel: the dark theme (Preferences: Color Theme)', async () => {
    await pickColorTheme(page, wb, 'Dark Modern', 'dark');
    return `Dark Modern (was ${original})`;
  });
  try {
    for (const v of views) await step(`Details panel (dark theme): ${v.title}`, v.run, `${v.media}-dark`);

    await step('Details panel: keyboard only, Tab reaches Open Manifest and Enter opens the manifest', async () => {
      const p = await open('checkout', [/Open Manifest/]);
      await p.inner.locator('h1').click();
      let focused = '';
      for (let i = 0; i < 15 && focused !== 'Open Manifest'; i++) {
        await page.keyboard.press('Tab');
        focused = await p.inner
          .locator(':focus')
          .innerText({ timeout: 1000 })
          .catch(() => '');
      }
      if (focused !== 'Open Manifest') throw new Error(`Tab never focused "Open Manifest" (last: ${JSON.stringify(focused)})`);
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: 'rollout.yaml' }).waitFor({ timeout: 20000 });
      return 'focused with Tab, opened checkout/rollout.yaml with Enter';
    });

    await step('Details panel: the light theme (Preferences: Color Theme)', async () => {
      await pickColorTheme(page, wb, 'Light Modern', 'light');
      return 'Light Modern';
    });
    for (const v of views) await step(`Details panel (light theme): ${v.title}`, v.run, `${v.media}-light`);
  } finally {
    await step(`the workbench's own theme again for the steps after (${original})`, async () => {
      if ((await workbenchTheme(page)) !== original) await pickColorTheme(page, wb, original === 'dark' ? 'Dark Modern' : 'Light Modern', original);
      return original;
    });
  }
}
