/**
 * The test API server: HTTPS on loopback, answering what kubectl and @kubernetes/client-node send, in
 * the order kube-apiserver's handler chain does (`k8s.io/apiserver/pkg/server/config.go`
 * DefaultBuildHandlerChain): injected faults, authentication (bearer tokens; 401 Status), request info,
 * authorization (RBAC; 403 Status with the upstream message), then routing to discovery, access
 * reviews, the service proxy or the REST handlers. Every error is a `Status` body.
 */
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parse as parseYaml } from 'yaml';
import type { Clock } from '../store/objectStore';
import type { MemoryStore } from '../store/memoryStore';
import { AGGREGATED_CONTENT_TYPE, VERSION_INFO, aggregated, coreVersions, group, groupList, resourceList, wantsAggregated } from './discovery';
import type { Faults } from './faults';
import { openapiGroupVersion, openapiRoot, parseOpenapiPath } from './openapi';
import { PROTOBUF_CONTENT_TYPE, decodeProtobufObject } from './protobuf';
import { ServiceProxies, parseServiceName } from './proxy';
import { Authorizer, forbidden, type TestUser } from '../auth/rbac';
import { requestInfo, type RequestInfo } from './requestInfo';
import { accessReview, rulesReview } from '../auth/reviews';
import { ResourceHandlers, parseSelectors } from './resourceHandlers';
import type { ResourceRegistry } from './resources';
import { StatusError } from '../store/storeErrors';
import { tableRow, tableColumns, wantsTable, type IncludeObject } from './table';
import type { ServingCertificates } from '../auth/tls';
import { WatchHub } from '../store/watch';

export interface ApiServerOptions {
  store: MemoryStore;
  /** The types served (built-ins plus the installed engines). */
  registry: ResourceRegistry;
  users: TestUser[];
  faults: Faults;
  proxies: ServiceProxies;
  certificates: ServingCertificates;
  clock?: Pick<Clock, 'now'>;
  port?: number;
  /** How often watches that allow bookmarks get one (ms; real servers: about a minute). */
  bookmarkIntervalMs?: number;
  /** A watch without timeoutSeconds ends after this long (real servers: 30–60 minutes). */
  defaultWatchTimeoutSeconds?: number;
  /** Serve aggregated discovery when asked (default true); false forces clients onto legacy discovery. */
  aggregatedDiscovery?: boolean;
  /** Handles `/_faults/...` for the standalone server; only the admin user may call it. */
  adminRoutes?: (path: string, body: unknown) => unknown;
  /** Called when each response finishes (watches: when the stream ends). */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  method: string;
  /** Path and query. */
  url: string;
  status: number;
  /** Body bytes sent (headers excluded). */
  bytes: number;
  watch: boolean;
}

const MAX_BODY = 3 * 1024 * 1024; // kube-apiserver's default request size limit

export class ApiServer {
  private server?: https.Server;
  private readonly sockets = new Set<Socket>();
  readonly watches: WatchHub;
  readonly authorizer: Authorizer;
  private readonly handlers: ResourceHandlers;
  private boundPort = 0;

  constructor(private readonly o: ApiServerOptions) {
    this.watches = new WatchHub(o.store, o.bookmarkIntervalMs ?? 60_000);
    this.authorizer = new Authorizer(o.users);
    this.handlers = new ResourceHandlers(o.store);
    o.faults.attach({
      dropWatches: (abrupt) => this.watches.dropAll(abrupt),
      forbidNamespace: (ns, user) => this.authorizer.forbidNamespace(ns, user),
      allowNamespace: (ns) => this.authorizer.allowNamespace(ns),
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `https://127.0.0.1:${this.boundPort}`;
  }

  async start(): Promise<void> {
    const server = https.createServer({ cert: this.o.certificates.cert, key: this.o.certificates.key }, (req, res) => {
      this.count(req, res);
      this.handle(req, res).catch((err) => this.fail(res, err));
    });
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as AddressInfo).port;
  }

  /** Stops listening and cuts every connection (open watches end abruptly, as when a server dies). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.watches.dropAll(true);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Counts body bytes and reports the request when its response is over (for benchmarks and debugging). */
  private count(req: IncomingMessage, res: ServerResponse): void {
    const report = this.o.onRequest;
    if (!report) return;
    let bytes = 0;
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
    const size = (chunk: unknown) => (typeof chunk === 'string' ? Buffer.byteLength(chunk) : Buffer.isBuffer(chunk) ? chunk.length : 0);
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      bytes += size(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') bytes += size(chunk);
      return end(chunk, ...rest);
    }) as typeof res.end;
    let reported = false;
    const done = () => {
      if (reported) return;
      reported = true;
      const url = req.url ?? '/';
      report({ method: req.method ?? 'GET', url, status: res.statusCode, bytes, watch: /[?&]watch=(true|1)(&|$)/.test(url) });
    };
    res.on('finish', done);
    res.on('close', done);
  }

  private now(): Date {
    return this.o.clock?.now() ?? new Date();
  }

  private send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json', warnings: string[] = []): void {
    if (res.headersSent) {
      res.end();
      return;
    }
    const payload = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': contentType,
      'Cache-Control': 'no-cache, private',
      'Content-Length': Buffer.byteLength(payload),
      ...(warnings.length ? { Warning: warnings } : {}),
    });
    res.end(payload);
  }

  private fail(res: ServerResponse, err: unknown): void {
    const e = err instanceof StatusError ? err : new StatusError(500, 'InternalError', `Internal error occurred: ${(err as Error)?.message ?? String(err)}`);
    if (!(err instanceof StatusError)) console.error('[test-apiserver] internal error:', err);
    this.send(res, e.code, e.toStatus());
  }

  private async readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) throw new StatusError(413, 'BadRequest', 'the request body is too large');
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  }

  private parseBody(raw: Buffer, contentType: string): unknown {
    if (raw.length === 0) return undefined;
    const text = raw.toString('utf8');
    try {
      return /yaml/.test(contentType) ? parseYaml(text) : JSON.parse(text);
    } catch (e) {
      throw new StatusError(400, 'BadRequest', `error decoding request body: ${(e as Error).message}`);
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = req.method ?? 'GET';
    const faults = this.o.faults;
    if (faults.latency > 0) {
      await new Promise((r) => setTimeout(r, faults.latency));
      if (req.destroyed || res.destroyed) return; // the client gave up while we were slow
    }
    const injected = faults.takeFailure(method, `${url.pathname}${url.search}`);
    if (injected !== undefined) {
      throw new StatusError(injected, injected === 503 ? 'ServiceUnavailable' : injected === 504 ? 'Timeout' : 'InternalError', injected >= 500 ? 'Internal error occurred: injected fault' : 'injected fault');
    }

    // Authentication: a bearer token that maps to a user and has not been expired by a fault.
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
    const user = token && !faults.isExpired(token) ? this.authorizer.userForToken(token) : undefined;
    if (!user) throw new StatusError(401, 'Unauthorized', 'Unauthorized');

    const info = requestInfo(method, url);
    if (!info.isResource) return this.nonResource(req, res, url, info, user);

    const attrs = { verb: info.verb, group: info.group, resource: info.resource, subresource: info.subresource, namespace: info.namespace, name: info.name };
    if (!this.authorizer.allows(user, attrs)) throw forbidden(user, attrs);

    const type = this.o.registry.get({ group: info.group, resource: info.resource });
    if (!type || type.version !== info.version) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
    if (type.namespaced === false && info.namespace && info.resource !== 'namespaces') throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');

    if (info.group === 'authorization.k8s.io' && (info.resource === 'selfsubjectaccessreviews' || info.resource === 'selfsubjectrulesreviews')) {
      if (info.verb !== 'create') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const ct = req.headers['content-type'] ?? '';
      const raw = await this.readBody(req);
      const body = ct.startsWith(PROTOBUF_CONTENT_TYPE) ? decodeProtobufObject(raw) : this.parseBody(raw, ct);
      return this.send(res, 201, info.resource === 'selfsubjectaccessreviews' ? accessReview(this.authorizer, user, body) : rulesReview(this.authorizer, user, body));
    }
    if (info.group === '' && info.resource === 'services' && info.subresource === 'proxy' && info.name && info.namespace) {
      const { name: svcName, port } = parseServiceName(info.name);
      const service = this.o.store.get({ group: '', version: 'v1', resource: 'services' }, info.namespace, svcName);
      if (!service) throw new StatusError(404, 'NotFound', `services "${svcName}" not found`);
      // A named port means the Service's port of that name, as the real proxy resolves it.
      const named = port && !/^\d+$/.test(port) ? (service.spec?.ports ?? []).find((p: { name?: string }) => p.name === port) : undefined;
      const target = named ? `${svcName}:${named.port}` : info.name;
      return this.o.proxies.forward(req, res, info.namespace, target, `/${info.rest.join('/')}`, url.search.slice(1));
    }

    const accept = req.headers.accept;
    const asTable = wantsTable(accept);
    if (info.verb === 'watch') {
      const selectors = parseSelectors(url.searchParams, type);
      let fields = selectors.fields;
      if (info.name) {
        const only = info.name;
        const base = fields;
        fields = (o) => o.metadata.name === only && base(o);
      }
      const include = (url.searchParams.get('includeObject') as IncludeObject | null) ?? 'Metadata';
      const now = () => this.now();
      const timeout = Number(url.searchParams.get('timeoutSeconds') ?? 0) || (this.o.defaultWatchTimeoutSeconds ?? 1800);
      return this.watches.serve(req, res, {
        type,
        namespace: type.namespaced ? info.namespace : undefined,
        labels: selectors.labels,
        fields,
        resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
        sendInitialEvents: url.searchParams.get('sendInitialEvents') === 'true',
        allowBookmarks: url.searchParams.get('allowWatchBookmarks') === 'true',
        timeoutSeconds: timeout,
        encode: asTable
          ? (obj, first) => ({
              kind: 'Table',
              apiVersion: 'meta.k8s.io/v1',
              metadata: { resourceVersion: obj.metadata.resourceVersion },
              columnDefinitions: first ? tableColumns(type) : null,
              rows: [tableRow(type, obj, now(), include)],
            })
          : (obj) => obj,
      });
    }

    const contentType = req.headers['content-type'] ?? '';
    const raw = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? await this.readBody(req) : Buffer.alloc(0);
    const body = contentType.startsWith(PROTOBUF_CONTENT_TYPE) ? decodeProtobufObject(raw) : this.parseBody(raw, contentType);
    const answer = this.handlers.handle({
      type,
      verb: info.verb,
      // A namespace's own "namespace" attribute is for authorization only: the object is cluster-scoped.
      namespace: type.namespaced ? info.namespace : undefined,
      name: info.name,
      subresource: info.subresource,
      query: url.searchParams,
      contentType,
      body,
      asTable: asTable && (info.verb === 'list' || (info.verb === 'get' && !info.subresource)),
      now: this.now(),
    });
    this.send(res, answer.status, answer.body, 'application/json', answer.warnings);
  }

  private nonResource(req: IncomingMessage, res: ServerResponse, url: URL, info: RequestInfo, user: TestUser): void | Promise<void> {
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const registry = this.o.registry;
    const aggregatedOk = (this.o.aggregatedDiscovery ?? true) && wantsAggregated(req.headers.accept);
    if (path.startsWith('/_faults/')) {
      if (!this.o.adminRoutes || !user.rules.some((r) => r.verbs.includes('*') && r.resources.includes('*'))) throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
      return this.readBody(req).then((raw) => this.send(res, 200, this.o.adminRoutes!(path.slice('/_faults/'.length), this.parseBody(raw, 'application/json'))));
    }
    if (info.verb !== 'get') throw new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    if (path === '/version') return this.send(res, 200, VERSION_INFO);
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('ok');
      return;
    }
    if (path === '/api') return aggregatedOk ? this.send(res, 200, aggregated(registry, true), AGGREGATED_CONTENT_TYPE) : this.send(res, 200, coreVersions(`127.0.0.1:${this.port}`));
    if (path === '/apis') return aggregatedOk ? this.send(res, 200, aggregated(registry, false), AGGREGATED_CONTENT_TYPE) : this.send(res, 200, groupList(registry));
    if (path === '/openapi/v3') return this.send(res, 200, openapiRoot(registry));
    const oa = parseOpenapiPath(path);
    if (oa) {
      const doc = openapiGroupVersion(registry, oa[0], oa[1]);
      if (doc) return this.send(res, 200, doc);
    }
    let m = /^\/api\/([^/]+)$/.exec(path);
    if (m) {
      const list = resourceList(registry, '', m[1]);
      if (list) return this.send(res, 200, list);
    }
    m = /^\/apis\/([^/]+)$/.exec(path);
    if (m) {
      const g = group(registry, m[1]);
      if (g) return this.send(res, 200, g);
    }
    m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) {
      const list = resourceList(registry, m[1], m[2]);
      if (list) return this.send(res, 200, list);
    }
    throw new StatusError(404, 'NotFound', 'the server could not find the requested resource');
  }
}
