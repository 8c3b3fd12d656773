/**
 * Test harness for the simulated controllers: a MemoryStore on a FakeClock with every controller
 * running, plus the writes kubectl and kubectl-argo-rollouts would send (merge patches through the
 * store's PATCH path, to the main resource or the status subresource).
 */
import { MemoryStore } from '../../../cluster/store/memoryStore';
import type { KubeObject } from '../../../cluster/store/objectStore';
import { FakeClock } from '../../../cluster/controllers/clock';
import { GVR, startControllers, type Controllers } from '../../../cluster/controllers/index';

export interface Harness {
  store: MemoryStore;
  clock: FakeClock;
  controllers: Controllers;
  /** Advances the fake clock (0 settles what is already due). */
  run(ms?: number): void;
  /** Advances in small steps until cond holds; fails the test with `what` if it never does. */
  until(what: string, cond: () => boolean, limitMs?: number): void;
  rollout(ns: string, name: string): KubeObject;
  canary(ns: string, name: string): KubeObject;
  /** `kubectl patch --type merge [--subresource status]`. */
  patch(gvr: (typeof GVR)[keyof typeof GVR], ns: string, name: string, body: unknown, subresource?: 'status'): KubeObject;
  stop(): void;
}

export function harness(options: { podStartMs?: number } = {}): Harness {
  const clock = new FakeClock('2026-03-01T10:00:00Z');
  const store = new MemoryStore({ clock });
  const controllers = startControllers(store, clock, undefined, { podStartMs: options.podStartMs ?? 1000 });
  const h: Harness = {
    store,
    clock,
    controllers,
    run: (ms = 0) => clock.advance(ms),
    until(what, cond, limitMs = 120_000) {
      if (!clock.advanceUntil(cond, limitMs, 250)) throw new Error(`timed out (fake ${limitMs} ms) waiting for: ${what}`);
    },
    rollout: (ns, name) => {
      const o = store.get(GVR.rollouts, ns, name);
      if (!o) throw new Error(`rollout ${ns}/${name} not found`);
      return o;
    },
    canary: (ns, name) => {
      const o = store.get(GVR.canaries, ns, name);
      if (!o) throw new Error(`canary ${ns}/${name} not found`);
      return o;
    },
    patch: (gvr, ns, name, body, subresource) => store.patch(gvr, ns, name, 'merge', body, subresource),
    stop: () => controllers.stop(),
  };
  return h;
}

export function canaryRollout(name: string, ns: string, steps: unknown[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'argoproj/rollouts-demo:blue' }] } },
      strategy: { canary: { steps, ...extra } },
    },
  };
}

export function setImage(h: Harness, gvr: typeof GVR.rollouts | typeof GVR.deployments, ns: string, name: string, image: string): void {
  const o = h.store.get(gvr, ns, name)!;
  const template = JSON.parse(JSON.stringify(o.spec.template));
  template.spec.containers[0].image = image;
  h.store.update(gvr, { ...o, spec: { ...o.spec, template } });
}
