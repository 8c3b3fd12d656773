/**
 * `startUpstreamCluster`: the real Kubernetes control plane and the real progressive-delivery
 * controllers, built from their Go modules (../build.mjs), as one handle shaped like the fake's
 * `startTestCluster` (test/cluster/index.ts): the same kubeconfig contract (cluster
 * `rollout-lens-test`, users `rollout-lens-test-admin` / `-viewer` with bearer tokens, contexts
 * `rollout-lens-test` and `rollout-lens-test-viewer`), `contextFor`, `tokenFor` and `stop()`.
 *
 * Start order, each waited for before the next (all on 127.0.0.1 unless said otherwise):
 *   etcd (data dir in the run dir) → kube-apiserver (HTTPS, static tokens, RBAC, service-account
 *   keys) → the users' RBAC and the vendored CRDs (Established) → [with controllers]
 *   kube-controller-manager, kube-scheduler, kwok (explicit stages) and its nodes (Ready) → in the
 *   run's network namespace (netns.ts) the Flagger loadtester and the simulated in-cluster services
 *   (backends.mjs) → the loadtester's Deployment/Service and its Endpoints, checked through the API
 *   server's service proxy → the Argo Rollouts controller and Flagger (healthz) → the kubeconfig is
 *   written last, so its existence means "ready".
 *
 * Everything the run makes lives in one run directory (os.tmpdir()/rollout-lens-upstream-*) and one
 * network namespace (rlu<pid>); `stop()` ends every process by pid in reverse order and removes
 * both. A crashed run's leftovers are reaped by the next start.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { contextName, writeKubeconfig } from '../../cluster/auth/kubeconfig';
import { ADMIN_RULES, VIEW_RULES, type TestUser } from '../../cluster/auth/rbac';
import type { TestCluster, TestUserSpec } from '../../cluster/index';
import { ApiClient, until } from './api';
import { LOADTESTER, NETNS_NODE, WORKER_NODES, applyAll, installCrds, loadtesterObjects, nodeObject, nodesReady, rbacObjects } from './bootstrap';
import { COMPONENTS, crdFiles, freePort, kwokStages, upstreamBinaries } from './components';
import { checkNetnsSupport, createNamespace, hostsFileContent, reapStaleNamespaces, withHostsFile, type NetworkNamespace } from './netns';
import { writeCredentials } from './pki';
import { EtcdClient } from './etcd';
import { ProcessGroup, reapStaleRuns, type StartedProcess } from './processes';

export interface UpstreamClusterOptions {
  /** The API server's port. Default: a free one. */
  port?: number;
  /** Where to write the kubeconfig. Default: the run directory. */
  kubeconfigPath?: string;
  /** Users, each with a context. Default: `admin` (everything) and `viewer` (get/list/watch), as the fake. */
  users?: TestUserSpec[];
  /**
   * Start the controllers (controller-manager, scheduler, kwok, Argo Rollouts, Flagger, the
   * loadtester and its network namespace). Default true; false is the bare API server with CRDs.
   */
  controllers?: boolean;
  /** Which engines' CRDs (and controllers) to install. Default both. */
  engines?: ('argo' | 'flagger')[];
  /** Progress lines (default: stderr with an `upstream:` prefix). */
  log?: (line: string) => void;
  /** How long to wait for each part to become ready (default 120 s). */
  readyTimeoutMs?: number;
  /**
   * More in-cluster names (`service.namespace[.svc[.cluster.local]]`) the controllers resolve to the
   * simulated services (backends.mjs: Prometheus on 9090, the web analysis endpoint on 80).
   */
  simulatedServices?: { service: string; namespace: string }[];
  /** Keep the run directory (logs) after stop(). Default: only when ROLLOUT_LENS_UPSTREAM_KEEP is set. */
  keepRunDir?: boolean;
  /**
   * More kube-apiserver flags. The reliability tests pass `--watch-cache=false`: with the watch
   * cache, a restarted server answers 410 for every resourceVersion before its start whatever etcd
   * holds, and it cannot be switched off for custom resources alone (apiextensions-apiserver's
   * options.go: "this control is not provided for custom resources"); without it, watches are
   * served by etcd and an etcd compaction is what makes a resourceVersion too old.
   */
  apiServerArgs?: string[];
  /**
   * Record every PATCH the API server serves in an audit log (level Metadata, ResponseComplete):
   * method, URI and the status it answered, read back with `auditEvents()`.
   */
  auditPatches?: boolean;
}

/** One line of the API server's audit log (the fields the tests read). */
export interface AuditEvent {
  verb: string;
  requestURI: string;
  user: { username: string };
  responseStatus?: { code: number };
  stage: string;
}

/** What the simulated in-cluster services answer (backends.mjs); change it to make analyses pass or fail. */
export interface AnalysisBackends {
  /**
   * Prometheus: the first rule whose `match` (a regex) finds the query gives the value (`values`: each in
   * turn, then the last again); else `default`.
   */
  prometheus: { rules: ({ match: string; value: number } | { match: string; values: number[] })[]; default: number };
  /** Argo Rollouts `web` metrics get `{"ok": <ok>}`. */
  web: { ok: boolean };
}

/** What both backends hand back: the fake's handle minus its store, faults and restart (test/cluster/index.ts). */
export type ClusterContract = Pick<TestCluster, 'url' | 'port' | 'kubeconfigPath' | 'contextName' | 'token' | 'users' | 'contextFor' | 'tokenFor' | 'stop'>;

export interface UpstreamCluster extends ClusterContract {
  readonly backend: 'upstream';
  readonly runDir: string;
  /** The run's CA (PEM), which signed the API server's certificate. */
  readonly caCert: string;
  /** The CA's private key (PEM file in the run directory): another loopback server (test/upstream/loopbackProxy.ts) gets its certificate from it. */
  readonly caKeyFile: string;
  readonly etcdUrl: string;
  /** Binary name → path (kubectl, kubectl-argo-rollouts, … for oracles). */
  readonly binaries: Readonly<Record<string, string>>;
  /** The network namespace (with controllers). */
  readonly netns?: NetworkNamespace;
  /** Every process the run started, by pid (a restarted API server adds one). */
  readonly processes: readonly { name: string; pid: number }[];
  /** An admin client for setup and polling. */
  readonly api: ApiClient;
  /** etcd's v3 API on loopback: compaction, and custom resources written underneath the API server. */
  readonly etcd: EtcdClient;
  /** Stops kube-apiserver by pid (SIGTERM); etcd and everything else keep running. */
  stopApiServer(): Promise<void>;
  /** Starts kube-apiserver again with the same flags (and the current token file); resolves at /readyz. */
  startApiServer(): Promise<void>;
  /**
   * Removes tokens from the API server's static token file. The server reads that file only at
   * start, so this restarts it: the tokens are then refused (401) and every open watch is cut.
   */
  revokeTokens(tokens: string[]): Promise<void>;
  /** The PATCHes served so far (with `auditPatches`). */
  auditEvents(): AuditEvent[];
  /** Rewrites what the simulated metrics and web endpoints answer (takes effect on the next request). */
  setAnalysisBackends(b: Partial<AnalysisBackends>): void;
}

const DEFAULT_USERS: TestUserSpec[] = [
  { name: 'admin', rules: ADMIN_RULES },
  { name: 'viewer', rules: VIEW_RULES },
];

export const DEFAULT_ANALYSIS: AnalysisBackends = { prometheus: { rules: [], default: 100 }, web: { ok: true } };

export async function startUpstreamCluster(options: UpstreamClusterOptions = {}): Promise<UpstreamCluster> {
  const log = options.log ?? ((line: string) => process.stderr.write(`upstream: ${line}\n`));
  const withControllers = options.controllers ?? true;
  const engines = options.engines ?? ['argo', 'flagger'];
  const readyMs = options.readyTimeoutMs ?? 120_000;
  const users: TestUser[] = (options.users ?? DEFAULT_USERS).map((u) => ({ name: u.name, rules: u.rules, token: u.token ?? crypto.randomBytes(24).toString('base64url') }));
  if (users.length === 0) throw new Error('startUpstreamCluster: at least one user is required');

  if (withControllers) checkNetnsSupport();
  const wanted = withControllers ? COMPONENTS.filter((c) => c !== 'argo' || engines.includes('argo')).filter((c) => c !== 'flagger' || engines.includes('flagger')) : ['etcd', 'kubernetes'];
  const { binDir, binaries } = upstreamBinaries(wanted, log);
  const cache = path.dirname(binDir);

  reapStaleRuns(os.tmpdir(), cache, log);
  if (withControllers) reapStaleNamespaces(log);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-upstream-'));
  fs.writeFileSync(path.join(runDir, 'owner'), String(process.pid));
  const procs = new ProcessGroup(runDir, log);
  let netns: NetworkNamespace | undefined;
  const kubeconfigPath = options.kubeconfigPath ?? path.join(runDir, 'kubeconfig');
  const keep = options.keepRunDir ?? !!process.env.ROLLOUT_LENS_UPSTREAM_KEEP;

  let stopped = false;
  const teardown = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', lastResort);
    await procs.stopAll();
    netns?.remove();
    if (!keep) fs.rmSync(runDir, { recursive: true, force: true });
    else log(`kept ${runDir}`);
  };
  // If the owner exits without stop() (an uncaught error, process.exit), end the children anyway.
  const lastResort = () => {
    for (const p of procs.all)
      if (p.exit === undefined)
        try {
          process.kill(p.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
    if (netns)
      try {
        execFileSync('ip', ['netns', 'del', netns.name], { stdio: 'ignore' });
      } catch {
        /* gone */
      }
  };
  process.on('exit', lastResort);

  try {
    if (withControllers) {
      netns = createNamespace();
      log(`network namespace ${netns.name}: host ${netns.hostIp}, loadtester pod ${netns.podIp}, services ${netns.servicesIp}`);
    }
    const creds = writeCredentials(path.join(runDir, 'pki'), users, netns ? [netns.hostIp] : []);

    // --- etcd ---------------------------------------------------------------------------------
    const [etcdPort, peerPort] = [await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcd = procs.start('etcd', binaries.etcd, [
      '--name=rollout-lens',
      `--data-dir=${path.join(runDir, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
      `--initial-cluster=rollout-lens=http://127.0.0.1:${peerPort}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await until('etcd /health', () => (procs.assertRunning(etcd), httpOk(`${etcdUrl}/health`)), readyMs);

    // --- kube-apiserver -----------------------------------------------------------------------
    const port = options.port ?? (await freePort());
    const url = `https://127.0.0.1:${port}`;
    const auditLog = path.join(runDir, 'audit.log');
    const audit = options.auditPatches ? auditFlags(runDir, auditLog) : [];
    const apiServerFlags = [
      `--etcd-servers=${etcdUrl}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${port}`,
      `--advertise-address=${netns?.hostIp ?? '127.0.0.1'}`,
      '--endpoint-reconciler-type=none',
      `--cert-dir=${path.join(runDir, 'apiserver-certs')}`,
      `--tls-cert-file=${creds.files.cert}`,
      `--tls-private-key-file=${creds.files.key}`,
      `--client-ca-file=${creds.files.caCert}`,
      `--token-auth-file=${creds.files.tokens}`,
      '--authorization-mode=RBAC',
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${creds.files.saPub}`,
      `--service-account-signing-key-file=${creds.files.saKey}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--profiling=false',
      ...audit,
      ...(options.apiServerArgs ?? []),
    ];
    const components = new ApiClient(url, creds.componentToken, creds.caCert);
    let apiserver: StartedProcess | undefined;
    const startApiServer = async () => {
      if (apiserver && apiserver.exit === undefined) throw new Error('kube-apiserver is already running');
      const p = procs.start('kube-apiserver', binaries['kube-apiserver'], apiServerFlags);
      apiserver = p;
      await until('kube-apiserver /readyz', async () => (procs.assertRunning(p), (await components.request('GET', '/readyz', undefined, undefined, 5000)).status === 200), readyMs);
      log(`kube-apiserver ready on ${url} (pid ${p.pid})`);
    };
    const stopApiServer = async () => {
      if (apiserver) await procs.stop(apiserver);
    };
    await startApiServer();

    await applyAll(components, rbacObjects(users));
    const crds = await installCrds(components, crdFiles(engines), readyMs);
    log(`CRDs Established: ${crds.join(', ')}`);

    const componentKubeconfig = path.join(runDir, 'components.kubeconfig');
    writeKubeconfig(componentKubeconfig, url, creds.caCert, [{ name: 'components', token: creds.componentToken, rules: [] }]);

    let backendsConfig: string | undefined;
    if (withControllers && netns) {
      backendsConfig = await startControllers({ procs, binaries, runDir, netns, api: components, kubeconfig: componentKubeconfig, creds, engines, simulatedServices: options.simulatedServices ?? [], readyMs, log });
    }

    writeKubeconfig(kubeconfigPath, url, creds.caCert, users);
    log(`ready; kubeconfig ${kubeconfigPath}`);
    const admin = new ApiClient(url, users[0].token, creds.caCert);
    let analysis: AnalysisBackends = structuredClone(DEFAULT_ANALYSIS);
    return {
      backend: 'upstream',
      url,
      port,
      kubeconfigPath,
      contextName: contextName(users, users[0].name),
      token: users[0].token,
      users,
      runDir,
      caCert: creds.caCert,
      caKeyFile: creds.files.caKey,
      etcdUrl,
      binaries,
      netns,
      get processes() {
        return procs.all.map((p) => ({ name: p.name, pid: p.pid }));
      },
      api: admin,
      etcd: new EtcdClient(etcdUrl),
      stopApiServer,
      startApiServer,
      async revokeTokens(tokens) {
        const lines = fs.readFileSync(creds.files.tokens, 'utf8').split('\n');
        fs.writeFileSync(creds.files.tokens, lines.filter((l) => !tokens.includes(l.split(',')[0])).join('\n'), { mode: 0o600 });
        await stopApiServer();
        await startApiServer();
      },
      auditEvents() {
        if (!options.auditPatches) throw new Error('auditEvents() needs the auditPatches option');
        if (!fs.existsSync(auditLog)) return [];
        return fs
          .readFileSync(auditLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as AuditEvent);
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
      setAnalysisBackends(b) {
        if (!backendsConfig) throw new Error('the analysis backends run only with controllers');
        analysis = { ...analysis, ...b };
        const current = JSON.parse(fs.readFileSync(backendsConfig, 'utf8'));
        fs.writeFileSync(`${backendsConfig}.tmp`, JSON.stringify({ ...current, prometheus: { ...current.prometheus, ...analysis.prometheus }, web: { ...current.web, ...analysis.web } }));
        fs.renameSync(`${backendsConfig}.tmp`, backendsConfig);
      },
      stop: teardown,
    };
  } catch (e) {
    const message = (e as Error).message;
    await teardown();
    throw new Error(`the upstream stack did not start: ${message}`, { cause: e });
  }
}

interface ControllerContext {
  procs: ProcessGroup;
  binaries: Record<string, string>;
  runDir: string;
  netns: NetworkNamespace;
  api: ApiClient;
  kubeconfig: string;
  creds: ReturnType<typeof writeCredentials>;
  engines: string[];
  simulatedServices: { service: string; namespace: string }[];
  readyMs: number;
  log: (line: string) => void;
}

/** Starts everything after the API server; returns the backends' config file. */
async function startControllers(c: ControllerContext): Promise<string> {
  const { procs, binaries, runDir, netns, api, kubeconfig, creds, readyMs, log } = c;
  const auth = [`--kubeconfig=${kubeconfig}`, `--authentication-kubeconfig=${kubeconfig}`, `--authorization-kubeconfig=${kubeconfig}`, '--bind-address=127.0.0.1', '--leader-elect=false'];

  const kcmPort = await freePort();
  const kcm = procs.start('kube-controller-manager', binaries['kube-controller-manager'], [
    ...auth,
    `--secure-port=${kcmPort}`,
    `--cert-dir=${path.join(runDir, 'kcm-certs')}`,
    `--service-account-private-key-file=${creds.files.saKey}`,
    `--root-ca-file=${creds.files.caCert}`,
    '--controllers=*',
    '--concurrent-deployment-syncs=10',
    '--concurrent-replicaset-syncs=10',
  ]);
  const schedulerPort = await freePort();
  const scheduler = procs.start('kube-scheduler', binaries['kube-scheduler'], [...auth, `--secure-port=${schedulerPort}`, `--cert-dir=${path.join(runDir, 'scheduler-certs')}`]);

  const stages = path.join(runDir, 'kwok-stages.yaml');
  fs.writeFileSync(stages, kwokStages());
  const kwok = procs.start('kwok', binaries.kwok, [
    `--kubeconfig=${kubeconfig}`,
    `--config=${stages}`,
    '--manage-all-nodes=false',
    '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
    '--node-lease-duration-seconds=40',
    `--server-address=127.0.0.1:${await freePort()}`,
  ]);
  await applyAll(api, [nodeObject(NETNS_NODE, netns.podIp), ...WORKER_NODES.map((n) => nodeObject(n))]);
  await until('kwok nodes Ready', async () => (procs.assertRunning(kwok), nodesReady(api, [NETNS_NODE, ...WORKER_NODES])), readyMs);
  await until('kube-controller-manager /healthz', () => (procs.assertRunning(kcm), httpOk(`https://127.0.0.1:${kcmPort}/healthz`)), readyMs);
  await until('kube-scheduler /healthz', () => (procs.assertRunning(scheduler), httpOk(`https://127.0.0.1:${schedulerPort}/healthz`)), readyMs);
  log('controller-manager, scheduler and kwok nodes ready');

  // In the network namespace: the loadtester, and the simulated in-cluster services.
  const backendsConfig = path.join(runDir, 'backends.json');
  fs.writeFileSync(
    backendsConfig,
    JSON.stringify({
      forward: { listen: `${netns.podIp}:${LOADTESTER.port}`, to: `127.0.0.1:${LOADTESTER.targetPort}` },
      prometheus: { listen: `${netns.servicesIp}:9090`, ...DEFAULT_ANALYSIS.prometheus },
      web: { listen: `${netns.servicesIp}:80`, ...DEFAULT_ANALYSIS.web },
    }),
  );
  const backends = procs.start('backends', ...netns.exec(process.execPath, [path.join(__dirname, 'backends.mjs'), backendsConfig]));
  await until('the simulated services in the network namespace', () => (procs.assertRunning(backends), httpOk(`http://${netns.servicesIp}:80/healthz`)), readyMs);
  let loadtester: StartedProcess | undefined;
  if (binaries.loadtester) {
    loadtester = procs.start('loadtester', ...netns.exec(binaries.loadtester, [`-port=${LOADTESTER.targetPort}`, '-log-level=info', '-timeout=1h']));
    await applyAll(api, loadtesterObjects());
    const proxied = `/api/v1/namespaces/${LOADTESTER.namespace}/services/${LOADTESTER.name}:${LOADTESTER.port}/proxy/healthz`;
    await until(
      'the loadtester through the API server service proxy',
      async () => {
        procs.assertRunning(backends);
        procs.assertRunning(loadtester!);
        return (await api.request('GET', proxied, undefined, undefined, 3000)).status === 200;
      },
      readyMs,
    );
    log(`loadtester ${LOADTESTER.name}.${LOADTESTER.namespace} reachable through the service proxy (endpoint ${netns.podIp}:${LOADTESTER.targetPort})`);
  }

  // In-cluster names the controllers resolve (what cluster DNS would answer).
  const hosts = path.join(runDir, 'hosts');
  fs.writeFileSync(hosts, hostsFileContent([{ ip: netns.podIp, service: LOADTESTER.name, namespace: LOADTESTER.namespace }, ...[...SIMULATED_SERVICES, ...c.simulatedServices].map((n) => ({ ip: netns.servicesIp, ...n }))]));

  if (binaries['rollouts-controller']) {
    const [metrics, healthz] = [await freePort(), await freePort()];
    const argoArgs = [`--kubeconfig=${kubeconfig}`, '--leader-elect=false', `--metricsPort=${metrics}`, `--healthzPort=${healthz}`, '--loglevel=info', '--rollout-resync=60'];
    const argo = procs.start('rollouts-controller', ...withHostsFile(hosts, binaries['rollouts-controller'], argoArgs), { ...process.env, POD_NAMESPACE: 'argo-rollouts' });
    await until('Argo Rollouts controller /healthz', () => (procs.assertRunning(argo), httpOk(`http://127.0.0.1:${healthz}/healthz`)), readyMs);
    log('Argo Rollouts controller ready');
  }
  if (binaries.flagger) {
    const port = await freePort();
    const flaggerArgs = [
      `-kubeconfig=${kubeconfig}`,
      '-mesh-provider=kubernetes',
      `-metrics-server=http://${netns.servicesIp}:9090`,
      `-port=${port}`,
      '-log-level=info',
      '-control-loop-interval=2s',
      '-enable-leader-election=false',
      '-zap-encoding=console',
    ];
    const flagger = procs.start('flagger', ...withHostsFile(hosts, binaries.flagger, flaggerArgs));
    await until('Flagger /healthz', () => (procs.assertRunning(flagger), httpOk(`http://127.0.0.1:${port}/healthz`)), readyMs);
    log('Flagger ready');
  }
  return backendsConfig;
}

/** kube-apiserver flags for an audit log of the PATCHes it serves (once each, when the response is complete). */
function auditFlags(runDir: string, logFile: string): string[] {
  const policy = path.join(runDir, 'audit-policy.yaml');
  fs.writeFileSync(policy, ['apiVersion: audit.k8s.io/v1', 'kind: Policy', 'omitStages: [RequestReceived, ResponseStarted]', 'rules:', '- level: Metadata', '  verbs: [patch]', '- level: None', ''].join('\n'));
  return [`--audit-policy-file=${policy}`, `--audit-log-path=${logFile}`, '--audit-log-format=json', '--audit-log-mode=blocking', '--audit-log-maxbackup=1'];
}

/** In-cluster names analyses commonly use for Prometheus, all answered by backends.mjs. */
const SIMULATED_SERVICES = [
  { service: 'prometheus', namespace: 'monitoring' },
  { service: 'prometheus', namespace: 'linkerd-viz' },
  { service: 'prometheus', namespace: 'istio-system' },
  { service: 'prometheus-server', namespace: 'monitoring' },
];

/** GET `url` and report whether it answered 200 (TLS not verified: the components' own self-signed health ports on loopback). */
function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const mod = url.startsWith('https:') ? https : http;
    const req = mod.get(url, { timeout: 3000, rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
