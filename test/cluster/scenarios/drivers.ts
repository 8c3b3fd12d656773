/**
 * Scenario drivers: the "developer pushing new versions" part of a scenario. A driver watches one
 * Rollout or Flagger target and, whenever it has settled (a Rollout Healthy with its spec observed;
 * a Canary Initialized or Succeeded), rolls out the next image of a cycle after a delay. With
 * `repeatAfterMs` unset it does that once, which leaves the object parked where the strategy stops
 * (a pause, a gate, a failed analysis) for a person or a test to act on.
 *
 * Drivers only write what a user or CI would (the pod template's image); everything else is the
 * simulated controllers' doing. They work whether the controllers start before or after them.
 */
import type { Clock, KubeObject, ObjectStore } from '../store/objectStore';
import { GVR } from '../controllers/kube';

export interface DriverSpec {
  kind: 'Rollout' | 'Canary';
  namespace: string;
  name: string;
  /** Images rolled out in turn (the first one is what the manifest already has, so it is skipped). */
  images: string[];
  /** Delay before the first new version once the object has settled. */
  firstDelayMs?: number;
  /** Keep going: after each later settle, wait this long and roll out the next image. */
  repeatAfterMs?: number;
}

export class ScenarioDriver {
  private cancel?: () => void;
  private bumps = 0;
  private next = 1;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    readonly spec: DriverSpec,
  ) {}

  /** Re-evaluates after any change to the watched objects. */
  observe(obj: KubeObject): void {
    if (obj.metadata.namespace !== this.spec.namespace) return;
    const watched = this.spec.kind === 'Rollout' ? obj.kind === 'Rollout' && obj.metadata.name === this.spec.name : obj.kind === 'Canary' && obj.metadata.name === this.spec.name;
    if (!watched || this.cancel) return;
    if (!this.settled()) return;
    if (this.bumps > 0 && this.spec.repeatAfterMs === undefined) return;
    const delay = this.bumps === 0 ? (this.spec.firstDelayMs ?? 0) : this.spec.repeatAfterMs!;
    this.cancel = this.clock.setTimeout(() => {
      this.cancel = undefined;
      if (this.settled()) this.bump();
    }, delay);
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  private settled(): boolean {
    if (this.spec.kind === 'Rollout') {
      const ro = this.store.get(GVR.rollouts, this.spec.namespace, this.spec.name);
      return !!ro && ro.status?.phase === 'Healthy' && ro.status?.observedGeneration === String(ro.metadata.generation);
    }
    const c = this.store.get(GVR.canaries, this.spec.namespace, this.spec.name);
    return !!c && (c.status?.phase === 'Initialized' || c.status?.phase === 'Succeeded');
  }

  private bump(): void {
    const gvr = this.spec.kind === 'Rollout' ? GVR.rollouts : GVR.deployments;
    const name = this.spec.kind === 'Rollout' ? this.spec.name : this.store.get(GVR.canaries, this.spec.namespace, this.spec.name)?.spec?.targetRef?.name;
    const obj = name ? this.store.get(gvr, this.spec.namespace, name) : undefined;
    if (!obj?.spec?.template?.spec?.containers?.length) return;
    const template = JSON.parse(JSON.stringify(obj.spec.template));
    const current = template.spec.containers[0].image;
    let image = this.spec.images[this.next % this.spec.images.length];
    if (image === current) image = this.spec.images[++this.next % this.spec.images.length];
    this.next++;
    template.spec.containers[0].image = image;
    this.store.update(gvr, { ...obj, spec: { ...obj.spec, template } });
    this.bumps++;
  }
}
