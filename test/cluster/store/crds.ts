/**
 * CustomResourceDefinition objects for the installed engines, so clients that detect Argo Rollouts or
 * Flagger by listing CRDs (`kubectl get crd`, the extension's engine discovery) see what a cluster with
 * the upstream charts installed shows: names, scope, the served version with its subresources and
 * printer columns, and an Established condition. The schemas are left open
 * (`x-kubernetes-preserve-unknown-fields`): the test server does not validate bodies against them.
 */
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
