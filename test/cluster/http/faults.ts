/**
 * Fault injection for the test API server: what real clusters do to clients, on demand. Tests call
 * these directly; the standalone server also exposes them at `POST /_faults/<name>` (admin token only,
 * see `adminRoutes`). Every fault is undone by `reset()`.
 */
export interface FailureRule {
  /** Requests still to fail (Infinity: until reset). */
  remaining: number;
  status: number;
  /** Only requests whose path+query matches (default: every API request). */
  path?: RegExp;
  method?: string;
}

export interface FaultHooks {
  dropWatches(abrupt: boolean): number;
  forbidNamespace(namespace: string, user?: string): void;
  allowNamespace(namespace: string): void;
}

export class Faults {
  private failures: FailureRule[] = [];
  private latencyMs = 0;
  private readonly expiredTokens = new Set<string>();
  private forbiddenNamespaces: { namespace: string; user?: string }[] = [];
  private hooks?: FaultHooks;

  /** Wired by the server it belongs to (faults outlive a restart; hooks are re-attached). */
  attach(hooks: FaultHooks): void {
    this.hooks = hooks;
    for (const f of this.forbiddenNamespaces) hooks.forbidNamespace(f.namespace, f.user);
  }

  /** The next `count` requests (matching `path`/`method` if given) fail with `status` (default 500). */
  failNext(count: number, options: { status?: number; path?: RegExp; method?: string } = {}): void {
    this.failures.push({ remaining: count, status: options.status ?? 500, path: options.path, method: options.method?.toUpperCase() });
  }

  /** Every request matching `path` fails until reset (or the returned function is called). */
  failMatching(path: RegExp, status = 500): () => void {
    const rule: FailureRule = { remaining: Infinity, status, path };
    this.failures.push(rule);
    return () => void (this.failures = this.failures.filter((r) => r !== rule));
  }

  /** Delays every response by `ms` (0 to stop). */
  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  get latency(): number {
    return this.latencyMs;
  }

  /** The token stops authenticating: every request with it gets 401, as after credential expiry. */
  expireToken(token: string): void {
    this.expiredTokens.add(token);
  }

  isExpired(token: string): boolean {
    return this.expiredTokens.has(token);
  }

  /** Denies everything in a namespace (to everyone, or to one user), as a missing RoleBinding would. */
  forbidNamespace(namespace: string, user?: string): void {
    this.forbiddenNamespaces.push({ namespace, user });
    this.hooks?.forbidNamespace(namespace, user);
  }

  allowNamespace(namespace: string): void {
    this.forbiddenNamespaces = this.forbiddenNamespaces.filter((f) => f.namespace !== namespace);
    this.hooks?.allowNamespace(namespace);
  }

  /** Ends every open watch; `abrupt` destroys the sockets instead of finishing the streams. Returns how many. */
  dropWatches(abrupt = false): number {
    return this.hooks?.dropWatches(abrupt) ?? 0;
  }

  /** The status to fail this request with, if a failure rule takes it (and consumes one from that rule). */
  takeFailure(method: string, pathAndQuery: string): number | undefined {
    for (const r of this.failures) {
      if (r.remaining <= 0) continue;
      if (r.method && r.method !== method) continue;
      if (r.path && !r.path.test(pathAndQuery)) continue;
      r.remaining--;
      return r.status;
    }
    return undefined;
  }

  reset(): void {
    this.failures = [];
    this.latencyMs = 0;
    this.expiredTokens.clear();
    for (const f of this.forbiddenNamespaces) this.hooks?.allowNamespace(f.namespace);
    this.forbiddenNamespaces = [];
  }
}
