/**
 * Sends an ActionPlan (src/core/actions) to the API server exactly as planned: each PATCH with its
 * content type to the object or its /status subresource, in order, with upstream's NotFound fallback
 * (core's `runPlan` owns the ordering). Nothing is retried: a timeout may or may not have applied, so
 * the user is told to look before trying again. Flagger gates go through the API server's service
 * proxy (`/api/v1/namespaces/<ns>/services/<svc>:<port>/proxy/<path>`), so no port-forward is needed;
 * the loadtester answers 202 for open/close and Flagger itself treats any status ≤ 202 as success
 * (fluxcd/flagger `pkg/controller/webhook.go`). Errors become a short user-facing message plus full
 * detail for the log. It is the cluster the action flow (src/core/actions/flow.ts) runs against.
 */
import { gateRequestsOf, type GatePlan } from '../core/actions/flagger';
import type { ActionCluster, ActionRef, ExplainedError } from '../core/actions/flow';
import { runPlan, type ActionPlan, type PlannedRequest, type ResourceTarget } from '../core/actions/plan';
import { AccessReviewer, type AccessAnswer } from './access';
import { ApiError, errorFromNetwork, errorFromResponse, userMessage } from './errors';
import { redact } from './log';
import { silentLogger, type Logger } from '../core/util/logger';
import { asArray, asObject } from '../core/util/json';
import type { KubeTransport } from './transport';

/** A call to a Flagger loadtester gate through the service proxy (built by src/core/actions). */
export interface GateCall {
  /** `/api/v1/namespaces/<ns>/services/<name>:<port>/proxy/gate/open` */
  proxyPath: string;
  method: string;
  body: unknown;
}

export interface SentResponse {
  method: string;
  path: string;
  contentType?: string;
  status: number;
}

export interface ActionOutcome {
  ok: boolean;
  /** What changed (success), or why nothing was sent (noop). */
  changed: string;
  /** Set when the plan would change nothing: nothing was sent. */
  noop?: string;
  /** Short, user-facing error (failure only). */
  message?: string;
  /** Full detail for the log (failure only, no credentials). */
  detail?: string;
  errorKind?: ApiError['kind'];
  responses: SentResponse[];
  fellBack?: boolean;
}

export interface ExecutorOptions {
  context: string;
  transport: KubeTransport;
  access?: AccessReviewer;
  log?: Logger;
  timeoutMs?: number;
}

export class ActionExecutor implements ActionCluster {
  readonly context: string;
  private readonly transport: KubeTransport;
  private readonly access: AccessReviewer;
  private readonly log: Logger;
  private readonly timeoutMs: number;

  constructor(opts: ExecutorOptions) {
    this.context = opts.context;
    this.transport = opts.transport;
    this.access = opts.access ?? new AccessReviewer(opts.transport);
    this.log = opts.log ?? silentLogger;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /** `kubectl auth can-i` (SelfSubjectAccessReview), cached briefly. */
  canI(verb: string, group: string, resource: string, subresource: string | undefined, namespace: string, name?: string): Promise<AccessAnswer> {
    return this.access.canI(verb, group, resource, subresource, namespace, name);
  }

  /** Whether the user may send every request of the plan (patch on the resource, and on /status if used). */
  async permitted(plan: ActionPlan): Promise<AccessAnswer> {
    const subs = new Set<string | undefined>();
    const visit = (r: PlannedRequest) => {
      subs.add(r.subresource);
      if (r.onNotFound) visit(r.onNotFound);
    };
    plan.requests.forEach(visit);
    const t = plan.target;
    for (const sub of subs) {
      const a = await this.canI('patch', t.group, t.plural, sub, t.namespace, t.name);
      if (!a.allowed) return { allowed: false, reason: `you may not patch ${t.plural}${sub ? `/${sub}` : ''} in namespace ${t.namespace}${a.reason ? ` (${a.reason})` : ''}` };
    }
    return { allowed: true };
  }

  /** Whether the user may reach every loadtester of a gate plan: `create services/proxy` on each (as `kubectl auth can-i` names it). */
  async gatePermitted(plan: GatePlan): Promise<AccessAnswer> {
    for (const req of gateRequestsOf(plan)) {
      const a = await this.canI('create', '', 'services', 'proxy', req.namespace, `${req.scheme === 'https' ? 'https:' : ''}${req.service}:${req.port}`);
      if (!a.allowed) return { allowed: false, reason: `you may not use the service proxy of ${req.service} in namespace ${req.namespace}${a.reason ? ` (${a.reason})` : ''}` };
    }
    return { allowed: true };
  }

  /** Sends every request of a gate plan in order and stops at the first failure (nothing retried). */
  async runGate(plan: GatePlan): Promise<ActionOutcome> {
    const t = plan.canary;
    let last: ActionOutcome = { ok: false, changed: '', message: plan.unavailable ?? 'No gate request to send.', responses: [] };
    for (const req of gateRequestsOf(plan)) {
      last = await this.gate({ proxyPath: req.proxyPath, method: req.method, body: req.body }, plan.describe, { namespace: t.namespace, kind: t.kind, name: t.name });
      if (!last.ok) return last;
    }
    return last;
  }

  /** Reads the current object (plans are built from fresh state, as upstream's promote fetches first). */
  async get(target: ResourceTarget): Promise<unknown> {
    return this.read(`/apis/${target.group}/${target.version}/namespaces/${encodeURIComponent(target.namespace)}/${target.plural}/${encodeURIComponent(target.name)}`);
  }

  /** Lists the objects of a resource in a namespace (undo reads the rollout's ReplicaSets). */
  async list(resource: Pick<ResourceTarget, 'group' | 'version' | 'plural'>, namespace: string): Promise<unknown[]> {
    const prefix = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
    return asArray(asObject(await this.read(`${prefix}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`)).items);
  }

  private async read(path: string): Promise<unknown> {
    let res;
    try {
      res = await this.transport.request({ path, timeoutMs: this.timeoutMs });
    } catch (err) {
      throw errorFromNetwork(err);
    }
    if (res.status !== 200) throw errorFromResponse(res.status, res.body);
    return JSON.parse(res.body);
  }

  /** A failed read or review as the user reads it, with the detail for the log. */
  explain(err: unknown, ref: ActionRef): ExplainedError {
    const e = errorFromNetwork(err);
    return { notFound: e.kind === 'notFound', message: userMessage(e, { context: ref.context, namespace: ref.namespace, kind: ref.kind, name: ref.name }), detail: e.detail };
  }

  async execute(plan: ActionPlan): Promise<ActionOutcome> {
    const where = `${plan.target.kind} ${plan.target.namespace}/${plan.target.name} in context ${this.context}`;
    if (plan.unavailable) return { ok: false, changed: '', message: plan.unavailable, responses: [] };
    if (plan.noop) {
      this.log.info(`${plan.action} ${where}: nothing sent: ${plan.noop}`);
      return { ok: true, changed: plan.noop, noop: plan.noop, responses: [] };
    }
    const responses: SentResponse[] = [];
    let failure: ApiError | undefined;
    const result = await runPlan(plan, async (path, req) => {
      const body = JSON.stringify(req.body);
      this.log.info(`${plan.action} ${where}: ${req.method} ${path} (${req.contentType}) ${redact(body)}`);
      try {
        const res = await this.transport.request({ method: req.method, path, body, contentType: req.contentType, timeoutMs: this.timeoutMs });
        responses.push({ method: req.method, path, contentType: req.contentType, status: res.status });
        if (res.status < 200 || res.status >= 300) {
          // A 404 with a fallback is not a failure; runPlan decides. Keep the last error for the message.
          failure = errorFromResponse(res.status, res.body);
        } else failure = undefined;
        let parsed: unknown;
        try {
          parsed = JSON.parse(res.body);
        } catch {
          parsed = res.body;
        }
        return { status: res.status, body: parsed };
      } catch (err) {
        failure = errorFromNetwork(err);
        responses.push({ method: req.method, path, contentType: req.contentType, status: 0 });
        // Surface as a failed status so runPlan stops (no retry, no fallback on a network error).
        return { status: 599 };
      }
    }).catch((err: unknown) => {
      failure = errorFromNetwork(err);
      return undefined;
    });
    if (!result || !result.ok) {
      const e = failure ?? new ApiError('other', 'the request failed');
      const target = { context: this.context, namespace: plan.target.namespace, kind: plan.target.kind, name: plan.target.name };
      const message = userMessage(e, target);
      this.log.error(`${plan.action} ${where} failed: ${redact(e.detail)}`);
      return { ok: false, changed: '', message, detail: e.detail, errorKind: e.kind, responses, fellBack: result?.fellBack };
    }
    const sentBodies = result.sent.map((s) => s.request.body);
    const changed = `${plan.describe} (${describePatches(sentBodies)}${result.fellBack ? '; no status subresource: sent to the main resource as upstream does' : ''})`;
    this.log.info(`${plan.action} ${where}: done: ${describePatches(sentBodies)}`);
    return { ok: true, changed, responses, fellBack: result.fellBack };
  }

  /** Calls a loadtester gate through the service proxy. */
  async gate(call: GateCall, describe: string, target: { namespace: string; kind: string; name: string }): Promise<ActionOutcome> {
    const where = `${target.kind} ${target.namespace}/${target.name} in context ${this.context}`;
    this.log.info(`gate ${where}: ${call.method} ${call.proxyPath} ${redact(call.body)}`);
    try {
      const res = await this.transport.request({ method: call.method, path: call.proxyPath, body: call.body, contentType: 'application/json', timeoutMs: this.timeoutMs });
      const responses = [{ method: call.method, path: call.proxyPath, contentType: 'application/json', status: res.status }];
      // Flagger's own rule (pkg/controller/webhook.go): success is any status ≤ 202.
      if (res.status >= 200 && res.status <= 202) return { ok: true, changed: describe, responses };
      const e = res.status === 503 || res.status === 502 ? new ApiError('unreachable', `the loadtester service did not answer through the proxy: ${res.body.slice(0, 200)}`, res.status) : errorFromResponse(res.status, res.body);
      this.log.error(`gate ${where} failed: ${redact(e.detail)}`);
      return { ok: false, changed: '', message: userMessage(e, { context: this.context, ...target }), detail: e.detail, errorKind: e.kind, responses };
    } catch (err) {
      const e = errorFromNetwork(err);
      this.log.error(`gate ${where} failed: ${redact(e.detail)}`);
      return { ok: false, changed: '', message: userMessage(e, { context: this.context, ...target }), detail: e.detail, errorKind: e.kind, responses: [{ method: call.method, path: call.proxyPath, status: 0 }] };
    }
  }

  /** Reads a gate's state (`/gate/check`: 200 Approved = open, 403 = closed) through the proxy. */
  async gateState(call: GateCall): Promise<'open' | 'closed' | 'unknown'> {
    try {
      const res = await this.transport.request({ method: call.method, path: call.proxyPath, body: call.body, contentType: 'application/json', timeoutMs: this.timeoutMs });
      if (res.status === 200) return 'open';
      if (res.status === 403) return 'closed';
      return 'unknown';
    } catch {
      return 'unknown';
    }
  }
}

/** `status.pauseConditions cleared, status.currentStepIndex → 3` from merge-patch bodies. */
export function describePatches(bodies: unknown[]): string {
  const parts: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      // A JSON Patch: list its operations.
      for (const op of v as { op?: string; path?: string }[]) parts.push(`${op.op ?? '?'} ${op.path ?? ''}`.trim());
      return;
    }
    if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) walk(c, path ? `${path}.${k}` : k);
      return;
    }
    if (!path) return;
    parts.push(v === null ? `${path} cleared` : `${path} → ${JSON.stringify(v)}`);
  };
  for (const b of bodies) walk(b, '');
  return [...new Set(parts)].join(', ') || 'no fields';
}
