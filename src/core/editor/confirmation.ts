/**
 * How an action is confirmed before it touches a cluster. Every action names context, namespace,
 * kind and name and what will change; production contexts (the `productionContexts` patterns)
 * require typing the object's name; the user may skip the dialog for contexts that are not
 * production. Tests answer the dialog through an explicit hook that only exists outside a
 * production extension host (see src/vscode/cluster/confirm.ts).
 */

export type ConfirmationMode = 'none' | 'modal' | 'typedName';

export interface ConfirmationPolicy {
  production: boolean;
  skipConfirmationForNonProduction: boolean;
}

export function confirmationMode(p: ConfirmationPolicy): ConfirmationMode {
  if (p.production) return 'typedName';
  return p.skipConfirmationForNonProduction ? 'none' : 'modal';
}

/** `*` matches any run of characters; matching is case-insensitive and whole-name. */
export function matchesContextPattern(context: string, pattern: string): boolean {
  const p = pattern.trim();
  if (!p) return false;
  const re = new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  return re.test(context);
}

export function matchesAnyContextPattern(context: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => matchesContextPattern(context, p));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

export interface ActionSubject {
  context: string;
  namespace: string;
  kind: string;
  name: string;
}

/** "Rollout payments/web in context prod-eu" — the one way every message names its object. */
export function subjectText(s: ActionSubject): string {
  return `${s.kind} ${s.namespace}/${s.name} in context ${s.context}`;
}

/** The modal's headline: the action and its subject; `confirmationDetail` lists what will change. */
export function confirmationMessage(actionTitle: string, s: ActionSubject, production: boolean): string {
  const lines = [`${actionTitle} ${subjectText(s)}?`];
  if (production) lines.push(`${s.context} is a production context.`);
  return lines.join(' ');
}

export function confirmationDetail(effects: readonly string[]): string {
  return effects.map((e) => `• ${e}`).join('\n');
}

/** Validation message for the typed-name box (undefined when the input matches). */
export function typedNameProblem(input: string, expected: string): string | undefined {
  if (input.trim() === expected) return undefined;
  return `Type ${expected} to confirm`;
}
