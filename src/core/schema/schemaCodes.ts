/**
 * The codes of the schema findings (the walk in validateValue.ts, the apiVersion and cluster checks in
 * src/core/validation/schemaFindings.ts), for the finding-code catalogue
 * (src/core/validation/findingCodes.ts). schemaFindings makes each finding with its entry's default
 * severity: an error where the API server rejects the object, a warning for what the current
 * context's CRDs say.
 */
import type { FindingCodeInfo } from '../findings';

const schema = (code: string, description: string): FindingCodeInfo => ({ code: `schema/${code}`, defaultSeverity: 'error', description });

export const SCHEMA_CODES: readonly FindingCodeInfo[] = [
  schema('unknown-field', 'A field the CRD does not declare (strict field validation), with "did you mean" when a sibling is close.'),
  schema('required', "A required field is missing (reported at the parent's key)."),
  schema('type', 'A value of the wrong type (string, integer, boolean, object, list, int-or-string).'),
  schema('enum', 'A value outside the allowed list.'),
  schema('pattern', 'A string that does not match the declared pattern.'),
  schema('format', 'A string that is not in the declared format (date-time).'),
  schema('quantity', 'A resource quantity that does not parse (e.g. 100m, 1Gi).'),
  schema('min-length', 'A string shorter than the declared minimum.'),
  schema('max-length', 'A string longer than the declared maximum.'),
  schema('minimum', 'A number below the declared minimum.'),
  schema('maximum', 'A number above the declared maximum.'),
  schema('min-items', 'A list with fewer items than the declared minimum.'),
  schema('max-items', 'A list with more items than the declared maximum.'),
  schema('duplicate-list-key', 'A map- or set-type list repeats a key or an element (x-kubernetes-list-type).'),
  schema('one-of', 'A value that matches none, or more than one, of the oneOf alternatives.'),
  schema('any-of', 'A value that matches none of the anyOf alternatives.'),
  schema('not', 'A value that matches a schema it must not match.'),
  schema('cel', 'A CRD validation rule (x-kubernetes-validations, CEL) that the document violates.'),
  schema('api-version', 'A known kind under an apiVersion its CRD does not serve.'),
  // schemaVersion "cluster" (clusterSchemas.ts): what the current context's CRDs say, as warnings.
  { code: 'schema/cluster-unknown-field', defaultSeverity: 'warning', description: 'A field the CRD installed in the current context does not declare, though the newest release does (schemaVersion "cluster").' },
  { code: 'schema/cluster-not-installed', defaultSeverity: 'warning', description: 'The kind\'s CRD is not installed in the current context (schemaVersion "cluster").' },
];

const BY_CODE = new Map(SCHEMA_CODES.map((c) => [c.code, c]));

/** A schema code's entry; schemaFindings makes its findings with the entry's default severity. */
export function schemaCode(code: string): FindingCodeInfo {
  const c = BY_CODE.get(code);
  if (!c) throw new Error(`schema code ${code} is not in SCHEMA_CODES (src/core/schema/schemaCodes.ts)`);
  return c;
}
