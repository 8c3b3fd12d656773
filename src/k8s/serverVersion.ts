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
