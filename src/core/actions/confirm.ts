/**
 * The confirmation every cluster action shows before it acts: context, namespace, kind and name, what will
 * change, what gets skipped and any GitOps warning. Production contexts (matched by user-configured glob
 * patterns) must confirm by typing the object's name; contexts the user marks as non-production may skip it.
 */
import { ACTION_TITLES, ActionPlan } from './plan';
import { GatePlan } from './flagger';

export interface Confirmation {
  /** Short modal title: "Promote Rollout payments/web in prod-eu?" */
  title: string;
  /** The full text: what changes, what is skipped, warnings. */
  detail: string;
  /** When set, the user must type this (the object's name) to proceed. */
  typeToConfirm?: string;
}

export interface ConfirmOptions {
  context: string;
  /** Glob patterns (`*`, `?`, `[abc]`) naming production contexts. */
  productionPatterns?: string[];
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

function isGatePlan(plan: ActionPlan | GatePlan): plan is GatePlan {
  return 'canary' in plan;
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
  const c: Confirmation = { title, detail: lines.join('\n') };
  if (production) c.typeToConfirm = target.name;
  return c;
}
