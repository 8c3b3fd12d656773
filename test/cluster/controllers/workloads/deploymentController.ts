/**
 * The Deployment controller, simulated just far enough for Flagger: each pod template gets a
 * ReplicaSet `<deployment>-<pod-template-hash>` (label `pod-template-hash`, controller ownerRef), the
 * new one is scaled to `spec.replicas` at once and old ones are scaled to zero when it is available
 * (a rolling update collapsed into one step). Status and the Available / Progressing conditions use
 * the upstream reasons and messages (`deployment_util.go`).
 */
import type { Clock, KubeObject } from '../../store/objectStore';
import type { ObjectCache } from '../cache';
import { WorkQueue } from '../workQueue';
import { GVR, clone, controllerRef, keyOf, ownerOfKind, podTemplateHash, setCondition, splitKey, writeStatus, type Condition } from '../kube';

export class DeploymentController {
  readonly queue: WorkQueue;

  constructor(
    private readonly store: ObjectCache,
    private readonly clock: Clock,
    log?: (msg: string) => void,
  ) {
    this.queue = new WorkQueue('deployment', clock, (key) => this.reconcile(key), log);
  }

  observe(kind: 'deployments' | 'replicasets', obj: KubeObject): void {
    if (kind === 'deployments') this.queue.add(keyOf(obj));
    else {
      const owner = ownerOfKind(obj, 'Deployment');
      if (owner) this.queue.add(`${obj.metadata.namespace ?? ''}/${owner}`);
    }
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const d = this.store.get(GVR.deployments, ns, name);
    if (!d) return;
    const owned = this.store.ownedBy(GVR.replicaSets, ns, 'Deployment', name);
    const hash = podTemplateHash(d.spec?.template, d.status?.collisionCount);
    const replicas = Math.max(0, Number(d.spec?.replicas ?? 1));
    const maxRevision = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)));
    let newRS = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    if (!newRS) {
      const template = clone(d.spec?.template ?? {});
      template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash } };
      newRS = this.store.create(GVR.replicaSets, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${name}-${hash}`,
          namespace: ns,
          labels: { ...(d.spec?.template?.metadata?.labels ?? {}), 'pod-template-hash': hash },
          annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/revision': String(maxRevision + 1) },
          ownerReferences: [controllerRef(d)],
        },
        spec: {
          replicas,
          selector: { matchLabels: { ...(d.spec?.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
          template,
        },
      });
    } else if (Number(newRS.spec?.replicas ?? 0) !== replicas) {
      newRS = this.store.update(GVR.replicaSets, {
        ...newRS,
        spec: { ...newRS.spec, replicas },
        metadata: { ...newRS.metadata, annotations: { ...newRS.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(replicas) } },
      });
    }
    const newAvailable = Number(newRS.status?.availableReplicas ?? 0);
    const newReady = newAvailable >= replicas;
    if (newReady) {
      for (const rs of owned) {
        if (rs.metadata.name !== newRS.metadata.name && Number(rs.spec?.replicas ?? 0) !== 0) {
          this.store.update(GVR.replicaSets, { ...rs, spec: { ...rs.spec, replicas: 0 } });
        }
      }
    }
    const all = this.store.ownedBy(GVR.replicaSets, ns, 'Deployment', name);
    const sum = (f: string) => all.reduce((n, rs) => n + Number(rs.status?.[f] ?? 0), 0);
    const now = this.clock.now();
    let conditions: Condition[] = d.status?.conditions ?? [];
    conditions = setCondition(
      conditions,
      sum('availableReplicas') >= replicas
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      now,
    );
    conditions = setCondition(
      conditions,
      newReady && sum('replicas') === replicas
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` }
        : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata.name}" is progressing.` },
      now,
    );
    const replicasNow = sum('replicas');
    const available = sum('availableReplicas');
    const status = JSON.parse(
      JSON.stringify({
        observedGeneration: d.metadata.generation ?? 1,
        replicas: replicasNow || undefined,
        updatedReplicas: Number(newRS.status?.replicas ?? 0) || undefined,
        readyReplicas: sum('readyReplicas') || undefined,
        availableReplicas: available || undefined,
        unavailableReplicas: Math.max(0, replicasNow - available) || undefined,
        conditions,
        collisionCount: d.status?.collisionCount,
      }),
    );
    const rev = newRS.metadata.annotations?.['deployment.kubernetes.io/revision'];
    if (rev && d.metadata.annotations?.['deployment.kubernetes.io/revision'] !== rev) {
      this.store.update(GVR.deployments, { ...d, metadata: { ...d.metadata, annotations: { ...d.metadata.annotations, 'deployment.kubernetes.io/revision': rev } } });
    }
    const fresh = this.store.get(GVR.deployments, ns, name);
    if (fresh) writeStatus(this.store, GVR.deployments, fresh, status);
  }
}
