/**
 * The codes of the findings the YAML reading makes (a document's `syntaxFindings`), for the
 * finding-code catalogue (src/core/validation/findingCodes.ts).
 */
import type { FindingCodeInfo } from '../findings';

export const YAML_CODES: readonly FindingCodeInfo[] = [
  { code: 'yaml/syntax', defaultSeverity: 'error', description: 'The document is not valid YAML; its content is not validated until it parses (a warning in documents of kinds Rollout Lens does not validate).' },
  { code: 'yaml/duplicate-key', defaultSeverity: 'error', description: 'A mapping sets the same key twice (kubectl keeps only the last value).' },
  { code: 'yaml/not-decoded', defaultSeverity: 'error', description: 'kubectl could not decode the document (alias budget, nesting), so it is not validated.' },
];
