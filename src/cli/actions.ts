/**
 * The action commands for pipelines and terminals, one per catalogue entry with a `cli` part
 * (src/core/actions/catalogue.ts: `promote [--full]`, `resume`, `pause`, `abort`, `retry`,
 * `restart [--in D]`, `undo [--to-revision N]`, `set image NAME CONTAINER=IMAGE`, `approve`,
 * `gate-close`, `rollback`, `terminate analysisrun|experiment NAME`). They run the action flow the editor runs
 * (src/core/actions/flow.ts) against the cluster layer's ActionExecutor; this module only parses the
 * flags, asks on the terminal and prints. Safety: the object is read fresh, the user's permission is
 * checked (SelfSubjectAccessReview), and without `--yes` the command names context, namespace, kind,
 * name, what will change and the requests, then asks on a terminal, or refuses (exit 1) when there is
 * no terminal.
 */
import { cliActions, isGatePlan, type ActionArgs, type ActionDef, type ActionKind, type CliEntry } from '../core/actions/catalogue';
import { gateRequestsOf } from '../core/actions/flagger';
import { runActionFlow, whereOf, type ActionAsk, type ActionRef, type AnyPlan } from '../core/actions/flow';
import { requestLines } from '../core/actions/plan';
import { ApiError, errorFromNetwork, userMessage } from '../k8s/errors';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from './command';
import { openCluster, parseClusterFlags } from './clusterCli';

export type CliAction = ActionDef & { cli: CliEntry };

function kindText(a: CliAction): string {
  return a.kinds.join(' or ');
}

/** The first word for each kind (`analysisrun`, `experiment`); the others are aliases. */
function mainKindWords(words: Readonly<Record<string, ActionKind>>): string[] {
  const byKind = new Map<ActionKind, string>();
  for (const [w, k] of Object.entries(words)) if (!byKind.has(k)) byKind.set(k, w);
  return [...byKind.values()];
}

function usageOf(a: CliAction): string {
  const kindWords = a.cli.kindWords ? `${mainKindWords(a.cli.kindWords).join('|')} ` : '';
  const word = a.cli.word ? `${a.cli.word} ` : '';
  const operand = a.cli.operand ? ` ${a.cli.operand.value}` : '';
  return [
    `Usage: rollout-lens ${a.cli.name} ${word}${kindWords}NAME${operand} [options]`,
    '',
    `${a.cli.summary}.`,
    `Without --yes, names the context, namespace and ${kindText(a)} and what will change, then asks; in a`,
    'non-interactive run it refuses instead.',
    '',
    'Options:',
    ...a.cli.flags.map((f) => `  ${`--${f.name}${f.value ? ` ${f.value}` : ''}`.padEnd(21)}${f.help}`),
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

/** The requests a plan sends, as lines for the confirmation (one per loadtester for a gate). */
function planLines(plan: AnyPlan): string[] {
  return isGatePlan(plan) ? gateRequestsOf(plan).map((req) => `${req.method} ${req.proxyPath} (${req.contentType}) ${JSON.stringify(req.body)}`) : requestLines(plan);
}

/**
 * The positional arguments: `NAME`, `KIND NAME` for actions on several kinds, after the command's word
 * (`set image NAME`) and before its operand (`CONTAINER=IMAGE`), which becomes arguments.
 */
function targetArgs(a: CliAction, all: string[]): { kind: ActionKind; name: string; args?: ActionArgs } | string {
  let positional = all;
  if (a.cli.word) {
    if (positional[0] !== a.cli.word) return `expected '${a.cli.name} ${a.cli.word}'${positional[0] === undefined ? '' : `, not '${a.cli.name} ${positional[0]}'`}`;
    positional = positional.slice(1);
  }
  if (a.cli.operand) {
    if (positional.length !== 2) return `expected one ${kindText(a)} name and ${a.cli.operand.value}`;
    const args = a.cli.operand.parse(positional[1]);
    if (typeof args === 'string') return args;
    return { kind: a.kinds[0], name: positional[0], args };
  }
  if (a.cli.kindWords) {
    const kind = positional.length === 2 ? a.cli.kindWords[positional[0].toLowerCase()] : undefined;
    if (!kind) return `expected ${mainKindWords(a.cli.kindWords).join(' or ')} and one name (aliases: ${Object.keys(a.cli.kindWords).join(', ')})`;
    return { kind, name: positional[1] };
  }
  if (positional.length !== 1) return `expected exactly one ${kindText(a)} name`;
  return { kind: a.kinds[0], name: positional[0] };
}

export async function runAction(a: CliAction, args: string[], io: CliIO, now: () => Date = () => new Date()): Promise<number> {
  const name = a.cli.word ? `${a.cli.name} ${a.cli.word}` : a.cli.name;
  const fail = (msg: string, code: number) => {
    io.stderr(`rollout-lens ${name}: ${msg}\n`);
    return code;
  };
  const flags = parseClusterFlags(args, [...a.cli.flags, { name: 'yes', alias: '-y', takesValue: false }]);
  if (typeof flags === 'string') return fail(`${flags}\n\n${usageOf(a)}`, EXIT_USAGE);
  if (flags.allNamespaces) return fail('-A does not apply to actions: name one object', EXIT_USAGE);
  const target = targetArgs(a, flags.positional);
  if (typeof target === 'string') return fail(`${target}\n\n${usageOf(a)}`, EXIT_USAGE);
  const fromFlags = a.cli.args ? a.cli.args(flags.extra) : {};
  if (typeof fromFlags === 'string') return fail(`${fromFlags}\n\n${usageOf(a)}`, EXIT_USAGE);
  const chosen = { ...fromFlags, args: { ...fromFlags.args, ...target.args } };
  const opened = openCluster(flags, io);
  if (typeof opened === 'string') return fail(opened, EXIT_USAGE);
  const { service, context, namespace } = opened;
  const ref: ActionRef = { context, kind: target.kind, namespace, name: target.name };
  let refused = false;
  const ask: ActionAsk = {
    reviewFailed: (e) => io.stderr(`warning: could not check permissions: ${e.message}\n`),
    confirm: async (plan) => {
      const summary = [`About to ${name} ${whereOf(ref)}:`, `  ${plan.describe}`];
      if (!isGatePlan(plan)) {
        if (plan.skips) summary.push(`  Skips: ${plan.skips}`);
        if (plan.warning) summary.push(`  Warning: ${plan.warning}`);
      }
      for (const l of planLines(plan)) summary.push(`  ${l}`);
      if (!io.isInteractive) {
        refused = true;
        io.stderr(`${summary.join('\n')}\nrollout-lens ${name}: refusing to act without confirmation in a non-interactive run; pass --yes to proceed.\n`);
        return false;
      }
      io.stderr(summary.join('\n') + '\n');
      const answer = (await io.prompt('Proceed? [y/N] ')).trim().toLowerCase();
      return answer === 'y' || answer === 'yes';
    },
  };
  try {
    const executor = service.executor(context)!;
    const r = await runActionFlow(chosen.action ?? a.id, ref, executor, ask, { now, args: chosen.args, confirm: flags.extra.yes !== true });
    switch (r.status) {
      case 'done':
        io.stdout(r.outcome.noop ? `Nothing to do for ${r.where}: ${r.outcome.noop}\n` : `${a.cli.done} ${r.where}: ${r.outcome.changed}\n`);
        return EXIT_OK;
      case 'nothing':
        io.stdout(`Nothing to do for ${r.where}: ${r.message}\n`);
        return EXIT_OK;
      case 'invalid':
        return fail(r.message, EXIT_USAGE);
      case 'notFound':
      case 'unavailable':
        return fail(r.message, EXIT_FINDINGS);
      case 'denied':
        return fail(`not permitted on ${r.where}: ${r.reason}`, EXIT_FINDINGS);
      case 'cancelled':
      case 'manifest':
        if (!refused) io.stderr('Cancelled: nothing was sent.\n');
        return EXIT_FINDINGS;
      case 'failed':
        io.stderr(`rollout-lens ${name}: ${r.message}\n`);
        if (flags.verbose && r.detail) io.stderr(`detail: ${r.detail}\n`);
        return EXIT_FINDINGS;
    }
  } catch (err) {
    const e = err instanceof ApiError ? err : errorFromNetwork(err);
    return fail(userMessage(e, { context, namespace, name: target.name }), EXIT_FINDINGS);
  } finally {
    service.dispose();
  }
}

export const ACTION_SPECS: readonly CliAction[] = cliActions();
export const ACTION_COMMANDS: CliCommand[] = ACTION_SPECS.map((a) => ({ name: a.cli.name, summary: a.cli.summary, usage: usageOf(a), run: (args, io) => runAction(a, args, io) }));
