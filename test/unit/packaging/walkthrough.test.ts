// contributes.walkthroughs: the first-run walkthrough (open a manifest, connect, promote, CI). Every
// step has media that exists and a completion event that can happen: a command the extension
// contributes, a view it contributes, or a when-clause context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents?: string[];
}

test('the walkthrough: four steps, each with existing media and a completion event that names something real', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const [walkthrough] = pkg.contributes.walkthroughs as { id: string; steps: Step[] }[];
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['validate', 'connect', 'promote', 'ci'],
  );
  const commands = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
  const views = new Set(
    Object.values(pkg.contributes.views as Record<string, { id: string }[]>)
      .flat()
      .map((v) => v.id),
  );
  for (const step of walkthrough.steps) {
    assert.ok(step.media.markdown, `${step.id}: markdown media`);
    const media = path.join(root, step.media.markdown);
    assert.ok(fs.existsSync(media), `${step.id}: ${step.media.markdown} exists`);
    assert.match(fs.readFileSync(media, 'utf8'), /^# /, `${step.id}: the media opens with a heading`);
    assert.ok(step.completionEvents?.length, `${step.id}: a completion event`);
    for (const e of step.completionEvents ?? []) {
      const [kind, arg] = [e.slice(0, e.indexOf(':') < 0 ? e.length : e.indexOf(':')), e.slice(e.indexOf(':') + 1)];
      if (kind === 'onCommand') assert.ok(commands.has(arg), `${step.id}: ${arg} is a contributed command`);
      else if (kind === 'onView') assert.ok(views.has(arg), `${step.id}: ${arg} is a contributed view`);
      else assert.ok(['onContext', 'onStepSelected', 'onSettingChanged', 'onLink'].includes(kind), `${step.id}: ${e} is a completion event VS Code knows`);
    }
    // Command links in the description must name contributed commands (or VS Code's own, workbench.* / *.focus).
    for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) {
      assert.ok(commands.has(m[1]) || m[1].startsWith('workbench.') || (m[1].endsWith('.focus') && views.has(m[1].slice(0, -'.focus'.length))), `${step.id}: command link ${m[1]}`);
    }
  }
});
