/**
 * The action commands (`promote [--full]`, `abort`, `retry`, `pause`, `resume`, `restart [--in D]`
 * for Argo Rollouts; `approve`, `rollback`, `gate-close` for Flagger canaries behind loadtester
 * gates) for pipelines and terminals. They share everything with the editor: the plans come from
 * src/core/actions (exactly what `kubectl argo rollouts` sends), the requests from the cluster
 * layer's ActionExecutor. Safety: the object is read fresh, the user's permission is checked
 * (SelfSubjectAccessReview), and without `--yes` the command names context, namespace, kind, name
 * and what will change, then asks on a terminal, or refuses (exit 1) when there is no terminal.
 */
import { abortPlan, pausePlan, promoteFullPlan, promotePlan, restartPlan, resumePlan, retryPlan } from '../core/actions/argo';
import { approvePlan, closeGatePlan, gateRequestsOf, rollbackPlan, type GatePlan } from '../core/actions/flagger';
import { ActionError, requestPath, type ActionPlan, type ResourceTarget } from '../core/actions/plan';
import type { ActionExecutor, ActionOutcome } from '../k8s/actionExecutor';
import { ApiError, errorFromNetwork, userMessage } from '../k8s/errors';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from './command';
import { openCluster, parseClusterFlags, type ExtraFlag } from './clusterCli';

type Engine = 'argo' | 'flagger';

interface ActionSpec {
  name: string;
  engine: Engine;
  summary: string;
  flags: ExtraFlag[];
  flagHelp: string[];
  /** Past tense for the result line. */
  done: string;
}

const ACTIONS: ActionSpec[] = [
  { name: 'promote', engine: 'argo', summary: 'Promote a paused Argo Rollout to its next step (--full: to the end)', flags: [{ name: 'full', takesValue: false }], flagHelp: ['  --full               skip every remaining step, pause and analysis'], done: 'Promoted' },
  { name: 'abort', engine: 'argo', summary: 'Abort the update of an Argo Rollout (back to stable)', flags: [], flagHelp: [], done: 'Aborted' },
  { name: 'retry', engine: 'argo', summary: 'Retry an aborted Argo Rollout', flags: [], flagHelp: [], done: 'Retried' },
  { name: 'pause', engine: 'argo', summary: 'Pause an Argo Rollout (spec.paused)', flags: [], flagHelp: [], done: 'Paused' },
  { name: 'resume', engine: 'argo', summary: 'Resume a paused Argo Rollout without skipping a step', flags: [], flagHelp: [], done: 'Resumed' },
  { name: 'restart', engine: 'argo', summary: "Restart an Argo Rollout's pods (now or --in DURATION)", flags: [{ name: 'in', takesValue: true }], flagHelp: ['  --in DURATION        restart after a Go duration (30s, 5m, 1h30m)'], done: 'Restarted' },
  { name: 'approve', engine: 'flagger', summary: "Open a Flagger canary's loadtester gate", flags: [], flagHelp: [], done: 'Approved' },
  { name: 'rollback', engine: 'flagger', summary: "Open a Flagger canary's rollback gate", flags: [], flagHelp: [], done: 'Rolled back' },
  { name: 'gate-close', engine: 'flagger', summary: "Close a Flagger canary's loadtester gate", flags: [], flagHelp: [], done: 'Closed the gate of' },
];

function usageOf(a: ActionSpec): string {
  const kind = a.engine === 'argo' ? 'Rollout' : 'Canary';
  return [
    `Usage: rollout-lens ${a.name} NAME [options]`,
    '',
    `${a.summary}.`,
    `Without --yes, names the context, namespace and ${kind} and what will change, then asks; in a`,
    'non-interactive run it refuses instead.',
    '',
    'Options:',
    ...a.flagHelp,
    '  -n, --namespace NS   namespace (default: the context\'s namespace, else "default")',
    '  --context C          kube context (default: the current context)',
    '  -y, --yes            do not ask for confirmation',
    '  --kubeconfig F       kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)',
    '  -v, --verbose        log the requests to stderr',
    '',
    'Exit status: 0 done (or nothing to do), 1 refused or failed, 2 usage or kubeconfig error.',
    '',
  ].join('\n');
}

interface Prepared {
  target: ResourceTarget;
  describe: string;
  skips?: string;
  warning?: string;
  noop?: string;
  /** The requests, as lines for the confirmation. */
  requestLines: string[];
  check: () => Promise<{ allowed: boolean; reason?: string }>;
  run: () => Promise<ActionOutcome>;
}

export async function runAction(spec: ActionSpec, args: string[], io: CliIO, now: () => Date = () => new Date()): Promise<number> {
  const fail = (msg: string, code: number) => {
    io.stderr(`rollout-lens ${spec.name}: ${msg}\n`);
    return code;
  };
  const flags = parseClusterFlags(args, [...spec.flags, { name: 'yes', alias: '-y', takesValue: false }]);
  if (typeof flags === 'string') return fail(`${flags}\n\n${usageOf(spec)}`, EXIT_USAGE);
  if (flags.allNamespaces) return fail('-A does not apply to actions: name one object', EXIT_USAGE);
  if (flags.positional.length !== 1) return fail(`expected exactly one ${spec.engine === 'argo' ? 'Rollout' : 'Canary'} name\n\n${usageOf(spec)}`, EXIT_USAGE);
  const name = flags.positional[0];
  const opened = openCluster(flags, io);
  if (typeof opened === 'string') return fail(opened, EXIT_USAGE);
  const { service, context, namespace } = opened;
  try {
    const executor = service.executor(context)!;
    const target: ResourceTarget = spec.engine === 'argo'
      ? { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts', kind: 'Rollout', namespace, name }
      : { group: 'flagger.app', version: 'v1beta1', plural: 'canaries', kind: 'Canary', namespace, name };
    let obj: unknown;
    try {
      obj = await executor.get(target);
    } catch (err) {
      const e = errorFromNetwork(err);
      return fail(e.kind === 'notFound' ? `${target.kind} ${namespace}/${name} was not found in context ${context}.` : userMessage(e, { context, namespace, kind: target.kind, name }), EXIT_FINDINGS);
    }
    let prepared: Prepared;
    try {
      prepared = spec.engine === 'argo' ? prepareArgo(spec, flags.extra, obj, executor, now) : prepareGate(spec, obj, executor);
    } catch (err) {
      if (err instanceof ActionError) return fail(err.message, EXIT_USAGE);
      if (err instanceof GateUnavailable) return fail(err.message, EXIT_FINDINGS);
      throw err;
    }
    const where = `${target.kind} ${namespace}/${name} in context ${context}`;
    if (prepared.noop) {
      io.stdout(`Nothing to do for ${where}: ${prepared.noop}\n`);
      return EXIT_OK;
    }
    const permission = await prepared.check().catch((e: unknown) => {
      // A failed review is not a "no": the API server has the last word on the real request.
      io.stderr(`warning: could not check permissions: ${errorFromNetwork(e).message}\n`);
      return { allowed: true } as { allowed: boolean; reason?: string };
    });
    if (!permission.allowed) return fail(`not permitted on ${where}: ${permission.reason ?? 'RBAC denies it'}`, EXIT_FINDINGS);
    if (flags.extra.yes !== true) {
      const summary = [`About to ${spec.name} ${where}:`, `  ${prepared.describe}`];
      if (prepared.skips) summary.push(`  Skips: ${prepared.skips}`);
      if (prepared.warning) summary.push(`  Warning: ${prepared.warning}`);
      for (const l of prepared.requestLines) summary.push(`  ${l}`);
      if (!io.isInteractive) {
        io.stderr(`${summary.join('\n')}\nrollout-lens ${spec.name}: refusing to act without confirmation in a non-interactive run; pass --yes to proceed.\n`);
        return EXIT_FINDINGS;
      }
      io.stderr(summary.join('\n') + '\n');
      const answer = (await io.prompt('Proceed? [y/N] ')).trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') {
        io.stderr('Cancelled: nothing was sent.\n');
        return EXIT_FINDINGS;
      }
    }
    const outcome = await prepared.run();
    if (!outcome.ok) {
      io.stderr(`rollout-lens ${spec.name}: ${outcome.message}\n`);
      if (flags.verbose && outcome.detail) io.stderr(`detail: ${outcome.detail}\n`);
      return EXIT_FINDINGS;
    }
    io.stdout(outcome.noop ? `Nothing to do for ${where}: ${outcome.noop}\n` : `${spec.done} ${where}: ${outcome.changed}\n`);
    return EXIT_OK;
  } catch (err) {
    const e = err instanceof ApiError ? err : errorFromNetwork(err);
    return fail(userMessage(e, { context, namespace, name }), EXIT_FINDINGS);
  } finally {
    service.dispose();
  }
}

function prepareArgo(spec: ActionSpec, extra: Record<string, string | boolean>, rollout: unknown, executor: ActionExecutor, now: () => Date): Prepared {
  const plan: ActionPlan =
    spec.name === 'promote' ? (extra.full ? promoteFullPlan(rollout) : promotePlan(rollout))
    : spec.name === 'abort' ? abortPlan(rollout)
    : spec.name === 'retry' ? retryPlan(rollout)
    : spec.name === 'pause' ? pausePlan(rollout)
    : spec.name === 'resume' ? resumePlan(rollout)
    : restartPlan(rollout, now(), typeof extra.in === 'string' ? extra.in : undefined);
  const lines: string[] = [];
  for (const r of plan.requests) {
    lines.push(`${r.method} ${requestPath(plan.target, r)} (${r.contentType}) ${JSON.stringify(r.body)}`);
    if (r.onNotFound) lines.push(`  if 404: ${r.onNotFound.method} ${requestPath(plan.target, r.onNotFound)} ${JSON.stringify(r.onNotFound.body)}`);
  }
  const p = plan as ActionPlan & { warning?: string };
  return { target: plan.target, describe: plan.describe, skips: plan.skips, warning: p.warning, noop: plan.noop, requestLines: lines, check: () => executor.permitted(plan), run: () => executor.execute(plan) };
}

class GateUnavailable extends Error {}

function prepareGate(spec: ActionSpec, canary: unknown, executor: ActionExecutor): Prepared {
  const plan: GatePlan = spec.name === 'approve' ? approvePlan(canary) : spec.name === 'rollback' ? rollbackPlan(canary) : closeGatePlan(canary);
  const requests = gateRequestsOf(plan);
  if (requests.length === 0) throw new GateUnavailable(plan.unavailable ?? plan.describe);
  return {
    target: plan.canary,
    describe: plan.describe,
    // One request per loadtester: Flagger needs every gate webhook of the type to pass.
    requestLines: requests.map((req) => `${req.method} ${req.proxyPath} (${req.contentType}) ${JSON.stringify(req.body)}`),
    check: () => executor.gatePermitted(plan),
    run: () => executor.runGate(plan),
  };
}

export const ACTION_COMMANDS: CliCommand[] = ACTIONS.map((a) => ({ name: a.name, summary: a.summary, usage: usageOf(a), run: (args, io) => runAction(a, args, io) }));
export const ACTION_SPECS: readonly ActionSpec[] = ACTIONS;
