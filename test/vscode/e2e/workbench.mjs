// What a person does in the VS Code workbench, as Playwright actions on code-server's DOM. Selectors are
// the workbench's own class names (VS Code 1.139); waits are locator waits or polls with deadlines.
import path from 'node:path';

export function workbench(page) {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();

  async function squiggleCenter() {
    const box = await editor.locator('.squiggly-error').first().boundingBox();
    if (!box) throw new Error('no visible squiggle');
    return [box.x + Math.min(6, box.width / 2), box.y + box.height / 2];
  }

  async function poll(what, fn, ms = 30000) {
    const deadline = Date.now() + ms;
    let last;
    for (;;) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (${last.message})` : ''}`);
      await page.waitForTimeout(100);
    }
  }

  return {
    poll,

    /** Quick Open (Ctrl+P), type the path, pick the row for that folder; resolves when its text shows. */
    async openFile(rel) {
      try {
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor();
        await input.fill(rel);
        const base = path.basename(rel);
        const dir = path.dirname(rel);
        // Rows read "<name> <folder>"; several files share a name (rollout.yaml), so match the folder too.
        const row = page
          .locator('.quick-input-list .monaco-list-row', { hasText: base })
          .filter({ hasText: dir === '.' ? base : dir })
          .first();
        await row.click();
        await page.locator('.tab.active', { hasText: base }).waitFor();
        await page
          .locator('.breadcrumbs-control', { hasText: path.basename(dir) === '.' ? base : path.basename(dir) })
          .first()
          .waitFor();
        await editor.locator('.view-lines').waitFor();
      } catch (e) {
        throw new Error(`opening ${rel} with Quick Open: ${e.message.split('\n')[0]}`, { cause: e });
      }
    },

    /** Problems panel (Ctrl+Shift+M), focusing the editor first so the shortcut reaches the workbench. */
    async openProblems() {
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel').waitFor();
    },

    /**
     * Points the mouse at (or clicks into) the first error squiggle. The squiggle is drawn in an overlay
     * layer under the text, so Playwright's element hover/click (which checks the element receives the
     * pointer) does not apply: move the real mouse to its box, as a person's pointer would.
     */
    async clickSquiggle() {
      await page.mouse.click(...(await squiggleCenter()));
    },
    async hoverSquiggle() {
      const [x, y] = await squiggleCenter();
      await page.mouse.move(x - 20, y);
      await page.mouse.move(x, y, { steps: 5 });
    },

    /**
     * Ctrl+. at the caret, as a person would; the keystroke can land while the editor is still busy with
     * the click (hover, lightbulb), so a person would press it again — and finally click the lightbulb.
     */
    async openQuickFixMenu() {
      const menu = page.locator('.action-widget .monaco-list-row').first();
      for (let attempt = 0; attempt < 3; attempt++) {
        await page.keyboard.press('Control+.');
        if (
          await menu.waitFor({ timeout: 5000 }).then(
            () => true,
            () => false,
          )
        )
          return;
      }
      await editor.locator('.lightBulbWidget, .codicon-light-bulb').first().click();
      await menu.waitFor({ timeout: 10000 }).catch((e) => {
        throw new Error(`no quick fix menu after Ctrl+. (3 times) and a lightbulb click: ${e.message.split('\n')[0]}`);
      });
    },

    /** The visible text of the active editor (Monaco renders spaces as U+00A0). */
    async editorText() {
      return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    },

    /** Text of the first code lens line in the active editor, or undefined. */
    async lensStateText() {
      const lens = editor.locator('.codelens-decoration').first();
      if (!(await lens.count())) return undefined;
      return (await lens.innerText()).replace(/\s+/g, ' ').trim();
    },

    /**
     * Opens each file until one shows a lens whose text matches stateRe and has an action link matching
     * actionRe; returns { file, name, stateText, action, passed } or undefined. `passed`: what the files
     * before it showed (the step's detail says why an earlier candidate was not taken).
     */
    async findLens(files, actionRe, stateRe) {
      const passed = [];
      for (const file of files) {
        const t0 = Date.now();
        await this.openFile(file);
        const lenses = editor.locator('.codelens-decoration');
        // The live lens as the provider answers it now: its state is a link (it reveals the object). A file
        // opened before first shows the lenses VS Code cached for it, as plain text without links, until
        // the provider answers; taken for the answer, a paused rollout's Promote was not found (no link)
        // and the step moved on to another file.
        const fresh = editor.locator('.codelens-decoration a');
        try {
          await poll(`a live code lens in ${file}`, async () => /●|Paused|Progressing|Healthy|Degraded|Not deployed|Succeeded|Waiting|Failed/.test((await fresh.allInnerTexts()).join(' ')), 15000);
        } catch {
          passed.push(`${file}: no live lens in 15 s`);
          continue;
        }
        const count = await lenses.count();
        const texts = [];
        for (let i = 0; i < count; i++) {
          const lens = lenses.nth(i);
          const text = (await lens.innerText()).replace(/\s+/g, ' ').trim();
          texts.push(text);
          if (!stateRe.test(text)) continue;
          const action = lens.locator('a', { hasText: actionRe }).first();
          if (await action.count()) {
            const name = /\n\s*name:\s*([\w.-]+)/.exec(await this.editorText())?.[1] ?? file;
            return { file, name, stateText: text, action, passed };
          }
        }
        passed.push(`${file} (${Date.now() - t0} ms): ${JSON.stringify(texts)}`);
      }
      return undefined;
    },

    /** Answers the modal confirmation by clicking the button whose label matches re. */
    async confirmModal(re) {
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor().catch((e) => {
        throw new Error(`no confirmation dialog appeared: ${e.message.split('\n')[0]}`);
      });
      const message = (await dialog.innerText()).replace(/\s+/g, ' ');
      const button = dialog.locator('.monaco-button', { hasText: re }).first();
      if (!(await button.count())) throw new Error(`the confirmation has no button matching ${re}: ${JSON.stringify(message)}`);
      await button.click();
      await dialog.waitFor({ state: 'hidden' });
      return message;
    },

    /**
     * Back to the top-left of the active editor: clicking a lens action at the end of a long lens line left
     * the editor scrolled sideways, and the screenshot showed no text. The cause is the test's own click:
     * Playwright scrolls an element into view before clicking it, and a lens link past the editor's right
     * edge made Chromium scroll the editor's overflow:hidden containers natively (their DOM scrollLeft),
     * behind Monaco's back. Monaco's own scroll position stayed at 0, which is why Ctrl+Home, the wheel and
     * a resize changed nothing; setting those containers' scrollLeft back to 0 does. A person's click does
     * not scroll, so the editor a user sees never gets into this state. Then Ctrl+Home from the line numbers.
     */
    async scrollEditorHome() {
      await editor.evaluate((root) => {
        const shifted = [...root.querySelectorAll('*')];
        for (let el = root; el; el = el.parentElement) shifted.push(el);
        for (const el of shifted) if (el.scrollLeft !== 0) el.scrollLeft = 0;
      });
      await editor
        .locator('.margin')
        .first()
        .click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+Home');
    },

    /** Closes widgets, menus and dialogs so the next step starts from a plain editor. */
    async resetFocus() {
      for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
    },
  };
}
