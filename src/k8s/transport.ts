/**
 * The one place that sends HTTP to an API server. Authentication comes from @kubernetes/client-node
 * (`KubeConfig.applyToHTTPSOptions`: CA, client certificates, bearer tokens, exec credential plugins,
 * auth providers), asked again before every request so refreshed exec/OIDC credentials are used; the
 * bytes go through node:https so we control streaming, timeouts and accounting (the benchmark reports
 * requests and bytes). HTTP error statuses are returned, not thrown; only network failures throw
 * (as ApiError). Watch streams are newline-delimited JSON `{type, object}` events (the API server's
 * `?watch=1` protocol).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as crypto from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, errorFromNetwork, errorFromResponse } from './errors';

export interface KubeRequest {
  method?: string;
  /** Path and query, e.g. `/apis/argoproj.io/v1alpha1/rollouts?limit=500`. */
  path: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  contentType?: string;
  timeoutMs?: number;
}

export interface KubeResponse {
  status: number;
  body: string;
}

/**
 * One line of a watch stream as decoded: `object` is the changed object for ADDED/MODIFIED/DELETED,
 * one carrying only metadata.resourceVersion for BOOKMARK, a Status for ERROR. Nothing checks a
 * line's shape before the watcher does (resourceWatcher.ts), so `object` is unknown here.
 */
export interface WatchEvent {
  type: string;
  object: unknown;
}

export interface WatchHandlers {
  /** The server answered 200: the stream is open. */
  onOpen?(): void;
  onEvent(ev: WatchEvent): void;
  /** Exactly once: without an error when the server ended the stream normally. */
  onClose(err?: ApiError): void;
}

export interface WatchStream {
  abort(): void;
}

export interface TransportStats {
  requests: number;
  bytesIn: number;
  bytesOut: number;
}

export interface KubeTransport {
  readonly server: string;
  readonly stats: TransportStats;
  request(req: KubeRequest): Promise<KubeResponse>;
  watch(path: string, handlers: WatchHandlers, idleTimeoutMs?: number): WatchStream;
  dispose(): void;
}

export function parseJson<T = unknown>(res: KubeResponse): T {
  try {
    return JSON.parse(res.body) as T;
  } catch {
    throw new ApiError('other', `the API server answered HTTP ${res.status} with a body that is not JSON`, res.status);
  }
}

/** TLS material (PEM strings, Buffers, lists of them) as JSON-able values, for the agent cache key. */
function tlsMaterial(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  return Array.isArray(v) ? v.map(tlsMaterial) : v;
}

/** Throws the classified ApiError unless the response is 2xx. */
export function ensureOk(res: KubeResponse): KubeResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw errorFromResponse(res.status, res.body);
}

type Prepared = { mod: typeof https | typeof http; options: https.RequestOptions };

export function createTransport(kc: KubeConfig): KubeTransport {
  const cluster = kc.getCurrentCluster();
  const server = cluster?.server?.replace(/\/+$/, '') ?? '';
  const stats: TransportStats = { requests: 0, bytesIn: 0, bytesOut: 0 };
  const agents = new Map<string, http.Agent>();
  const live = new Set<http.ClientRequest>();
  let disposed = false;

  async function prepare(method: string, path: string, headers: Record<string, string>): Promise<Prepared> {
    if (!server) throw new ApiError('other', 'the context has no cluster server URL');
    const opts: https.RequestOptions & { headers: http.OutgoingHttpHeaders } = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (err) {
      // Exec plugin failures and unreadable certificate files land here; their messages carry no secrets
      // we add, but may carry plugin stderr: classified as an authentication problem.
      throw new ApiError('unauthorized', `could not obtain credentials: ${(err as Error).message ?? String(err)}`.slice(0, 500));
    }
    const url = new URL(server + path);
    const isHttps = url.protocol === 'https:';
    let agent = opts.agent as http.Agent | undefined;
    if (!cluster?.proxyUrl) {
      // Our own keep-alive agent, reused while the TLS material is the same (client-node makes a new
      // agent per call, which would cost a TLS handshake per request).
      const key = crypto
        .createHash('sha1')
        .update(JSON.stringify([tlsMaterial(opts.ca), tlsMaterial(opts.cert), tlsMaterial(opts.key), opts.rejectUnauthorized, opts.servername, isHttps]))
        .digest('hex');
      agent = agents.get(key);
      if (!agent) {
        agent = isHttps
          ? new https.Agent({ keepAlive: true, ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase, rejectUnauthorized: opts.rejectUnauthorized, servername: opts.servername })
          : new http.Agent({ keepAlive: true });
        agents.set(key, agent);
      }
    }
    const auth = (opts as { auth?: string }).auth;
    if (auth) opts.headers.Authorization = 'Basic ' + Buffer.from(auth).toString('base64');
    return {
      mod: isHttps ? https : http,
      options: {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (isHttps ? 443 : 80),
        path: url.pathname + url.search,
        method,
        agent,
        headers: { ...opts.headers, Accept: 'application/json', 'User-Agent': 'rollout-lens', ...headers },
      },
    };
  }

  return {
    server,
    stats,
    async request(req) {
      if (disposed) throw new ApiError('other', 'the connection was closed');
      const method = req.method ?? 'GET';
      const payload = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      const headers: Record<string, string> = {};
      if (payload !== undefined) {
        headers['Content-Type'] = req.contentType ?? 'application/json';
        headers['Content-Length'] = String(Buffer.byteLength(payload));
      }
      const p = await prepare(method, req.path, headers);
      return new Promise<KubeResponse>((resolve, reject) => {
        stats.requests++;
        const r = p.mod.request(p.options, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => {
            stats.bytesIn += c.length;
            chunks.push(c);
          });
          res.on('end', () => {
            live.delete(r);
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.on('error', (err) => {
            live.delete(r);
            reject(errorFromNetwork(err));
          });
        });
        live.add(r);
        r.setTimeout(req.timeoutMs ?? 30_000, () => r.destroy(Object.assign(new Error(`no answer within ${req.timeoutMs ?? 30_000} ms`), { code: 'ETIMEDOUT' })));
        r.on('error', (err) => {
          live.delete(r);
          reject(errorFromNetwork(err));
        });
        if (payload !== undefined) {
          stats.bytesOut += Buffer.byteLength(payload);
          r.write(payload);
        }
        r.end();
      });
    },
    watch(path, handlers, idleTimeoutMs = 330_000) {
      let closed = false;
      let req: http.ClientRequest | undefined;
      let aborted = false;
      const close = (err?: ApiError) => {
        if (closed) return;
        closed = true;
        if (req) live.delete(req);
        req?.destroy();
        if (!aborted) handlers.onClose(err);
      };
      prepare('GET', path, {}).then(
        (p) => {
          if (aborted || disposed) return close();
          stats.requests++;
          req = p.mod.request(p.options, (res) => {
            const status = res.statusCode ?? 0;
            if (status !== 200) {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => close(errorFromResponse(status, Buffer.concat(chunks).toString('utf8'))));
              res.on('error', (e) => close(errorFromNetwork(e)));
              return;
            }
            handlers.onOpen?.();
            let buf = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              stats.bytesIn += Buffer.byteLength(chunk);
              buf += chunk;
              let nl: number;
              while ((nl = buf.indexOf('\n')) >= 0 && !closed) {
                const line = buf.slice(0, nl).trim();
                buf = buf.slice(nl + 1);
                if (!line) continue;
                let ev: WatchEvent;
                try {
                  ev = JSON.parse(line) as WatchEvent;
                } catch {
                  close(new ApiError('other', 'the watch stream sent a line that is not JSON'));
                  return;
                }
                handlers.onEvent(ev);
              }
            });
            res.on('end', () => close());
            res.on('aborted', () => close(new ApiError('unreachable', 'the watch connection was cut', undefined, undefined, 'ECONNRESET')));
            res.on('error', (e) => close(errorFromNetwork(e)));
          });
          live.add(req);
          req.on('socket', (s) => s.setKeepAlive(true, 30_000));
          // A silent network (no bytes, no FIN) would otherwise hang forever: the server sends
          // bookmarks or closes at timeoutSeconds, so a long silence means the connection is dead.
          req.setTimeout(idleTimeoutMs, () => req?.destroy(Object.assign(new Error('the watch went silent'), { code: 'ETIMEDOUT' })));
          req.on('error', (e) => close(errorFromNetwork(e)));
          req.end();
        },
        (err) => close(errorFromNetwork(err)),
      );
      return {
        abort() {
          aborted = true;
          closed = true;
          if (req) live.delete(req);
          req?.destroy();
        },
      };
    },
    dispose() {
      disposed = true;
      for (const r of live) r.destroy();
      live.clear();
      for (const a of agents.values()) a.destroy();
      agents.clear();
    },
  };
}
