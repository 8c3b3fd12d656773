// The details panel, person-like: click a Rollout or Canary in the Rollouts view and read the panel that
// opens (a webview: VS Code nests the page in two iframes). One step per demo state the README shows, each
// with its screenshot: a canary paused at a step, a failed analysis with its chart, a blue/green preview,
// a Flagger canary behind its gate. Run by e2e.mjs after the Rollouts view step (before promote/abort).

/** The text of the details webview that shows `name` (several panels may exist; the visible one answers). */
async function panelText(page, name) {
  const frames = page.locator('iframe.webview');
  const n = await frames.count();
  for (let i = n - 1; i >= 0; i--) {
    const inner = frames.nth(i).contentFrame().locator('#active-frame').contentFrame();
    const main = inner.locator('#root main');
    if (!(await main.count().catch(() => 0))) continue;
    const text = await main.innerText({ timeout: 2000 }).catch(() => '');
    if (text.includes(name)) return { text, charts: await inner.locator('svg.chart').count() };
  }
  return undefined;
}

export async function detailsSteps({ page, wb, step }) {
  const open = async (name, expect, extra = () => true) => {
    // The row under its namespace, not the one in "Needs attention" (a click there reveals the item instead):
    // rows whose label is exactly the name, the last of them in the view's order.
    const exact = new RegExp(`^\\s*${name}\\s*$`);
    const row = page
      .locator('.part.sidebar .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: exact }) })
      .last();
    await row.waitFor({ timeout: 30000 });
    await row.locator('.label-name').first().click();
    return wb.poll(
      `the details panel of ${name} to show ${expect}`,
      async () => {
        const p = await panelText(page, name);
        return p && expect.every((re) => re.test(p.text)) && extra(p) ? p : false;
      },
      60000,
    );
  };

  await step(
    'Details panel: a canary paused at a step (click in the Rollouts view)',
    async () => {
      const p = await open('checkout', [/Paused/, /waiting for promotion/, /Steps/]);
      return p.text.split('\n').slice(0, 3).join(' | ');
    },
    'details-paused-step',
  );

  await step(
    'Details panel: a failed analysis with its measurements against the condition',
    async () => {
      const p = await open('cart', [/Degraded/, /assessed Failed/, /result\[0\] < 0\.05/], (x) => x.charts > 0);
      return `${p.charts} chart(s); ${/metric "[^"]+" assessed Failed[^\n]*/.exec(p.text)?.[0]}`;
    },
    'details-failed-analysis',
  );

  await step(
    'Details panel: a blue/green rollout with its preview',
    async () => {
      const p = await open('ledger', [/BlueGreenPause/, /preview/]);
      return p.text.split('\n').slice(0, 3).join(' | ');
    },
    'details-bluegreen',
  );

  await step(
    'Details panel: a Flagger canary behind its confirm-promotion gate',
    async () => {
      const p = await open('frontend', [/WaitingPromotion/, /confirm-promotion/]);
      return /[^\n]*waiting here[^\n]*/.exec(p.text)?.[0] ?? 'gate shown';
    },
    'details-gate',
  );
}
