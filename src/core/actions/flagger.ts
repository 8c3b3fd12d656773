/**
 * Flagger actions: loadtester gates (approve, close, roll back, read state) and the spec-changing actions
 * (skip analysis, suspend).
 *
 * Gates (fluxcd/flagger `pkg/loadtester/server.go`, `pkg/controller/webhook.go`): a Canary webhook of type
 * confirm-rollout / confirm-promotion / confirm-traffic-increase pointing at `<loadtester>/gate/check` passes
 * only while the loadtester's in-memory gate `<canary>.<namespace>` is open; a `rollback` webhook pointing at
 * `/rollback/check` triggers a rollback once `rollback.<canary>.<namespace>` is open. `/gate/open`, `/gate/close`,
 * `/rollback/open` take the JSON body `{"name","namespace"}` of the *Canary* and answer 202; `/gate/check`
 * answers 200 "Approved" when open, 403 when closed. `/gate/halt` always refuses and `/gate/approve` always
 * passes: neither can be opened or closed. All gate webhooks of one canary share the same gate key, so opening
 * it for confirm-promotion opens it for confirm-rollout too. The state lives in the loadtester process and is
 * lost when it restarts.
 *
 * We reach the loadtester through the API server's service proxy
 * (`/api/v1/namespaces/<ns>/services/[https:]<svc>:<port>/proxy/<path>`), derived from the webhook URL, so no
 * port-forward or extra network access is needed; the user needs `get`/`create` on `services/proxy`.
 */
import { analysisOf, canaryWebhooks, CanaryWebhook } from '../status/flagger';
import { asObject, asString, metadataOf } from '../util/json';
import { gitOpsWarning } from './gitOps';
import { ActionPlan, mergePatch, ResourceTarget } from './plan';
import { resourceOf } from '../kinds';

export type GateEndpoint = 'gate/check' | 'gate/halt' | 'gate/approve' | 'rollback/check';

export interface LoadtesterAddress {
  scheme: 'http' | 'https';
  service: string;
  namespace: string;
  port: number;
  endpoint: GateEndpoint;
}

export interface GateWebhook {
  webhook: CanaryWebhook;
  address: LoadtesterAddress;
}

export interface GateRequest {
  service: string;
  namespace: string;
  port: number;
  scheme: 'http' | 'https';
  /** Path on the API server, through the service proxy. */
  proxyPath: string;
  method: 'POST';
  contentType: 'application/json';
  /** The Canary's name and namespace: the loadtester keys its gates by them. */
  body: { name: string; namespace: string };
}

export interface GatePlan {
  action: 'approve' | 'gate-close' | 'rollback';
  canary: ResourceTarget;
  /** Undefined when the action is unavailable; `unavailable` says why. */
  request?: GateRequest;
  /**
   * Every request to send, `request` first. More than one only when several webhooks of the gate type point
   * at different loadtesters: Flagger needs all of them to pass.
   */
  requests?: GateRequest[];
  unavailable?: string;
  webhook?: CanaryWebhook;
  describe: string;
}

/** Every loadtester request a gate plan must send, `request` first (Flagger needs all its gate webhooks to pass). */
export function gateRequestsOf(plan: GatePlan): GateRequest[] {
  return plan.requests?.length ? plan.requests : plan.request ? [plan.request] : [];
}

const GATE_TYPES = new Set(['confirm-rollout', 'confirm-promotion', 'confirm-traffic-increase']);

/**
 * Parses a webhook URL that points at a loadtester inside the cluster:
 * `http(s)://<svc>[.<ns>[.svc[.<cluster domain>]]][:port]/(gate/check|gate/halt|gate/approve|rollback/check)`.
 * @returns the address, or a reason why it is not a reachable loadtester gate.
 */
export function parseGateUrl(url: string, canaryNamespace: string): LoadtesterAddress | { error: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { error: `the webhook URL "${url}" is not a valid URL` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: `the webhook URL "${url}" is not http(s)` };
  const path = u.pathname.replace(/\/+$/, '');
  const endpoint = (['gate/check', 'gate/halt', 'gate/approve', 'rollback/check'] as const).find((e) => path.endsWith(`/${e}`));
  if (!endpoint) return { error: `the webhook URL "${url}" is not a loadtester gate (/gate/check or /rollback/check)` };
  if (path !== `/${endpoint}`) return { error: `the webhook URL "${url}" has a path prefix before /${endpoint}; only a loadtester served at the root is supported` };
  const host = u.hostname.toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[')) return { error: `the webhook URL "${url}" uses an IP address, not a Service name` };
  const parts = host.split('.');
  if (parts.length > 2 && parts[2] !== 'svc') return { error: `the webhook host "${host}" is not a cluster Service name (<svc>.<namespace>.svc…)` };
  const scheme = u.protocol === 'https:' ? 'https' : 'http';
  const port = u.port !== '' ? Number(u.port) : scheme === 'https' ? 443 : 80;
  return { scheme, service: parts[0], namespace: parts[1] ?? canaryNamespace, port, endpoint };
}

export function canaryTarget(canary: unknown): ResourceTarget {
  const m = metadataOf(canary);
  return { ...resourceOf('Canary'), namespace: m.namespace, name: m.name };
}

/** Every webhook of the canary that points at a loadtester gate, and why the others that look like gates do not. */
export function findGateWebhooks(canary: unknown): { gates: GateWebhook[]; problems: { webhook: CanaryWebhook; reason: string }[] } {
  const namespace = metadataOf(canary).namespace;
  const gates: GateWebhook[] = [];
  const problems: { webhook: CanaryWebhook; reason: string }[] = [];
  for (const webhook of canaryWebhooks(canary)) {
    if (!GATE_TYPES.has(webhook.type) && webhook.type !== 'rollback') continue;
    const address = parseGateUrl(webhook.url, namespace);
    if ('error' in address) problems.push({ webhook, reason: address.error });
    else gates.push({ webhook, address });
  }
  return { gates, problems };
}

/** The proxied request for a loadtester path, e.g. `gate/open`, carrying the Canary's name and namespace. */
export function gateRequest(canary: unknown, address: LoadtesterAddress, path: 'gate/open' | 'gate/close' | 'gate/check' | 'rollback/open' | 'rollback/close' | 'rollback/check'): GateRequest {
  const m = metadataOf(canary);
  const svc = address.scheme === 'https' ? `https:${address.service}:${address.port}` : `${address.service}:${address.port}`;
  return {
    service: address.service,
    namespace: address.namespace,
    port: address.port,
    scheme: address.scheme,
    proxyPath: `/api/v1/namespaces/${encodeURIComponent(address.namespace)}/services/${encodeURIComponent(svc).replace(/%3A/g, ':')}/proxy/${path}`,
    method: 'POST',
    contentType: 'application/json',
    body: { name: m.name, namespace: m.namespace },
  };
}

/** One request per distinct loadtester (gates on the same loadtester share one key), the first as `request`. */
function distinctRequests(canary: unknown, gates: GateWebhook[], path: 'gate/open' | 'gate/close' | 'rollback/open'): { request: GateRequest; requests: GateRequest[] } {
  const requests = [...new Map(gates.map((g) => gateRequest(canary, g.address, path)).map((r) => [r.proxyPath, r] as const)).values()];
  return { request: requests[0], requests };
}

function unavailable(action: GatePlan['action'], canary: unknown, reason: string): GatePlan {
  return { action, canary: canaryTarget(canary), unavailable: reason, describe: reason };
}

function noGateReason(canary: unknown, types: string[], problems: { webhook: CanaryWebhook; reason: string }[]): string {
  const relevant = problems.filter((p) => types.includes(p.webhook.type));
  if (relevant.length > 0) return `Canary '${metadataOf(canary).name}' has a ${relevant[0].webhook.type} webhook '${relevant[0].webhook.name}', but ${relevant[0].reason}.`;
  return `Canary '${metadataOf(canary).name}' has no ${types.join(' or ')} webhook pointing at a Flagger loadtester gate (http://<loadtester>.<namespace>/${types.includes('rollback') ? 'rollback' : 'gate'}/check), so there is no gate to ${types.includes('rollback') ? 'open' : 'approve'}.`;
}

/**
 * Approve: open the gate the canary is waiting on (confirm-rollout in `Waiting`, confirm-promotion in
 * `WaitingPromotion`, confirm-traffic-increase while Progressing).
 */
/** The gate a canary waits on, from its phase (Flagger's scheduler_hooks.go). */
export function awaitedGate(canary: unknown): 'confirm-rollout' | 'confirm-promotion' | 'confirm-traffic-increase' | undefined {
  const phase = canaryPhase(canary);
  if (phase === 'Waiting') return 'confirm-rollout';
  if (phase === 'WaitingPromotion') return 'confirm-promotion';
  if (phase === 'Progressing' && canaryWebhooks(canary).some((w) => w.type === 'confirm-traffic-increase')) return 'confirm-traffic-increase';
  return undefined;
}

function canaryPhase(canary: unknown): string {
  return asString(asObject(asObject(canary).status).phase);
}

export function approvePlan(canary: unknown): GatePlan {
  const info = { name: metadataOf(canary).name, phase: canaryPhase(canary) };
  const { gates, problems } = findGateWebhooks(canary);
  const wanted = awaitedGate(canary);
  if (!wanted) {
    return unavailable('approve', canary, `Canary '${info.name}' is not waiting for approval (phase ${info.phase || 'unknown'}): it waits in Waiting (confirm-rollout) or WaitingPromotion (confirm-promotion).`);
  }
  const candidates = gates.filter((g) => g.webhook.type === wanted);
  const gate = candidates[0];
  if (!gate) return unavailable('approve', canary, noGateReason(canary, [wanted], problems));
  if (gate.address.endpoint === 'rollback/check') {
    return unavailable('approve', canary, `The ${wanted} webhook '${gate.webhook.name}' calls /rollback/check, which is the rollback gate: it cannot be approved.`);
  }
  if (gate.address.endpoint === 'gate/halt') {
    return unavailable('approve', canary, `The ${wanted} webhook '${gate.webhook.name}' calls /gate/halt, which always refuses and cannot be opened: point it at /gate/check to approve through the gate.`);
  }
  if (gate.address.endpoint === 'gate/approve') {
    return unavailable('approve', canary, `The ${wanted} webhook '${gate.webhook.name}' calls /gate/approve, which always passes: there is nothing to approve (Flagger proceeds at its next check).`);
  }
  return {
    action: 'approve',
    canary: canaryTarget(canary),
    webhook: gate.webhook,
    ...distinctRequests(
      canary,
      candidates.filter((g) => g.address.endpoint === 'gate/check'),
      'gate/open',
    ),
    describe: `Opens the loadtester gate of canary '${info.name}' (${wanted} webhook '${gate.webhook.name}' on ${gate.address.service}.${gate.address.namespace}): Flagger proceeds at its next check. The gate stays open, for every gate webhook of this canary, until it is closed.`,
  };
}

/** Close the gate (all /gate/check webhooks of this canary share it). */
export function closeGatePlan(canary: unknown): GatePlan {
  const { gates, problems } = findGateWebhooks(canary);
  const gate = gates.find((g) => GATE_TYPES.has(g.webhook.type) && g.address.endpoint === 'gate/check');
  if (!gate) return unavailable('gate-close', canary, noGateReason(canary, [...GATE_TYPES], problems));
  const name = metadataOf(canary).name;
  return {
    action: 'gate-close',
    canary: canaryTarget(canary),
    webhook: gate.webhook,
    ...distinctRequests(
      canary,
      gates.filter((g) => GATE_TYPES.has(g.webhook.type) && g.address.endpoint === 'gate/check'),
      'gate/close',
    ),
    describe: `Closes the loadtester gate of canary '${name}' on ${gate.address.service}.${gate.address.namespace}: its ${gates
      .filter((g) => g.address.endpoint === 'gate/check' && GATE_TYPES.has(g.webhook.type))
      .map((g) => g.webhook.type)
      .join(', ')} webhooks wait for approval again.`,
  };
}

/** Roll back: open the rollback gate; Flagger rolls the canary back at its next check (the canary ends Failed). */
export function rollbackPlan(canary: unknown): GatePlan {
  const info = { name: metadataOf(canary).name, phase: canaryPhase(canary) };
  const { gates, problems } = findGateWebhooks(canary);
  const gate = gates.find((g) => g.webhook.type === 'rollback' && g.address.endpoint === 'rollback/check');
  if (!gate) return unavailable('rollback', canary, noGateReason(canary, ['rollback'], problems));
  if (!['Progressing', 'Waiting', 'WaitingPromotion'].includes(info.phase)) {
    return unavailable('rollback', canary, `Canary '${info.name}' is ${info.phase || 'not analysing'}: Flagger only calls rollback webhooks during an analysis (Progressing or waiting for approval).`);
  }
  return {
    action: 'rollback',
    canary: canaryTarget(canary),
    webhook: gate.webhook,
    ...distinctRequests(
      canary,
      gates.filter((g) => g.webhook.type === 'rollback' && g.address.endpoint === 'rollback/check'),
      'rollback/open',
    ),
    describe: `Opens the rollback gate of canary '${info.name}' (webhook '${gate.webhook.name}' on ${gate.address.service}.${gate.address.namespace}): Flagger routes all traffic back to the primary, scales the canary to zero and marks it Failed. Close it afterwards (POST rollback/close) or the next rollout is rolled back too.`,
  };
}

/** Requests that read each gate's state (`/gate/check` or `/rollback/check`); see `gateStateFromResponse`. */
export function gateStateRequests(canary: unknown): { webhook: CanaryWebhook; request?: GateRequest; fixed?: 'open' | 'closed' }[] {
  return findGateWebhooks(canary).gates.map((g) => {
    if (g.address.endpoint === 'gate/halt') return { webhook: g.webhook, fixed: 'closed' as const };
    if (g.address.endpoint === 'gate/approve') return { webhook: g.webhook, fixed: 'open' as const };
    return { webhook: g.webhook, request: gateRequest(canary, g.address, g.address.endpoint === 'rollback/check' ? 'rollback/check' : 'gate/check') };
  });
}

/** 200 "Approved" = open, 403 = closed; anything else is unknown (the proxy or loadtester failed). */
export function gateStateFromResponse(status: number): 'open' | 'closed' | 'unknown' {
  return status === 200 ? 'open' : status === 403 ? 'closed' : 'unknown';
}

function specPlan(canary: unknown, action: 'skip-analysis' | 'suspend' | 'unsuspend', field: 'skipAnalysis' | 'suspend', value: boolean, describe: string, noopIf: string): ActionPlan {
  const plan: ActionPlan = {
    action,
    target: canaryTarget(canary),
    requests: [mergePatch({ spec: { [field]: value } })],
    describe,
    manifestEdit: { path: ['spec', field], value },
  };
  const warning = gitOpsWarning(canary, ['spec', field]);
  if (warning) plan.warning = warning;
  if ((asObject(asObject(canary).spec)[field] === true) === value) plan.noop = noopIf;
  return plan;
}

/** `spec.skipAnalysis: true`: the next revision is promoted without analysis. */
export function skipAnalysisPlan(canary: unknown, skip = true): ActionPlan {
  const name = metadataOf(canary).name;
  const p = specPlan(
    canary,
    'skip-analysis',
    'skipAnalysis',
    skip,
    skip ? `Sets spec.skipAnalysis on canary '${name}': Flagger promotes new revisions without running the analysis.` : `Clears spec.skipAnalysis on canary '${name}': new revisions are analysed again.`,
    `Canary '${name}' already has spec.skipAnalysis ${skip}.`,
  );
  if (skip && analysisOf(canary)) p.skips = 'Skips the whole analysis (metrics, webhooks and gates) for new revisions.';
  return p;
}

/** `spec.suspend`: Flagger stops reconciling the canary (no analysis, no promotion) until unsuspended. */
export function suspendPlan(canary: unknown, suspend = true): ActionPlan {
  const name = metadataOf(canary).name;
  return specPlan(
    canary,
    suspend ? 'suspend' : 'unsuspend',
    'suspend',
    suspend,
    suspend ? `Sets spec.suspend on canary '${name}': Flagger stops acting on it (no analysis, no promotion) until it is unsuspended.` : `Clears spec.suspend on canary '${name}': Flagger resumes acting on it.`,
    `Canary '${name}' is already ${suspend ? 'suspended' : 'not suspended'}.`,
  );
}
