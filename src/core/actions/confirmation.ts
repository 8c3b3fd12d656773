/**
 * How an action is confirmed in the editor before it touches a cluster. The confirmation text and
 * the production check live with the action plans (core/actions/confirm.ts); this decides the form:
 * production contexts require typing the object's name, other contexts a modal, or nothing when the
 * user chose to skip confirmations for non-production contexts. A test hook (only outside a
 * production extension host, see src/vscode/cluster/confirm.ts) may answer instead of the user.
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

/** Validation message for the typed-name box (undefined when the input matches). */
export function typedNameProblem(input: string, expected: string): string | undefined {
  if (input.trim() === expected) return undefined;
  return `Type ${expected} to confirm`;
}

export type TestAnswer = 'accept' | 'reject';

/** Parses the test hook's environment value (`ROLLOUT_LENS_TEST_CONFIRM`): 1/yes/accept or 0/no/reject. */
export function parseTestAnswer(value: string | undefined): TestAnswer | undefined {
  const v = value?.trim().toLowerCase();
  if (!v) return undefined;
  if (v === '1' || v === 'yes' || v === 'true' || v === 'accept') return 'accept';
  if (v === '0' || v === 'no' || v === 'false' || v === 'reject') return 'reject';
  return undefined;
}
