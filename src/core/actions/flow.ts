/**
 * The one path every action takes, from the CLI and from the editor alike:
 *   1. resolve the target: read the object fresh (plans are built from current state, as upstream's
 *      commands fetch first), and what the plan needs besides (undo: the ReplicaSets; set image: the
 *      Deployment of a workloadRef);
 *   2. ask for the arguments the caller did not pass (restart's delay, undo's revision, set image's
 *      container and image);
 *   3. plan (src/core/actions), and stop when it would change nothing or cannot be done;
 *   4. check permissions (SelfSubjectAccessReview; a review that fails is not a "no": the API server has
 *      the last word on the real request);
 *   5. for a spec change on a GitOps-managed object, offer to change the manifest instead;
 *   6. confirm (skipped only when the caller says so: `--yes`, or the user's non-production setting);
 *   7. send, nothing retried;
 *   8. report: the result says what happened, and the caller prints it its own way.
 * The cluster and the asking are injected: src/k8s/actionExecutor.ts is the cluster, the CLI asks on the
 * terminal, the editor with quick picks and modals.
 */
import { actionDef, isGatePlan, KIND_RESOURCES, targetOf, type ActionArgs, type ActionDef, type ActionInput, type ActionKind } from './catalogue';
import { confirmationFor, type Confirmation } from './confirm';
import { gateRequestsOf, type GatePlan } from './flagger';
import { ActionError, type ActionId, type ActionPlan, type ResourceTarget } from './plan';
import { workloadDeployment } from './setImage';

/** The object an action is invoked on: what a command argument or the CLI's positional names. */
export interface ActionRef {
  context: string;
  kind: ActionKind;
  namespace: string;
  name: string;
}

/**
 * A command's argument as the target and its arguments (the tree's node, a lens's ref, the details panel's
 * `{ context, kind, namespace, name, revision?, delay?, container?, image? }`); undefined when it names no object of a kind
 * actions act on. A tree node's `workloadKind` counts as its kind.
 */
export function actionRefFromArgument(arg: unknown): (ActionRef & ActionArgs) | undefined {
  // A tree row of an AnalysisRun or Experiment carries the object it stands for as `target`.
  const target = (arg as { target?: unknown } | undefined)?.target;
  if (target && typeof target === 'object') return actionRefFromArgument(target);
  const a = arg as Partial<ActionRef> & { workloadKind?: string; delay?: unknown; revision?: unknown; container?: unknown; image?: unknown };
  if (!a || typeof a !== 'object' || typeof a.context !== 'string' || !a.context || typeof a.namespace !== 'string' || typeof a.name !== 'string' || !a.name) return undefined;
  const kind = a.workloadKind ?? a.kind;
  if (!kind || !Object.prototype.hasOwnProperty.call(KIND_RESOURCES, kind)) return undefined;
  const ref: ActionRef & ActionArgs = { context: a.context, kind: kind as ActionKind, namespace: a.namespace, name: a.name };
  if (typeof a.delay === 'string') ref.delay = a.delay;
  if (typeof a.revision === 'number' && Number.isSafeInteger(a.revision) && a.revision >= 0) ref.revision = a.revision;
  if (typeof a.container === 'string') ref.container = a.container;
  if (typeof a.image === 'string') ref.image = a.image;
  return ref;
}

export interface Permission {
  allowed: boolean;
  reason?: string;
}

/** What an execution reports (src/k8s `ActionOutcome` is one). */
export interface FlowOutcome {
  ok: boolean;
  changed: string;
  noop?: string;
  message?: string;
  detail?: string;
}

/** A failed read explained for the user (src/k8s/errors `userMessage`). */
export interface ExplainedError {
  notFound: boolean;
  message: string;
  detail: string;
}

/** The cluster, as the flow uses it; src/k8s/actionExecutor.ts implements it. */
export interface ActionCluster {
  get(target: ResourceTarget): Promise<unknown>;
  /** The objects of a kind in a namespace (undo's ReplicaSets). */
  list(resource: Pick<ResourceTarget, 'group' | 'version' | 'plural'>, namespace: string): Promise<unknown[]>;
  permitted(plan: ActionPlan): Promise<Permission>;
  gatePermitted(plan: GatePlan): Promise<Permission>;
  execute(plan: ActionPlan): Promise<FlowOutcome>;
  runGate(plan: GatePlan): Promise<FlowOutcome>;
  explain(err: unknown, ref: ActionRef): ExplainedError;
}

export type AnyPlan = ActionPlan | GatePlan;

/** How the caller asks; every method may be left out where the caller never asks it. */
export interface ActionAsk {
  /** The arguments the action needs and the caller did not pass; undefined cancels. */
  args?(def: ActionDef, input: ActionInput): Promise<ActionArgs | undefined>;
  /** A spec change on a GitOps-managed object (`plan.warning`): patch anyway, change the manifest instead, or cancel. */
  gitOps?(plan: ActionPlan, def: ActionDef): Promise<'patch' | 'manifest' | 'cancel'>;
  /** The confirmation; resolve true only on an explicit yes. Not called when `FlowOptions.confirm` is false. */
  confirm(plan: AnyPlan, confirmation: Confirmation, def: ActionDef): Promise<boolean>;
  /** Wraps the sending (the editor shows progress). */
  sending?<T>(plan: AnyPlan, run: () => Promise<T>): Promise<T>;
  /** The permission review itself failed; the flow goes on. */
  reviewFailed?(error: ExplainedError): void;
}

export interface FlowOptions {
  now?: () => Date;
  /** Arguments the caller passes (flags, a command argument); only missing ones are asked for. */
  args?: ActionArgs;
  productionPatterns?: readonly string[];
  skipConfirmationForNonProduction?: boolean;
  /** false: do not ask (`--yes`). */
  confirm?: boolean;
}

interface Common {
  def: ActionDef;
  /** "Rollout shop/web in context dev" */
  where: string;
}

export type FlowResult = Common &
  (
    | { status: 'done'; plan: AnyPlan; outcome: FlowOutcome }
    /** The plan would change nothing (upstream would send nothing, or change nothing). */
    | { status: 'nothing'; plan: AnyPlan; message: string }
    /** The action cannot be done on this object now (no gate, no such revision). */
    | { status: 'unavailable'; plan: AnyPlan; message: string }
    /** An argument is invalid (a restart delay that is not a Go duration). */
    | { status: 'invalid'; message: string }
    | { status: 'notFound'; message: string }
    | { status: 'denied'; plan: AnyPlan; reason: string }
    | { status: 'cancelled'; plan?: AnyPlan }
    /** The user chose to change the manifest instead; nothing was sent. */
    | { status: 'manifest'; plan: ActionPlan }
    /** Reading or sending failed: a short message and the detail for the log. */
    | { status: 'failed'; plan?: AnyPlan; message: string; detail?: string }
  );

/** Where an action acts, as every message names it. */
export function whereOf(ref: ActionRef): string {
  return `${ref.kind} ${ref.namespace}/${ref.name} in context ${ref.context}`;
}

/** Whether a plan would send something; otherwise why not, and whether that is a failure (`unavailable`). */
export function planBlocker(plan: AnyPlan): { status: 'nothing' | 'unavailable'; message: string } | undefined {
  if (isGatePlan(plan)) return gateRequestsOf(plan).length === 0 ? { status: 'unavailable', message: plan.unavailable ?? plan.describe } : undefined;
  if (plan.unavailable) return { status: 'unavailable', message: plan.unavailable };
  if (plan.noop) return { status: 'nothing', message: plan.noop };
  return undefined;
}

export async function runActionFlow(id: ActionId, ref: ActionRef, cluster: ActionCluster, ask: ActionAsk, opts: FlowOptions = {}): Promise<FlowResult> {
  const def = actionDef(id);
  const where = whereOf(ref);
  const common = { def, where };
  if (!def.kinds.includes(ref.kind)) return { ...common, status: 'invalid', message: `${def.title} applies to ${def.kinds.join('/')} objects, not ${ref.kind} ${ref.namespace}/${ref.name}.` };
  // 1. The object and what the plan needs besides.
  const input: ActionInput = { kind: ref.kind, obj: undefined, now: (opts.now ?? (() => new Date()))(), ...opts.args };
  try {
    input.obj = await cluster.get(targetOf(ref.kind, ref.namespace, ref.name));
    if (def.needs === 'replicaSets') input.replicaSets = await cluster.list({ group: 'apps', version: 'v1', plural: 'replicasets' }, ref.namespace);
    const workload = def.needs === 'workload' ? workloadDeployment(input.obj) : undefined;
    // A workloadRef to a Deployment that is gone: the plan says so, naming the Deployment.
    if (workload)
      try {
        input.workload = await cluster.get(workload);
      } catch (err) {
        if (!cluster.explain(err, ref).notFound) throw err;
      }
  } catch (err) {
    const e = cluster.explain(err, ref);
    return e.notFound ? { ...common, status: 'notFound', message: `${ref.kind} ${ref.namespace}/${ref.name} was not found in context ${ref.context}.` } : { ...common, status: 'failed', message: e.message, detail: e.detail };
  }
  // 2. Arguments the caller did not pass.
  if (def.asks && ask.args && input[def.asks] === undefined) {
    const args = await ask.args(def, input);
    if (!args) return { ...common, status: 'cancelled' };
    Object.assign(input, args);
  }
  // 3. The plan.
  let plan: AnyPlan;
  try {
    plan = def.plan(input);
  } catch (err) {
    if (err instanceof ActionError) return { ...common, status: 'invalid', message: err.message };
    throw err;
  }
  const blocked = planBlocker(plan);
  if (blocked) return { ...common, plan, ...blocked };
  // 4. Permissions.
  const permission = await (isGatePlan(plan) ? cluster.gatePermitted(plan) : cluster.permitted(plan)).catch((err: unknown): Permission => {
    ask.reviewFailed?.(cluster.explain(err, ref));
    return { allowed: true };
  });
  if (!permission.allowed) return { ...common, status: 'denied', plan, reason: permission.reason ?? 'RBAC denies it' };
  // 5. GitOps: the manifest instead.
  if (!isGatePlan(plan) && def.specChange && plan.warning && ask.gitOps) {
    const choice = await ask.gitOps(plan, def);
    if (choice === 'cancel') return { ...common, status: 'cancelled', plan };
    if (choice === 'manifest') return { ...common, status: 'manifest', plan };
  }
  // 6. Confirmation.
  if (opts.confirm !== false) {
    const confirmation = confirmationFor(plan, { context: ref.context, productionPatterns: opts.productionPatterns, skipConfirmationForNonProduction: opts.skipConfirmationForNonProduction });
    if (!(await ask.confirm(plan, confirmation, def))) return { ...common, status: 'cancelled', plan };
  }
  // 7. Send.
  const p = plan;
  const send = () => (isGatePlan(p) ? cluster.runGate(p) : cluster.execute(p));
  let outcome: FlowOutcome;
  try {
    outcome = await (ask.sending ? ask.sending(plan, send) : send());
  } catch (err) {
    const e = cluster.explain(err, ref);
    return { ...common, status: 'failed', plan, message: e.message, detail: e.detail };
  }
  // 8. Report.
  if (!outcome.ok) return { ...common, status: 'failed', plan, message: outcome.message ?? `${def.title} ${where} failed.`, detail: outcome.detail };
  return { ...common, status: 'done', plan, outcome };
}
