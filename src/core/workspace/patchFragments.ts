/**
 * A kustomize patch fragment (a file a kustomization lists under `patches`) holds only the fields
 * it changes: its missing required fields and the rules that read them (a Rollout patch without a
 * selector, a strategy without steps) say nothing about the real object. Type, enum and unknown-field
 * problems still matter: the patch merges those values in as written.
 */
import type { Finding } from '../findings';

const INCOMPLETENESS = new Set(['schema/required', 'schema/one-of', 'schema/any-of', 'schema/min-items']);

export function withoutIncompleteObjectFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.source !== 'rules' && f.source !== 'references' && !INCOMPLETENESS.has(f.code));
}
