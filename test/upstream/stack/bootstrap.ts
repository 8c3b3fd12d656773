/**
 * The objects the stack writes before anyone else: the test users' RBAC (the fake's PolicyRules as
 * real ClusterRoles and bindings, named as the fake's authorizer reports them: `<user>-role`,
 * `<user>-binding`), the vendored CRDs, the kwok nodes, and the Flagger loadtester's Deployment and
 * Service in `test` (the in-cluster name `flagger-loadtester.test`, as in the fake).
 */
import fs from 'node:fs';
import type { TestUser } from '../../cluster/auth/rbac';
import { ApiClient, until, type KubeObject } from './api';

export const KWOK_ANNOTATION = 'kwok.x-k8s.io/node';
/** The node whose InternalIP is the network namespace's pod address (hostNetwork pods get it). */
export const NETNS_NODE = 'rollout-lens-netns';
export const WORKER_NODES = ['rollout-lens-worker-1', 'rollout-lens-worker-2'];
export const LOADTESTER = { namespace: 'test', name: 'flagger-loadtester', port: 80, targetPort: 8080 } as const;

export function rbacObjects(users: TestUser[]): KubeObject[] {
  const rbac = 'rbac.authorization.k8s.io';
  const strip = (r: TestUser['rules'][number]) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}) });
  const out: KubeObject[] = [];
  for (const u of users) {
    const subjects = [{ kind: 'User', apiGroup: rbac, name: u.name }];
    const clusterWide = u.rules.filter((r) => !r.namespaces);
    if (clusterWide.length) {
      out.push({ apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: { name: `${u.name}-role` }, rules: clusterWide.map(strip) });
      out.push({ apiVersion: `${rbac}/v1`, kind: 'ClusterRoleBinding', metadata: { name: `${u.name}-binding` }, roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: `${u.name}-role` }, subjects });
    }
    // Namespace-limited rules (the fake's `namespaces`): a ClusterRole bound by a RoleBinding in each.
    for (const ns of new Set(u.rules.flatMap((r) => r.namespaces ?? []))) {
      out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      out.push({ apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: { name: `${u.name}-role-${ns}` }, rules: u.rules.filter((r) => r.namespaces?.includes(ns)).map(strip) });
      out.push({ apiVersion: `${rbac}/v1`, kind: 'RoleBinding', metadata: { name: `${u.name}-binding`, namespace: ns }, roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: `${u.name}-role-${ns}` }, subjects });
    }
  }
  return out;
}

export async function applyAll(api: ApiClient, objects: KubeObject[]): Promise<void> {
  for (const o of objects) await api.apply(o);
}

/**
 * Applies the CRD files and waits until each is Established (its resources served). The YAML text
 * goes to the server as is (server-side apply takes YAML): Go's YAML parser reads it as kubectl
 * would, including multi-line quoted descriptions the JavaScript parser reads differently.
 */
export async function installCrds(api: ApiClient, files: string[], timeoutMs: number): Promise<string[]> {
  const names: string[] = [];
  for (const f of files) {
    for (const doc of fs.readFileSync(f, 'utf8').split(/^---\s*$/m)) {
      const name = /^metadata:\n(?:[ \t].*\n)*? {2}name: (\S+)/m.exec(doc)?.[1];
      if (!name) continue;
      await api.json('PATCH', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}?fieldManager=rollout-lens-upstream&force=true`, doc, 'application/apply-patch+yaml');
      names.push(name);
    }
  }
  await until(
    `CRDs Established and served (${names.join(', ')})`,
    async () => {
      for (const n of names) {
        const crd = await api.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${n}`);
        if (!crd.status?.conditions?.some((c: any) => c.type === 'Established' && c.status === 'True')) return false;
        // Established is not yet served: the watch cache answers 429 "storage is (re)initializing" until it has listed.
        const version = crd.spec.versions.find((v: any) => v.served)?.name;
        if ((await api.request('GET', `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`)).status !== 200) return false;
      }
      return true;
    },
    timeoutMs,
  );
  return names;
}

/** Taints the netns node so that only the loadtester (which tolerates everything) runs there. */
export const NETNS_TAINT = { key: 'rollout-lens.dev/netns', value: 'true', effect: 'NoSchedule' };

export function nodeObject(name: string, internalIp?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, annotations: { [KWOK_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' }, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' } },
    spec: internalIp ? { taints: [NETNS_TAINT] } : {},
    // Nodes accept status on create; kwok's node-initialize stage keeps an InternalIP that is there.
    ...(internalIp
      ? {
          status: {
            addresses: [
              { type: 'InternalIP', address: internalIp },
              { type: 'Hostname', address: name },
            ],
          },
        }
      : {}),
  };
}

export async function nodesReady(api: ApiClient, names: string[]): Promise<boolean> {
  for (const n of names) {
    const node = await api.getObject('v1', 'Node', undefined, n);
    if (!node?.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True')) return false;
  }
  return true;
}

/**
 * The loadtester's objects. The pod is a kwok pod with hostNetwork on the netns node, so its IP is
 * the namespace's pod address; the Service selects it, the real endpoints controller writes the
 * Endpoints (targetRef → that pod, port 8080), and the API server's service proxy accepts it.
 */
export function loadtesterObjects(): KubeObject[] {
  const { namespace, name, port, targetPort } = LOADTESTER;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: { app: name } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            hostNetwork: true,
            nodeSelector: { 'kubernetes.io/hostname': NETNS_NODE },
            tolerations: [{ operator: 'Exists' }],
            containers: [{ name: 'loadtester', image: 'ghcr.io/fluxcd/flagger-loadtester:0.31.0', command: ['./loadtester', `-port=${targetPort}`], ports: [{ name: 'http', containerPort: targetPort }] }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels: { app: name } },
      spec: { type: 'ClusterIP', selector: { app: name }, ports: [{ name: 'http', port, protocol: 'TCP', targetPort: 'http' }] },
    },
  ];
}
