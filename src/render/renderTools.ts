/**
 * Runs the tools that turn a config repo's sources into manifests: `kubectl kustomize DIR` (or
 * `kustomize build DIR` when kubectl is not on the PATH) and `helm template`. Shared by the CLI
 * (`rollout-lens lint --kustomize/--helm`) and the editor. Every call is execFile with a fixed
 * argument vector, never a shell: directories, chart paths and value files are single arguments,
 * so nothing a repository contains is ever interpreted as a command. The mapping of what they
 * print back to the sources is pure and lives in src/core/render.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type RenderOutcome = { ok: true; output: string; tool: string } | { ok: false; message: string; tool: string };

export interface RunOptions {
  /** The PATH to search (default: process.env.PATH). */
  pathEnv?: string;
  /** Abort a run that takes longer (default 60 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The first executable called `name` on the PATH, or undefined. */
export function findOnPath(name: string, pathEnv = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathEnv.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function run(file: string, args: readonly string[], tool: string, opts: RunOptions): Promise<RenderOutcome> {
  return new Promise((resolve) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 256 << 20, timeout: opts.timeoutMs ?? 60_000, signal: opts.signal, windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, output: stdout, tool });
      const message = (stderr || err.message).trim();
      resolve({ ok: false, message: message || `${tool} failed`, tool });
    });
  });
}

/** The kustomize build of `dir`: kubectl's embedded kustomize first, else a standalone kustomize. */
export function kustomizeBuild(dir: string, opts: RunOptions = {}): Promise<RenderOutcome> {
  const kubectl = findOnPath('kubectl', opts.pathEnv);
  if (kubectl) return run(kubectl, ['kustomize', dir], 'kubectl kustomize', opts);
  const kustomize = findOnPath('kustomize', opts.pathEnv);
  if (kustomize) return run(kustomize, ['build', dir], 'kustomize build', opts);
  return Promise.resolve({ ok: false, message: 'neither kubectl nor kustomize is on the PATH; install one to validate kustomize overlays as built', tool: 'kustomize' });
}

export interface HelmTemplateOptions extends RunOptions {
  /** The helm binary (default: `helm` on the PATH). */
  helm?: string;
  /** Value files, in order (`-f`). */
  valueFiles?: readonly string[];
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  /**
   * `--api-versions`, one per entry (`argoproj.io/v1alpha1`, `argoproj.io/v1alpha1/Rollout`): what
   * `.Capabilities.APIVersions.Has` finds besides helm's built-in set, as on a cluster that serves them.
   */
  apiVersions?: readonly string[];
}

/** `helm template RELEASE CHART [-f values ...] [--kube-version V] [--api-versions V ...]`. */
export function helmTemplate(chart: string, opts: HelmTemplateOptions = {}): Promise<RenderOutcome> {
  const helm = opts.helm ?? findOnPath('helm', opts.pathEnv);
  if (!helm) return Promise.resolve({ ok: false, message: 'helm is not on the PATH; install it (or set its path) to validate charts as rendered', tool: 'helm template' });
  // `--` ends the options, so a chart or release named like a flag stays an argument.
  const args = ['template', '--namespace', opts.namespace ?? 'default'];
  for (const f of opts.valueFiles ?? []) args.push('--values', f);
  if (opts.kubeVersion) args.push('--kube-version', opts.kubeVersion);
  for (const v of opts.apiVersions ?? []) args.push('--api-versions', v);
  args.push('--', opts.releaseName ?? 'release', chart);
  return run(helm, args, 'helm template', opts);
}
