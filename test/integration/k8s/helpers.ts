/** Shared by the cluster-layer integration tests: polling with a deadline (never sleeping), seeding. */
import type { TestCluster } from '../../cluster/index';
import type { KubeObject } from '../../cluster/store/objectStore';
import type { Logger } from '../../../src/core/util/logger';

export const ROLLOUTS = { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts' };
export const CANARIES = { group: 'flagger.app', version: 'v1beta1', resource: 'canaries' };
export const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };

/** Polls `probe` until it returns a truthy value; fails with `what` and the last value after `ms`. */
export async function until<T>(what: string, probe: () => T | Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function namespace(cluster: TestCluster, name: string): void {
  if (!cluster.store.get(NAMESPACES, undefined, name)) cluster.store.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export function rollout(ns: string, name: string, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
    },
    ...extra,
  };
}

export function canary(ns: string, name: string): KubeObject {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name, namespace: ns },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, service: { port: 80 }, analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 } },
  };
}

/** A logger that keeps every line (tests assert nothing secret is logged). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (l: string) => (m: string) => void lines.push(`${l} ${m}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error'), debug: push('debug'), trace: push('trace') };
}

/** Names of the model's rollouts as `ns/name`, sorted, duplicates kept (to catch them). */
export function names(objs: any[]): string[] {
  return objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
}
