/**
 * What `rollout-lens status` and the action commands share: the cluster flags (`--context`,
 * `-n/--namespace`, `-A`, `--kubeconfig`), opening the cluster service on the kubeconfig kubectl
 * would use, and waiting for a context's model to be complete or to fail (a one-shot command must
 * neither hang on an unreachable server nor print a half-listed table).
 */
import { createClusterService, type ClusterService } from '../k8s/index';
import type { ClusterModel, ConnectionState } from '../k8s/clusterModel';
import type { Logger } from '../core/util/logger';
import type { CliIO } from './command';

export interface ClusterFlags {
  context?: string;
  namespace?: string;
  allNamespaces: boolean;
  kubeconfig?: string;
  verbose: boolean;
  positional: string[];
  /** Flags the command itself declared, by name without dashes. */
  extra: Record<string, string | boolean>;
}

export interface ExtraFlag {
  name: string;
  alias?: string;
  takesValue: boolean;
}

/** Parses the shared flags plus the command's own; returns an error string for a usage error. */
export function parseClusterFlags(args: string[], extra: ExtraFlag[] = []): ClusterFlags | string {
  const f: ClusterFlags = { allNamespaces: false, verbose: false, positional: [], extra: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string | undefined => {
      const v = inline ?? args[++i];
      return v === undefined || (inline === undefined && v.startsWith('-') && v.length > 1) ? undefined : v;
    };
    const need = (name: string): string => {
      const v = value();
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    try {
      if (flag === '--context') f.context = need('--context');
      else if (flag === '-n' || flag === '--namespace') f.namespace = need('--namespace');
      else if (flag === '-A' || flag === '--all-namespaces') f.allNamespaces = true;
      else if (flag === '--kubeconfig') f.kubeconfig = need('--kubeconfig');
      else if (flag === '-v' || flag === '--verbose') f.verbose = true;
      else {
        const e = extra.find((x) => `--${x.name}` === flag || (x.alias && x.alias === flag));
        if (e) f.extra[e.name] = e.takesValue ? need(`--${e.name}`) : true;
        else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
        else f.positional.push(a);
      }
    } catch (err) {
      if (err instanceof UsageError) return err.message;
      throw err;
    }
  }
  if (f.namespace && f.allNamespaces) return 'use either -n/--namespace or -A/--all-namespaces, not both';
  return f;
}

class UsageError extends Error {}

/** Warnings and errors go to stderr; debug detail only with --verbose. Never stdout (scripts parse it). */
export function stderrLogger(io: CliIO, verbose: boolean): Logger {
  return {
    info: (m) => verbose && io.stderr(`info: ${m}\n`),
    warn: (m) => verbose && io.stderr(`warning: ${m}\n`),
    error: (m) => verbose && io.stderr(`error: ${m}\n`),
    debug: (m) => verbose && io.stderr(`debug: ${m}\n`),
    trace: (m) => verbose && io.stderr(`trace: ${m}\n`),
  };
}

export interface OpenedCluster {
  service: ClusterService;
  context: string;
  /** The namespace to act in / list: -n, else the context's namespace, else `default`. */
  namespace: string;
}

/** Opens the kubeconfig and picks the context; returns an error message when that is impossible. */
export function openCluster(flags: ClusterFlags, io: CliIO, namespaces?: (ctx: string, ns: string) => string[] | undefined): OpenedCluster | string {
  // Resolve the context first with a throwaway service (no watches), then open the real one with the
  // namespace restriction, which depends on the context's default namespace.
  const probe = createClusterService({ kubeconfigPath: flags.kubeconfig, env: io.env, watchKubeconfig: false });
  try {
    const paths = probe.kubeconfigPaths.join(', ');
    for (const e of probe.kubeconfigErrors) io.stderr(`warning: ${e}\n`);
    if (probe.contexts.length === 0) return `no kube contexts found in ${paths}`;
    const context = flags.context ?? probe.currentContext;
    if (!context) return `the kubeconfig (${paths}) has no current context: pass --context (one of ${probe.contexts.map((c) => c.name).join(', ')})`;
    const info = probe.contexts.find((c) => c.name === context);
    if (!info) return `there is no context named '${context}' in ${paths} (contexts: ${probe.contexts.map((c) => c.name).join(', ')})`;
    const namespace = flags.namespace ?? info.namespace ?? 'default';
    const ns = namespaces?.(context, namespace);
    const service = createClusterService({
      kubeconfigPath: flags.kubeconfig,
      env: io.env,
      watchKubeconfig: false,
      log: stderrLogger(io, flags.verbose),
      namespaces: ns ? { [context]: ns } : undefined,
    });
    return { service, context, namespace };
  } finally {
    probe.dispose();
  }
}

// Failures a one-shot command reports at once (kubectl does not retry these either). A 5xx or a
// dropped watch ('reconnecting') is waited out until the timeout: the model heals by itself.
const FAILED: ConnectionState['phase'][] = ['unauthorized', 'forbidden', 'unreachable', 'disposed'];

/**
 * Resolves when the model is complete (`synced`, or `notInstalled`) or has failed (the state then
 * says why); a one-shot command does not wait for reconnects. Also ends on `timeoutMs`.
 */
export function settled(model: ClusterModel, timeoutMs: number, signal?: AbortSignal): Promise<ConnectionState> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const s = model.state;
      if (s.synced || s.phase === 'notInstalled' || FAILED.includes(s.phase)) {
        done(s);
        return true;
      }
      return false;
    };
    let finished = false;
    const timer = setTimeout(
      () => done({ ...model.state, phase: model.state.synced ? model.state.phase : 'unreachable', message: model.state.message ?? `the API server did not answer within ${Math.round(timeoutMs / 1000)} s` }),
      timeoutMs,
    );
    const sub = model.onDidChange(() => check());
    const onAbort = () => done(model.state);
    signal?.addEventListener('abort', onAbort);
    function done(s: ConnectionState) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      sub.dispose();
      signal?.removeEventListener('abort', onAbort);
      resolve(s);
    }
    check();
  });
}
