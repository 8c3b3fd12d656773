import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ACTION_TITLES, ACTIONS, cliActions, unsummarizedFor } from '../../../../src/core/actions/catalogue';
import { availabilityOf } from '../../../../src/core/actions/availability';
import { makeCanary } from '../status/canaryFixtures';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));

test('every catalogue action is a contributed command with a category; ids, commands and CLI names are unique', () => {
  const commands = new Map<string, { category?: string; enablement?: string }>(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
  for (const a of ACTIONS) {
    assert.ok(commands.has(a.command), `${a.command} in package.json`);
    assert.equal(commands.get(a.command)!.category, 'Rollout Lens');
    assert.equal(commands.get(a.command)!.enablement, 'isWorkspaceTrusted');
    assert.equal(ACTION_TITLES[a.id], a.title);
  }
  for (const key of ['id', 'command'] as const) assert.equal(new Set(ACTIONS.map((a) => a[key])).size, ACTIONS.length);
  assert.equal(new Set(cliActions().map((a) => a.cli.name)).size, cliActions().length);
});

test('tree menus key on catalogue ids of the kinds the command acts on', () => {
  for (const m of pkg.contributes.menus['view/item/context'] as { command: string; when: string }[]) {
    const a = ACTIONS.find((x) => x.command === m.command);
    if (!a) continue;
    const match = /\^workload\\\.(\w+);\.\*,([\w-]+),/.exec(m.when);
    assert.ok(match, m.when);
    assert.equal(match[2], a.id, m.when);
    assert.ok(a.kinds.includes(match[1] as never), m.when);
  }
  assert.deepEqual(
    unsummarizedFor('Rollout').map((a) => a.id),
    ['undo', 'set-image'],
  );
});

test('availability lists the summarized actions of the kind in catalogue order, suspend or unsuspend but not both', () => {
  const c = availabilityOf('Canary', makeCanary({ weight: 30 }), new Date());
  assert.deepEqual([...c.availableActions, ...c.unavailableActions.map((u) => u.action)].sort(), ['approve', 'gate-close', 'rollback', 'skip-analysis', 'suspend'].sort());
  const suspended = makeCanary({ weight: 30 }) as { spec: Record<string, unknown> };
  suspended.spec.suspend = true;
  const s = availabilityOf('Canary', suspended, new Date());
  assert.ok(s.availableActions.includes('unsuspend') && !s.availableActions.includes('suspend'));
  assert.ok(![...s.availableActions, ...s.unavailableActions.map((u) => u.action)].includes('undo'));
});
