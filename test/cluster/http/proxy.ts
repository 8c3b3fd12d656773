/**
 * The API server's service proxy, `/api/v1/namespaces/{ns}/services/{name}[:port]/proxy/{path}`
 * (`pkg/registry/core/service/proxy.go`): the request, minus the prefix, goes to the service and the
 * answer comes back unchanged. Here a "service" is either an in-process handler (the simulated Flagger
 * loadtester registers one) or a loopback URL. The name may carry a port (`svc:80`, `svc:http`,
 * `http:svc:80`); a service without a registered backend answers 503 "no endpoints available", as a
 * real Service without ready endpoints does.
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '../store/storeErrors';

export interface ProxyRequest {
  method: string;
  /** The path after `/proxy` (always starting with `/`). */
  path: string;
  /** The query string without `?` (may be empty). */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface ProxyResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: string | Buffer | object;
}

/** A handler that takes the request as data and returns the answer. */
export type ServiceProxyHandler = (req: ProxyRequest) => ProxyResponse | Promise<ProxyResponse>;

/**
 * A node-style handler that answers on the response itself (what the simulated loadtester offers);
 * `path` is the path after `/proxy` with the query string. Told apart from `ServiceProxyHandler` by
 * arity (it declares at least `req, res`).
 */
export type ServiceProxyNodeHandler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

export type ServiceProxyTarget = ServiceProxyHandler | ServiceProxyNodeHandler | { url: string };

interface Registration {
  namespace: string;
  name: string;
  port?: string;
  target: ServiceProxyTarget;
}

/** `svc`, `svc:80`, `svc:http`, `https:svc:443` → name and port. */
export function parseServiceName(raw: string): { name: string; port?: string } {
  const parts = decodeURIComponent(raw).split(':');
  if (parts.length === 3) return { name: parts[1], port: parts[2] || undefined };
  if (parts.length === 2) return { name: parts[0], port: parts[1] || undefined };
  return { name: parts[0] };
}

export class ServiceProxies {
  private registrations: Registration[] = [];

  register(namespace: string, name: string, port: number | string | undefined, target: ServiceProxyTarget): () => void {
    const r: Registration = { namespace, name, port: port === undefined ? undefined : String(port), target };
    this.registrations.push(r);
    return () => void (this.registrations = this.registrations.filter((x) => x !== r));
  }

  find(namespace: string, name: string, port: string | undefined): Registration | undefined {
    const candidates = this.registrations.filter((r) => r.namespace === namespace && r.name === name);
    if (port === undefined) return candidates.length === 1 ? candidates[0] : candidates.find((r) => r.port === undefined);
    return candidates.find((r) => r.port === port || r.port === undefined);
  }

  async forward(req: IncomingMessage, res: ServerResponse, namespace: string, rawName: string, path: string, query: string): Promise<void> {
    const { name, port } = parseServiceName(rawName);
    const reg = this.find(namespace, name, port);
    if (!reg) throw new StatusError(503, 'ServiceUnavailable', `no endpoints available for service "${rawName}"`);
    const target = reg.target;
    if (typeof target === 'function' && target.length >= 2) {
      (target as ServiceProxyNodeHandler)(req, res, `${path || '/'}${query ? `?${query}` : ''}`);
      return;
    }
    const body = await readAll(req);
    if (typeof target === 'function') {
      let answer: ProxyResponse;
      try {
        answer = await (target as ServiceProxyHandler)({ method: req.method ?? 'GET', path: path || '/', query, headers: req.headers, body });
      } catch (err) {
        throw new StatusError(503, 'ServiceUnavailable', `error trying to reach service: ${(err as Error).message}`);
      }
      const isObject = answer.body !== undefined && typeof answer.body === 'object' && !Buffer.isBuffer(answer.body);
      const payload = answer.body === undefined ? '' : isObject ? JSON.stringify(answer.body) : (answer.body as string | Buffer);
      res.writeHead(answer.status, { ...(isObject ? { 'Content-Type': 'application/json' } : {}), ...(answer.headers ?? {}) });
      res.end(payload);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const url = new URL(`${path || '/'}${query ? `?${query}` : ''}`, target.url);
      const headers = { ...req.headers };
      delete headers.authorization; // the API server never forwards the caller's credentials
      delete headers.host;
      const out = http.request(url, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', reject);
      });
      out.on('error', (err) => reject(new StatusError(503, 'ServiceUnavailable', `error trying to reach service: ${err.message}`)));
      out.end(body);
    });
  }
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
