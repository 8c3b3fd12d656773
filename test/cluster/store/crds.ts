/**
 * CustomResourceDefinition objects for the installed engines, so clients that detect Argo Rollouts or
 * Flagger by listing CRDs (`kubectl get crd`, the extension's engine discovery) see what a cluster with
 * the upstream charts installed shows: names, scope, the served version with its subresources and
 * printer columns, and an Established condition. The schemas are left open
 * (`x-kubernetes-preserve-unknown-fields`): the test server does not validate bodies against them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { reindentQuotedContinuations } from '../../../scripts/schemaGenerator';
import type { KubeObject } from './objectStore';
import type { MemoryStore } from './memoryStore';
import type { ResourceType } from '../http/resources';

export const CRD_GVR = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };

export function crdObject(t: ResourceType): KubeObject {
  const names = {
    plural: t.resource,
    singular: t.singular,
    kind: t.kind,
    listKind: `${t.kind}List`,
    ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
    ...(t.categories.length ? { categories: t.categories } : {}),
  };
  const subresources: Record<string, unknown> = {};
  if (t.statusSubresource) subresources.status = {};
  if (t.scale) subresources.scale = { ...t.scale };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${t.resource}.${t.group}`, labels: { 'app.kubernetes.io/part-of': t.engine === 'argo' ? 'argo-rollouts' : 'flagger' } },
    spec: {
      group: t.group,
      names,
      scope: t.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: t.version,
          served: true,
          storage: true,
          ...(Object.keys(subresources).length ? { subresources } : {}),
          ...(t.printerColumns ? { additionalPrinterColumns: t.printerColumns } : {}),
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ],
    },
    status: {
      acceptedNames: names,
      storedVersions: [t.version],
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
      ],
    },
  };
}

/** Creates the CRD objects of `types` that the store does not have yet. */
export function installCrds(store: MemoryStore, types: ResourceType[]): void {
  for (const t of types) {
    const crd = crdObject(t);
    if (store.get(CRD_GVR, undefined, crd.metadata.name)) continue;
    const created = store.create(CRD_GVR, crd);
    store.updateStatus(CRD_GVR, { ...created, status: crd.status });
  }
}

/**
 * A CRD as upstream ships it, from the repository's vendored copies (schemas/upstream/<folder>/<file>),
 * labelled with the release it came from (`app.kubernetes.io/version`) as Helm-installed CRDs are: a
 * cluster that runs an older release than the pinned schemas (e.g. argoproj.io@v1.9.1) for tests of
 * schema-from-cluster validation. Its `openAPIV3Schema` is the real one; the server still does not
 * validate bodies against it.
 */
export function upstreamCrd(folder: string, file: string, release: string): KubeObject {
  const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', 'upstream', folder, file), 'utf8');
  const crd = parse(reindentQuotedContinuations(text)) as KubeObject;
  crd.metadata.labels = { ...crd.metadata.labels, 'app.kubernetes.io/version': release };
  return crd;
}

/** Replaces the served CRD of the same name with `crd` (kept Established). */
export function replaceCrd(store: MemoryStore, crd: KubeObject): void {
  const current = store.get(CRD_GVR, undefined, crd.metadata.name);
  if (!current) throw new Error(`no CRD ${crd.metadata.name} is installed`);
  const updated = store.update(CRD_GVR, { ...crd, metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp } });
  store.updateStatus(CRD_GVR, { ...updated, status: current.status });
}
