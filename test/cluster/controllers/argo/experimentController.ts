/**
 * Experiments (upstream `experiments/experiment.go`, simplified): a Rollout experiment step creates
 * an Experiment `<rollout>-<podHash>-<revision>-<stepIndex>` owned by the Rollout, with one template
 * per step template, taking the pod template of the stable ReplicaSet (`specRef: stable`) or of the
 * rollout (`specRef: canary`). This controller creates a ReplicaSet per template,
 * `<experiment>-<template>-<pod-template-hash>`, labelled `experiment.argoproj.io/name` and
 * `experiment.argoproj.io/template-name` and owned by the Experiment (as in the upstream fixture
 * `experiment-analysis/experiment-rs1.yaml`); Pending → Running (with `availableAt` and the
 * Progressing condition "Experiment "<name>" is running.") once every template ReplicaSet is
 * available → Successful when `spec.duration` has passed (immediately without a duration: upstream
 * would run until the Rollout moves on, and the step waits, which we collapse), then its ReplicaSets
 * are scaled to zero. `spec.terminate: true` ends it Successful ("Experiment terminated");
 * `{"status":null}` (retry) starts it over. Experiment analyses are not run; the
 * `rollout-lens.test/outcome: Failed` annotation (copied from the Rollout) ends it Failed.
 */
import type { Clock, KubeObject } from '../../store/objectStore';
import type { ObjectCache } from '../cache';
import { WorkQueue } from '../workQueue';
import { GVR, OUTCOME_ANNOTATION, clone, controllerRef, durationMs, keyOf, ownerOfKind, podTemplateHash, rfc3339, setCondition, splitKey, writeStatus } from '../kube';
import { isCompleted } from './analysisRunController';

export function ensureExperiment(store: ObjectCache, ro: KubeObject, stableRS: KubeObject | undefined, name: string, podHash: string, revision: number, step: any): KubeObject {
  const ns = ro.metadata.namespace;
  const existing = store.get(GVR.experiments, ns, name);
  if (existing) return existing;
  const outcome = ro.metadata.annotations?.[OUTCOME_ANNOTATION];
  const templateFor = (specRef: string) => {
    const t = clone(specRef === 'stable' && stableRS ? stableRS.spec?.template : ro.spec?.template) ?? {};
    if (t.metadata?.labels) delete t.metadata.labels['rollouts-pod-template-hash'];
    return t;
  };
  return store.create(GVR.experiments, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    metadata: {
      name,
      namespace: ns,
      labels: { 'rollouts-pod-template-hash': podHash },
      annotations: { 'rollout.argoproj.io/revision': String(revision), ...(outcome ? { [OUTCOME_ANNOTATION]: outcome } : {}) },
      ownerReferences: [controllerRef(ro)],
    },
    spec: {
      ...(step.duration !== undefined ? { duration: String(step.duration) } : {}),
      templates: (step.templates ?? []).map((t: any) => ({
        name: t.name,
        replicas: t.replicas ?? 1,
        selector: { matchLabels: { ...(ro.spec?.selector?.matchLabels ?? {}) } },
        template: templateFor(t.specRef),
      })),
      ...(step.analyses ? { analyses: step.analyses } : {}),
    },
  });
}

export class ExperimentController {
  readonly queue: WorkQueue;

  constructor(
    private readonly store: ObjectCache,
    private readonly clock: Clock,
    log?: (msg: string) => void,
  ) {
    this.queue = new WorkQueue('experiment', clock, (key) => this.reconcile(key), log);
  }

  observe(obj: KubeObject): void {
    if (obj.kind === 'Experiment') this.queue.add(keyOf(obj));
    else {
      const owner = ownerOfKind(obj, 'Experiment');
      if (owner) this.queue.add(`${obj.metadata.namespace ?? ''}/${owner}`);
    }
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const exp = this.store.get(GVR.experiments, ns, name);
    if (!exp) return;
    const now = this.clock.now();
    const t = rfc3339(now);
    const status: any = clone(exp.status ?? {});
    const templates: any[] = exp.spec?.templates ?? [];
    const done = isCompleted(status.phase);
    const sets = templates.map((tpl) => this.templateReplicaSet(exp, tpl, done || !!exp.spec?.terminate ? 0 : Number(tpl.replicas ?? 1)));
    if (done) return;

    const available = templates.every((tpl, i) => Number(sets[i].status?.availableReplicas ?? 0) >= Number(tpl.replicas ?? 1));
    status.phase ??= 'Pending';
    if (exp.spec?.terminate) {
      status.phase = 'Successful';
      status.message = 'Experiment terminated';
    } else if (status.phase === 'Pending' && available) {
      status.phase = 'Running';
      status.availableAt = t;
      status.conditions = setCondition(status.conditions ?? [], { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `Experiment "${name}" is running.` }, now);
    }
    if (status.phase === 'Running') {
      const endAt = Date.parse(status.availableAt) + (durationMs(exp.spec?.duration) ?? 0);
      if (now.getTime() >= endAt) {
        const failed = (exp.metadata.annotations?.[OUTCOME_ANNOTATION] ?? '').toLowerCase() === 'failed';
        status.phase = failed ? 'Failed' : 'Successful';
        if (failed) status.message = 'Experiment analysis failed';
      } else this.queue.addAfter(key, endAt - now.getTime());
    }
    const templateState = isCompleted(status.phase) ? status.phase : status.phase === 'Running' ? 'Running' : 'Progressing';
    status.templateStatuses = templates.map((tpl, i) => {
      const previous = (exp.status?.templateStatuses ?? []).find((s: any) => s.name === tpl.name);
      const rs = sets[i];
      return {
        name: tpl.name,
        status: templateState,
        replicas: Number(rs.status?.replicas ?? 0),
        updatedReplicas: Number(rs.status?.replicas ?? 0),
        readyReplicas: Number(rs.status?.readyReplicas ?? 0),
        availableReplicas: Number(rs.status?.availableReplicas ?? 0),
        lastTransitionTime: previous?.status === templateState ? previous.lastTransitionTime : t,
      };
    });
    if (isCompleted(status.phase)) {
      status.conditions = setCondition(status.conditions ?? [], { type: 'Progressing', status: 'False', reason: 'ExperimentCompleted', message: `Experiment "${name}" has completed.` }, now);
      this.queue.add(key); // scale the template ReplicaSets down
    }
    writeStatus(this.store, GVR.experiments, exp, status);
  }

  private templateReplicaSet(exp: KubeObject, tpl: any, replicas: number): KubeObject {
    const ns = exp.metadata.namespace;
    const hash = podTemplateHash(tpl.template);
    const name = `${exp.metadata.name}-${tpl.name}-${hash}`;
    const existing = this.store.get(GVR.replicaSets, ns, name);
    if (existing) {
      if (Number(existing.spec?.replicas ?? 0) === replicas) return existing;
      return this.store.update(GVR.replicaSets, { ...existing, spec: { ...existing.spec, replicas } });
    }
    const template = clone(tpl.template ?? {});
    const labels = { ...(template.metadata?.labels ?? {}), 'rollouts-pod-template-hash': hash };
    template.metadata = { ...(template.metadata ?? {}), labels };
    return this.store.create(GVR.replicaSets, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: ns,
        labels: { ...labels, 'experiment.argoproj.io/name': exp.metadata.name, 'experiment.argoproj.io/template-name': tpl.name },
        annotations: { 'experiment.argoproj.io/name': exp.metadata.name, 'experiment.argoproj.io/template-name': tpl.name },
        ownerReferences: [controllerRef(exp)],
      },
      spec: { replicas, selector: { matchLabels: { ...(tpl.selector?.matchLabels ?? {}), 'rollouts-pod-template-hash': hash } }, template },
    });
  }
}
