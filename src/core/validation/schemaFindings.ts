/**
 * Schema findings for one parsed document: picks the kind's schema, runs the walk
 * (core/schema/validateValue.ts) and places each problem on the source: an unknown field on its
 * key, a missing field on its parent's key, a wrong value on the value. Documents that are not one
 * of our kinds, Helm templates and documents with YAML syntax errors get no schema findings (the
 * syntax errors say what is wrong; a half-parsed value would only add noise).
 */
import type { Finding, TextRange } from '../findings';
import { apiVersionOf, findKindWithOtherVersion } from '../kinds';
import { documentHeadRange, locate, type ManifestDocument } from '../manifest/manifestDocument';
import { rootSchema, type ArgoSchemaVersion } from '../schema/catalog';
import { validateDocumentValue, type SchemaProblem } from '../schema/validateValue';

/** Whether a document's YAML is too broken to judge its content (duplicate keys alone are not). */
export function hasBlockingSyntaxErrors(md: ManifestDocument): boolean {
  return md.syntaxFindings.some((f) => f.code !== 'yaml/duplicate-key');
}

export function schemaFindings(md: ManifestDocument, version: ArgoSchemaVersion): Finding[] {
  if (md.templated || md.empty || hasBlockingSyntaxErrors(md)) return [];
  if (!md.known) return apiVersionFindings(md);
  const root = rootSchema(md.known, version);
  if (!root) return [];
  return validateDocumentValue(md.value, root, md.known.kind, md.known.statusSubresource).map((p) => toFinding(md, p));
}

/** A known kind under a version its CRD does not serve: one clear finding on `apiVersion`. */
function apiVersionFindings(md: ManifestDocument): Finding[] {
  const other = findKindWithOtherVersion(md.apiVersion, md.kind);
  if (!other) return [];
  const expected = apiVersionOf(other);
  return [
    {
      code: 'schema/api-version',
      severity: 'error',
      message: `apiVersion: ${md.kind} is served as "${expected}"; the ${other.group} CRD has no version "${md.apiVersion}"`,
      range: rangeOf(md, ['apiVersion'], 'value'),
      path: ['apiVersion'],
      source: 'schema',
      fixes: [{ kind: 'other', data: { replaceValue: expected } }],
    },
  ];
}

function toFinding(md: ManifestDocument, p: SchemaProblem): Finding {
  return {
    code: p.code,
    severity: 'error',
    message: p.message,
    range: rangeOf(md, p.anchor.path, p.anchor.at),
    path: p.path,
    source: 'schema',
    ...(p.fixes ? { fixes: p.fixes } : {}),
  };
}

/**
 * The key or value range of a path. The root has no key: findings about the whole document
 * (a required `spec`) go on the `kind` value, which names what is being validated.
 */
export function rangeOf(md: ManifestDocument, path: readonly (string | number)[], at: 'key' | 'value'): TextRange {
  if (path.length === 0) {
    const kind = locate(md, ['kind']);
    return nonEmpty(kind.exact ? kind.valueRange : undefined) ?? documentHeadRange(md);
  }
  const loc = locate(md, path);
  const key = nonEmpty(loc.keyRange);
  const value = nonEmpty(loc.valueRange);
  if (!loc.exact) return key ?? value ?? documentHeadRange(md);
  return (at === 'key' ? key ?? value : value ?? key) ?? documentHeadRange(md);
}

function nonEmpty(r: TextRange | undefined): TextRange | undefined {
  return r && r.end > r.start ? r : undefined;
}
