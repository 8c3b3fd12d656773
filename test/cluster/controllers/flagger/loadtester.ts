/**
 * A simulated Flagger loadtester (upstream `pkg/loadtester/server.go`, `gate.go`, `authorizer.go`),
 * with exactly the HTTP surface `ListenAndServe` registers there:
 *
 * - no handler checks the method; gate endpoints decode a `CanaryWebhookPayload` (JSON) and answer
 *   400 with an empty body when the body is not valid JSON for it;
 * - gate state is an in-memory map (upstream `sync.Map`, "in-memory" backend) keyed
 *   `<name>.<namespace>` for gates and `rollback.<name>.<namespace>` for rollbacks; reading an
 *   unknown key stores it as closed (`LoadOrStore(key, false)`);
 * - `/gate/check` and `/rollback/check`: 200 "Approved" when open, else 403 "Forbidden";
 *   `/gate/open|close`, `/rollback/open|close`: 202 with an empty body; `/gate/approve`: 200 "OK";
 *   `/gate/halt`: 403 "Forbidden"; `/healthz`: 200 "OK"; `/metrics`: Prometheus text;
 * - any other path is the task runner: no `metadata` → 400 "metadata not found in payload", an
 *   unknown `metadata.type` → 400 "unknown task type <t>", blocking types (bash, helm, helmv3,
 *   kubectl, concord) → 200 (commands are NOT executed here; the output is empty), queued types
 *   (cmd, the default, and ngrinder) → 202;
 * - with `namespaceRegexp` set, a payload whose namespace does not match gets 403 "Forbidden".
 *
 * It is reached two ways, like the real one: over the API server's service proxy
 * (`/api/v1/namespaces/test/services/flagger-loadtester:80/proxy/gate/open`), and by the simulated
 * Flagger controller calling the webhook URLs in a Canary (`http://flagger-loadtester.test/gate/check`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ObjectStore } from '../../store/objectStore';
import { GVR } from '../kube';

export const LOADTESTER_SERVICE = { namespace: 'test', name: 'flagger-loadtester', port: 80 } as const;

export interface ServiceProxyRequest {
  method: string;
  /** Path after `/proxy`, starting with '/', with any query string. */
  path: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
}

export interface ServiceProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type ServiceProxyHandler = ((req: IncomingMessage, res: ServerResponse, path: string) => void) & {
  /** The same handler without sockets (named so it does not shadow Function.prototype.call). */
  invoke(req: ServiceProxyRequest): ServiceProxyResponse;
};

const BLOCKING_TASKS = new Set(['bash', 'helm', 'helmv3', 'kubectl', 'concord']);
const QUEUED_TASKS = new Set(['cmd', 'ngrinder']);

interface Payload {
  name?: string;
  namespace?: string;
  phase?: string;
  checksum?: string;
  metadata?: Record<string, string>;
}

export class Loadtester {
  /** Upstream's GateStorage: key → open. */
  private readonly gates = new Map<string, boolean>();
  /** Every request served, newest last (tests assert what Flagger and the extension sent). */
  readonly requests: { method: string; path: string; body: string; status: number }[] = [];
  queuedTasks = 0;

  constructor(private readonly namespaceRegexp?: RegExp) {}

  isGateOpen(name: string, namespace: string): boolean {
    return this.gates.get(`${name}.${namespace}`) ?? false;
  }

  isRollbackOpen(name: string, namespace: string): boolean {
    return this.gates.get(`rollback.${name}.${namespace}`) ?? false;
  }

  /** Handles one request; the answer is what the Go server writes. */
  call(req: ServiceProxyRequest): ServiceProxyResponse {
    const path = (req.path || '/').split('?')[0];
    const body = req.body === undefined ? '' : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : req.body;
    const res = this.route(path, body);
    this.requests.push({ method: req.method, path, body, status: res.status });
    if (this.requests.length > 1000) this.requests.splice(0, this.requests.length - 1000);
    return res;
  }

  proxyHandler(): ServiceProxyHandler {
    const handler = ((req: IncomingMessage, res: ServerResponse, path: string) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('error', () => {
        res.statusCode = 400;
        res.end();
      });
      req.on('end', () => {
        const out = this.call({ method: req.method ?? 'GET', path: path || req.url || '/', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(out.status, out.headers);
        res.end(out.body);
      });
    }) as ServiceProxyHandler;
    handler.invoke = (r: ServiceProxyRequest) => this.call(r);
    return handler;
  }

  private route(path: string, body: string): ServiceProxyResponse {
    switch (path) {
      case '/healthz':
      case '/gate/approve':
        return text(200, 'OK');
      case '/gate/halt':
        return text(403, 'Forbidden');
      case '/metrics':
        return text(200, `# HELP flagger_loadtester_info Simulated loadtester\n# TYPE flagger_loadtester_info gauge\nflagger_loadtester_info 1\n`, 'text/plain; version=0.0.4; charset=utf-8');
      case '/gate/check':
      case '/gate/open':
      case '/gate/close':
      case '/rollback/check':
      case '/rollback/open':
      case '/rollback/close': {
        const payload = decode(body);
        if (!payload) return empty(400);
        if (!this.authorized(payload)) return text(403, 'Forbidden');
        const key = path.startsWith('/rollback/') ? `rollback.${payload.name ?? ''}.${payload.namespace ?? ''}` : `${payload.name ?? ''}.${payload.namespace ?? ''}`;
        if (path.endsWith('/check')) {
          if (!this.gates.has(key)) this.gates.set(key, false);
          return this.gates.get(key) ? text(200, 'Approved') : text(403, 'Forbidden');
        }
        this.gates.set(key, path.endsWith('/open'));
        return empty(202);
      }
      default: {
        const payload = decode(body);
        if (!payload) return empty(400);
        if (!this.authorized(payload)) return text(403, 'Forbidden');
        if (!payload.metadata) return text(400, 'metadata not found in payload');
        const type = payload.metadata.type ?? 'cmd';
        if (BLOCKING_TASKS.has(type)) return empty(200);
        if (QUEUED_TASKS.has(type)) {
          this.queuedTasks++;
          return empty(202);
        }
        return text(400, `unknown task type ${type}`);
      }
    }
  }

  private authorized(p: Payload): boolean {
    return !this.namespaceRegexp || this.namespaceRegexp.test(p.namespace ?? '');
  }
}

/** Go's json.Unmarshal into CanaryWebhookPayload: any JSON object whose known fields have the right types. */
function decode(body: string): Payload | undefined {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) return undefined;
  const p = v as Record<string, unknown>;
  for (const k of ['name', 'namespace', 'phase', 'checksum']) if (p[k] !== undefined && p[k] !== null && typeof p[k] !== 'string') return undefined;
  if (p.metadata !== undefined && p.metadata !== null) {
    if (typeof p.metadata !== 'object' || Array.isArray(p.metadata)) return undefined;
    if (Object.values(p.metadata).some((x) => typeof x !== 'string')) return undefined;
  }
  return p;
}

function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): ServiceProxyResponse {
  const buf = Buffer.from(body, 'utf8');
  return { status, headers: { 'content-type': contentType, 'content-length': String(buf.length) }, body: buf };
}

function empty(status: number): ServiceProxyResponse {
  return { status, headers: { 'content-length': '0' }, body: Buffer.alloc(0) };
}

/** The loadtester's Service object, so `kubectl get svc -n test` and the proxy see it as on a real cluster. */
export function ensureLoadtesterService(store: ObjectStore): void {
  const { namespace, name, port } = LOADTESTER_SERVICE;
  if (store.get(GVR.services, namespace, name)) return;
  store.create(GVR.services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { app: name } },
    spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ name: 'http', port, protocol: 'TCP', targetPort: 'http' }] },
  });
}
