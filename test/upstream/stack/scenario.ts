/**
 * The fake's scenarios and fixtures on the upstream stack, written through the API so the real
 * controllers drive them.
 *
 * A scenario deploys the same objects as test/cluster/scenarios (the sample config repo, built as
 * kustomize would) and runs the same drivers (the "developer pushing new versions"), with these
 * differences, each because the real stack has no service mesh or metrics of its own:
 * - Canaries' `spec.provider` becomes `kubernetes` (Flagger then runs them blue/green, as many
 *   iterations as they have weight steps, instead of shifting mesh traffic);
 * - the loadtester's Deployment and Service are the stack's own (a hostNetwork pod on the network
 *   namespace's node, so the service proxy reaches the real loadtester), not the repo's;
 * - the outcomes the fake reads from an annotation come from the simulated Prometheus instead:
 *   cart's error rate answers 0.012 then 0.071 (its analysis fails on the second measurement, as in
 *   the fake), its latency 0.21 then 0.38 (Inconclusive), backend's error-rate template 50 % (its
 *   canary fails), everything else 100 (success rate) and the `web` check {"ok": true}.
 *
 * Drivers poll the API (every 500 ms) instead of subscribing to a store.
 */
import fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { buildKustomization } from '../../cluster/scenarios/workspaceObjects';
import { SCENARIOS, drivers, type Expectation } from '../../cluster/scenarios/index';
import type { DriverSpec } from '../../cluster/scenarios/drivers';
import { filesUnder, type FixtureReport } from '../../cluster/fixtures';
import { ApiError, objectPath, type ApiClient, type KubeObject } from './api';
import { LOADTESTER } from './bootstrap';
import type { AnalysisBackends, UpstreamCluster } from './index';

/** The simulated metrics that reproduce the fake's outcomes (see the module comment). */
export const SCENARIO_ANALYSIS: AnalysisBackends = {
  prometheus: {
    rules: [
      // cart's two metrics as the fake measures them (test/cluster/scenarios MEASUREMENTS): the error rate
      // passes once, then crosses `result[0] < 0.05`, so the run fails on its second measurement; the
      // p99 latency passes once, then lands between its bounds (Inconclusive) beside it.
      { match: 'http_requests_total\\{service="cart",status', values: [0.012, 0.071] },
      { match: 'http_request_duration_seconds_bucket\\{service="cart"', values: [0.21, 0.38] },
      { match: 'deployment="backend"', value: 50 },
    ],
    default: 100,
  },
  web: { ok: true },
};

/** In-cluster names the scenario's analyses call (the storefront `web` metric). */
export const SCENARIO_SERVICES = [
  { service: 'storefront-canary', namespace: 'shop' },
  { service: 'storefront-stable', namespace: 'shop' },
];

interface CanarySpec {
  provider?: string;
  analysis?: { iterations?: number; stepWeights?: number[]; maxWeight?: number; stepWeight?: number };
}

/**
 * The Canary on Flagger's `kubernetes` provider (no mesh here). That provider runs blue/green, by
 * iterations instead of traffic weights, and sets 10 when the Canary names none ("Setting
 * canaryAnalysis.iterations: 10"): ~100 s of analysis before frontend reached its gate, where the mesh
 * version takes two steps. As many iterations as the Canary has weight steps, in place of the weights,
 * keeps the repo's pace.
 */
function toKubernetesProvider(spec: CanarySpec): void {
  spec.provider = 'kubernetes';
  const a = spec.analysis;
  if (!a || a.iterations !== undefined) return;
  const steps = a.stepWeights?.length ?? (a.maxWeight && a.stepWeight ? Math.ceil(a.maxWeight / a.stepWeight) : undefined);
  if (!steps) return;
  // The CRD's analysis is oneOf iterations or weights: the server refuses both.
  a.iterations = steps;
  delete a.stepWeights;
  delete a.maxWeight;
  delete a.stepWeight;
}

export interface UpstreamScenario {
  readonly name: string;
  readonly objects: KubeObject[];
  stop(): void;
}

/** The scenario's objects as the upstream stack applies them (see the module comment). */
export function scenarioObjects(): KubeObject[] {
  const out: KubeObject[] = [];
  const namespaces = new Set<string>();
  for (const { object } of buildKustomization()) {
    const o = JSON.parse(JSON.stringify(object)) as KubeObject;
    if (o.metadata.namespace === LOADTESTER.namespace && o.metadata.name === LOADTESTER.name) continue;
    if (o.kind === 'Canary') toKubernetesProvider(o.spec as CanarySpec);
    if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
    out.push(o);
  }
  return [...[...namespaces].map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })), ...out];
}

export async function startUpstreamScenario(cluster: UpstreamCluster, name: string): Promise<UpstreamScenario> {
  if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
  cluster.setAnalysisBackends(SCENARIO_ANALYSIS);
  const objects = scenarioObjects();
  for (const o of objects) await cluster.api.apply(o);
  const active = drivers(name === 'demo').map((d) => new ApiDriver(cluster.api, d));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    for (const d of active) {
      if (stopped) return;
      await d.tick(Date.now()).catch(() => undefined);
    }
    if (!stopped) timer = setTimeout(() => void tick(), 500);
  };
  void tick();
  return {
    name,
    objects,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * test/cluster/scenarios/drivers.ts's ScenarioDriver over the API: once the object has settled (a
 * Rollout Healthy with its spec observed; a Canary Initialized or Succeeded) and the delay has
 * passed, roll out the next image; with `repeatAfterMs` unset, only once.
 */
class ApiDriver {
  private bumps = 0;
  private next = 1;
  private dueAt?: number;
  /** After a bump, wait to see the object unsettled before counting a settle again. */
  private awaitingChange = false;

  constructor(
    private readonly api: ApiClient,
    readonly spec: DriverSpec,
  ) {}

  async tick(now: number): Promise<void> {
    const { kind, namespace, name } = this.spec;
    const obj = kind === 'Rollout' ? await this.api.getObject('argoproj.io/v1alpha1', 'Rollout', namespace, name) : await this.api.getObject('flagger.app/v1beta1', 'Canary', namespace, name);
    const settled = !!obj && (kind === 'Rollout' ? obj.status?.phase === 'Healthy' && obj.status?.observedGeneration === String(obj.metadata.generation) : obj.status?.phase === 'Initialized' || obj.status?.phase === 'Succeeded');
    if (!settled) {
      this.awaitingChange = false;
      this.dueAt = undefined;
      return;
    }
    if (this.awaitingChange) return;
    if (this.bumps > 0 && this.spec.repeatAfterMs === undefined) return;
    if (this.dueAt === undefined) {
      this.dueAt = now + (this.bumps === 0 ? (this.spec.firstDelayMs ?? 0) : this.spec.repeatAfterMs!);
      return;
    }
    if (now < this.dueAt) return;
    this.dueAt = undefined;
    await this.bump(obj);
  }

  private async bump(watched: any): Promise<void> {
    const { kind, namespace } = this.spec;
    const target = kind === 'Rollout' ? watched : await this.api.getObject('apps/v1', 'Deployment', namespace, watched.spec?.targetRef?.name);
    const containers = target?.spec?.template?.spec?.containers;
    if (!containers?.length) return;
    const current = containers[0].image;
    let image = this.spec.images[this.next % this.spec.images.length];
    if (image === current) image = this.spec.images[++this.next % this.spec.images.length];
    this.next++;
    // A strategic merge patch keyed by container name, as `kubectl set image` sends.
    const patch = { spec: { template: { spec: { containers: [{ name: containers[0].name, image }] } } } };
    const apiVersion = kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1';
    const targetKind = kind === 'Rollout' ? 'Rollout' : 'Deployment';
    // Custom resources take no strategic merge patch: a JSON patch of the one field instead.
    if (kind === 'Rollout') await this.api.json('PATCH', objectPath(apiVersion, targetKind, namespace, target.metadata.name), [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }], 'application/json-patch+json');
    else await this.api.json('PATCH', objectPath(apiVersion, targetKind, namespace, target.metadata.name), patch, 'application/strategic-merge-patch+json');
    this.bumps++;
    this.awaitingChange = true;
  }
}

/** The expectation's object on the upstream stack (for `unmetExpectations`). */
export function readFromApi(api: ApiClient): (e: Expectation) => Promise<any> {
  return (e) => (e.kind === 'Rollout' ? api.getObject('argoproj.io/v1alpha1', 'Rollout', e.namespace, e.name) : api.getObject('flagger.app/v1beta1', 'Canary', e.namespace, e.name));
}

/**
 * Applies every object in a folder's YAML/JSON files (multi-document, `kind: List` expanded) through
 * the API, as test/cluster/fixtures.ts loads them into the fake, except what a real server decides:
 * uid, resourceVersion, creationTimestamp and managedFields are its own, and ownerReferences are
 * dropped (they name uids of the snapshot's cluster; the garbage collector would delete the
 * dependents). Status is written through the status subresource where the kind has one.
 */
export async function applyFixturesDir(cluster: UpstreamCluster, dir: string): Promise<FixtureReport> {
  const report: FixtureReport = { loaded: 0, skipped: [] };
  const files = filesUnder(dir);
  const objects: { file: string; obj: KubeObject }[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (doc.errors.length) {
        report.skipped.push({ file, reason: `YAML error: ${doc.errors[0].message}` });
        continue;
      }
      const v = doc.toJSON();
      if (!v || typeof v !== 'object') continue;
      for (const o of typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items) ? v.items : [v]) objects.push({ file, obj: o });
    }
  }
  const namespaces = new Set(objects.map((o) => o.obj?.metadata?.namespace).filter((n): n is string => !!n));
  for (const name of namespaces) await cluster.api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  for (const { file, obj } of objects) {
    if (!obj?.apiVersion || !obj.kind || !obj.metadata?.name) {
      report.skipped.push({ file, reason: 'not a Kubernetes object (apiVersion, kind and metadata.name are required)' });
      continue;
    }
    const { uid: _u, resourceVersion: _r, creationTimestamp: _c, managedFields: _m, ownerReferences: _o, generation: _g, ...metadata } = obj.metadata as Record<string, unknown>;
    const { status, ...rest } = obj as KubeObject & { status?: unknown };
    const clean = { ...rest, metadata: { ...metadata, name: obj.metadata.name } } as KubeObject;
    try {
      await cluster.api.apply(clean);
      if (status !== undefined)
        await cluster.api.applyStatus({ apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace }, status }).catch((e) => {
          if (!(e instanceof ApiError && e.status === 404)) throw e;
        });
      report.loaded++;
    } catch (e) {
      report.skipped.push({ file, reason: (e as Error).message });
    }
  }
  return report;
}
