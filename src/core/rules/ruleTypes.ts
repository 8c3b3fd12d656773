/**
 * What a rule is, apart from the list of rules: the rule files and the toolkit they share import
 * these types, and the registry imports the rule files, so the types live here to keep every import
 * pointing one way.
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
