/**
 * A small HTTPS client for the stack's own bootstrap (RBAC, CRDs, nodes, the loadtester's objects,
 * scenario objects) and readiness checks: bearer token, the run's CA, JSON in and out. Objects are
 * written with server-side apply, so bootstrapping twice is harmless.
 */
import https from 'node:https';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: string,
  ) {
    super(message);
  }
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** Resource (plural) and scope of the kinds the stack writes. */
const KINDS: Record<string, { plural: string; namespaced: boolean }> = {
  Namespace: { plural: 'namespaces', namespaced: false },
  Node: { plural: 'nodes', namespaced: false },
  Service: { plural: 'services', namespaced: true },
  Endpoints: { plural: 'endpoints', namespaced: true },
  ConfigMap: { plural: 'configmaps', namespaced: true },
  Secret: { plural: 'secrets', namespaced: true },
  Pod: { plural: 'pods', namespaced: true },
  ServiceAccount: { plural: 'serviceaccounts', namespaced: true },
  Deployment: { plural: 'deployments', namespaced: true },
  ReplicaSet: { plural: 'replicasets', namespaced: true },
  Ingress: { plural: 'ingresses', namespaced: true },
  ClusterRole: { plural: 'clusterroles', namespaced: false },
  ClusterRoleBinding: { plural: 'clusterrolebindings', namespaced: false },
  Role: { plural: 'roles', namespaced: true },
  RoleBinding: { plural: 'rolebindings', namespaced: true },
  CustomResourceDefinition: { plural: 'customresourcedefinitions', namespaced: false },
  Rollout: { plural: 'rollouts', namespaced: true },
  AnalysisTemplate: { plural: 'analysistemplates', namespaced: true },
  ClusterAnalysisTemplate: { plural: 'clusteranalysistemplates', namespaced: false },
  AnalysisRun: { plural: 'analysisruns', namespaced: true },
  Experiment: { plural: 'experiments', namespaced: true },
  Canary: { plural: 'canaries', namespaced: true },
  MetricTemplate: { plural: 'metrictemplates', namespaced: true },
  AlertProvider: { plural: 'alertproviders', namespaced: true },
};

/** The REST path of an object (or, without a name, of its collection). */
export function objectPath(apiVersion: string, kind: string, namespace: string | undefined, name?: string): string {
  const k = KINDS[kind];
  if (!k) throw new Error(`the upstream stack does not know the resource of kind ${kind}`);
  const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const ns = k.namespaced ? `/namespaces/${namespace ?? 'default'}` : '';
  return `${base}${ns}/${k.plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

export class ApiClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    private readonly ca: string,
  ) {}

  request(method: string, path: string, body?: unknown, contentType = 'application/json', timeoutMs = 10_000): Promise<{ status: number; text: string }> {
    const u = new URL(path, this.url);
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          hostname: u.hostname,
          port: u.port,
          path: u.pathname + u.search,
          method,
          ca: this.ca,
          headers: { authorization: `Bearer ${this.token}`, accept: 'application/json', ...(data !== undefined ? { 'content-type': contentType, 'content-length': Buffer.byteLength(data) } : {}) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  }

  async json<T = any>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const r = await this.request(method, path, body, contentType);
    if (r.status < 200 || r.status >= 300) {
      let message = r.text;
      try {
        message = JSON.parse(r.text).message ?? r.text;
      } catch {
        /* not a Status */
      }
      throw new ApiError(r.status, `${method} ${path}: ${r.status} ${message}`, r.text);
    }
    return (r.text ? JSON.parse(r.text) : undefined) as T;
  }

  get<T = any>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  /** Server-side apply (force), as `kubectl apply --server-side --force-conflicts` would. */
  apply(obj: KubeObject, fieldManager = 'rollout-lens-upstream'): Promise<KubeObject> {
    const path = objectPath(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
    return this.json('PATCH', `${path}?fieldManager=${fieldManager}&force=true`, obj, 'application/apply-patch+yaml');
  }

  /** Applies `status` through the status subresource (server-side apply). */
  applyStatus(obj: KubeObject, fieldManager = 'rollout-lens-upstream'): Promise<KubeObject> {
    const path = objectPath(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name);
    return this.json('PATCH', `${path}/status?fieldManager=${fieldManager}&force=true`, obj, 'application/apply-patch+yaml');
  }

  mergePatch(apiVersion: string, kind: string, namespace: string | undefined, name: string, patch: unknown): Promise<KubeObject> {
    return this.json('PATCH', objectPath(apiVersion, kind, namespace, name), patch, 'application/merge-patch+json');
  }

  async getObject(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<any> {
    const r = await this.request('GET', objectPath(apiVersion, kind, namespace, name));
    if (r.status === 404) return undefined;
    if (r.status !== 200) throw new ApiError(r.status, `GET ${kind} ${namespace ?? ''}/${name}: ${r.status} ${r.text}`, r.text);
    return JSON.parse(r.text);
  }
}

/** Polls `probe` until it returns a truthy value, or fails naming `what` and the last error after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${typeof last === 'string' ? last : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
