/**
 * Schema findings for one parsed document: picks the kind's schema, runs the walk
 * (core/schema/validateValue.ts) and places each problem on the source: an unknown field on its
 * key, a missing field on its parent's key, a wrong value on the value. Documents that are not one
 * of our kinds, Helm templates and documents with YAML syntax errors get no schema findings (the
 * syntax errors say what is wrong; a half-parsed value would only add noise).
 */
import { codeAndSeverity, formatPath, type Finding, type TextRange } from '../findings';
import { apiVersionOf, findKindWithOtherVersion } from '../kinds';
import { documentHeadRange, locate, type ManifestDocument } from '../manifest/manifestDocument';
import { rootSchema, schemaAtPath, type ArgoSchemaVersion } from '../schema/catalog';
import { unknownInClusterMessage, type ClusterSchemaSet, type InstalledCrd } from '../schema/clusterSchemas';
import { schemaCode } from '../schema/schemaCodes';
import { validateDocumentValue, withObjectMeta, type SchemaProblem } from '../schema/validateValue';

/** Whether a document's YAML is too broken to judge its content (duplicate keys alone are not). */
export function hasBlockingSyntaxErrors(md: ManifestDocument): boolean {
  return md.syntaxFindings.some((f) => f.code !== 'yaml/duplicate-key');
}

/**
 * With `cluster` (schemaVersion "cluster"), a kind whose CRD the context serves is validated against
 * that CRD (clusterSchemas.ts); kinds it could not read keep the pinned `version`.
 */
export function schemaFindings(md: ManifestDocument, version: ArgoSchemaVersion, cluster?: ClusterSchemaSet): Finding[] {
  if (md.templated || md.empty || hasBlockingSyntaxErrors(md)) return [];
  if (!md.known) return apiVersionFindings(md);
  const installed = cluster?.crds.get(md.known.kind);
  const root = installed?.schema ?? rootSchema(md.known, version);
  if (!root) return [];
  const problems = [...validateDocumentValue(md.value, root, md.known.kind, installed ? installed.statusSubresource : md.known.statusSubresource), ...scaleReplicasProblems(md.value, md.known.scaleSpecReplicasPath)];
  const findings = problems.map((p) => (installed && cluster && isVersionSkew(md.known!.kind, p) ? unknownInCluster(md, p, installed, cluster.context) : toFinding(md, p)));
  if (cluster?.notInstalled.includes(md.known.kind)) findings.unshift(notInstalled(md, cluster.context));
  return findings;
}

const MAX_INT32 = 2147483647;

/**
 * The scale subresource's replicas: the API server checks the specReplicasPath of every write
 * (apiextensions-apiserver `ValidateCustomResource` → scale validation) beyond the CRD schema, which
 * declares only `type: integer`: "should be a non-negative integer", "should be less than or equal
 * to 2147483647" (found by the schema oracle, test/upstream/oracle).
 */
function scaleReplicasProblems(value: unknown, path: readonly string[] | undefined): SchemaProblem[] {
  if (!path) return [];
  let v: unknown = value;
  for (const seg of path) v = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[seg] : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) return [];
  const at = [...path];
  const where = formatPath(at);
  if (v < 0) return [{ code: 'schema/minimum', path: at, anchor: { path: at, at: 'value' }, message: `${where}: must be a non-negative integer (the scale subresource's replicas), got ${v}` }];
  if (v > MAX_INT32) return [{ code: 'schema/maximum', path: at, anchor: { path: at, at: 'value' }, message: `${where}: must be at most ${MAX_INT32} (the scale subresource's replicas, an int32), got ${v}` }];
  return [];
}

/** An unknown field of the context's CRD that the pinned (newest) schema declares: the cluster runs an older release. */
function isVersionSkew(kind: string, p: SchemaProblem): boolean {
  if (p.code !== 'schema/unknown-field') return false;
  const pinned = rootSchema(kind, 'latest');
  return !!pinned && schemaAtPath(withObjectMeta(pinned), p.path) !== undefined;
}

function unknownInCluster(md: ManifestDocument, p: SchemaProblem, crd: InstalledCrd, context: string): Finding {
  return {
    ...codeAndSeverity(schemaCode('schema/cluster-unknown-field')),
    message: unknownInClusterMessage(formatPath(p.path), crd, context),
    range: rangeOf(md, p.anchor.path, p.anchor.at),
    path: p.path,
    source: 'schema',
    fixes: [{ kind: 'removeKey', key: String(p.path[p.path.length - 1]) }],
  };
}

function notInstalled(md: ManifestDocument, context: string): Finding {
  return {
    ...codeAndSeverity(schemaCode('schema/cluster-not-installed')),
    message: `kind: the ${md.known!.kind} CRD is not installed in \`${context}\`: the API server there will reject this object (no matches for kind "${md.known!.kind}" in version "${md.apiVersion}")`,
    range: rangeOf(md, ['kind'], 'value'),
    path: ['kind'],
    source: 'schema',
  };
}

/** A known kind under a version its CRD does not serve: one clear finding on `apiVersion`. */
function apiVersionFindings(md: ManifestDocument): Finding[] {
  const other = findKindWithOtherVersion(md.apiVersion, md.kind);
  if (!other) return [];
  const expected = apiVersionOf(other);
  return [
    {
      ...codeAndSeverity(schemaCode('schema/api-version')),
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
    ...codeAndSeverity(schemaCode(p.code)),
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
  return (at === 'key' ? (key ?? value) : (value ?? key)) ?? documentHeadRange(md);
}

function nonEmpty(r: TextRange | undefined): TextRange | undefined {
  return r && r.end > r.start ? r : undefined;
}
