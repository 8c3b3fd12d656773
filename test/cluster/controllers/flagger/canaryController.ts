/**
 * A simulated Flagger controller (upstream `pkg/controller/scheduler.go` `advanceCanary`,
 * `scheduler_hooks.go`, `webhook.go`), one Canary at a time, on Flagger's own rhythm: the analysis
 * advances once per `analysis.interval` (default 60 s) of the injected clock, not on every event.
 *
 * Lifecycle for a Deployment target `<t>`:
 * - Initializing: create `<t>-primary` (labels `app: <t>` renamed `<t>-primary`, as Flagger does),
 *   the services `<svc>`, `<svc>-canary`, `<svc>-primary`; once the primary is ready scale `<t>` to
 *   zero → Initialized (lastAppliedSpec = hash of `<t>`'s pod template).
 * - A changed pod template on `<t>` (Initialized/Succeeded/Failed): confirm-rollout hooks; a failing
 *   one → Waiting. Otherwise pre-rollout hooks, scale `<t>` up, Progressing from weight 0.
 * - Each interval while Progressing: wait for `<t>` to be ready; a rollback hook that answers ≤ 202 →
 *   Failed; metric checks (simulated: the `rollout-lens.test/outcome: Failed` annotation on the Canary
 *   or on a referenced MetricTemplate fails them; `rollout` hooks failing count too) → failedChecks+1,
 *   and at `threshold` (default 1) → Failed with weight 0 and `<t>` scaled to zero; otherwise
 *   canaryWeight += stepWeight (or the next of `stepWeights`) up to maxWeight, or iterations+1 in
 *   iteration mode; at the end the confirm-promotion hooks: failing → WaitingPromotion, passing →
 *   Promoting (the primary gets `<t>`'s template).
 * - Promoting → (primary ready) Finalising with weight 0 → `<t>` scaled to zero → Succeeded
 *   (post-rollout hooks). A template change during the analysis restarts it.
 *
 * Webhook URLs resolve to the in-process loadtester when they name its service
 * (`http://flagger-loadtester.test/...`, `.svc`, `.svc.cluster.local`, any port); anything else fails
 * like a connection error. A hook succeeds when the answer is ≤ 202, as `callWebhook` decides.
 */
import type { Clock, KubeObject, ObjectStore } from '../../store/objectStore';
import { WorkQueue } from '../workQueue';
import { GVR, OUTCOME_ANNOTATION, clone, controllerRef, durationMs, keyOf, splitKey, writeStatus } from '../kube';
import { LOADTESTER_SERVICE, type Loadtester } from './loadtester';
import { finishStatus, payloadChecksum, specChecksum, type CanaryPhase, type CanaryStatus } from './canaryStatus';

const RENAMED_LABELS = ['app', 'name', 'app.kubernetes.io/name'];

export class CanaryController {
  readonly queue: WorkQueue;
  private nextTick = new Map<string, number>();

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    private readonly loadtester: Loadtester,
    private readonly log: (msg: string) => void = () => {},
  ) {
    this.queue = new WorkQueue('canary', clock, (key) => this.reconcile(key), log);
  }

  observe(obj: KubeObject): void {
    if (obj.kind === 'Canary') this.queue.add(keyOf(obj));
    else if (obj.kind === 'Deployment') {
      for (const c of this.store.list(GVR.canaries, obj.metadata.namespace)) {
        const target = c.spec?.targetRef?.name;
        if (target === obj.metadata.name || `${target}-primary` === obj.metadata.name) this.queue.add(keyOf(c));
      }
    } else if (obj.kind === 'MetricTemplate') {
      for (const c of this.store.list(GVR.canaries)) this.queue.add(keyOf(c));
    }
  }

  stop(): void {
    this.nextTick.clear();
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const canary = this.store.get(GVR.canaries, ns, name);
    if (!canary) {
      this.nextTick.delete(key);
      return;
    }
    const now = this.clock.now().getTime();
    const interval = durationMs(canary.spec?.analysis?.interval, 60_000)!;
    const due = this.nextTick.get(key);
    const phase: CanaryPhase | undefined = canary.status?.phase || undefined;
    // Initialization is not paced by the interval (Flagger's first sync runs as soon as the Canary appears).
    const initializing = !phase || phase === 'Initializing';
    if (!initializing && due !== undefined && now < due) {
      this.queue.addAfter(key, due - now);
      return;
    }
    this.nextTick.set(key, now + interval);
    this.queue.addAfter(key, interval);
    if (canary.spec?.suspend) return;
    this.advance(canary);
  }

  private advance(canary: KubeObject): void {
    const ns = canary.metadata.namespace;
    const now = this.clock.now();
    const targetName: string = canary.spec?.targetRef?.name;
    const kind: string = canary.spec?.targetRef?.kind ?? 'Deployment';
    const target = targetName ? this.store.get(GVR.deployments, ns, targetName) : undefined;
    if (!target) {
      this.log(`canary ${keyOf(canary)}: ${kind} ${targetName} not found`);
      return;
    }
    const prev: CanaryStatus | undefined = canary.status;
    const s: CanaryStatus = { failedChecks: 0, canaryWeight: 0, iterations: 0, ...clone(prev ?? {}) };
    const primaryName = `${targetName}-primary`;
    let primary = this.store.get(GVR.deployments, ns, primaryName);
    const analysis = canary.spec?.analysis ?? {};
    const templateHash = specChecksum(target.spec?.template);
    const commit = (phase?: CanaryPhase) => {
      if (phase) s.phase = phase;
      s.trackedConfigs ??= {};
      writeStatus(this.store, GVR.canaries, canary, JSON.parse(JSON.stringify(finishStatus(prev, s, kind, now))));
    };

    if (!s.phase || s.phase === 'Initializing') {
      if (!primary) primary = this.createPrimary(canary, target);
      this.ensureServices(canary, targetName);
      if (!ready(primary)) return commit('Initializing');
      this.scaleDeployment(target, 0);
      s.lastAppliedSpec = templateHash;
      s.canaryWeight = 0;
      return commit('Initialized');
    }
    if (!primary) primary = this.createPrimary(canary, target);

    const changed = templateHash !== s.lastAppliedSpec;
    if (changed && ['Initialized', 'Succeeded', 'Failed', 'Waiting', 'Progressing', 'WaitingPromotion'].includes(s.phase)) {
      if (s.phase !== 'Waiting' && s.phase !== 'Progressing' && s.phase !== 'WaitingPromotion' && !this.gatesPass(canary, s, 'confirm-rollout')) return commit('Waiting');
      if (s.phase === 'Waiting' && !this.gatesPass(canary, s, 'confirm-rollout')) return commit('Waiting');
      if (!this.gatesPass(canary, s, 'pre-rollout')) return commit();
      this.scaleDeployment(target, Number(primary.spec?.replicas ?? 1));
      Object.assign(s, { canaryWeight: 0, iterations: 0, failedChecks: 0, lastAppliedSpec: templateHash });
      return commit('Progressing');
    }

    switch (s.phase) {
      case 'Progressing':
      case 'WaitingPromotion': {
        if (canary.spec?.skipAnalysis) return this.promoteWithoutAnalysis(canary, target, primary, s, commit);
        if (!ready(target)) {
          // Flagger gives a canary that never becomes ready progressDeadlineSeconds (default 600), then rolls back.
          const deadline = Number(canary.spec?.progressDeadlineSeconds ?? 600) * 1000;
          if (now.getTime() - Date.parse(s.lastTransitionTime ?? '') > deadline) return this.fail(canary, target, s, commit);
          return commit();
        }
        if (this.hooks(canary, 'rollback').some((h) => this.callHook(canary, s, h).ok)) return this.fail(canary, target, s, commit);
        if (s.phase === 'WaitingPromotion') {
          if (!this.gatesPass(canary, s, 'confirm-promotion')) {
            if (analysis.iterations) s.iterations = Math.max(0, Number(analysis.iterations) - 1);
            return commit();
          }
          return this.startPromotion(target, primary, s, commit);
        }
        if (!this.checksPass(canary, s)) {
          s.failedChecks++;
          const threshold = Number(analysis.threshold) > 0 ? Number(analysis.threshold) : 1;
          if (s.failedChecks >= threshold) return this.fail(canary, target, s, commit);
          return commit();
        }
        if (analysis.iterations && !analysis.stepWeight && !analysis.stepWeights) {
          if (s.iterations < Number(analysis.iterations)) {
            s.iterations++;
            return commit();
          }
        } else {
          const maxWeight = maxWeightOf(analysis);
          if (s.canaryWeight < maxWeight) {
            if (!this.gatesPass(canary, s, 'confirm-traffic-increase')) return commit();
            s.canaryWeight = nextWeight(analysis, s.canaryWeight);
            return commit();
          }
        }
        if (!this.gatesPass(canary, s, 'confirm-promotion')) return commit('WaitingPromotion');
        return this.startPromotion(target, primary, s, commit);
      }
      case 'Promoting': {
        if (!ready(primary) || specChecksum(primary.spec?.template) !== specChecksum(renamedTemplate(target.spec?.template, targetName))) return commit();
        s.canaryWeight = 0;
        return commit('Finalising');
      }
      case 'Finalising': {
        this.scaleDeployment(target, 0);
        s.lastPromotedSpec = s.lastAppliedSpec;
        this.hooks(canary, 'post-rollout').forEach((h) => this.callHook(canary, s, h));
        return commit('Succeeded');
      }
      default:
        return commit();
    }
  }

  private startPromotion(target: KubeObject, primary: KubeObject, s: CanaryStatus, commit: (p?: CanaryPhase) => void): void {
    const fresh = this.store.get(GVR.deployments, primary.metadata.namespace, primary.metadata.name)!;
    this.store.update(GVR.deployments, { ...fresh, spec: { ...fresh.spec, template: renamedTemplate(target.spec?.template, target.metadata.name) } });
    s.canaryWeight = Math.max(s.canaryWeight, 0);
    commit('Promoting');
  }

  /** `skipAnalysis: true`: the new revision goes straight to the primary ("Canary analysis was skipped"). */
  private promoteWithoutAnalysis(canary: KubeObject, target: KubeObject, primary: KubeObject, s: CanaryStatus, commit: (p?: CanaryPhase) => void): void {
    const fresh = this.store.get(GVR.deployments, primary.metadata.namespace, primary.metadata.name)!;
    this.store.update(GVR.deployments, { ...fresh, spec: { ...fresh.spec, template: renamedTemplate(target.spec?.template, target.metadata.name) } });
    this.scaleDeployment(target, 0);
    Object.assign(s, { canaryWeight: 0, iterations: 0, failedChecks: 0, lastPromotedSpec: s.lastAppliedSpec });
    this.hooks(canary, 'post-rollout').forEach((h) => this.callHook(canary, s, h));
    commit('Succeeded');
  }

  private fail(canary: KubeObject, target: KubeObject, s: CanaryStatus, commit: (p?: CanaryPhase) => void): void {
    s.canaryWeight = 0;
    this.scaleDeployment(target, 0);
    this.hooks(canary, 'post-rollout').forEach((h) => this.callHook(canary, s, h));
    commit('Failed');
  }

  /** Metric checks and `rollout` (load test) hooks for one interval. */
  private checksPass(canary: KubeObject, s: CanaryStatus): boolean {
    if (isFailed(canary.metadata.annotations?.[OUTCOME_ANNOTATION])) return false;
    for (const m of canary.spec?.analysis?.metrics ?? []) {
      const ref = m.templateRef;
      if (!ref?.name) continue;
      const tpl = this.store.get(GVR.metricTemplates, ref.namespace ?? canary.metadata.namespace, ref.name);
      if (!tpl) return false; // Flagger: "MetricTemplate not found" counts as a failed check
      if (isFailed(tpl.metadata.annotations?.[OUTCOME_ANNOTATION])) return false;
    }
    return this.hooks(canary, 'rollout').every((h) => this.callHook(canary, s, h).ok);
  }

  private hooks(canary: KubeObject, type: string): any[] {
    return (canary.spec?.analysis?.webhooks ?? []).filter((h: any) => (h.type ?? 'rollout') === type);
  }

  private gatesPass(canary: KubeObject, s: CanaryStatus, type: string): boolean {
    return this.hooks(canary, type).every((h) => this.callHook(canary, s, h).ok);
  }

  /** POSTs the CanaryWebhookPayload to a hook's URL; only the loadtester service is reachable. */
  private callHook(canary: KubeObject, s: CanaryStatus, hook: any): { ok: boolean; status?: number; error?: string } {
    let url: URL;
    try {
      url = new URL(hook.url);
    } catch {
      return { ok: false, error: `invalid url ${hook.url}` };
    }
    const [svc, svcNs] = url.hostname.split('.');
    const ns = svcNs ?? canary.metadata.namespace;
    if (svc !== LOADTESTER_SERVICE.name || ns !== LOADTESTER_SERVICE.namespace) {
      return { ok: false, error: `dial tcp: lookup ${url.hostname}: no such host` };
    }
    const payload = { name: canary.metadata.name, namespace: canary.metadata.namespace, phase: s.phase ?? '', checksum: payloadChecksum(s), ...(hook.metadata ? { metadata: hook.metadata } : {}) };
    const res = this.loadtester.call({ method: 'POST', path: url.pathname + url.search, headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    return res.status <= 202 ? { ok: true, status: res.status } : { ok: false, status: res.status, error: res.body.toString('utf8') };
  }

  private createPrimary(canary: KubeObject, target: KubeObject): KubeObject {
    const name = `${target.metadata.name}-primary`;
    const rename = (labels: Record<string, string> | undefined) => renameLabels(labels, target.metadata.name);
    return this.store.create(GVR.deployments, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name,
        namespace: target.metadata.namespace,
        labels: rename(target.metadata.labels),
        ownerReferences: [controllerRef(canary)],
      },
      spec: {
        ...clone(target.spec),
        replicas: Number(target.spec?.replicas ?? 1) || 1,
        selector: { matchLabels: rename(target.spec?.selector?.matchLabels) },
        template: renamedTemplate(target.spec?.template, target.metadata.name),
      },
    });
  }

  private ensureServices(canary: KubeObject, targetName: string): void {
    const ns = canary.metadata.namespace;
    const svc = canary.spec?.service ?? {};
    const base = svc.name ?? targetName;
    const port = Number(svc.port ?? 80);
    const targetPort = svc.targetPort ?? port;
    const selector = (suffix: string) => ({ app: `${targetName}${suffix}` });
    for (const [name, sel] of [
      [base, selector('-primary')],
      [`${base}-canary`, selector('')],
      [`${base}-primary`, selector('-primary')],
    ] as const) {
      if (this.store.get(GVR.services, ns, name)) continue;
      this.store.create(GVR.services, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: ns, labels: { app: name }, ownerReferences: [controllerRef(canary)] },
        spec: { type: 'ClusterIP', selector: sel, ports: [{ name: svc.portName ?? 'http', port, protocol: 'TCP', targetPort }] },
      });
    }
  }

  private scaleDeployment(d: KubeObject, replicas: number): void {
    const fresh = this.store.get(GVR.deployments, d.metadata.namespace, d.metadata.name);
    if (!fresh || Number(fresh.spec?.replicas ?? 1) === replicas) return;
    this.store.update(GVR.deployments, { ...fresh, spec: { ...fresh.spec, replicas } });
  }
}

function ready(d: KubeObject | undefined): boolean {
  if (!d) return false;
  const want = Number(d.spec?.replicas ?? 1);
  return Number(d.status?.observedGeneration ?? 0) >= Number(d.metadata.generation ?? 1) && Number(d.status?.updatedReplicas ?? 0) >= want && Number(d.status?.availableReplicas ?? 0) >= want;
}

function renameLabels(labels: Record<string, string> | undefined, target: string): Record<string, string> {
  const out: Record<string, string> = { ...(labels ?? {}) };
  for (const k of RENAMED_LABELS) if (out[k] === target) out[k] = `${target}-primary`;
  return out;
}

function renamedTemplate(template: any, target: string): any {
  const t = clone(template ?? {});
  t.metadata = { ...(t.metadata ?? {}), labels: renameLabels(t.metadata?.labels, target) };
  return t;
}

function maxWeightOf(analysis: any): number {
  if (Array.isArray(analysis.stepWeights) && analysis.stepWeights.length) return Math.max(...analysis.stepWeights.map(Number));
  return Number(analysis.maxWeight ?? 100);
}

function nextWeight(analysis: any, current: number): number {
  if (Array.isArray(analysis.stepWeights) && analysis.stepWeights.length) {
    const next = analysis.stepWeights.map(Number).find((w: number) => w > current);
    return next ?? maxWeightOf(analysis);
  }
  return Math.min(current + Number(analysis.stepWeight ?? 10), maxWeightOf(analysis));
}

const isFailed = (v: string | undefined): boolean => (v ?? '').trim().toLowerCase() === 'failed';
