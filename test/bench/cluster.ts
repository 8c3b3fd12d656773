/**
 * Live-model benchmark (issue 4, "Reliability and scale"): 2,000 Rollouts and 500 Canaries over 100
 * namespaces on the test API server. Measured side by side in the same run:
 * - time from start to a complete model (discovery + list + watches open) vs
 *   `kubectl get rollouts.argoproj.io -A -o json` and `kubectl get canaries.flagger.app -A -o json`
 *   against the same server (target: within 1.5× kubectl's full list time);
 * - event-to-model latency p50/p95 (store write → object in the model; and → the batched
 *   onDidChange the tree listens to; and → the tree provider firing the item's refresh, target p95 < 150 ms);
 * - the model's retained heap (target: under 100 MB), and the bytes and requests it used.
 * The server runs in this process (it competes with the model for the CPU; kubectl runs apart).
 * Reports numbers; never fails on speed.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { startTestCluster, type TestCluster } from '../cluster/index';
import type { KubeObject } from '../cluster/store/objectStore';
import { createClusterService } from '../../src/k8s/index';
import { BatchCoalescer } from '../../src/core/util/debounce';
import { itemNodeId, nodesToRefresh, TREE_REFRESH_BATCH_MS } from '../../src/core/tree/treeRefresh';

const NAMESPACES = 100;
const ROLLOUTS_PER_NS = 20;
const CANARIES_PER_NS = 5;
const EVENTS = 200;
const RUNS = 3;

const RO = { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts' };
const CN = { group: 'flagger.app', version: 'v1beta1', resource: 'canaries' };
const NS = { group: '', version: 'v1', resource: 'namespaces' };

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapMB(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function seed(cluster: TestCluster): void {
  for (let n = 0; n < NAMESPACES; n++) {
    const ns = `team-${String(n).padStart(3, '0')}`;
    cluster.store.create(NS, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (let i = 0; i < ROLLOUTS_PER_NS; i++) {
      const name = `svc-${i}`;
      const ro = cluster.store.create(RO, {
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
      });
      cluster.store.updateStatus(RO, {
        ...ro,
        status: {
          phase: i % 7 === 0 ? 'Paused' : 'Healthy',
          message: i % 7 === 0 ? 'CanaryPauseStep' : '',
          replicas: 3,
          updatedReplicas: 3,
          readyReplicas: 3,
          availableReplicas: 3,
          currentPodHash: i % 7 === 0 ? 'abc123' : 'def456',
          stableRS: 'def456',
          currentStepIndex: i % 7 === 0 ? 1 : 6,
          observedGeneration: '1',
          canary: { weights: { canary: { weight: 0, podTemplateHash: 'def456' }, stable: { weight: 100, podTemplateHash: 'def456' } } },
          conditions: [
            { type: 'Available', status: 'True', reason: 'AvailableReason', message: 'Rollout has minimum availability', lastTransitionTime: '2026-11-01T00:00:00Z', lastUpdateTime: '2026-11-01T00:00:00Z' },
            { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}-def456" has successfully progressed.`, lastTransitionTime: '2026-11-01T00:00:00Z', lastUpdateTime: '2026-11-01T00:00:00Z' },
          ],
        },
      });
    }
    for (let i = 0; i < CANARIES_PER_NS; i++) {
      const name = `app-${i}`;
      const c = cluster.store.create(CN, {
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
      });
      cluster.store.updateStatus(CN, {
        ...c,
        status: {
          phase: 'Succeeded',
          canaryWeight: 0,
          failedChecks: 0,
          iterations: 0,
          lastTransitionTime: '2026-11-01T00:00:00Z',
          conditions: [{ type: 'Promoted', status: 'True', reason: 'Succeeded', message: 'Canary analysis completed successfully, promotion finished.', lastUpdateTime: '2026-11-01T00:00:00Z', lastTransitionTime: '2026-11-01T00:00:00Z' }],
        },
      });
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/**
 * kubectl's wall time for one full list (a separate process: includes its start-up, like a user sees).
 * Spawned asynchronously: the API server runs in this process and must keep serving meanwhile.
 */
function kubectlList(kubeconfig: string, resource: string, cacheDir: string): Promise<{ ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'get', resource, '-A', '-o', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, bytes }) : reject(new Error(`kubectl failed: ${err.slice(0, 300)}`))));
  });
}

async function timeModel(cluster: TestCluster): Promise<{ ms: number; requests: number; bytesIn: number; rollouts: number; canaries: number }> {
  const svc = createClusterService({ kubeconfigPath: cluster.kubeconfigPath, watchKubeconfig: false });
  try {
    const t0 = performance.now();
    const model = svc.model(cluster.contextName)!;
    await new Promise<void>((resolve) => {
      const check = () => model.state.synced && model.state.phase === 'connected' && resolve();
      model.onDidChange(check);
    });
    const ms = performance.now() - t0;
    const st = svc.stats(cluster.contextName)!;
    return { ms, requests: st.requests, bytesIn: st.bytesIn, rollouts: model.rollouts().length, canaries: model.canaries().length };
  } finally {
    svc.dispose();
  }
}

/**
 * Writes EVENTS status changes, one at a time and spread out a little as a real cluster's would be,
 * and returns for each the time from the store write until `observed(key)` resolves.
 */
async function timeEvents(cluster: TestCluster, observed: (key: string) => Promise<number>, check?: (key: string, written: KubeObject) => void): Promise<number[]> {
  const lat: number[] = [];
  for (let e = 0; e < EVENTS; e++) {
    const ns = `team-${String(e % NAMESPACES).padStart(3, '0')}`;
    const name = `svc-${e % ROLLOUTS_PER_NS}`;
    const key = `argoproj.io/Rollout/${ns}/${name}`;
    const cur = cluster.store.get(RO, ns, name)!;
    const seen = observed(key);
    const t0 = performance.now();
    const written = cluster.store.updateStatus(RO, { ...cur, status: { ...cur.status, message: `event ${e} at ${t0}` } });
    lat.push((await seen) - t0);
    check?.(key, written);
    await new Promise((r) => setTimeout(r, 5));
  }
  return lat;
}

/** A connected model of the seeded cluster (the caller disposes the service). */
async function connectedModel(cluster: TestCluster, debounceMs?: number) {
  const svc = createClusterService({ kubeconfigPath: cluster.kubeconfigPath, watchKubeconfig: false, ...(debounceMs === undefined ? {} : { debounceMs }) });
  const model = svc.model(cluster.contextName)!;
  await new Promise<void>((resolve) => model.onDidChange(() => model.state.synced && model.state.phase === 'connected' && resolve()));
  return { svc, model };
}

/**
 * Store write → the moment the tree provider would fire onDidChangeTreeData with the item's node:
 * the model's batched change, mapped to node ids by the same nodesToRefresh the tree uses (every
 * node shown), through a coalescer with the tree's delay. VS Code's own rendering is not included.
 */
async function eventToTreeLatency(cluster: TestCluster): Promise<number[]> {
  const { svc, model } = await connectedModel(cluster);
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
    return await timeEvents(cluster, (key) => new Promise<number>((resolve) => (waiting = { id: itemNodeId(cluster.contextName, key), resolve })));
  } finally {
    sub.dispose();
    coalescer.dispose();
    svc.dispose();
  }
}

async function eventLatency(cluster: TestCluster, debounceMs: number): Promise<number[]> {
  const { svc, model } = await connectedModel(cluster, debounceMs);
  try {
    return await timeEvents(
      cluster,
      (key) =>
        new Promise<number>((resolve) => {
          const sub = model.onDidChange((c) => {
            if (c.keys.includes(key)) {
              sub.dispose();
              resolve(performance.now());
            }
          });
        }),
      (key, written) => {
        if (model.get(key)?.metadata?.resourceVersion !== written.metadata.resourceVersion) throw new Error('model saw a different version');
      },
    );
  } finally {
    svc.dispose();
  }
}

export async function run(): Promise<void> {
  const cluster = await startTestCluster({ defaultWatchTimeoutSeconds: 3600 });
  try {
    seed(cluster);
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-kubectl-cache-'));
    const haveKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
    const rows: [string, string][] = [];
    const kubectlTimes: number[] = [];
    let kubectlBytes = 0;
    if (haveKubectl) {
      await kubectlList(cluster.kubeconfigPath, 'rollouts.argoproj.io', cacheDir); // warm kubectl's discovery cache
      for (let i = 0; i < RUNS; i++) {
        const a = await kubectlList(cluster.kubeconfigPath, 'rollouts.argoproj.io', cacheDir);
        const b = await kubectlList(cluster.kubeconfigPath, 'canaries.flagger.app', cacheDir);
        kubectlTimes.push(a.ms + b.ms);
        kubectlBytes = a.bytes + b.bytes;
      }
    }
    const base = heapMB();
    const modelRuns = [];
    for (let i = 0; i < RUNS; i++) modelRuns.push(await timeModel(cluster));
    // Retained memory of one complete model (the server's own copies are in the baseline).
    const svc = createClusterService({ kubeconfigPath: cluster.kubeconfigPath, watchKubeconfig: false });
    const m = svc.model(cluster.contextName)!;
    await new Promise<void>((resolve) => m.onDidChange(() => m.state.synced && m.state.phase === 'connected' && resolve()));
    const retained = heapMB() - base;
    svc.dispose();
    const raw = await eventLatency(cluster, 0);
    const batched = await eventLatency(cluster, 50);
    const tree = await eventToTreeLatency(cluster);

    const modelMs = median(modelRuns.map((r) => r.ms));
    const last = modelRuns[modelRuns.length - 1];
    rows.push(['objects in the model', `${last.rollouts} Rollouts + ${last.canaries} Canaries in ${NAMESPACES} namespaces`]);
    rows.push(['complete model (median of 3)', `${modelMs.toFixed(0)} ms (discovery + 2 lists + 2 watches open)`]);
    if (haveKubectl) {
      const k = median(kubectlTimes);
      rows.push(['kubectl get rollouts + canaries -A -o json (median of 3)', `${k.toFixed(0)} ms (two processes, warm discovery cache)`]);
      rows.push(['ratio model / kubectl (target ≤ 1.5)', `${(modelMs / k).toFixed(2)}×`]);
      rows.push(['kubectl output bytes', `${(kubectlBytes / 1024 / 1024).toFixed(1)} MiB (pretty-printed JSON)`]);
    } else rows.push(['kubectl', 'not installed: comparison skipped']);
    rows.push(['model requests / bytes received', `${last.requests} requests, ${(last.bytesIn / 1024 / 1024).toFixed(1)} MiB`]);
    rows.push(['model retained heap (target < 100 MB)', `${retained.toFixed(1)} MB`]);
    rows.push([`event → model, p50 / p95 (${EVENTS} events, no batching)`, `${pct(raw, 50).toFixed(1)} / ${pct(raw, 95).toFixed(1)} ms`]);
    rows.push(['event → onDidChange, p50 / p95 (50 ms batching, what the tree gets)', `${pct(batched, 50).toFixed(1)} / ${pct(batched, 95).toFixed(1)} ms`]);
    rows.push([`event → tree refresh fired, p50 / p95 (+${TREE_REFRESH_BATCH_MS} ms tree batching; target p95 < 150)`, `${pct(tree, 50).toFixed(1)} / ${pct(tree, 95).toFixed(1)} ms`]);
    const w = Math.max(...rows.map((r) => r[0].length));
    for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
    fs.rmSync(cacheDir, { recursive: true, force: true });
  } finally {
    await cluster.stop();
  }
}
