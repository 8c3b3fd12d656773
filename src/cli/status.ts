/**
 * `rollout-lens status`: the live model the tree shows (every Argo Rollout and Flagger Canary of a
 * context, one table for both engines), from the same cluster layer and the same summaries
 * (src/core/status/summary.ts). Namespace selection follows kubectl: `-n NS`, else the context's
 * namespace; `-A` for all namespaces (falling back to the namespaces you can read when listing
 * across all is forbidden). `-o json` is the stable `rollout-lens.dev/v1` StatusList for scripts;
 * `--watch` reprints when what it shows changes (one JSON document per line with `-o json`).
 */
import { ACTION_TITLES } from '../core/actions/catalogue';
import { summarizeCanary, summarizeRollout, type LiveSummary } from '../core/actions/availability';
import { renderStatusTable, toStatusJson } from '../core/status/statusOutput';
import { workloadKeyPrefix } from '../core/tree/workloadKeys';
import type { ClusterModel, ConnectionState } from '../k8s/clusterModel';
import type { KubeObject } from '../k8s/kubeObject';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIO } from './command';
import { openCluster, parseClusterFlags, settled } from './clusterCli';

const USAGE = `Usage: rollout-lens status [options]

Shows every Argo Rollout and Flagger Canary of a kube context in one table: status, step, weight,
age and what needs attention (the same summaries as the editor's tree).

Options:
  --context C          kube context (default: the kubeconfig's current context)
  -n, --namespace NS   namespace (default: the context's namespace, else "default")
  -A, --all-namespaces every namespace you can read
  -o, --output F       json (stable, for scripts) or wide (more columns); default: table
  -w, --watch          keep running and reprint when the table changes (Ctrl-C to stop)
  --kubeconfig F       kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
  --request-timeout S  give up after S seconds without a complete answer (default 30)
  -v, --verbose        log connection details to stderr

Exit status: 0 listed, 1 the context could not be read (unreachable, unauthorized, forbidden),
2 usage or kubeconfig error.
`;

export interface StatusRunOptions {
  /** Ends --watch (Ctrl-C in the real CLI; tests abort it). */
  signal?: AbortSignal;
  now?: () => Date;
}

export async function runStatus(args: string[], io: CliIO, opts: StatusRunOptions = {}): Promise<number> {
  const flags = parseClusterFlags(args, [
    { name: 'output', alias: '-o', takesValue: true },
    { name: 'watch', alias: '-w', takesValue: false },
    { name: 'request-timeout', takesValue: true },
  ]);
  if (typeof flags === 'string') return usageError(io, flags);
  if (flags.positional.length) return usageError(io, `unexpected argument ${flags.positional[0]}`);
  const output = (flags.extra.output as string | undefined) ?? 'table';
  if (!['table', 'json', 'wide'].includes(output)) return usageError(io, `-o must be json or wide, got ${output}`);
  const timeoutS = Number(flags.extra['request-timeout'] ?? 30);
  if (!(timeoutS > 0)) return usageError(io, '--request-timeout must be a positive number of seconds');
  const watch = flags.extra.watch === true;

  const opened = openCluster(flags, io, (_ctx, ns) => (flags.allNamespaces ? undefined : [ns]));
  if (typeof opened === 'string') return usageError(io, opened, false);
  const { service, context, namespace } = opened;
  const now = opts.now ?? (() => new Date());
  const held = new Map<string, { dispose(): void }>();
  try {
    const model = service.model(context)!;
    const state = await settled(model, timeoutS * 1000, opts.signal);
    const scope = flags.allNamespaces ? undefined : namespace;
    if (state.synced) for (const [ns, hold] of await holdRelated(model, rolloutNamespaces(model, scope), Math.min(timeoutS * 1000, RELATED_WAIT_MS), opts.signal)) held.set(ns, hold);
    let lastShown: string | undefined;
    const render = (s: ConnectionState): boolean => {
      const failed = !s.synced && s.phase !== 'notInstalled';
      const errors = failed ? [{ context, message: s.message ?? s.phase }] : [];
      const summaries = failed ? [] : collect(model, context, scope, now());
      const json = toStatusJson(summaries, errors);
      // --watch prints a new table only when what it shows has changed; age alone does not count,
      // or every Pod update of a busy namespace would reprint an identical table a second older.
      const shown = JSON.stringify([s.phase, s.message, s.forbiddenNamespaces, json.items.map((i) => ({ ...i, age: undefined }))]);
      if (shown === lastShown) return !failed;
      lastShown = shown;
      if (output === 'json') {
        io.stdout(JSON.stringify(json, null, watch ? undefined : 2) + '\n');
      } else {
        if (watch) io.stdout(`--- ${now().toISOString()} context ${context}\n`);
        if (!failed) io.stdout(s.phase === 'notInstalled' ? `${s.message}\n` : renderStatusTable(summaries, { wide: output === 'wide', actionTitles: ACTION_TITLES }));
        for (const ns of s.forbiddenNamespaces) io.stderr(`warning: cannot read namespace ${ns} (forbidden)\n`);
        if (failed) io.stderr(`rollout-lens status: ${s.message ?? s.phase}\n`);
      }
      return !failed;
    };
    const ok = render(state);
    if (!watch) return ok ? EXIT_OK : EXIT_FINDINGS;
    if (opts.signal?.aborted) return EXIT_OK;
    await new Promise<void>((resolve) => {
      // A burst of changes (a rollout step moves a ReplicaSet, its Pods and the Rollout within
      // milliseconds) is printed once, after it settles for REPRINT_COALESCE_MS.
      let pending: NodeJS.Timeout | undefined;
      const sub = model.onDidChange((e) => {
        if (!e.stateChanged && e.keys.length === 0) return;
        // A namespace that gains its first Rollout while watching gets its ReplicaSets and Pods held
        // too, so its images and actual weight appear as for the namespaces held at start.
        // Only a Rollout change can add one: ReplicaSet and Pod events (most of them) skip the scan.
        if (e.keys.some((k) => k.startsWith(ROLLOUT_KEY_PREFIX))) for (const ns of rolloutNamespaces(model, scope)) if (!held.has(ns)) held.set(ns, model.watchRelated(ns));
        pending ??= setTimeout(() => {
          pending = undefined;
          render(model.state);
        }, REPRINT_COALESCE_MS);
      });
      opts.signal?.addEventListener('abort', () => {
        clearTimeout(pending);
        sub.dispose();
        resolve();
      });
    });
    return EXIT_OK;
  } finally {
    for (const h of held.values()) h.dispose();
    service.dispose();
  }
}

/** How long to wait for the ReplicaSets and Pods before summarising a namespace from its Rollouts alone. */
const RELATED_WAIT_MS = 10_000;
const ROLLOUT_KEY_PREFIX = workloadKeyPrefix('Rollout');
/** How long --watch lets a burst of changes settle before it reprints. */
const REPRINT_COALESCE_MS = 100;

function rolloutNamespaces(model: ClusterModel, namespace: string | undefined): string[] {
  return [...new Set(model.rollouts().map((r) => r.metadata?.namespace ?? ''))].filter((ns) => ns !== '' && (namespace === undefined || ns === namespace));
}

/**
 * Watches the ReplicaSets and Pods (ClusterModel.watchRelated) of the namespaces that hold Rollouts
 * and waits until they are listed, so each summary lists the images of its ReplicaSets with their
 * stable/canary/active/preview tags and counts the actual weight, as `kubectl argo rollouts get` does.
 * Without them the table named the template's image, which on an aborted rollout is not the one
 * running (found by the status oracle, test/integration/upstream/statusOracle.test.ts). A namespace
 * not listed in time (forbidden, slow) is summarised from its Rollouts alone, as before.
 */
async function holdRelated(model: ClusterModel, namespaces: string[], waitMs: number, signal?: AbortSignal): Promise<[string, { dispose(): void }][]> {
  const holds = namespaces.map((ns): [string, { dispose(): void }] => [ns, model.watchRelated(ns)]);
  const listed = () => namespaces.every((ns) => model.relatedSynced(ns));
  if (!listed())
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, waitMs);
      const sub = model.onDidChange(() => listed() && finish());
      signal?.addEventListener('abort', finish);
      function finish() {
        clearTimeout(timer);
        sub.dispose();
        signal?.removeEventListener('abort', finish);
        resolve();
      }
    });
  return holds;
}

function collect(model: ClusterModel, context: string, namespace: string | undefined, now: Date): LiveSummary[] {
  const inNs = (o: KubeObject) => namespace === undefined || o.metadata?.namespace === namespace;
  const out: LiveSummary[] = [];
  for (const r of model.rollouts()) {
    const ns = r.metadata?.namespace ?? '';
    // Related objects only once listed: a half-listed namespace would give half the ReplicaSets.
    if (inNs(r)) out.push({ ...summarizeRollout(r, now, model.relatedSynced(ns) ? model.related(ns) : {}), context });
  }
  for (const c of model.canaries()) if (inNs(c)) out.push({ ...summarizeCanary(c, now), context });
  return out;
}

function usageError(io: CliIO, message: string, showUsage = true): number {
  io.stderr(`rollout-lens status: ${message}\n${showUsage ? `\n${USAGE}` : ''}`);
  return EXIT_USAGE;
}

export const STATUS_COMMAND: CliCommand = {
  name: 'status',
  summary: 'Live status of Argo Rollouts and Flagger Canaries in a kube context',
  usage: USAGE,
  run: (args, io) => {
    const ac = new AbortController();
    const stop = () => ac.abort();
    process.once('SIGINT', stop);
    return runStatus(args, io, { signal: ac.signal }).finally(() => process.off('SIGINT', stop));
  },
};
