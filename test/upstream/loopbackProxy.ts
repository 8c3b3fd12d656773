/**
 * An HTTPS proxy on 127.0.0.1 in front of an API server (either backend), for what a real API server
 * has no knob for and for watching what clients send:
 *
 * - faults, the same on both backends: the next N requests fail with a status (a Kubernetes Status
 *   body, as the API server answers), open watch streams are dropped cleanly (the response ends, as
 *   when the server's watch timeout fires) or abruptly (the client's socket is destroyed, as when a
 *   load balancer or the network cuts it), and every response is delayed;
 * - observation: every request is shown to `onRequest` before it is forwarded (the actions oracle
 *   records the writes of each tool).
 *
 * Clients connect with the cluster's own users: the Authorization header is forwarded as it came, so
 * authentication and RBAC are the API server's. The proxy's serving certificate is issued by the CA the
 * caller gives (upstream: the stack's own CA, so the proxy's kubeconfig differs from the stack's only
 * in the server address). Nothing here logs a header.
 */
import https from 'node:https';
import type http from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { createServingCertificates, issueServingCertificate, type ServingCertificates } from '../cluster/auth/tls';
import { kubeconfigYaml } from '../cluster/auth/kubeconfig';
import type { TestUser } from '../cluster/auth/rbac';
import type { ClusterBackend } from './backend';
import type { UpstreamCluster } from './stack/index';

export interface ProxiedRequest {
  method: string;
  /** Path and query, as the client sent them. */
  path: string;
  contentType: string;
  body: string;
}

export interface LoopbackProxyOptions {
  /** The API server's URL. */
  target: string;
  /** The CA the API server's certificate is checked against. */
  targetCa: string;
  /** The CA that issues the proxy's serving certificate; kubeconfigs for the proxy trust it. */
  ca: Pick<ServingCertificates, 'caCert' | 'caKey'>;
  onRequest?(r: ProxiedRequest): void;
}

interface OpenWatch {
  res: http.ServerResponse;
  upstream: http.ClientRequest;
  upstreamRes: http.IncomingMessage;
  /** Set while the proxy itself ends the stream, so that the upstream side's abort is not passed on. */
  dropping: boolean;
}

const isWatch = (pathAndQuery: string) => /[?&]watch=(1|true)(&|$)/.test(pathAndQuery) || /^\/apis?\/(.+\/)?watch\//.test(pathAndQuery);

// Connection-level headers belong to each hop (RFC 9110 7.6.1); the rest pass through unchanged.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'upgrade'];
const endToEnd = (h: http.IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).filter(([k]) => !HOP_BY_HOP.includes(k)));

export class LoopbackProxy {
  private server?: https.Server;
  private readonly agent: https.Agent;
  private readonly serving: ServingCertificates;
  private readonly watches = new Set<OpenWatch>();
  private readonly delayed = new Set<NodeJS.Timeout>();
  private failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  private latencyMs = 0;
  port = 0;

  constructor(private readonly o: LoopbackProxyOptions) {
    this.serving = issueServingCertificate(o.ca, { ips: ['127.0.0.1'], dns: ['localhost'] }, 'rollout-lens-loopback-proxy');
    this.agent = new https.Agent({ keepAlive: true, ca: o.targetCa });
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = https.createServer({ cert: this.serving.cert, key: this.serving.key }, (req, res) => this.receive(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The next `count` requests (of any kind, watches included) fail with `status`. */
  failNext(count: number, status = 500): void {
    this.failures = { remaining: count, status };
  }

  /** Delays every request by `ms` before it is forwarded (0 to stop), so every response comes that much later. */
  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  /** Watch streams the API server has answered and the client still reads. */
  get openWatches(): number {
    return this.watches.size;
  }

  /**
   * Ends every open watch stream; `abrupt` destroys the client's socket instead of ending the
   * response. The API server's side of each watch is cancelled either way. Returns how many.
   */
  dropWatches(abrupt: boolean): number {
    const open = [...this.watches];
    for (const w of open) {
      w.dropping = true;
      this.watches.delete(w);
      w.upstreamRes.unpipe(w.res);
      w.upstream.destroy();
      if (abrupt) w.res.socket?.destroy();
      else w.res.end();
    }
    return open.length;
  }

  /** A kubeconfig for the proxy: the cluster's users, tokens and context names, the proxy's address and CA. */
  writeKubeconfig(file: string, users: TestUser[]): void {
    fs.writeFileSync(file, kubeconfigYaml(this.url, this.o.ca.caCert, users), { mode: 0o600 });
  }

  async stop(): Promise<void> {
    for (const t of this.delayed) clearTimeout(t);
    this.delayed.clear();
    this.dropWatches(true);
    const server = this.server;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.agent.destroy();
  }

  private receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    let clientGone = false;
    res.on('close', () => (clientGone = true));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      this.o.onRequest?.({ method: req.method ?? 'GET', path: req.url ?? '/', contentType: String(req.headers['content-type'] ?? ''), body: body.toString('utf8') });
      if (this.latencyMs === 0) return this.answer(req, res, body);
      const timer = setTimeout(() => {
        this.delayed.delete(timer);
        // The client gave up while we were slow: nothing to forward.
        if (!clientGone) this.answer(req, res, body);
      }, this.latencyMs);
      this.delayed.add(timer);
    });
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    if (this.failures.remaining > 0) {
      this.failures.remaining--;
      const code = this.failures.status;
      const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Internal error occurred: injected by the loopback proxy', reason: code >= 500 ? 'InternalError' : 'BadRequest', code };
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(status));
      return;
    }
    const target = new URL(this.o.target);
    const pathAndQuery = req.url ?? '/';
    let upstreamDone = false;
    let watch: OpenWatch | undefined;
    const upstream = https.request({ hostname: target.hostname, port: target.port, path: pathAndQuery, method: req.method, headers: { ...endToEnd(req.headers), host: target.host }, agent: this.agent }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, endToEnd(upstreamRes.headers));
      // A watch's 200 comes long before its first event: the client counts the stream open at the head.
      res.flushHeaders();
      upstreamRes.on('end', () => (upstreamDone = true));
      // The API server cut the stream (a restart, its own timeout mid-chunk): the client sees a cut too.
      const cut = () => void (!watch?.dropping && res.destroy());
      upstreamRes.on('aborted', cut);
      upstreamRes.on('error', cut);
      if (upstreamRes.statusCode === 200 && isWatch(pathAndQuery)) {
        const w: OpenWatch = { res, upstream, upstreamRes, dropping: false };
        watch = w;
        this.watches.add(w);
        res.on('close', () => this.watches.delete(w));
      }
      upstreamRes.pipe(res);
    });
    upstream.on('error', (e) => {
      if (watch?.dropping) return;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`loopback proxy: ${e.message}`);
      else res.destroy();
    });
    // The client left (or the stream was dropped): the API server's side goes too.
    res.on('close', () => void (!upstreamDone && upstream.destroy()));
    upstream.end(body);
  }
}

/**
 * The proxy in front of a cluster of either backend. It checks the API server against the CA of the
 * cluster's kubeconfig (the contract both backends write). Its own certificate: upstream's from the
 * stack's CA; the fake keeps its CA key to itself, so a fresh CA there.
 */
export function loopbackProxyFor(cluster: ClusterBackend | UpstreamCluster, onRequest?: LoopbackProxyOptions['onRequest']): LoopbackProxy {
  const upstream = 'caKeyFile' in cluster ? cluster : cluster.upstream;
  const ca = upstream ? { caCert: upstream.caCert, caKey: fs.readFileSync(upstream.caKeyFile, 'utf8') } : createServingCertificates();
  return new LoopbackProxy({ target: cluster.url, targetCa: kubeconfigCa(cluster.kubeconfigPath), ca, onRequest });
}

function kubeconfigCa(kubeconfigPath: string): string {
  const config = parseYaml(fs.readFileSync(kubeconfigPath, 'utf8')) as { clusters?: { cluster?: Record<string, string> }[] };
  const data = config.clusters?.[0]?.cluster?.['certificate-authority-data'];
  if (!data) throw new Error(`${kubeconfigPath} has no certificate-authority-data for its first cluster`);
  return Buffer.from(data, 'base64').toString('utf8');
}
