/**
 * Pieces both engines' details share: conditions as rows, and the action buttons, taken from the same
 * live summary the tree and the lenses use so the panel never offers what they would refuse.
 */
import type { ActionId } from '../actions/plan';
import { ageOf } from '../util/goDuration';
import { asObject, asString, parseTime } from '../util/json';
import type { LiveSummary } from '../actions/availability';
import type { ActionButton, ConditionView } from './viewModel';

/** The VS Code command of an action and its title (undefined: the editor has no command for it; no button). */
export type CommandOf = (action: ActionId) => { command: string; title: string } | undefined;

export function conditionViews(conditions: unknown[], now: Date): ConditionView[] {
  return conditions.map(asObject).map((c) => {
    const t = parseTime(c.lastTransitionTime) ?? parseTime(c.lastUpdateTime);
    return { type: asString(c.type), status: asString(c.status), reason: asString(c.reason), message: asString(c.message), age: t ? ageOf(t, now) : '' };
  });
}

export function actionButtons(summary: LiveSummary, commandOf: CommandOf): ActionButton[] {
  const out: ActionButton[] = [];
  for (const id of summary.availableActions) {
    const c = commandOf(id);
    if (c) out.push({ id, command: c.command, title: c.title, enabled: true });
  }
  for (const u of summary.unavailableActions) {
    const c = commandOf(u.action);
    if (c) out.push({ id: u.action, command: c.command, title: c.title, enabled: false, reason: u.reason });
  }
  return out;
}
