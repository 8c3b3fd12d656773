/**
 * The kube-controller-manager's ReplicaSet controller, simulated: keeps the number of Pods owned by a
 * ReplicaSet equal to `spec.replicas`, and reports `status` as the real one does. Pods start Pending
 * (ContainerCreating) and become Running and Ready `podStartMs` later on the injected clock, so
 * readiness gates in the Argo and Flagger simulations take visible time. Scale-down removes not-ready
 * pods first, then the newest (upstream `getPodsToDelete` ranks the same way).
 *
 * Pod start times are taken from the injected clock (`status.startTime`), never from
 * `metadata.creationTimestamp`, which the store stamps with its own time.
 */
import type { KubeObject } from '../../store/objectStore';
import type { ObjectCache } from '../cache';
import { WorkQueue } from '../workQueue';
import { GVR, clone, controllerRef, createWithStatus, keyOf, nameSuffix, ownerOfKind, rfc3339, splitKey, writeStatus } from '../kube';
import type { Clock } from '../../store/objectStore';

export interface ReplicaSetControllerOptions {
  podStartMs: number;
  log?: (msg: string) => void;
}

export class ReplicaSetController {
  readonly queue: WorkQueue;
  private counters = new Map<string, number>();
  private podIp = 0;

  constructor(
    private readonly store: ObjectCache,
    private readonly clock: Clock,
    private readonly options: ReplicaSetControllerOptions,
  ) {
    this.queue = new WorkQueue('replicaset', clock, (key) => this.reconcile(key), options.log);
  }

  /** Routes a store event to the owning ReplicaSet's key. */
  observe(kind: 'replicasets' | 'pods', obj: KubeObject): void {
    if (kind === 'replicasets') this.queue.add(keyOf(obj));
    else {
      const owner = ownerOfKind(obj, 'ReplicaSet');
      if (owner) this.queue.add(`${obj.metadata.namespace ?? ''}/${owner}`);
    }
  }

  podsOf(rs: KubeObject): KubeObject[] {
    return this.store.ownedBy(GVR.pods, rs.metadata.namespace, 'ReplicaSet', rs.metadata.name).filter((p) => !p.metadata.deletionTimestamp);
  }

  private reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const rs = this.store.get(GVR.replicaSets, ns, name);
    if (!rs) return;
    const desired = Math.max(0, Number(rs.spec?.replicas ?? 1));
    let pods = this.podsOf(rs);
    const now = this.clock.now();

    if (pods.length < desired) {
      for (let i = pods.length; i < desired; i++) pods.push(this.createPod(rs));
      this.queue.addAfter(key, this.options.podStartMs);
    } else if (pods.length > desired) {
      const ranked = [...pods].sort((a, b) => rankForDeletion(a) - rankForDeletion(b) || startOf(b) - startOf(a));
      for (const p of ranked.slice(0, pods.length - desired)) this.store.delete(GVR.pods, ns, p.metadata.name);
      pods = this.podsOf(rs);
    }

    let nextStart = Infinity;
    for (const p of pods) {
      if (p.status?.phase !== 'Pending') continue;
      const readyAt = startOf(p) + this.options.podStartMs;
      if (readyAt > now.getTime()) nextStart = Math.min(nextStart, readyAt);
      else if (pullable(p)) writeStatus(this.store, GVR.pods, p, runningStatus(p, now, ++this.podIp));
      else writeStatus(this.store, GVR.pods, p, imagePullBackOff(p));
    }
    if (nextStart !== Infinity) this.queue.addAfter(key, nextStart - now.getTime());

    pods = this.podsOf(rs);
    const ready = pods.filter(isPodReady).length;
    const status: any = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length || undefined,
      readyReplicas: ready || undefined,
      availableReplicas: ready || undefined,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    writeStatus(this.store, GVR.replicaSets, rs, JSON.parse(JSON.stringify(status)));
  }

  private createPod(rs: KubeObject): KubeObject {
    const ns = rs.metadata.namespace;
    const template = clone(rs.spec?.template ?? {});
    let name: string;
    do {
      const n = (this.counters.get(keyOf(rs)) ?? 0) + 1;
      this.counters.set(keyOf(rs), n);
      name = `${rs.metadata.name}-${nameSuffix(`${keyOf(rs)}#${n}`)}`;
    } while (this.store.get(GVR.pods, ns, name));
    const now = this.clock.now();
    const containers = (template.spec?.containers ?? []) as any[];
    const t = rfc3339(now);
    return createWithStatus(this.store, GVR.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${rs.metadata.name}-`,
        namespace: ns,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: template.metadata?.annotations,
        ownerReferences: [controllerRef(rs)],
      },
      spec: {
        ...(template.spec ?? {}),
        nodeName: 'rollout-lens-node-1',
        restartPolicy: template.spec?.restartPolicy ?? 'Always',
        schedulerName: 'default-scheduler',
      },
      status: {
        phase: 'Pending',
        qosClass: 'BestEffort',
        startTime: t,
        hostIP: '10.0.0.10',
        conditions: [
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: t },
          { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: t, reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` },
          { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: t, reason: 'ContainersNotReady', message: `containers with unready status: [${containers.map((c) => c.name).join(' ')}]` },
          { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: t },
        ],
        containerStatuses: containers.map((c) => waitingContainer(c, { waiting: { reason: 'ContainerCreating' } })),
      },
    });
  }
}

export function isPodReady(p: KubeObject): boolean {
  return p.status?.phase === 'Running' && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Images whose reference contains `does-not-exist` (as in the upstream fixture
 * `argoproj/rollouts-demo:does-not-exist`) never pull: their pods stay Pending in ImagePullBackOff,
 * which is how a test or the demo makes an update stall until its progress deadline.
 */
export const UNPULLABLE_IMAGE = /does-not-exist/;

function pullable(p: KubeObject): boolean {
  return !((p.spec?.containers ?? []) as any[]).some((c) => UNPULLABLE_IMAGE.test(String(c.image ?? '')));
}

function imagePullBackOff(p: KubeObject): any {
  const containers = (p.spec?.containers ?? []) as any[];
  return {
    ...p.status,
    podIP: undefined,
    containerStatuses: containers.map((c) =>
      waitingContainer(c, UNPULLABLE_IMAGE.test(String(c.image ?? '')) ? { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } } : { running: { startedAt: p.status?.startTime } }),
    ),
  };
}

/** A container status that is not ready (yet), in the given state. */
function waitingContainer(c: any, state: unknown): unknown {
  return { name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0, lastState: {}, state };
}

function rankForDeletion(p: KubeObject): number {
  return isPodReady(p) ? 1 : 0;
}

/** When the pod started on the controllers' clock (falls back to creationTimestamp for loaded fixtures). */
export function startOf(p: KubeObject): number {
  const t = Date.parse(p.status?.startTime ?? p.metadata.creationTimestamp ?? '');
  return Number.isFinite(t) ? t : 0;
}

function runningStatus(p: KubeObject, now: Date, ipSeq: number): any {
  const t = rfc3339(now);
  const containers = (p.spec?.containers ?? []) as any[];
  return {
    ...p.status,
    phase: 'Running',
    podIP: `10.244.${(ipSeq >> 8) & 255}.${ipSeq & 255}`,
    podIPs: [{ ip: `10.244.${(ipSeq >> 8) & 255}.${ipSeq & 255}` }],
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: p.status?.startTime ?? t },
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: t },
      { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: t },
      { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: p.status?.startTime ?? t },
    ],
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: `docker.io/${String(c.image).split(':')[0]}@sha256:${'0'.repeat(64)}`,
      containerID: `containerd://${p.metadata.uid ?? p.metadata.name}`,
      ready: true,
      started: true,
      restartCount: 0,
      lastState: {},
      state: { running: { startedAt: t } },
    })),
  };
}
