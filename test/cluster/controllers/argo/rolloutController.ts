/**
 * A simulated Argo Rollouts controller (upstream `rollout/controller.go` `syncHandler` and friends),
 * driven by store events and clock timers through a work queue.
 *
 * One reconcile of a Rollout: check the spec (InvalidSpec → Degraded and stop), find or create the
 * ReplicaSet for the current pod template (`<rollout>-<pod-template-hash>`, label
 * `rollouts-pod-template-hash`, annotation `rollout.argoproj.io/revision`), reset the per-update status
 * when the template or the steps changed (pause conditions, abort, promoteFull, step index, as
 * upstream `resetRolloutStatus`), handle `spec.restartAt`, run the strategy (canary.ts /
 * blueGreen.ts) which scales ReplicaSets and advances `status`, then derive replica counts,
 * conditions, phase and message, and write status through the status subresource only if it changed.
 *
 * Everything kubectl-argo-rollouts does arrives as plain patches on the Rollout (argoproj/argo-rollouts pkg/kubectl-argo-rollouts/cmd/):
 * promote clears `status.pauseConditions` (the controller sees `controllerPause` with no conditions
 * and moves past the pause) or bumps `currentStepIndex`; abort/retry flip `status.abort`; pause sets
 * `spec.paused`; promote --full sets `status.promoteFull`; restart sets `spec.restartAt`.
 */
import type { Clock, KubeObject } from '../../store/objectStore';
import type { ObjectCache } from '../cache';
import { WorkQueue } from '../workQueue';
import { GVR, clone, controllerRef, keyOf, ownerOfKind, podTemplateHash, rfc3339, setCondition, splitKey, writeStatus } from '../kube';
import { isPodReady, startOf } from '../workloads/replicaSetController';
import { invalidSpecMessage, isBlueGreen, replicasOf, stepHashOf, stepsOf } from './rolloutSpec';
import { hashOf, healthyCondition, replicaCounts, rolloutConditions, rolloutPhase } from './rolloutStatus';
import { reconcileCanary } from './canary';
import { reconcileBlueGreen } from './blueGreen';
import { terminateRun } from './analysisRunController';

/** What the strategies get: the objects of this reconcile and the means to act. */
export interface RolloutContext {
  store: ObjectCache;
  ro: KubeObject;
  /** The status being built (mutated in place, written once at the end). */
  status: any;
  now: Date;
  podHash: string;
  revision: number;
  newRS: KubeObject;
  stableRS?: KubeObject;
  allRS: KubeObject[];
  /** Set by the strategy when the update is finished, for the Completed condition's message. */
  completeMessage: string;
  scale(rs: KubeObject | undefined, replicas: number): void;
  requeueAfter: (ms: number) => void;
}

export class RolloutController {
  readonly queue: WorkQueue;

  constructor(
    private readonly store: ObjectCache,
    private readonly clock: Clock,
    log?: (msg: string) => void,
  ) {
    this.queue = new WorkQueue('rollout', clock, (key) => this.reconcile(key), log);
  }

  /** Rollouts, and anything they own (ReplicaSets, AnalysisRuns, Experiments), requeue the Rollout. */
  observe(obj: KubeObject): void {
    if (obj.kind === 'Rollout') this.queue.add(keyOf(obj));
    else {
      const owner = ownerOfKind(obj, 'Rollout');
      if (owner) this.queue.add(`${obj.metadata.namespace ?? ''}/${owner}`);
      // A template that appears later can make an InvalidSpec rollout valid: requeue the namespace's rollouts.
      if (obj.kind === 'AnalysisTemplate' || obj.kind === 'ClusterAnalysisTemplate') {
        for (const ro of this.store.list(GVR.rollouts, obj.kind === 'AnalysisTemplate' ? obj.metadata.namespace : undefined)) this.queue.add(keyOf(ro));
      }
    }
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    let ro = this.store.get(GVR.rollouts, ns, name);
    if (!ro) {
      this.hashes.delete(key);
      return;
    }
    const now = this.clock.now();
    const status: any = clone(ro.status ?? {});
    status.observedGeneration = String(ro.metadata.generation ?? 1);
    status.blueGreen ??= {};
    status.canary ??= {};

    const invalid = invalidSpecMessage(ro, this.store);
    if (invalid) {
      status.conditions = setCondition(status.conditions ?? [], { type: 'InvalidSpec', status: 'True', reason: 'InvalidSpec', message: invalid }, now);
      Object.assign(status, rolloutPhase(ro, status));
      writeStatus(this.store, GVR.rollouts, ro, omitEmpty(status));
      return;
    }

    const podHash = this.templateHash(ro, status.collisionCount);
    let allRS = this.ownedReplicaSets(ro);
    const maxRevision = Math.max(0, ...allRS.map(revisionOf));
    let newRS = allRS.find((rs) => hashOf(rs) === podHash);
    let newRSCreated = false;
    if (!newRS) {
      newRS = this.createReplicaSet(ro, podHash, maxRevision + 1);
      newRSCreated = true;
      allRS = [...allRS, newRS];
    } else if (revisionOf(newRS) < maxRevision) {
      // Rolling back to an older template re-labels its ReplicaSet as the newest revision (upstream does the same).
      newRS = this.store.update(GVR.replicaSets, withAnnotation(newRS, 'rollout.argoproj.io/revision', String(maxRevision + 1)));
      allRS = allRS.map((rs) => (rs.metadata.name === newRS!.metadata.name ? newRS! : rs));
    }
    const revision = revisionOf(newRS);
    if (ro.metadata.annotations?.['rollout.argoproj.io/revision'] !== String(revision)) {
      ro = this.store.update(GVR.rollouts, withAnnotation(ro, 'rollout.argoproj.io/revision', String(revision)));
    }

    const steps = stepsOf(ro);
    const stepHash = isBlueGreen(ro) ? undefined : stepHashOf(ro);
    const templateChanged = status.currentPodHash !== undefined && status.currentPodHash !== podHash;
    const stepsChanged = stepHash !== undefined && status.currentStepHash !== undefined && status.currentStepHash !== stepHash;
    if (templateChanged || stepsChanged) {
      this.resetForUpdate(ro, status, podHash);
    }
    status.currentPodHash = podHash;
    if (stepHash !== undefined) status.currentStepHash = stepHash;
    else delete status.currentStepHash;
    if (!status.stableRS) {
      // The first revision becomes stable at once: there is nothing to canary against.
      status.stableRS = podHash;
      if (steps.length > 0) status.currentStepIndex = steps.length;
    }

    // Retry (`status.abort: false`) leaves abortedAt behind; upstream drops it with the abort.
    if (!status.abort) {
      delete status.abort;
      delete status.abortedAt;
    }

    const ctx: RolloutContext = {
      store: this.store,
      ro,
      status,
      now,
      podHash,
      revision,
      newRS,
      stableRS: allRS.find((rs) => hashOf(rs) === status.stableRS),
      allRS,
      completeMessage: revision === 1 ? 'Initial deploy' : 'Rollout completed',
      scale: (rs, n) => this.scale(rs, n),
      requeueAfter: (ms) => this.queue.addAfter(key, ms),
    };
    this.restart(ctx);
    if (isBlueGreen(ro)) reconcileBlueGreen(ctx);
    else reconcileCanary(ctx);
    this.pruneHistory(ro, status);

    allRS = this.ownedReplicaSets(ro);
    const currentRS = allRS.find((rs) => hashOf(rs) === podHash);
    replicaCounts(ro, status, allRS, currentRS);
    const counts = (s: any) => [s?.replicas, s?.updatedReplicas, s?.readyReplicas, s?.availableReplicas].map((n) => Number(n ?? 0)).join('/');
    rolloutConditions(
      ro,
      status,
      {
        newRSName: newRS.metadata.name,
        newRSCreated,
        revision,
        podHash,
        completeMessage: ctx.completeMessage,
        progressed: counts(ro.status) !== counts(status),
        waitingForPods: Number(currentRS?.status?.availableReplicas ?? 0) < Number(currentRS?.spec?.replicas ?? 0),
        deadlineMs: Number(ro.spec?.progressDeadlineSeconds ?? 600) * 1000,
        requeueAfter: ctx.requeueAfter,
      },
      now,
    );
    const timedOut = (status.conditions ?? []).some((c: any) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded');
    if (timedOut && ro.spec?.progressDeadlineAbort && !status.abort) {
      // progressDeadlineAbort: the timeout aborts the update (the abort itself happens on the next pass).
      status.abort = true;
      status.abortedAt = rfc3339(now);
      this.queue.add(key);
    }
    Object.assign(status, rolloutPhase(ro, status));
    healthyCondition(status, now);
    const fresh = this.store.get(GVR.rollouts, ns, name);
    if (fresh) writeStatus(this.store, GVR.rollouts, fresh, omitEmpty(status));
  }

  /** The pod-template-hash, computed once per spec generation (hashing is the costly part of a reconcile). */
  private readonly hashes = new Map<string, { generation: string; hash: string }>();
  private templateHash(ro: KubeObject, collisionCount?: number): string {
    const key = keyOf(ro);
    const generation = `${ro.metadata.uid}/${ro.metadata.generation}/${collisionCount ?? 0}`;
    const cached = this.hashes.get(key);
    if (cached?.generation === generation) return cached.hash;
    const hash = podTemplateHash(ro.spec?.template, collisionCount);
    this.hashes.set(key, { generation, hash });
    return hash;
  }

  /** Upstream `resetRolloutStatus`: a new template or new steps start the update over. */
  private resetForUpdate(ro: KubeObject, status: any, podHash: string): void {
    delete status.pauseConditions;
    status.controllerPause = false;
    delete status.abort;
    delete status.abortedAt;
    delete status.promoteFull;
    delete status.canary?.currentStepAnalysisRunStatus;
    delete status.canary?.currentBackgroundAnalysisRunStatus;
    delete status.canary?.currentExperiment;
    if (isBlueGreen(ro)) delete status.blueGreen?.scaleUpPreviewCheckPoint;
    const steps = stepsOf(ro);
    if (steps.length > 0) status.currentStepIndex = podHash === status.stableRS ? steps.length : 0;
    for (const run of this.store.ownedBy(GVR.analysisRuns, ro.metadata.namespace, 'Rollout', ro.metadata.name)) {
      if (run.metadata.labels?.['rollouts-pod-template-hash'] !== podHash) terminateRun(this.store, run);
    }
  }

  /**
   * `spec.restartAt`: once it is due, delete pods that started before it, one at a time and only
   * while every other pod is ready (upstream `rollout/restart.go` honours maxUnavailable the same
   * way); when none is left, record `status.restartedAt`.
   */
  private restart(ctx: RolloutContext): void {
    const restartAt = ctx.ro.spec?.restartAt;
    if (!restartAt || ctx.status.restartedAt === restartAt) return;
    const at = Date.parse(restartAt);
    if (!Number.isFinite(at)) return;
    if (at > ctx.now.getTime()) {
      ctx.requeueAfter(at - ctx.now.getTime());
      return;
    }
    const pods = ctx.allRS.filter((rs) => Number(rs.spec?.replicas ?? 0) > 0).flatMap((rs) => this.store.ownedBy(GVR.pods, ctx.ro.metadata.namespace, 'ReplicaSet', rs.metadata.name));
    const old = pods.filter((p) => startOf(p) < at);
    if (old.length === 0) {
      ctx.status.restartedAt = restartAt;
      return;
    }
    if (pods.every(isPodReady)) this.store.delete(GVR.pods, ctx.ro.metadata.namespace, old[0].metadata.name);
  }

  /** Keeps at most revisionHistoryLimit (default 10) scaled-down old ReplicaSets. */
  private pruneHistory(ro: KubeObject, status: any): void {
    const limit = Number(ro.spec?.revisionHistoryLimit ?? 10);
    const keep = new Set([status.currentPodHash, status.stableRS, status.blueGreen?.activeSelector, status.blueGreen?.previewSelector]);
    const old = this.ownedReplicaSets(ro)
      .filter((rs) => !keep.has(hashOf(rs)) && Number(rs.spec?.replicas ?? 0) === 0 && Number(rs.status?.replicas ?? 0) === 0)
      .sort((a, b) => revisionOf(a) - revisionOf(b));
    for (const rs of old.slice(0, Math.max(0, old.length - limit))) this.store.delete(GVR.replicaSets, rs.metadata.namespace, rs.metadata.name);
  }

  private ownedReplicaSets(ro: KubeObject): KubeObject[] {
    return this.store.ownedBy(GVR.replicaSets, ro.metadata.namespace, 'Rollout', ro.metadata.name);
  }

  private createReplicaSet(ro: KubeObject, podHash: string, revision: number): KubeObject {
    const template = clone(ro.spec?.template ?? {});
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'rollouts-pod-template-hash': podHash } };
    return this.store.create(GVR.replicaSets, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${ro.metadata.name}-${podHash}`,
        namespace: ro.metadata.namespace,
        labels: { ...(ro.spec?.template?.metadata?.labels ?? {}), 'rollouts-pod-template-hash': podHash },
        annotations: { 'rollout.argoproj.io/desired-replicas': String(replicasOf(ro)), 'rollout.argoproj.io/revision': String(revision) },
        ownerReferences: [controllerRef(ro)],
      },
      spec: {
        replicas: 0,
        selector: { matchLabels: { ...(ro.spec?.selector?.matchLabels ?? {}), 'rollouts-pod-template-hash': podHash } },
        template,
      },
    });
  }

  private scale(rs: KubeObject | undefined, replicas: number): void {
    if (!rs) return;
    const current = this.store.get(GVR.replicaSets, rs.metadata.namespace, rs.metadata.name);
    if (!current || Number(current.spec?.replicas ?? 0) === replicas) return;
    this.store.update(GVR.replicaSets, { ...current, spec: { ...current.spec, replicas } });
  }
}

/** The Go struct's `omitempty` fields, dropped when zero as the real controller's JSON would. */
const OMIT_EMPTY = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'HPAReplicas', 'message', 'controllerPause', 'abort', 'promoteFull'];

function omitEmpty(status: any): any {
  const out = JSON.parse(JSON.stringify(status));
  for (const k of OMIT_EMPTY) if (out[k] === 0 || out[k] === '' || out[k] === false) delete out[k];
  return out;
}

export const revisionOf = (o: KubeObject): number => Number(o.metadata.annotations?.['rollout.argoproj.io/revision'] ?? 0) || 0;

function withAnnotation(o: KubeObject, k: string, v: string): KubeObject {
  return { ...o, metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), [k]: v } } };
}
