/**
 * The CRDs a kube context actually serves, as schemas the validator walks
 * (`rolloutLens.argoRollouts.schemaVersion` / `rolloutLens.flagger.schemaVersion: "cluster"`, and the
 * CLI's `lint --schema-from-context`). The cluster layer (src/k8s/installedCrds.ts) reads the CRD
 * objects; here they go through the same conversion as the vendored ones (crdSchema.ts
 * `schemaFromCrd`, then the catalog's linking with the embedded core types), so a cluster running the
 * pinned release validates exactly like the pinned schemas.
 *
 * A field the context's CRD does not declare is reported against that CRD: if our pinned (newest)
 * schema knows the field, it is version skew, said as such ("unknown to the Rollout CRD installed in
 * `prod-eu` (v1.7.2): the API server there will reject it"); if no schema knows it, it stays the
 * ordinary unknown-field error with its "did you mean".
 */
import { KNOWN_KINDS, type Engine, type KnownKind } from '../kinds';
import { coreSchemas, linkSchema, type SchemaNode } from './catalog';
import { crdVersion, schemaFromCrd, type CrdObject } from './crdSchema';

export interface InstalledCrd {
  kind: string;
  engine: Engine;
  /** The CRD's name, e.g. rollouts.argoproj.io. */
  name: string;
  /** The served version whose schema is used (the one our kinds use). */
  servedVersion: string;
  /** The release from the CRD's labels/annotations (`v1.7.2`, `chart flagger-1.44.0`), when it says. */
  release?: string;
  schema: SchemaNode;
  statusSubresource: boolean;
}

export interface ClusterSchemaSet {
  context: string;
  /** By kind. Kinds of an engine not selected (its setting is pinned) are absent. */
  crds: Map<string, InstalledCrd>;
  /** Kinds whose CRD the context definitely does not have (404). */
  notInstalled: string[];
  /** Kinds whose CRD could not be read (403, a CRD without a usable schema, ...), with why; the pinned schema is used for them. */
  unavailable: { kind: string; reason: string }[];
}

/** The CRD object name of each known kind: `<plural>.<group>`. */
export function crdNameOf(k: KnownKind): string {
  return `${k.plural}.${k.group}`;
}

/**
 * Converts what was read from a context. `crds` maps CRD names to the objects (absent: not read);
 * `release` gives the release text for a CRD object (the cluster layer's reading of labels).
 */
export function buildClusterSchemaSet(
  context: string,
  read: { crds: Map<string, CrdObject>; notFound: string[]; failed: { name: string; reason: string }[] },
  engines: readonly Engine[],
  release: (crd: CrdObject) => string | undefined = () => undefined,
): ClusterSchemaSet {
  const set: ClusterSchemaSet = { context, crds: new Map(), notInstalled: [], unavailable: [] };
  const core = coreSchemas();
  for (const k of KNOWN_KINDS) {
    const engine = k.engine;
    if (!engines.includes(engine)) continue;
    const name = crdNameOf(k);
    if (read.notFound.includes(name)) {
      set.notInstalled.push(k.kind);
      continue;
    }
    const failed = read.failed.find((f) => f.name === name);
    const crd = read.crds.get(name);
    if (failed || !crd) {
      set.unavailable.push({ kind: k.kind, reason: failed?.reason ?? 'not read' });
      continue;
    }
    const served = crd.spec?.versions?.find((v) => v.name === k.version && v.served !== false);
    if (!served?.schema?.openAPIV3Schema) {
      const versions =
        (crd.spec?.versions ?? [])
          .filter((v) => v.served !== false)
          .map((v) => v.name)
          .join(', ') || 'none';
      set.unavailable.push({ kind: k.kind, reason: served ? `${k.version} has no schema` : `it does not serve ${k.version} (served: ${versions})` });
      continue;
    }
    const schema = linkSchema(schemaFromCrd(crd, served.name), core);
    const subresources = (crdVersion(crd, served.name) as { subresources?: { status?: unknown } } | undefined)?.subresources;
    set.crds.set(k.kind, { kind: k.kind, engine, name, servedVersion: served.name, release: release(crd), schema, statusSubresource: Boolean(subresources?.status) });
  }
  return set;
}

/** One line for logs and notices: what the context serves, per kind. */
export function describeClusterSchemas(set: ClusterSchemaSet): string {
  const parts = [...set.crds.values()].map((c) => `${c.kind} ${c.servedVersion}${c.release ? ` (${c.release})` : ''}`);
  if (set.notInstalled.length) parts.push(`not installed: ${set.notInstalled.join(', ')}`);
  if (set.unavailable.length) parts.push(`pinned schema for ${set.unavailable.map((u) => `${u.kind} (${u.reason})`).join(', ')}`);
  return `${set.context}: ${parts.join('; ') || 'nothing'}`;
}

/** The message for a field the context's CRD does not declare while the pinned schema does. */
export function unknownInClusterMessage(fieldPath: string, crd: InstalledCrd, context: string): string {
  const release = crd.release ? ` (${crd.release})` : '';
  return `\`${fieldPath}\` is unknown to the ${crd.kind} CRD installed in \`${context}\`${release}: the API server there will reject it`;
}
