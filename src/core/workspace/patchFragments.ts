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

/** Wraps a validator so patch fragments lose their completeness findings (for the editor). */
export function patchAwareValidator<R extends { findings: Finding[] }, V extends { validate(uri: string, text: string): R; forget(uri: string): void }>(
  validator: V,
  isPatchFragment: (uri: string) => boolean,
): { validate(uri: string, text: string): R; forget(uri: string): void } {
  return {
    validate(uri, text) {
      const r = validator.validate(uri, text);
      return isPatchFragment(uri) ? { ...r, findings: withoutIncompleteObjectFindings(r.findings) } : r;
    },
    forget: (uri) => validator.forget(uri),
  };
}
