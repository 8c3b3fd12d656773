/**
 * URL → request attributes, as kube-apiserver's RequestInfoFactory
 * (`k8s.io/apiserver/pkg/endpoints/request/requestinfo.go`) derives them for authorization and routing:
 *   /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}/{rest...}
 *   /apis/{group}/{version}/{resource}/{name}/{subresource}
 * `namespaces/{name}` is the namespace object itself (with `status`/`finalize` subresources); GET on a
 * collection is `list`, or `watch` with `?watch=true`; DELETE on a collection is `deletecollection`.
 */
export interface RequestInfo {
  isResource: boolean;
  path: string;
  verb: string;
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** For `services/x/proxy/...`: the rest of the path after the subresource. */
  rest: string[];
}

const METHOD_VERBS: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

export function requestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const nonResource: RequestInfo = { isResource: false, path, verb: method === 'GET' || method === 'HEAD' ? 'get' : method.toLowerCase(), group: '', version: '', resource: '', rest: [] };
  const segs = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  let group: string;
  let version: string;
  let parts: string[];
  if (segs[0] === 'api' && segs.length >= 2) {
    group = '';
    version = segs[1];
    parts = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 3) {
    group = segs[1];
    version = segs[2];
    parts = segs.slice(3);
  } else return nonResource;
  if (parts.length === 0) return nonResource; // /api/v1 and /apis/g/v are discovery

  let namespace: string | undefined;
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      namespace = parts[1];
      if (parts.length > 2 && parts[2] !== 'status' && parts[2] !== 'finalize') parts = parts.slice(2);
    }
  }
  const resource = parts[0];
  const name = parts[1];
  const subresource = parts[2];
  const rest = parts.slice(3);
  let verb = METHOD_VERBS[method] ?? method.toLowerCase();
  const watch = ['true', '1'].includes(url.searchParams.get('watch') ?? '');
  if (!name && verb === 'get') verb = watch ? 'watch' : 'list';
  else if (name && verb === 'get' && watch) verb = 'watch';
  if (!name && verb === 'delete') verb = 'deletecollection';
  // The namespace object's own namespace is its name (so namespace-scoped RBAC can grant it).
  if (resource === 'namespaces' && name) namespace = name;
  if (resource === 'namespaces' && !name) namespace = undefined;
  return { isResource: true, path, verb, group, version, namespace, resource, name, subresource, rest };
}
