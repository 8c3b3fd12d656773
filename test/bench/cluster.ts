/**
 * Live-model benchmark (issue 4, "Reliability and scale"; issue 9 §6): 2,000 Rollouts and 500 Canaries
 * over 100 namespaces, created through the API, on two servers side by side in one run:
 * - `fake`: test/cluster, our own API server (`npm run cluster -- --no-controllers`);
 * - `upstream`: the real kube-apiserver and etcd built from their Go modules
 *   (`npm run cluster -- --upstream --no-controllers`: no controllers, so nothing but the bench writes).
 * Each server runs in a child process, so this process holds only the product's model: the retained
 * heap is the model's alone on both (before, the fake shared this heap and had to be subtracted).
 *
 * Measured on each server:
 * - time from start to a complete model (the product's k8s layer: discovery + list + watches open) vs
 *   `kubectl get rollouts.argoproj.io,canaries.flagger.app -A -o json` on the same server (the kubectl
 *   built with the upstream server, test/upstream/build.mjs; target: within 1.5× kubectl);
 * - event-to-model latency p50/p95: a status PATCH sent → the object at that resourceVersion in the
 *   model; → the batched onDidChange the tree listens to; → the tree provider firing the item's
 *   refresh (target p95 < 150 ms);
 * - the model's retained heap (target: under 100 MB), and the bytes and requests it used.
 * Both servers and the model share the machine's cores; the ratios are what compares.
 * `ROLLOUT_LENS_BENCH_BACKENDS=fake` (or `upstream`) measures one. Reports numbers; never fails on speed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { parse } from 'yaml';
import { createClusterService } from '../../src/k8s/index';
import { BatchCoalescer } from '../../src/core/util/debounce';
import { itemNodeId, nodesToRefresh, TREE_REFRESH_BATCH_MS } from '../../src/core/tree/treeRefresh';
import { ApiClient } from '../upstream/stack/api';
import { upstreamBinaries } from '../upstream/stack/components';

const NAMESPACES = 100;
const ROLLOUTS_PER_NS = 20;
const CANARIES_PER_NS = 5;
const EVENTS = 200;
const RUNS = 3;
/** Requests in flight while seeding (a client that writes many objects, as `kubectl apply` of a folder would, but concurrently). */
const SEED_CONCURRENCY = 16;

const ROOT = path.resolve(__dirname, '..', '..');
const ROLLOUTS = 'rollouts.argoproj.io';
const CANARIES = 'canaries.flagger.app';
type Backend = 'fake' | 'upstream';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapMB(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

const nsName = (n: number) => `team-${String(n).padStart(3, '0')}`;
const roPath = (ns: string, name = '') => `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts${name ? `/${name}` : ''}`;
const cnPath = (ns: string, name = '') => `/apis/flagger.app/v1beta1/namespaces/${ns}/canaries${name ? `/${name}` : ''}`;

function rollout(ns: string, i: number) {
  const name = `svc-${i}`;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: ns, labels: { app: name, team: ns }, annotations: { 'rollout.argoproj.io/revision': '3' } },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: `registry.example/${ns}/${name}:1.${i}.0`, ports: [{ containerPort: 8080 }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }] },
      },
      strategy: {
        canary: { canaryService: `${name}-canary`, stableService: `${name}-stable`, steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }, { pause: { duration: '10m' } }, { setWeight: 80 }, { pause: { duration: '10m' } }] },
      },
    },
  };
}

function rolloutStatus(i: number) {
  const name = `svc-${i}`;
  const paused = i % 7 === 0;
  return {
    phase: paused ? 'Paused' : 'Healthy',
    message: paused ? 'CanaryPauseStep' : '',
    replicas: 3,
    updatedReplicas: 3,
    readyReplicas: 3,
    availableReplicas: 3,
    currentPodHash: paused ? 'abc123' : 'def456',
    stableRS: 'def456',
    currentStepIndex: paused ? 1 : 6,
    observedGeneration: '1',
    canary: { weights: { canary: { weight: 0, podTemplateHash: 'def456' }, stable: { weight: 100, podTemplateHash: 'def456' } } },
    conditions: [
      { type: 'Available', status: 'True', reason: 'AvailableReason', message: 'Rollout has minimum availability', lastTransitionTime: '2026-11-01T00:00:00Z', lastUpdateTime: '2026-11-01T00:00:00Z' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-def456" has successfully progressed.`, lastTransitionTime: '2026-11-01T00:00:00Z', lastUpdateTime: '2026-11-01T00:00:00Z' },
    ],
  };
}

function canary(ns: string, i: number) {
  const name = `app-${i}`;
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name, namespace: ns },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      service: { port: 9898 },
      analysis: {
        interval: '1m',
        threshold: 5,
        maxWeight: 50,
        stepWeight: 10,
        metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' }],
        webhooks: [{ name: 'gate', type: 'confirm-promotion', url: 'http://flagger-loadtester.test/gate/check' }],
      },
    },
  };
}

const CANARY_STATUS = {
  phase: 'Succeeded',
  canaryWeight: 0,
  failedChecks: 0,
  iterations: 0,
  lastTransitionTime: '2026-11-01T00:00:00Z',
  conditions: [{ type: 'Promoted', status: 'True', reason: 'Succeeded', message: 'Canary analysis completed successfully, promotion finished.', lastUpdateTime: '2026-11-01T00:00:00Z', lastTransitionTime: '2026-11-01T00:00:00Z' }],
};

/** A test server in a child process: `npm run cluster -- [--upstream] --no-controllers`, ready when its kubeconfig exists. */
interface Server {
  backend: Backend;
  kubeconfig: string;
  context: string;
  api: ApiClient;
  stop(): Promise<void>;
}

async function startServer(backend: Backend, dir: string): Promise<Server> {
  const kubeconfig = path.join(dir, `${backend}.kubeconfig`);
  const logFile = path.join(dir, `${backend}.log`);
  const log = fs.openSync(logFile, 'w');
  const args = ['--import', 'tsx', path.join(ROOT, 'test/cluster/main.ts'), ...(backend === 'upstream' ? ['--upstream'] : []), '--no-controllers', '--kubeconfig', kubeconfig];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGTERM: main.ts stops what it started (the upstream stack's etcd and kube-apiserver, by pid).
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killed);
  };
  try {
    await waitForKubeconfig(child, kubeconfig, backend === 'upstream' ? 300_000 : 60_000, logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  const kc = parse(fs.readFileSync(kubeconfig, 'utf8'));
  const ctx = kc.contexts.find((c: { name: string }) => c.name === kc['current-context']).context;
  const cluster = kc.clusters.find((c: { name: string }) => c.name === ctx.cluster).cluster;
  const user = kc.users.find((u: { name: string }) => u.name === ctx.user).user;
  const api = new ApiClient(cluster.server, user.token, Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'));
  return { backend, kubeconfig, context: kc['current-context'], api, stop };
}

async function waitForKubeconfig(child: ChildProcess, file: string, ms: number, logFile: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!fs.existsSync(file)) {
    const tail = () => fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n');
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before writing its kubeconfig:\n${tail()}`);
    if (Date.now() > deadline) throw new Error(`no kubeconfig after ${ms / 1000} s:\n${tail()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/** Creates the namespaces, Rollouts and Canaries, each status through the status subresource; returns the requests sent. */
async function seed(api: ApiClient): Promise<number> {
  const namespaces = Array.from({ length: NAMESPACES }, (_, n) => nsName(n));
  await pool(namespaces, SEED_CONCURRENCY, (ns) => api.json('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }));
  const writes: (() => Promise<unknown>)[] = [];
  for (const ns of namespaces) {
    for (let i = 0; i < ROLLOUTS_PER_NS; i++)
      writes.push(async () => {
        await api.json('POST', roPath(ns), rollout(ns, i));
        await api.json('PATCH', `${roPath(ns, `svc-${i}`)}/status`, { status: rolloutStatus(i) }, 'application/merge-patch+json');
      });
    for (let i = 0; i < CANARIES_PER_NS; i++)
      writes.push(async () => {
        await api.json('POST', cnPath(ns), canary(ns, i));
        await api.json('PATCH', `${cnPath(ns, `app-${i}`)}/status`, { status: CANARY_STATUS }, 'application/merge-patch+json');
      });
  }
  await pool(writes, SEED_CONCURRENCY, (w) => w());
  return namespaces.length + writes.length * 2;
}

/** kubectl's wall time for one full list of both kinds (a separate process: includes its start-up, as a user sees). */
function kubectlList(kubectl: string, kubeconfig: string, cacheDir: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(kubectl, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'get', `${ROLLOUTS},${CANARIES}`, '-A', '-o', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, bytes }) : reject(new Error(`kubectl failed: ${err.slice(0, 300)}`))));
  });
}

/** A connected, synced model of the server (the caller disposes the service). */
async function connectedModel(server: Server, debounceMs?: number) {
  const svc = createClusterService({ kubeconfigPath: server.kubeconfig, watchKubeconfig: false, ...(debounceMs === undefined ? {} : { debounceMs }) });
  const model = svc.model(server.context)!;
  await new Promise<void>((resolve) => model.onDidChange(() => model.state.synced && model.state.phase === 'connected' && resolve()));
  return { svc, model };
}

async function timeModel(server: Server): Promise<{ ms: number; requests: number; bytesIn: number; rollouts: number; canaries: number }> {
  const t0 = performance.now();
  const { svc, model } = await connectedModel(server);
  const ms = performance.now() - t0;
  try {
    const st = svc.stats(server.context)!;
    return { ms, requests: st.requests, bytesIn: st.bytesIn, rollouts: model.rollouts().length, canaries: model.canaries().length };
  } finally {
    svc.dispose();
  }
}

/**
 * Sends EVENTS status patches, one at a time and spread out a little as a real cluster's would be, and
 * returns for each the time from sending the PATCH until `observed(key, resourceVersion)` resolves.
 * The PATCH's own round trip (and, upstream, etcd's write) is part of each figure on both servers.
 */
async function timeEvents(server: Server, observed: (key: string) => { seen: Promise<number>; version(): string | undefined }): Promise<number[]> {
  const lat: number[] = [];
  for (let e = 0; e < EVENTS; e++) {
    const ns = nsName(e % NAMESPACES);
    const name = `svc-${e % ROLLOUTS_PER_NS}`;
    const watch = observed(`argoproj.io/Rollout/${ns}/${name}`);
    const t0 = performance.now();
    const written = await server.api.json('PATCH', `${roPath(ns, name)}/status`, { status: { message: `event ${e} at ${t0}` } }, 'application/merge-patch+json');
    lat.push((await watch.seen) - t0);
    const seenVersion = watch.version();
    // The model may already be past this write only if something else wrote: nothing else writes here.
    if (seenVersion !== written.metadata.resourceVersion) throw new Error(`model saw resourceVersion ${seenVersion}, the PATCH wrote ${written.metadata.resourceVersion}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return lat;
}

async function eventLatency(server: Server, debounceMs: number): Promise<number[]> {
  const { svc, model } = await connectedModel(server, debounceMs);
  try {
    return await timeEvents(server, (key) => ({
      seen: new Promise<number>((resolve) => {
        const sub = model.onDidChange((c) => {
          if (c.keys.includes(key)) {
            sub.dispose();
            resolve(performance.now());
          }
        });
      }),
      version: () => model.get(key)?.metadata?.resourceVersion,
    }));
  } finally {
    svc.dispose();
  }
}

/**
 * PATCH sent → the moment the tree provider would fire onDidChangeTreeData with the item's node: the
 * model's batched change, mapped to node ids by the same nodesToRefresh the tree uses (every node
 * shown), through a coalescer with the tree's delay. VS Code's own rendering is not included.
 */
async function eventToTreeLatency(server: Server): Promise<number[]> {
  const { svc, model } = await connectedModel(server);
  let waiting: { id: string; resolve: (t: number) => void } | undefined;
  const coalescer = new BatchCoalescer<string>(TREE_REFRESH_BATCH_MS, (ids) => {
    if (waiting && ids.includes(waiting.id)) {
      waiting.resolve(performance.now());
      waiting = undefined;
    }
  });
  const sub = model.onDidChange((c) => {
    const plan = nodesToRefresh(c, { isShown: () => true, expandedItems: () => [] });
    coalescer.add(...(plan === 'root' ? ['root'] : plan));
  });
  try {
    return await timeEvents(server, (key) => ({
      seen: new Promise<number>((resolve) => (waiting = { id: itemNodeId(server.context, key), resolve })),
      version: () => model.get(key)?.metadata?.resourceVersion,
    }));
  } finally {
    sub.dispose();
    coalescer.dispose();
    svc.dispose();
  }
}

/** Every figure of one server, as table cells keyed by row label. */
async function measure(backend: Backend, dir: string, kubectl: string | undefined): Promise<Map<string, string>> {
  const cells = new Map<string, string>();
  const t0 = performance.now();
  const server = await startServer(backend, dir);
  try {
    cells.set('server ready (child process)', `${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const s0 = performance.now();
    const requests = await seed(server.api);
    const seedMs = performance.now() - s0;
    cells.set(`seeding through the API (${SEED_CONCURRENCY} in flight)`, `${requests} requests in ${(seedMs / 1000).toFixed(1)} s (${((requests / seedMs) * 1000).toFixed(0)}/s)`);

    const kubectlTimes: number[] = [];
    let kubectlBytes = 0;
    if (kubectl) {
      const cacheDir = fs.mkdtempSync(path.join(dir, 'kubectl-cache-'));
      await kubectlList(kubectl, server.kubeconfig, cacheDir); // warm kubectl's discovery cache
      for (let i = 0; i < RUNS; i++) {
        const k = await kubectlList(kubectl, server.kubeconfig, cacheDir);
        kubectlTimes.push(k.ms);
        kubectlBytes = k.bytes;
      }
    }
    const base = heapMB();
    const modelRuns = [];
    for (let i = 0; i < RUNS; i++) modelRuns.push(await timeModel(server));
    // Retained memory of one complete model; the server is another process, so nothing to subtract.
    const held = await connectedModel(server);
    const retained = heapMB() - base;
    held.svc.dispose();
    const raw = await eventLatency(server, 0);
    const batched = await eventLatency(server, 50);
    const tree = await eventToTreeLatency(server);

    const modelMs = median(modelRuns.map((r) => r.ms));
    const last = modelRuns[modelRuns.length - 1];
    cells.set('objects in the model', `${last.rollouts} Rollouts + ${last.canaries} Canaries`);
    cells.set('complete model, median of 3 (discovery + 2 lists + 2 watches open)', `${modelMs.toFixed(0)} ms`);
    if (kubectl) {
      const k = median(kubectlTimes);
      cells.set('kubectl get rollouts,canaries -A -o json, median of 3 (warm discovery cache)', `${k.toFixed(0)} ms`);
      cells.set('ratio model / kubectl (target ≤ 1.5)', `${(modelMs / k).toFixed(2)}×`);
      cells.set('kubectl output (pretty-printed JSON)', `${(kubectlBytes / 1024 / 1024).toFixed(1)} MiB`);
    }
    cells.set('model requests / bytes received', `${last.requests} / ${(last.bytesIn / 1024 / 1024).toFixed(1)} MiB`);
    cells.set('model retained heap (target < 100 MB)', `${retained.toFixed(1)} MB`);
    cells.set(`PATCH → model, p50 / p95 (${EVENTS} events, no batching)`, `${pct(raw, 50).toFixed(1)} / ${pct(raw, 95).toFixed(1)} ms`);
    cells.set('PATCH → onDidChange, p50 / p95 (50 ms batching, what the tree gets)', `${pct(batched, 50).toFixed(1)} / ${pct(batched, 95).toFixed(1)} ms`);
    cells.set(`PATCH → tree refresh fired, p50 / p95 (+${TREE_REFRESH_BATCH_MS} ms tree batching; target p95 < 150)`, `${pct(tree, 50).toFixed(1)} / ${pct(tree, 95).toFixed(1)} ms`);
  } finally {
    await server.stop();
  }
  return cells;
}

/** The kubectl of the upstream server's release (built by test/upstream/build.mjs), else the machine's. */
function findKubectl(): { path?: string; note: string } {
  try {
    const k = upstreamBinaries(['kubernetes']).binaries.kubectl;
    if (k) return { path: k, note: `kubectl ${version(k)} (built with the upstream server)` };
  } catch (e) {
    const onPath = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
    if (onPath) return { path: 'kubectl', note: `kubectl ${version('kubectl')} from PATH (the upstream one is not built: ${(e as Error).message.split('\n')[0]})` };
    return { note: `no kubectl: comparison skipped (${(e as Error).message.split('\n')[0]})` };
  }
  return { note: 'no kubectl: comparison skipped' };
}

function version(kubectl: string): string {
  const out = spawnSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' }).stdout;
  try {
    return JSON.parse(out).clientVersion.gitVersion;
  } catch {
    return '(unknown version)';
  }
}

export async function run(): Promise<void> {
  const named = (process.env.ROLLOUT_LENS_BENCH_BACKENDS ?? 'fake,upstream').split(',').map((b) => b.trim());
  const unknown = named.filter((b) => b !== 'fake' && b !== 'upstream');
  if (unknown.length) throw new Error(`ROLLOUT_LENS_BENCH_BACKENDS: unknown backend "${unknown.join(', ')}" (fake, upstream)`);
  const wanted = named as Backend[];
  const kubectl = findKubectl();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-bench-cluster-'));
  const columns: { backend: Backend; cells?: Map<string, string>; error?: string }[] = [];
  try {
    for (const backend of wanted) {
      try {
        columns.push({ backend, cells: await measure(backend, dir, kubectl.path) });
      } catch (e) {
        columns.push({ backend, error: (e as Error).message });
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const labels = [...new Set(columns.flatMap((c) => [...(c.cells?.keys() ?? [])]))];
  const head = ['', ...columns.map((c) => (c.backend === 'fake' ? 'fake (test/cluster)' : 'upstream (kube-apiserver v1.35 + etcd)'))];
  const rows = [head, ...labels.map((l) => [l, ...columns.map((c) => c.cells?.get(l) ?? '—')])];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(`${NAMESPACES * ROLLOUTS_PER_NS} Rollouts + ${NAMESPACES * CANARIES_PER_NS} Canaries in ${NAMESPACES} namespaces; ${kubectl.note}`);
  for (const r of rows)
    console.log(
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
  const failed = columns.filter((c) => c.error);
  for (const c of failed) console.log(`${c.backend}: not measured: ${c.error}`);
  if (failed.length) throw new Error(`the cluster bench could not measure ${failed.map((c) => c.backend).join(', ')}`);
}
