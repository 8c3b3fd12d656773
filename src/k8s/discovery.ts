/**
 * Which progressive-delivery engines a context has: Argo Rollouts (argoproj.io/v1alpha1 rollouts)
 * and Flagger (flagger.app/v1beta1 canaries). First the CRD objects
 * (`customresourcedefinitions/rollouts.argoproj.io`), whose labels/annotations often carry the
 * release (`app.kubernetes.io/version`, Helm's `chart`); reading CRDs needs cluster-scope RBAC that
 * many users lack, so a 403 falls back to API discovery (`/apis/<group>/<version>`), which every
 * authenticated user may read and which tells whether the resource is served. A 404 means "not
 * installed": an answer, not an error.
 */
import { ApiError, errorFromResponse } from './errors';
import { parseJson, type KubeTransport } from './transport';
import { resourceOf } from '../core/kinds';
import { asArray, asBool, asString, at, stringMap } from '../core/util/json';

export type EngineId = 'argo' | 'flagger';

export interface EngineDiscovery {
  engine: EngineId;
  installed: boolean;
  group: string;
  /** The API version served for the kind (v1alpha1 / v1beta1) when installed. */
  apiVersion?: string;
  /** The controller release from the CRD's labels/annotations, when readable (e.g. `v1.7.2`). */
  version?: string;
  /** Whether the CRD enables the status subresource (undefined when the CRD was not readable). */
  statusSubresource?: boolean;
  /** How we know: the CRD object or only API discovery. */
  source: 'crd' | 'discovery' | 'none';
}

export interface Discovery {
  argo: EngineDiscovery;
  flagger: EngineDiscovery;
}

const ENGINES: { engine: EngineId; group: string; version: string; plural: string }[] = [
  { engine: 'argo', ...resourceOf('Rollout') },
  { engine: 'flagger', ...resourceOf('Canary') },
];

/** Throws ApiError only when the cluster cannot be asked at all (401, unreachable, 5xx). */
export async function discoverEngines(transport: KubeTransport): Promise<Discovery> {
  const [argo, flagger] = await Promise.all(ENGINES.map((e) => discoverOne(transport, e)));
  return { argo, flagger };
}

async function discoverOne(transport: KubeTransport, e: (typeof ENGINES)[number]): Promise<EngineDiscovery> {
  const none: EngineDiscovery = { engine: e.engine, installed: false, group: e.group, source: 'none' };
  const crd = await transport.request({ path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${e.plural}.${e.group}` });
  if (crd.status === 200) {
    const body = parseJson<unknown>(crd);
    const served = asArray(at(body, 'spec', 'versions')).filter((v) => asBool(at(v, 'served')));
    const ours = served.find((v) => at(v, 'name') === e.version) ?? served.find((v) => asBool(at(v, 'storage'))) ?? served[0];
    if (!ours) return { ...none, source: 'crd' };
    return {
      engine: e.engine,
      installed: true,
      group: e.group,
      apiVersion: asString(at(ours, 'name')) || undefined,
      version: releaseOf(at(body, 'metadata')),
      statusSubresource: Boolean(at(ours, 'subresources', 'status')),
      source: 'crd',
    };
  }
  if (crd.status !== 403 && crd.status !== 404) throw errorFromResponse(crd.status, crd.body);
  // Not readable (403) or the CRD API says no such CRD (404, but some servers aggregate): ask discovery.
  const group = await transport.request({ path: `/apis/${e.group}` });
  if (group.status === 404) return none;
  if (group.status !== 200) throw errorFromResponse(group.status, group.body);
  const g = parseJson<{ versions?: { version: string }[]; preferredVersion?: { version: string } }>(group);
  const versions = (g.versions ?? []).map((v) => v.version);
  const candidates = versions.includes(e.version) ? [e.version, ...versions.filter((v) => v !== e.version)] : versions;
  for (const v of candidates) {
    const res = await transport.request({ path: `/apis/${e.group}/${v}` });
    if (res.status === 404) continue;
    if (res.status !== 200) throw errorFromResponse(res.status, res.body);
    const list = parseJson<{ resources?: { name: string }[] }>(res);
    const names = (list.resources ?? []).map((r) => r.name);
    if (names.includes(e.plural)) {
      return { engine: e.engine, installed: true, group: e.group, apiVersion: v, statusSubresource: names.includes(`${e.plural}/status`), source: 'discovery' };
    }
  }
  return none;
}

/** The release a CRD object names in its labels or annotations (`v1.7.2`, `chart argo-rollouts-2.35.1`). */
export function releaseOf(meta: unknown): string | undefined {
  const labels = stringMap(at(meta, 'labels'));
  const ann = stringMap(at(meta, 'annotations'));
  const v = labels['app.kubernetes.io/version'] ?? ann['app.kubernetes.io/version'];
  if (v) return v;
  // Helm charts label CRDs with `helm.sh/chart: argo-rollouts-2.35.1` (chart, not app, version).
  const chart = labels['helm.sh/chart'] ?? labels.chart;
  if (chart) return `chart ${chart}`;
  return undefined;
}

export function describeDiscovery(d: Discovery): string {
  const one = (e: EngineDiscovery, name: string) => (e.installed ? `${name} ${e.version ?? ''} (${e.group}/${e.apiVersion})`.replace('  ', ' ') : `${name} not installed`);
  return `${one(d.argo, 'Argo Rollouts')}; ${one(d.flagger, 'Flagger')}`;
}

export { ApiError };
