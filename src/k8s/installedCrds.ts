/**
 * Reads the CRDs of the known kinds that a context serves, for validation against what that
 * cluster runs (`schemaVersion: "cluster"`, `lint --schema-from-context`). One GET per CRD name
 * (`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rollouts.argoproj.io`, ...), in
 * parallel: eight small requests instead of listing every CRD of a cluster, which can be megabytes
 * (the API server has no field selector on `spec.group`). Answers, not errors: 404 is "not
 * installed", 403 (reading CRDs needs a cluster-scoped grant many users lack) marks that CRD
 * unreadable and the pinned schema is used for it. Only a cluster that cannot be asked at all
 * (network, 401, 5xx on every request) rejects, so the caller can say "offline" once.
 */
import { KNOWN_KINDS, type Engine } from '../core/kinds';
import { buildClusterSchemaSet, crdNameOf, type ClusterSchemaSet } from '../core/schema/clusterSchemas';
import type { CrdObject } from '../core/schema/crdSchema';
import { releaseOf } from './discovery';
import { ApiError, errorFromResponse } from './errors';
import { parseJson, type KubeTransport } from './transport';

export interface InstalledCrdsRead {
  crds: Map<string, CrdObject>;
  notFound: string[];
  failed: { name: string; reason: string }[];
}

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/';

/** GETs the CRDs of `engines`' kinds; rejects with the ApiError when no request got an answer. */
export async function readInstalledCrds(transport: KubeTransport, engines: readonly Engine[], timeoutMs = 15_000): Promise<InstalledCrdsRead> {
  const names = KNOWN_KINDS.filter((k) => engines.includes(k.engine)).map(crdNameOf);
  const read: InstalledCrdsRead = { crds: new Map(), notFound: [], failed: [] };
  const errors: ApiError[] = [];
  await Promise.all(
    names.map(async (name) => {
      try {
        const res = await transport.request({ path: CRD_PATH + name, timeoutMs });
        if (res.status === 200) read.crds.set(name, parseJson<CrdObject>(res));
        else if (res.status === 404) read.notFound.push(name);
        else if (res.status === 403) read.failed.push({ name, reason: 'forbidden: this user may not read CustomResourceDefinitions' });
        else throw errorFromResponse(res.status, res.body);
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError('other', String(err));
        errors.push(e);
        read.failed.push({ name, reason: e.message });
      }
    }),
  );
  if (errors.length === names.length && names.length > 0) throw errors[0];
  read.notFound.sort();
  read.failed.sort((a, b) => a.name.localeCompare(b.name));
  return read;
}

/** Reads and converts in one step: the schema set validation uses for `context`. */
export async function readClusterSchemas(transport: KubeTransport, context: string, engines: readonly Engine[], timeoutMs?: number): Promise<ClusterSchemaSet> {
  const read = await readInstalledCrds(transport, engines, timeoutMs);
  return buildClusterSchemaSet(context, read, engines, (crd) => releaseOf(crd.metadata));
}
