/**
 * API discovery documents, as kube-apiserver 1.32 serves them:
 * - legacy discovery: `/api` (APIVersions), `/apis` (APIGroupList), `/api/v1` and `/apis/<g>/<v>`
 *   (APIResourceList, with `<plural>/status` and `<plural>/scale` entries for subresources);
 * - aggregated discovery (`apidiscovery.k8s.io/v2`, KEP-3352): `/api` and `/apis` answer with an
 *   APIGroupDiscoveryList when the Accept header asks for it (kubectl >= 1.30 does, client-node does
 *   not), saving the per-group requests. The response Content-Type tells the client which it got.
 * Only the installed engines' groups appear, so "Argo Rollouts not installed" is testable.
 */
import type { ResourceRegistry, ResourceType } from './resources';

export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** True when the client listed aggregated discovery v2 among acceptable types. */
export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && accept.split(',').some((p) => /g=apidiscovery\.k8s\.io/.test(p) && /v=v2(;|$)/.test(p) && /as=APIGroupDiscoveryList/.test(p));
}

const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

function subresources(t: ResourceType): { name: string; kind: string; group?: string; version?: string }[] {
  const out: { name: string; kind: string; group?: string; version?: string }[] = [];
  if (t.statusSubresource) out.push({ name: 'status', kind: t.kind });
  if (t.scale) out.push({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1' });
  if (t.group === '' && t.resource === 'services') out.push({ name: 'proxy', kind: 'ServiceProxyOptions' });
  return out;
}

function subresourceVerbs(name: string): string[] {
  return name === 'proxy' ? ['create', 'delete', 'get', 'patch', 'update'] : SUBRESOURCE_VERBS;
}

export function coreVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

export function groupList(registry: ResourceRegistry): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g.group !== '')
      .map((g) => {
        const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
        return { name: g.group, versions: [gv], preferredVersion: gv };
      }),
  };
}

export function group(registry: ResourceRegistry, name: string): unknown {
  const g = registry.groups().find((x) => x.group === name && name !== '');
  if (!g) return undefined;
  const gv = { groupVersion: `${g.group}/${g.version}`, version: g.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: g.group, versions: [gv], preferredVersion: gv };
}

/** The APIResourceList of one group/version, or undefined when it is not served. */
export function resourceList(registry: ResourceRegistry, groupName: string, version: string): unknown {
  const types = registry.types.filter((t) => t.group === groupName && t.version === version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const t of types) {
    resources.push({
      name: t.resource,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories.length ? { categories: t.categories } : {}),
      storageVersionHash: storageVersionHash(t),
    });
    for (const s of subresources(t)) {
      resources.push({
        name: `${t.resource}/${s.name}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(s.group !== undefined ? { group: s.group, version: s.version } : {}),
        kind: s.kind,
        verbs: subresourceVerbs(s.name),
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupName ? `${groupName}/${version}` : version, resources };
}

/** Aggregated discovery for `/api` (core = true) or `/apis`. */
export function aggregated(registry: ResourceRegistry, core: boolean): unknown {
  const groups = registry.groups().filter((g) => (g.group === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: [
        {
          version: g.version,
          resources: registry.types
            .filter((t) => t.group === g.group)
            .map((t) => ({
              resource: t.resource,
              responseKind: { group: t.group, version: t.version, kind: t.kind },
              scope: t.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: t.singular,
              verbs: t.verbs,
              ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
              ...(t.categories.length ? { categories: t.categories } : {}),
              ...(subresources(t).length
                ? {
                    subresources: subresources(t).map((s) => ({
                      subresource: s.name,
                      responseKind: { group: s.group ?? t.group, version: s.version ?? t.version, kind: s.kind },
                      verbs: subresourceVerbs(s.name),
                    })),
                  }
                : {}),
            })),
          freshness: 'Current',
        },
      ],
    })),
  };
}

/** A stable, opaque hash like the real one (base64 of 8 bytes of a digest of the storage version). */
function storageVersionHash(t: ResourceType): string {
  let h = 2166136261;
  for (const ch of `${t.group}/${t.version}/${t.kind}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const b = Buffer.alloc(8);
  b.writeUInt32BE(h >>> 0, 0);
  b.writeUInt32BE(Math.imul(h, 2654435761) >>> 0, 4);
  return b.toString('base64').slice(0, 11) + '=';
}
