/**
 * The API server's version (`GET /version`), which charts are rendered for in the editor
 * (`helm template --kube-version`): a chart that branches on `.Capabilities.KubeVersion` renders
 * what that cluster would get, not what helm's built-in default would.
 */
import { errorFromResponse } from './errors';
import { parseJson, type KubeTransport } from './transport';

/** `gitVersion` of /version (v1.32.4); rejects when the server does not answer or answers without one. */
export async function readServerVersion(transport: KubeTransport, timeoutMs: number): Promise<string> {
  const res = await transport.request({ path: '/version', timeoutMs });
  if (res.status !== 200) throw errorFromResponse(res.status, res.body);
  const info = parseJson<{ gitVersion?: unknown }>(res);
  if (typeof info.gitVersion !== 'string' || !/^v?\d+\.\d+/.test(info.gitVersion)) throw new Error('the API server did not say its version (/version has no gitVersion)');
  return info.gitVersion;
}

/**
 * What the API server serves, as helm's own capabilities list it (pkg/action GetVersionSet): every
 * group/version (`v1`, `apps/v1`, `argoproj.io/v1alpha1`) and every group/version/Kind of their
 * resource lists (`argoproj.io/v1alpha1/Rollout`), for `helm template --api-versions`, so
 * `.Capabilities.APIVersions.Has` answers as `helm install` against that cluster would. Plain
 * discovery (/api, /apis, then one resource list per group/version, in parallel): the transport
 * asks for application/json, so no aggregated discovery. A group/version whose list fails (an
 * aggregated API that is down) still counts as served, without its kinds, as helm tolerates it.
 */
export async function readApiVersions(transport: KubeTransport, timeoutMs: number): Promise<string[]> {
  const get = async <T>(path: string): Promise<T> => {
    const res = await transport.request({ path, timeoutMs });
    if (res.status !== 200) throw errorFromResponse(res.status, res.body);
    return parseJson<T>(res);
  };
  const [core, groups] = await Promise.all([get<{ versions?: unknown }>('/api'), get<{ groups?: { versions?: { groupVersion?: unknown }[] }[] }>('/apis')]);
  const groupVersions = [
    ...(Array.isArray(core.versions) ? core.versions.filter((v): v is string => typeof v === 'string') : []),
    ...(groups.groups ?? []).flatMap((g) => (g.versions ?? []).map((v) => v.groupVersion).filter((v): v is string => typeof v === 'string')),
  ];
  const kinds = await Promise.all(
    groupVersions.map(async (gv) => {
      try {
        const list = await get<{ resources?: { kind?: unknown }[] }>(gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`);
        return (list.resources ?? [])
          .map((r) => r.kind)
          .filter((k): k is string => typeof k === 'string' && k !== '')
          .map((k) => `${gv}/${k}`);
      } catch {
        return [];
      }
    }),
  );
  return [...new Set([...groupVersions, ...kinds.flat()])];
}
