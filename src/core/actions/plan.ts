/**
 * The shape every cluster action is planned in, and the one place that knows how a plan is executed.
 *
 * A plan is pure data: which object, which PATCH requests in which order, and what the user should be told
 * (what changes, what gets skipped, or why nothing would happen). The k8s layer sends it with `runPlan`,
 * the CLI and the editor show `describe`/`skips`/`noop` before asking for confirmation.
 *
 * The NotFound fallback mirrors `kubectl argo rollouts` (promote/abort/retry): the status subresource is tried
 * first; a 404 there means the CRD predates status subresources (Argo Rollouts v0.9), and upstream then sends
 * one "unified" patch to the main resource *instead of everything that was left* (promote.go sets
 * `specPatch = unifiedPatch`). `onNotFound` carries that unified request.
 */

export type ActionId =
  | 'promote'
  | 'promote-full'
  | 'resume'
  | 'pause'
  | 'abort'
  | 'retry'
  | 'restart'
  | 'undo'
  | 'set-image'
  | 'approve'
  | 'gate-close'
  | 'rollback'
  | 'skip-analysis'
  | 'suspend'
  | 'unsuspend'
  | 'terminate'
  | 'retry-experiment';

/** The object an action patches. */
export interface ResourceTarget {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespace: string;
  name: string;
}

export type PatchContentType = 'application/merge-patch+json' | 'application/json-patch+json';

export interface PlannedRequest {
  method: 'PATCH';
  /** 'status' sends to `<object>/status`; undefined to the object itself. */
  subresource: 'status' | undefined;
  contentType: PatchContentType;
  body: unknown;
  /** Sent instead of this request and every later one when this one answers 404 (no status subresource). */
  onNotFound?: PlannedRequest;
}

export interface ActionPlan {
  action: ActionId;
  target: ResourceTarget;
  /** In order. Empty when upstream would send nothing. */
  requests: PlannedRequest[];
  /**
   * Set when the action would change nothing (upstream would silently "succeed"): say this instead of sending.
   * `requests` still lists what upstream would send, for transparency.
   */
  noop?: string;
  /**
   * Set when the action cannot be done at all (undo to a revision that is not in the history): say this
   * instead of sending, and fail. Unlike `noop`, this is an error in upstream's command too.
   */
  unavailable?: string;
  /** What the action jumps over (an analysis, the remaining steps…), to show before confirming. */
  skips?: string;
  /** One sentence: what will change. */
  describe: string;
  /** E.g. the object is managed by GitOps and the change may be reverted (see `gitOpsManaged`). */
  warning?: string;
  /** The same change expressed as a manifest edit (set `value` at `path`), for "change the manifest instead". */
  manifestEdit?: { path: ManifestPath; value: unknown };
}

/** A path into a manifest; `{ name }` is the item of a list whose `name` is that (a container). */
export type ManifestPath = readonly (string | { name: string })[];

/** A manifest path as people read it: `spec.template.spec.containers[name=app].image`. */
export function manifestPathText(path: ManifestPath): string {
  return path.map((p, i) => (typeof p === 'string' ? `${i ? '.' : ''}${p}` : `[name=${p.name}]`)).join('');
}

export function mergePatch(body: unknown, subresource?: 'status', onNotFound?: PlannedRequest): PlannedRequest {
  const req: PlannedRequest = { method: 'PATCH', subresource, contentType: 'application/merge-patch+json', body };
  if (onNotFound) req.onNotFound = onNotFound;
  return req;
}

/** `status` first, and on 404 the unified patch to the main resource, as upstream does. */
export function statusFirst(statusBody: unknown, unifiedBody: unknown): PlannedRequest {
  return mergePatch(statusBody, 'status', mergePatch(unifiedBody));
}

/** The API path of a request: `/apis/<group>/<version>/namespaces/<ns>/<plural>/<name>[/status]`. */
export function requestPath(target: ResourceTarget, req: Pick<PlannedRequest, 'subresource'>): string {
  const base = `/apis/${target.group}/${target.version}/namespaces/${encodeURIComponent(target.namespace)}/${target.plural}/${encodeURIComponent(target.name)}`;
  return req.subresource ? `${base}/${req.subresource}` : base;
}

/** The requests as lines for a confirmation: method, path, content type and body, and the 404 fallback. */
export function requestLines(plan: ActionPlan): string[] {
  const lines: string[] = [];
  for (const r of plan.requests) {
    lines.push(`${r.method} ${requestPath(plan.target, r)} (${r.contentType}) ${JSON.stringify(r.body)}`);
    if (r.onNotFound) lines.push(`  if 404: ${r.onNotFound.method} ${requestPath(plan.target, r.onNotFound)} ${JSON.stringify(r.onNotFound.body)}`);
  }
  return lines;
}

export interface SentRequest {
  path: string;
  request: PlannedRequest;
  status: number;
  body?: unknown;
}

export interface PlanResult {
  ok: boolean;
  sent: SentRequest[];
  /** Whether the 404 fallback to the main resource was used. */
  fellBack: boolean;
}

/** Sends one request; resolves with the HTTP status (and body), rejects only on transport errors. */
export type RequestSender = (path: string, request: PlannedRequest) => Promise<{ status: number; body?: unknown }>;

/**
 * Executes a plan with upstream's ordering and fallback. Stops at the first failure (nothing is retried
 * blindly); a `noop` plan sends nothing.
 */
export async function runPlan(plan: ActionPlan, send: RequestSender): Promise<PlanResult> {
  const result: PlanResult = { ok: true, sent: [], fellBack: false };
  if (plan.noop) return result;
  if (plan.unavailable) return { ...result, ok: false };
  for (const req of plan.requests) {
    const path = requestPath(plan.target, req);
    const res = await send(path, req);
    result.sent.push({ path, request: req, status: res.status, body: res.body });
    if (res.status === 404 && req.onNotFound) {
      const fallback = req.onNotFound;
      const fpath = requestPath(plan.target, fallback);
      const fres = await send(fpath, fallback);
      result.sent.push({ path: fpath, request: fallback, status: fres.status, body: fres.body });
      result.fellBack = true;
      result.ok = fres.status >= 200 && fres.status < 300;
      return result;
    }
    if (res.status < 200 || res.status >= 300) {
      result.ok = false;
      return result;
    }
  }
  return result;
}

export class ActionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ActionError';
  }
}
