/**
 * The controllers' own rules (Argo Rollouts' validation.go, Flagger's verifyCanary), each a pure
 * check over one parsed document. The validation engine and the CLI take them from RULES; a rule's
 * default severity can be overridden per id by settings or CLI flags.
 */
import type { Finding, Severity } from '../findings';
import type { ManifestDocument } from '../manifest/manifestDocument';

export interface RuleContext {
  /** Settings that change what a rule reports (e.g. whether the cluster blocks cross-namespace refs). */
  flaggerNoCrossNamespaceRefs: boolean;
}

export interface Rule {
  /** Stable id, also the finding's code, e.g. `argo/max-surge-unavailable-zero`. */
  id: string;
  defaultSeverity: Severity;
  /** Kinds the rule applies to. */
  kinds: readonly string[];
  description: string;
  check: (doc: ManifestDocument, ctx: RuleContext) => Finding[];
}

export const RULES: Rule[] = [];
