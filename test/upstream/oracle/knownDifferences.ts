/**
 * The schema oracle's allowlist (test/integration/upstream/schemaOracle.test.ts): every known way
 * our validator's verdict or field path differs from the real API server's, each a finding with
 * its class and reason. A document that disagrees and matches no entry fails the test; an entry
 * that matches no document fails it too (the difference is gone: remove the entry).
 *
 * Classes:
 * - `by-design`: the validator deliberately says more than the API server (what the controller will
 *   do with the object later), or the server's answer depends on the cluster, not on the document;
 * - `judge`: the two judges differ in how they read the text (kubectl decodes YAML client-side);
 * - `product-bug`: the validator is wrong and the fix is not small or not in the validator: listed
 *   until fixed.
 */

export type Outcome = 'both-error' | 'both-accept' | 'only-ours' | 'only-server';

/** One document's comparison, as the oracle test hands it to the matchers. */
export interface Comparison {
  id: string;
  source: 'corpus' | 'mutation';
  /** The mutation operator (mutations.ts), for mutations. */
  op?: string;
  /** The path the mutation touched, formatted. */
  mutationPath?: string;
  text: string;
  outcome: Outcome;
  /** 'mismatch' (the verdicts differ), 'path' (both reject, at paths that do not relate), or none: they agree. */
  disagreement?: 'mismatch' | 'path';
  server: { message: string; kind: string; paths: string[] };
  /** The server's paths none of ours equals or relates to (both-error only). */
  unmatchedServerPaths: string[];
  ours: { code: string; path: string; message: string }[];
}

export interface KnownDifference {
  name: string;
  class: 'by-design' | 'judge' | 'product-bug';
  reason: string;
  matches(c: Comparison): boolean;
}

/** Inside an embedded core type the CRDs leave open (src/core/schema/embeddedCore.ts): resources and volumes. */
const EMBEDDED_CORE = /(^|\.)(resources|volumes)(\.|\[|$)/;

export const KNOWN_DIFFERENCES: KnownDifference[] = [
  {
    name: 'embedded core types the controller decodes (resources, volumes)',
    class: 'by-design',
    reason:
      "The Argo Rollouts CRDs reduce a pod template's `resources.limits`/`requests` and `volumes` to x-kubernetes-preserve-unknown-fields, so the API server stores `memory: invalid` or a volume without a name; the controller then fails to decode the object (upstream test/e2e/expectedfailures/malformed-*.yaml). The validator reports those subtrees as the controller decodes them (core/v1 schemas, embeddedCore.ts), on purpose: the error is real, only later. Matched when the server accepts and every error of ours is inside `resources` or `volumes`.",
    matches: (c) => c.outcome === 'only-ours' && c.ours.length > 0 && c.ours.every((f) => EMBEDDED_CORE.test(f.path)),
  },
  {
    name: 'ObjectMeta names: metadata.name required (name or generateName) and an RFC 1123 subdomain; metadata.namespace an RFC 1123 label',
    class: 'product-bug',
    reason:
      'The API server validates ObjectMeta itself: a name (or generateName) is required and must be a lowercase RFC 1123 subdomain (`ROLLOUT_NAME`, `canary-demo-workloadRef` are rejected). The validator types `metadata.name` as a string only (OBJECT_META in src/core/schema/validateValue.ts). Not fixed here: documentation snippets without names and upstream e2e templates with placeholder names (`ROLLOUT_NAME`, `$$name$$`) are in the corpus conformance test as expected-valid, and a missing name in a kustomize patch or a file being typed needs a product decision (error, warning, or skip for patch fragments). The same holds for `metadata.namespace`: the oracle creates every valid namespace the documents name, so a mutation such as `namespace: 2024-01-02T10:00:00Z` gets `namespaces "…" not found` and we say nothing. Matched when the only server paths we do not name are `metadata.name`, or the server cannot find a namespace whose name is not a valid one.',
    matches: (c) =>
      onlyServerPaths(c, (p) => p === 'metadata.name') ||
      (c.outcome === 'only-server' && /^namespaces "([^"]*)" not found$/.test(c.server.message.trim()) && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(/"([^"]*)"/.exec(c.server.message)![1])),
  },
];

/** The server rejects for `pred` paths alone that we do not report (only-server), or names them besides paths we match (both-error). */
function onlyServerPaths(c: Comparison, pred: (p: string) => boolean): boolean {
  if (c.outcome === 'only-server') return c.server.paths.length > 0 && c.server.paths.every(pred);
  return c.disagreement === 'path' && c.unmatchedServerPaths.length > 0 && c.unmatchedServerPaths.every(pred);
}
