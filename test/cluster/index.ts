/**
 * `startTestCluster`: the test API server, its store, users, kubeconfig and (optionally) the simulated
 * controllers, as one handle for tests, benchmarks, the VS Code harness and `npm run cluster`.
 *
 * Lifetimes: the store, faults, service proxies and certificates belong to the cluster and survive
 * `restart()` (unless the store is dropped); the HTTPS server and its watches belong to one run. A
 * restart keeps the port, so clients reconnect to the same kubeconfig.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../src/core/kinds';
import { installCrds } from './store/crds';
import { Faults } from './http/faults';
import { loadFixtures, type FixtureReport } from './fixtures';
import { contextName, writeKubeconfig } from './auth/kubeconfig';
import { MemoryStore } from './store/memoryStore';
import type { Clock } from './store/objectStore';
import { ServiceProxies, type ServiceProxyTarget } from './http/proxy';
import { ADMIN_RULES, VIEW_RULES, type PolicyRule, type TestUser } from './auth/rbac';
import { ResourceRegistry } from './http/resources';
import { ApiServer, type RequestLogEntry } from './http/server';

export type { RequestLogEntry } from './http/server';
import { badRequest } from './store/storeErrors';
import { createServingCertificates } from './auth/tls';

export interface TestUserSpec {
  name: string;
  rules: PolicyRule[];
  /** Default: a random token. */
  token?: string;
}

export interface TestClusterOptions {
  /** Default: a free port. */
  port?: number;
  /** Load every object in this folder before serving (see fixtures.ts). */
  fixturesDir?: string;
  /** Start the simulated controllers (test/cluster/controllers). Default false. */
  controllers?: boolean;
  /** A named scenario from test/cluster/scenarios (seeds objects; needs that module). */
  scenario?: string;
  /** The controllers' clock and the clock for creationTimestamps and ages. Default: real time. */
  clock?: Clock;
  /** Which engines are installed (CRDs served). Default both; [] for a cluster without either. */
  engines?: Engine[];
  /** Where to write the kubeconfig. Default: a fresh temp dir. */
  kubeconfigPath?: string;
  /** Users, each with a context. Default: `admin` (everything) and `viewer` (get/list/watch). */
  users?: TestUserSpec[];
  /** Bookmark interval for watches with allowWatchBookmarks (default 60 s). */
  bookmarkIntervalMs?: number;
  /** Watches without timeoutSeconds end after this long (default 1800 s). */
  defaultWatchTimeoutSeconds?: number;
  /** Events a watch can resume across before 410 Gone (default 5000). */
  historyLimit?: number;
  /** Serve aggregated discovery (default true). */
  aggregatedDiscovery?: boolean;
  /** Expose fault injection at POST /_faults/<name> for the admin user (standalone server). */
  faultEndpoint?: boolean;
  /** Every finished request (method, url, status, body bytes): for benchmarks and debugging. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RestartOptions {
  /** Keep the objects (default true). false: the server comes back empty (CRDs and namespaces reinstalled). */
  keepStore?: boolean;
  /** Keep the watch history (default false: clients resuming from an old resourceVersion get 410). */
  keepHistory?: boolean;
  /** Stay down this long before listening again (default 0). */
  downMs?: number;
}

export interface TestCluster {
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  /** The admin context (current in the kubeconfig). */
  readonly contextName: string;
  /** The admin user's token. */
  readonly token: string;
  readonly users: readonly TestUser[];
  /** The current store (a restart without keepStore replaces it). */
  readonly store: MemoryStore;
  readonly faults: Faults;
  readonly registry: ResourceRegistry;
  readonly fixtures?: FixtureReport;
  /** What startControllers returned, when controllers run. */
  readonly controllers?: unknown;
  /** The context that authenticates as `userName`. */
  contextFor(userName: string): string;
  tokenFor(userName: string): string;
  /** Serve `/api/v1/namespaces/{ns}/services/{name}[:port]/proxy/...` from `target`; creates the Service if missing. */
  registerServiceProxy(namespace: string, name: string, port: number | string | undefined, target: ServiceProxyTarget): () => void;
  restart(options?: RestartOptions): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_USERS: TestUserSpec[] = [
  { name: 'admin', rules: ADMIN_RULES },
  { name: 'viewer', rules: VIEW_RULES },
];

const SERVICES = { group: '', version: 'v1', resource: 'services' };
const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };

interface ControllersHandle {
  stop(): void;
}

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const engines = options.engines ?? ['argo', 'flagger'];
  const registry = new ResourceRegistry(engines);
  const users: TestUser[] = (options.users ?? DEFAULT_USERS).map((u) => ({ name: u.name, rules: u.rules, token: u.token ?? crypto.randomBytes(24).toString('base64url') }));
  if (users.length === 0) throw new Error('startTestCluster: at least one user is required');
  const certificates = createServingCertificates();
  const faults = new Faults();
  const proxies = new ServiceProxies();
  const clock = options.clock;
  const ownsKubeconfigDir = !options.kubeconfigPath;
  const kubeconfigPath = options.kubeconfigPath ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-cluster-')), 'kubeconfig');

  const newStore = (initialResourceVersion?: number) => {
    // The store knows every kind (controllers may write any); the server serves only installed engines.
    const s = new MemoryStore({ clock, historyLimit: options.historyLimit, initialResourceVersion });
    for (const ns of ['default', 'kube-system']) s.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    installCrds(s, registry.custom());
    return s;
  };

  let store = newStore();
  const fixtures = options.fixturesDir ? loadFixtures(store, options.fixturesDir) : undefined;
  let scenario = options.scenario ? await applyScenario(options.scenario, store, clock) : undefined;

  const makeServer = (port?: number) =>
    new ApiServer({
      store,
      registry,
      users,
      faults,
      proxies,
      certificates,
      clock,
      port,
      bookmarkIntervalMs: options.bookmarkIntervalMs,
      defaultWatchTimeoutSeconds: options.defaultWatchTimeoutSeconds,
      aggregatedDiscovery: options.aggregatedDiscovery,
      onRequest: options.onRequest,
      adminRoutes: options.faultEndpoint ? (name, body) => faultRoute(faults, name, body) : undefined,
    });

  let server = makeServer(options.port);
  await server.start();
  const port = server.port;
  writeKubeconfig(kubeconfigPath, server.url, certificates.caCert, users);

  const registerServiceProxy = (namespace: string, name: string, svcPort: number | string | undefined, target: ServiceProxyTarget) => {
    if (!store.get(SERVICES, namespace, name)) {
      const ports = svcPort === undefined ? [] : [{ name: 'http', port: Number(svcPort) || 80, protocol: 'TCP', targetPort: svcPort }];
      store.create(SERVICES, { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { type: 'ClusterIP', ports } });
    }
    return proxies.register(namespace, name, svcPort, target);
  };

  const host = { registerServiceProxy };
  let controllers: ControllersHandle | undefined;
  const startControllersIfWanted = async () => {
    if (!options.controllers) return;
    // The hook for the simulated controllers (test/cluster/controllers/index.ts, another area).
    const mod = await import('./controllers/index');
    const { RealClock } = mod;
    controllers = mod.startControllers(store, clock ?? new RealClock(), host);
  };
  await startControllersIfWanted();

  let stopped = false;
  const cluster: TestCluster = {
    url: server.url,
    port,
    kubeconfigPath,
    contextName: contextName(users, users[0].name),
    token: users[0].token,
    users,
    get store() {
      return store;
    },
    faults,
    registry,
    fixtures,
    get controllers() {
      return controllers;
    },
    contextFor: (userName) => {
      if (!users.some((u) => u.name === userName)) throw new Error(`no test user "${userName}"`);
      return contextName(users, userName);
    },
    tokenFor: (userName) => {
      const u = users.find((x) => x.name === userName);
      if (!u) throw new Error(`no test user "${userName}"`);
      return u.token;
    },
    registerServiceProxy,
    async restart(r: RestartOptions = {}) {
      await server.stop();
      if (r.keepStore === false) {
        controllers?.stop();
        controllers = undefined;
        scenario?.stop();
        scenario = undefined;
        store = newStore(Number(store.resourceVersion) + 1000);
      } else if (!r.keepHistory) store.forgetHistory();
      if (r.downMs) await new Promise((res) => setTimeout(res, r.downMs));
      server = makeServer(port);
      await server.start();
      if (r.keepStore === false) await startControllersIfWanted();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      scenario?.stop();
      controllers?.stop();
      await server.stop();
      if (ownsKubeconfigDir) fs.rmSync(path.dirname(kubeconfigPath), { recursive: true, force: true });
    },
  };
  return cluster;
}

/** The scenario hook: `applyScenario(name, store, clock)` from test/cluster/scenarios (the controllers area). */
async function applyScenario(name: string, store: MemoryStore, clock: Clock | undefined): Promise<{ stop(): void }> {
  const mod = await import('./scenarios/index');
  if (!(mod.SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario "${name}" (known: ${mod.SCENARIOS.join(', ')})`);
  return mod.applyScenario(name, store, clock);
}

/** The standalone server's fault endpoint: POST /_faults/<name> with a JSON body. */
function faultRoute(faults: Faults, name: string, body: any): unknown {
  switch (name) {
    case 'dropWatches':
      return { dropped: faults.dropWatches(!!body?.abrupt) };
    case 'failNext':
      faults.failNext(Number(body?.count ?? 1), { status: body?.status, path: body?.path ? new RegExp(body.path) : undefined, method: body?.method });
      return { ok: true };
    case 'latency':
      faults.setLatency(Number(body?.ms ?? 0));
      return { ok: true };
    case 'expireToken':
      if (typeof body?.token !== 'string') throw badRequest('expireToken needs {"token": "..."}');
      faults.expireToken(body.token);
      return { ok: true };
    case 'forbidNamespace':
      faults.forbidNamespace(String(body?.namespace), body?.user);
      return { ok: true };
    case 'allowNamespace':
      faults.allowNamespace(String(body?.namespace));
      return { ok: true };
    case 'reset':
      faults.reset();
      return { ok: true };
    default:
      throw badRequest(`unknown fault "${name}"; known: dropWatches, failNext, latency, expireToken, forbidNamespace, allowNamespace, reset`);
  }
}
