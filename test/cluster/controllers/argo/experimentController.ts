/**
 * Experiments, minimally: a Rollout experiment step creates an Experiment
 * `<rollout>-<podHash>-<revision>-<stepIndex>` (upstream `rollout/experiment.go` naming) owned by the
 * Rollout; this controller moves it Pending → Running (templates "available" after `availableMs`) →
 * Successful once `spec.duration` has passed, or right after becoming available when there is no
 * duration (upstream would keep running until the Rollout moves on; the step would then wait on
 * the rollout's own progress, which we collapse). `spec.terminate: true` ends it Successful with
 * "Experiment terminated". The `rollout-lens.test/outcome` annotation (copied from the Rollout) can
 * make it end Failed. Template ReplicaSets are not simulated.
 */
import type { Clock, KubeObject, ObjectStore } from '../../objectStore';
import { WorkQueue } from '../workQueue';
import { GVR, OUTCOME_ANNOTATION, controllerRef, durationMs, keyOf, rfc3339, splitKey, writeStatus } from '../kube';
import { isCompleted } from './analysisRunController';

export function ensureExperiment(store: ObjectStore, ro: KubeObject, name: string, podHash: string, revision: number, step: any): KubeObject {
  const ns = ro.metadata.namespace;
  const existing = store.get(GVR.experiments, ns, name);
  if (existing) return existing;
  const outcome = ro.metadata.annotations?.[OUTCOME_ANNOTATION];
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
        template: ro.spec?.template ?? {},
      })),
      ...(step.analyses ? { analyses: step.analyses } : {}),
    },
  });
}

export class ExperimentController {
  readonly queue: WorkQueue;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    private readonly availableMs: number,
    log?: (msg: string) => void,
  ) {
    this.queue = new WorkQueue('experiment', clock, (key) => this.reconcile(key), log);
  }

  observe(obj: KubeObject): void {
    this.queue.add(keyOf(obj));
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const exp = this.store.get(GVR.experiments, ns, name);
    if (!exp || isCompleted(exp.status?.phase)) return;
    const now = this.clock.now();
    const status: any = JSON.parse(JSON.stringify(exp.status ?? {}));
    const templates: any[] = exp.spec?.templates ?? [];
    const setTemplates = (s: string) => {
      status.templateStatuses = templates.map((t) => ({
        name: t.name,
        status: s,
        replicas: s === 'Running' ? t.replicas : 0,
        updatedReplicas: s === 'Running' ? t.replicas : 0,
        readyReplicas: s === 'Running' ? t.replicas : 0,
        availableReplicas: s === 'Running' ? t.replicas : 0,
        lastTransitionTime: rfc3339(now),
      }));
    };
    if (!status.phase) {
      status.phase = 'Pending';
      status.startedAt = rfc3339(now);
      setTemplates('Progressing');
      this.queue.addAfter(key, this.availableMs);
    } else if (exp.spec?.terminate) {
      status.phase = 'Successful';
      status.message = 'Experiment terminated';
      setTemplates('Successful');
    } else if (status.phase === 'Pending' && now.getTime() >= Date.parse(status.startedAt) + this.availableMs) {
      status.phase = 'Running';
      status.availableAt = rfc3339(now);
      setTemplates('Running');
    }
    if (status.phase === 'Running') {
      const duration = durationMs(exp.spec?.duration) ?? 0;
      const endAt = Date.parse(status.availableAt) + duration;
      if (now.getTime() >= endAt) {
        const failed = (exp.metadata.annotations?.[OUTCOME_ANNOTATION] ?? '').toLowerCase() === 'failed';
        status.phase = failed ? 'Failed' : 'Successful';
        if (failed) status.message = 'Experiment analysis failed';
        setTemplates(failed ? 'Failed' : 'Successful');
      } else this.queue.addAfter(key, endAt - now.getTime());
    }
    writeStatus(this.store, GVR.experiments, exp, status);
  }
}
