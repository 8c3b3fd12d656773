/**
 * What the user may do, asked the way `kubectl auth can-i` asks: a SelfSubjectAccessReview
 * (POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews) whose `status.allowed` is the answer.
 * Answers are cached briefly (RBAC rarely changes mid-session; asking before every menu would be a
 * request storm). Also resolves which namespaces to watch when cluster-wide list is forbidden:
 * the namespaces the user can list (or the configured ones, or the context's default namespace),
 * each checked for list+watch on the kind.
 */
import { ensureOk, parseJson, type KubeTransport } from './transport';
import { realTimers, type Timers } from './timers';

export interface AccessAnswer {
  allowed: boolean;
  reason?: string;
}

export class AccessReviewer {
  private readonly cache = new Map<string, { at: number; answer: Promise<AccessAnswer> }>();

  constructor(
    private readonly transport: KubeTransport,
    private readonly timers: Timers = realTimers,
    private readonly ttlMs = 30_000,
  ) {}

  /** `kubectl auth can-i VERB RESOURCE[/SUBRESOURCE] [NAME] -n NAMESPACE` for a resource in `group`. */
  canI(verb: string, group: string, resource: string, subresource?: string, namespace?: string, name?: string): Promise<AccessAnswer> {
    const key = JSON.stringify([verb, group, resource, subresource ?? '', namespace ?? '', name ?? '']);
    const hit = this.cache.get(key);
    if (hit && this.timers.now() - hit.at < this.ttlMs) return hit.answer;
    const answer = this.review({ verb, group, resource, subresource, namespace, name });
    this.cache.set(key, { at: this.timers.now(), answer });
    // A failed review must not be cached: the next question asks again.
    answer.catch(() => this.cache.delete(key));
    return answer;
  }

  clear(): void {
    this.cache.clear();
  }

  private async review(attrs: Record<string, string | undefined>): Promise<AccessAnswer> {
    const resourceAttributes = Object.fromEntries(Object.entries(attrs).filter(([, v]) => v !== undefined && v !== ''));
    const res = ensureOk(
      await this.transport.request({
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes } },
      }),
    );
    const body = parseJson<{ status?: { allowed?: boolean; reason?: string; denied?: boolean } }>(res);
    return { allowed: body.status?.allowed === true, reason: body.status?.reason || undefined };
  }

  /** Names of all namespaces, or undefined when the user may not list them. Throws on other failures. */
  async listNamespaces(): Promise<string[] | undefined> {
    const res = await this.transport.request({ path: '/api/v1/namespaces' });
    if (res.status === 403) return undefined;
    const body = parseJson<{ items?: { metadata?: { name?: string } }[] }>(ensureOk(res));
    return (body.items ?? []).map((n) => n.metadata?.name ?? '').filter(Boolean);
  }
}

export interface NamespaceScope {
  allowed: string[];
  denied: string[];
}

/**
 * The namespaces in which the user may list AND watch `group/resource`, out of `candidates` when
 * given (configured namespaces), else every namespace the user can list, else the context's default.
 */
export async function namespacesToWatch(access: AccessReviewer, group: string, resource: string, candidates: string[] | undefined, contextNamespace: string | undefined): Promise<NamespaceScope> {
  let names = candidates && candidates.length ? candidates : await access.listNamespaces();
  if (!names) names = [contextNamespace || 'default'];
  const allowed: string[] = [];
  const denied: string[] = [];
  // Bounded concurrency: a cluster with hundreds of namespaces must not get hundreds of parallel POSTs.
  const queue = [...new Set(names)];
  const worker = async () => {
    for (let ns = queue.shift(); ns !== undefined; ns = queue.shift()) {
      const [l, w] = await Promise.all([access.canI('list', group, resource, undefined, ns), access.canI('watch', group, resource, undefined, ns)]);
      (l.allowed && w.allowed ? allowed : denied).push(ns);
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  return { allowed: allowed.sort(), denied: denied.sort() };
}
