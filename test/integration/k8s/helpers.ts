/**
 * Shared by the cluster-layer integration tests: polling with a deadline (never sleeping), seeding,
 * and what the tests do to the cluster expressed once for both backends (test/upstream/backend.ts):
 * the fake's store and faults, or the real API server, its RBAC, its token file and its etcd.
 */
import type { ClusterBackend } from '../../upstream/backend';
import type { GroupVersionResource, KubeObject } from '../../cluster/store/objectStore';
import type { UpstreamCluster } from '../../upstream/stack/index';
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

/** Objects of the cluster, the same calls on both backends: the fake's store, or the API as the admin. */
export interface Kube {
  get(gvr: GroupVersionResource, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  create(gvr: GroupVersionResource, obj: KubeObject): Promise<KubeObject>;
  update(gvr: GroupVersionResource, obj: KubeObject): Promise<KubeObject>;
  updateStatus(gvr: GroupVersionResource, obj: KubeObject): Promise<KubeObject>;
  delete(gvr: GroupVersionResource, namespace: string | undefined, name: string): Promise<void>;
  /** Creates the namespace unless it exists. */
  namespace(name: string): Promise<void>;
}

export function kubeOf(cluster: ClusterBackend): Kube {
  const fake = cluster.fake;
  if (fake) {
    return {
      get: (gvr, ns, name) => Promise.resolve(fake.store.get(gvr, ns, name)),
      create: (gvr, obj) => Promise.resolve(fake.store.create(gvr, obj)),
      update: (gvr, obj) => Promise.resolve(fake.store.update(gvr, obj)),
      updateStatus: (gvr, obj) => Promise.resolve(fake.store.updateStatus(gvr, obj)),
      delete: (gvr, ns, name) => Promise.resolve(fake.store.delete(gvr, ns, name)),
      namespace: (name) => Promise.resolve(void (fake.store.get(NAMESPACES, undefined, name) || fake.store.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }))),
    };
  }
  const { api } = upstreamOf(cluster);
  const path = (gvr: GroupVersionResource, ns: string | undefined, name?: string) => `${gvr.group ? `/apis/${gvr.group}` : '/api'}/${gvr.version}${ns ? `/namespaces/${ns}` : ''}/${gvr.resource}${name ? `/${name}` : ''}`;
  return {
    async get(gvr, ns, name) {
      const r = await api.request('GET', path(gvr, ns, name));
      if (r.status === 404) return undefined;
      if (r.status !== 200) throw new Error(`GET ${path(gvr, ns, name)}: ${r.status} ${r.text}`);
      return JSON.parse(r.text) as KubeObject;
    },
    create: (gvr, obj) => api.json('POST', path(gvr, obj.metadata.namespace), obj),
    update: (gvr, obj) => api.json('PUT', path(gvr, obj.metadata.namespace, obj.metadata.name), obj),
    updateStatus: (gvr, obj) => api.json('PUT', `${path(gvr, obj.metadata.namespace, obj.metadata.name)}/status`, obj),
    async delete(gvr, ns, name) {
      await api.json('DELETE', path(gvr, ns, name));
    },
    async namespace(name) {
      const r = await api.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      if (r.status !== 201 && r.status !== 409) throw new Error(`creating namespace ${name}: ${r.status} ${r.text}`);
    },
  };
}

/** The upstream handle, for what only the real stack does (a test's upstream branch). */
export function upstreamOf(cluster: ClusterBackend): UpstreamCluster {
  if (!cluster.upstream) throw new Error('this step needs the upstream backend');
  return cluster.upstream;
}

/**
 * A token stops being accepted, and open watches are cut so that the next request shows it: the fake
 * expires the token and drops its watches; upstream removes it from the API server's token file,
 * which the server reads only at start, so it restarts (that cuts every watch).
 */
export async function revokeToken(cluster: ClusterBackend, token: string): Promise<void> {
  if (cluster.fake) {
    cluster.fake.faults.expireToken(token);
    cluster.fake.faults.dropWatches(false);
    return;
  }
  await upstreamOf(cluster).revokeTokens([token]);
}

/** Writes to the cluster's storage while its API server is down (custom resources only). */
export interface StorageWriter {
  create(gvr: GroupVersionResource, obj: KubeObject): Promise<void>;
  delete(gvr: GroupVersionResource, namespace: string, name: string): Promise<void>;
  /** Deletes every object of the resource. */
  deleteAll(gvr: GroupVersionResource): Promise<void>;
  setLabels(gvr: GroupVersionResource, namespace: string, name: string, labels: Record<string, string>): Promise<void>;
}

/**
 * Takes the API server down, waits for `noticed` (the client saw the outage), runs `whileDown` on
 * its storage and brings the server back; resolves when it serves again.
 *
 * - fake: `restart()` with the store kept; without `keepHistory` the watch history goes, so a resumed
 *   watch gets 410 (the fake's history is what the real etcd's revisions are);
 * - upstream: kube-apiserver stopped by pid, the changes written to etcd directly (as another API
 *   server of an HA control plane would), `compact` compacting etcd at its current revision as the
 *   API server's compactor does, then kube-apiserver started again with the same flags.
 */
export async function outage(cluster: ClusterBackend, noticed: () => Promise<unknown>, whileDown: (w: StorageWriter) => Promise<void>, opts: { keepHistory?: boolean; compact?: boolean } = {}): Promise<void> {
  const fake = cluster.fake;
  if (fake) {
    // The fake restarts on its own schedule: the writes are synchronous, well inside downMs.
    const restarting = fake.restart({ downMs: 400, keepHistory: opts.keepHistory });
    await noticed();
    await whileDown({
      create: (gvr, obj) => Promise.resolve(void fake.store.create(gvr, obj)),
      delete: (gvr, ns, name) => Promise.resolve(fake.store.delete(gvr, ns, name)),
      deleteAll: (gvr) => Promise.resolve(fake.store.list(gvr).forEach((o) => fake.store.delete(gvr, o.metadata.namespace, o.metadata.name))),
      setLabels(gvr, ns, name, labels) {
        const cur = fake.store.get(gvr, ns, name);
        if (!cur) throw new Error(`no ${gvr.resource} ${ns}/${name} in the store`);
        fake.store.update(gvr, { ...cur, metadata: { ...cur.metadata, labels } });
        return Promise.resolve();
      },
    });
    await restarting;
    return;
  }
  const up = upstreamOf(cluster);
  await up.stopApiServer();
  try {
    await noticed();
    await whileDown({
      create: (gvr, obj) => up.etcd.put(gvr.group, gvr.resource, obj as Parameters<typeof up.etcd.put>[2]),
      delete: async (gvr, ns, name) => void (await up.etcd.remove(gvr.group, gvr.resource, ns, name)),
      deleteAll: async (gvr) => void (await up.etcd.remove(gvr.group, gvr.resource)),
      async setLabels(gvr, ns, name, labels) {
        const cur = await up.etcd.get(gvr.group, gvr.resource, ns, name);
        if (!cur) throw new Error(`no ${gvr.resource} ${ns}/${name} in etcd`);
        await up.etcd.put(gvr.group, gvr.resource, { ...cur, metadata: { ...cur.metadata, labels } });
      },
    });
    if (opts.compact) await up.etcd.compact();
  } finally {
    await up.startApiServer();
  }
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
