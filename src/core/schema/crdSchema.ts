/**
 * A CustomResourceDefinition → the JSON Schema the validator walks. One function for both sources:
 * scripts/schemaGenerator.ts applies it to the vendored CRDs (schemas/*.json), and the cluster layer
 * to the CRDs a context serves (`schemaVersion: "cluster"`), so a pinned and an installed CRD of the
 * same text give the same schema.
 *
 * - takes the `openAPIV3Schema` of the requested version (or the storage version, else the first
 *   served one) and keeps every keyword, including the `x-kubernetes-*` extensions the validator
 *   needs (int-or-string, preserve-unknown-fields, list types, CEL rules);
 * - marks the pod-template positions whose core types the CRD leaves unchecked (embeddedCore.ts);
 * - de-duplicates identical sub-schemas into `definitions` + `$ref` (the pod template appears many
 *   times per CRD), which keeps the shipped files small; JSON Schema tools (ajv,
 *   yaml-language-server) read `$ref` natively and the catalog links them at load time.
 */
import { graftEmbeddedCore } from './embeddedCore';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Record<string, Json> };
}

/** The parts of a CustomResourceDefinition (apiextensions.k8s.io/v1) the conversion reads. */
export interface CrdObject {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { group: string; names: { kind: string }; versions: CrdVersion[] };
}

/** The version whose schema is used: `name` if given, else the storage version, else the first served one. */
export function crdVersion(crd: CrdObject, name?: string): CrdVersion | undefined {
  const versions = crd.spec.versions ?? [];
  if (name !== undefined) return versions.find((v) => v.name === name);
  return versions.find((v) => v.storage) ?? versions.find((v) => v.served !== false) ?? versions[0];
}

/** The validator's schema for one version of a CRD (a fresh object; the CRD is not modified). */
export function schemaFromCrd(crd: CrdObject, versionName?: string): Record<string, Json> {
  const version = crdVersion(crd, versionName);
  const openApi = version?.schema?.openAPIV3Schema;
  if (!version || !openApi) throw new Error(`CRD ${crd.metadata?.name ?? crd.spec.names.kind}: no schema for version ${versionName ?? '(storage)'}`);
  const copy = JSON.parse(JSON.stringify(openApi)) as Record<string, Json>;
  graftEmbeddedCore(copy);
  return deduplicate(copy);
}

/** Sub-schemas smaller than this stay inline: a `$ref` would not save anything. */
const MIN_SHARED_SIZE = 400;

/**
 * Replaces every sub-schema that occurs more than once (by canonical JSON) with a `$ref` into
 * `definitions`. Bottom-up, so shared parts of shared parts are shared too. Names are derived from
 * the first property path that used them, made unique with a counter: deterministic for a given input.
 */
export function deduplicate(root: Record<string, Json>): Record<string, Json> {
  const counts = new Map<string, number>();
  const canon = (n: Json): string => JSON.stringify(n);
  const visit = (n: Json, f: (s: Record<string, Json>) => void): void => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) return;
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) for (const p of Object.values(v)) visit(p, f);
      else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') visit(v, f);
      else if ((k === 'oneOf' || k === 'anyOf' || k === 'allOf') && Array.isArray(v)) v.forEach((x) => visit(x, f));
    }
    f(n);
  };
  visit(root, (s) => {
    const c = canon(s);
    if (c.length >= MIN_SHARED_SIZE) counts.set(c, (counts.get(c) ?? 0) + 1);
  });
  const definitions: Record<string, Json> = {};
  const nameOf = new Map<string, string>();
  const used = new Set<string>();
  const rewrite = (n: Json, hint: string): Json => {
    if (!n || typeof n !== 'object' || Array.isArray(n)) return n;
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties' && v && typeof v === 'object' && !Array.isArray(v)) {
        out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, rewrite(pv, pk)]));
      } else if ((k === 'items' || k === 'additionalProperties' || k === 'not') && v && typeof v === 'object') {
        out[k] = rewrite(v, k === 'items' ? `${hint}Item` : hint);
      } else if ((k === 'oneOf' || k === 'anyOf' || k === 'allOf') && Array.isArray(v)) {
        out[k] = v.map((x) => rewrite(x, hint));
      } else out[k] = v;
    }
    const c = canon(n);
    if ((counts.get(c) ?? 0) < 2) return out;
    let name = nameOf.get(c);
    if (!name) {
      const base = hint.replace(/[^A-Za-z0-9]/g, '') || 'schema';
      name = base;
      for (let i = 2; used.has(name); i++) name = `${base}${i}`;
      used.add(name);
      nameOf.set(c, name);
      definitions[name] = out;
    }
    return { $ref: `#/definitions/${name}` };
  };
  const body = rewrite(root, 'root') as Record<string, Json>;
  const sorted = Object.fromEntries(
    Object.keys(definitions)
      .sort()
      .map((k) => [k, definitions[k]]),
  );
  return Object.keys(sorted).length ? { ...body, definitions: sorted } : body;
}
