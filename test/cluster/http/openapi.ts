/**
 * OpenAPI v3 discovery (`/openapi/v3` and `/openapi/v3/<api|apis/g>/<v>`), reduced to what kubectl
 * reads from it before `create`/`apply`/`patch`: whether the server supports server-side field
 * validation for a kind. kubectl (`cli-runtime/pkg/resource/query_param_verifier_v3.go`) looks in the
 * group-version document for a PATCH operation tagged with the kind's `x-kubernetes-group-version-kind`
 * that declares the `fieldValidation` query parameter; when found it sends `fieldValidation=Strict` and
 * skips client-side validation (which would need the full schemas). The operations and parameters
 * here mirror kube-apiserver's; component schemas are open objects (the test server keeps no schemas,
 * so `kubectl explain` shows nothing useful).
 */
import type { ResourceRegistry, ResourceType } from './resources';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function hash(s: string): string {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0).toString(16).toUpperCase().padStart(8, '0').repeat(16);
}

export function openapiRoot(registry: ResourceRegistry): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of registry.groups()) {
    const p = gvPath(g.group, g.version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash(p)}` };
  }
  return { paths };
}

const param = (name: string, type = 'string') => ({ name, in: 'query', description: name, schema: { type, uniqueItems: true } });
const WRITE_PARAMS = [param('dryRun'), param('fieldManager'), param('fieldValidation')];

function schemaName(t: ResourceType): string {
  const prefix = t.group ? t.group.split('.').reverse().join('.') : 'io.k8s.api.core';
  return `${prefix}.${t.version}.${t.kind}`;
}

function operations(t: ResourceType): Record<string, unknown> {
  const gvk = { group: t.group, version: t.version, kind: t.kind };
  const ref = { $ref: `#/components/schemas/${schemaName(t)}` };
  const ok = (code = '200') => ({ [code]: { description: 'OK', content: { 'application/json': { schema: ref } } } });
  const op = (action: string, id: string, extra: Record<string, unknown> = {}) => ({
    operationId: `${id}${t.kind}`,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    responses: ok(),
    ...extra,
  });
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  const scope = t.namespaced ? `${base}/namespaces/{namespace}/${t.resource}` : `${base}/${t.resource}`;
  const item: Record<string, unknown> = {
    get: op('get', 'read'),
    put: op('put', 'replace', { parameters: WRITE_PARAMS }),
    patch: op('patch', 'patch', { parameters: [...WRITE_PARAMS, param('force', 'boolean')] }),
    delete: op('delete', 'delete'),
  };
  const paths: Record<string, unknown> = {
    [scope]: { get: op('list', 'list'), post: op('post', 'create', { parameters: WRITE_PARAMS }) },
    [`${scope}/{name}`]: item,
  };
  if (t.statusSubresource) {
    paths[`${scope}/{name}/status`] = {
      get: op('get', 'readStatus'),
      put: op('put', 'replaceStatus', { parameters: WRITE_PARAMS }),
      patch: op('patch', 'patchStatus', { parameters: [...WRITE_PARAMS, param('force', 'boolean')] }),
    };
  }
  return paths;
}

/** The OpenAPI v3 document of one group/version, or undefined when it is not served. */
export function openapiGroupVersion(registry: ResourceRegistry, group: string, version: string): unknown {
  const types = registry.types.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const t of types) {
    Object.assign(paths, operations(t));
    schemas[schemaName(t)] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: t.group, version: t.version, kind: t.kind }],
      'x-kubernetes-preserve-unknown-fields': true,
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas } };
}

/** `/openapi/v3/api/v1` → ['', 'v1']; `/openapi/v3/apis/g/v` → ['g', 'v']. */
export function parseOpenapiPath(path: string): [string, string] | undefined {
  let m = /^\/openapi\/v3\/api\/([^/]+)$/.exec(path);
  if (m) return ['', m[1]];
  m = /^\/openapi\/v3\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  return m ? [m[1], m[2]] : undefined;
}
