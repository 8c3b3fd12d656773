/**
 * The confirmation every cluster action shows before it acts, and how it is asked: the text names context,
 * namespace, kind and name, what will change, what gets skipped and any GitOps warning. Production contexts
 * (matched by user-configured glob patterns) must confirm by typing the object's name; other contexts get a
 * modal, or nothing when the user chose to skip confirmations for non-production contexts. A test hook
 * (only outside a production extension host, see src/vscode/cluster/confirm.ts) may answer instead of the
 * user.
 */
import { ACTION_TITLES, isGatePlan } from './catalogue';
import type { ActionPlan } from './plan';
import type { GatePlan } from './flagger';

export type ConfirmationMode = 'none' | 'modal' | 'typedName';

export interface Confirmation {
  /** Short modal title: "Promote Rollout payments/web in prod-eu?" */
  title: string;
  /** The full text: what changes, what is skipped, warnings. */
  detail: string;
  /** How to ask: `typedName` in production, `none` when the user skips non-production confirmations. */
  mode: ConfirmationMode;
  /** Set in `typedName` mode: the user must type this (the object's name) to proceed. */
  typeToConfirm?: string;
}

export interface ConfirmOptions {
  context: string;
  /** Glob patterns (`*`, `?`, `[abc]`) naming production contexts. */
  productionPatterns?: readonly string[];
  /** `rolloutLens.cluster.skipConfirmationForNonProduction`: never applies to production contexts. */
  skipConfirmationForNonProduction?: boolean;
}

/** Glob → RegExp: `*` any run, `?` one character, `[...]` a class; everything else literal. Case-sensitive. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        let cls = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (cls.startsWith('!')) cls = `^${cls.slice(1)}`;
        re += `[${cls}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  // Context names are matched case-insensitively, as the setting documents: PROD-eu is production too.
  return new RegExp(`^${re}$`, 'i');
}

/** Whether `context` matches any of the production patterns. */
export function isProductionContext(context: string, patterns: readonly string[] = []): boolean {
  return patterns.some((p) => p.trim() !== '' && globToRegExp(p.trim()).test(context));
}

/** The confirmation for a plan; throws nothing, even for a noop or unavailable plan (it then says so). */
export function confirmationFor(plan: ActionPlan | GatePlan, opts: ConfirmOptions): Confirmation {
  const target = isGatePlan(plan) ? plan.canary : plan.target;
  const title = `${ACTION_TITLES[plan.action]} ${target.kind} ${target.namespace}/${target.name} in context ${opts.context}?`;
  const lines = [`Context: ${opts.context}`, `Namespace: ${target.namespace}`, `${target.kind}: ${target.name}`, '', plan.describe];
  if (!isGatePlan(plan)) {
    if (plan.skips) lines.push('', `Skips: ${plan.skips}`);
    if (plan.noop) lines.push('', `Nothing will change: ${plan.noop}`);
    if (plan.warning) lines.push('', `Warning: ${plan.warning}`);
  } else if (plan.request) {
    const reqs = plan.requests && plan.requests.length > 0 ? plan.requests : [plan.request];
    lines.push('', ...reqs.map((r) => `Request: ${r.method} ${r.proxyPath} (through the API server's service proxy)`));
  }
  const production = isProductionContext(opts.context, opts.productionPatterns);
  if (production) lines.push('', `${opts.context} is a production context: type the name "${target.name}" to confirm.`);
  const c: Confirmation = { title, detail: lines.join('\n'), mode: production ? 'typedName' : opts.skipConfirmationForNonProduction ? 'none' : 'modal' };
  if (production) c.typeToConfirm = target.name;
  return c;
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
