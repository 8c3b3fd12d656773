/**
 * The controllers' own rules (Argo Rollouts' validation.go, Flagger's verifyCanary), each a pure
 * check over one parsed document. The validation engine and the CLI take them from RULES; a rule's
 * default severity can be overridden per id by settings or CLI flags.
 */
import type { Finding } from '../findings';
import type { ManifestDocument } from '../manifest/manifestDocument';
import { ROLLOUT_SPEC_RULES } from './argo/rolloutSpec';
import { STRATEGY_RULES } from './argo/strategy';
import { CANARY_STEP_RULES } from './argo/canarySteps';
import { ANALYSIS_METRIC_RULES } from './argo/analysisMetrics';
import { FLAGGER_RULES } from './flagger/canaryRules';
import type { Rule, RuleContext } from './ruleTypes';

/** In upstream's evaluation order, so the first finding is the one the controller would report. */
export const RULES: Rule[] = [...ROLLOUT_SPEC_RULES, ...STRATEGY_RULES, ...CANARY_STEP_RULES, ...ANALYSIS_METRIC_RULES, ...FLAGGER_RULES];

export const DEFAULT_RULE_CONTEXT: RuleContext = { flaggerNoCrossNamespaceRefs: false };

/**
 * Runs every rule that applies to the document's kind. The validation engine does the same with
 * severity overrides; this plain form serves the workspace index, snippets' tests and tools.
 */
export function runRules(doc: ManifestDocument, ctx: RuleContext = DEFAULT_RULE_CONTEXT): Finding[] {
  if (!doc.kind || !doc.known) return [];
  const out: Finding[] = [];
  for (const r of RULES) if (r.kinds.includes(doc.kind)) out.push(...r.check(doc, ctx));
  return out;
}
