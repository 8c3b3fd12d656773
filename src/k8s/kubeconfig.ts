/**
 * Reads kubeconfig the way kubectl does (k8s.io/client-go `tools/clientcmd/loader.go`,
 * `ClientConfigLoadingRules.Load`):
 * - `KUBECONFIG` lists files separated by the OS path delimiter; missing files are skipped; the
 *   files are merged so that the FIRST file to define a cluster, user or context name wins, and
 *   `current-context` comes from the first file that sets it;
 * - without `KUBECONFIG`, `~/.kube/config`;
 * - an explicit path (the extension setting or `--kubeconfig`) replaces both.
 * @kubernetes/client-node's own `loadFromDefault` throws on duplicate names and takes the LAST
 * current-context, so we merge ourselves and hand client-node one merged config per context; it then
 * does TLS, client certificates, bearer tokens and exec credential plugins.
 * Relative `certificate-authority`/`client-certificate`/`client-key` paths resolve against the file
 * that declares them (client-node's `loadFromFile` does this per file, before our merge).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as crypto from 'node:crypto';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import type { Disposable } from '../core/events';

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  /** The context's default namespace, if it sets one. */
  namespace?: string;
  /** The cluster's server URL (never contains credentials). */
  server?: string;
}

export interface LoadedKubeconfig {
  /** Every file kubectl would consider, existing or not (what to watch for changes). */
  paths: string[];
  /** The files that were actually read. */
  files: string[];
  contexts: ContextInfo[];
  currentContext?: string;
  /** Per-file problems (unreadable, not YAML): reported, never fatal. */
  errors: string[];
  /** A client-node KubeConfig whose current context is `context` (undefined if no such context). */
  kubeConfigFor(context: string): KubeConfig | undefined;
  /** Changes when anything that affects connecting to `context` changes (cluster, user, credentials). */
  fingerprint(context: string): string | undefined;
}

export interface KubeconfigLocation {
  /** An explicit file (setting or --kubeconfig): used alone, as kubectl's --kubeconfig. */
  explicitPath?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

/** The files kubectl would read, in precedence order. */
export function kubeconfigPaths(loc: KubeconfigLocation = {}): string[] {
  const env = loc.env ?? process.env;
  const home = loc.home ?? os.homedir();
  const expand = (p: string) => (p.startsWith('~/') || p === '~' ? path.join(home, p.slice(1)) : p);
  if (loc.explicitPath) return [path.resolve(expand(loc.explicitPath))];
  if (env.KUBECONFIG) {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const p of env.KUBECONFIG.split(path.delimiter)) {
      if (!p.trim()) continue;
      const abs = path.resolve(expand(p.trim()));
      if (!seen.has(abs)) {
        seen.add(abs);
        out.push(abs);
      }
    }
    return out;
  }
  return [path.join(home, '.kube', 'config')];
}

/** Loads and merges the given files with kubectl's rules (first definition of a name wins). */
export function loadKubeconfig(paths: string[]): LoadedKubeconfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  const files: string[] = [];
  const errors: string[] = [];
  for (const file of paths) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== 'ENOENT') errors.push(`${file}: cannot read (${code ?? String(err)})`);
      continue;
    }
    files.push(file);
    if (!text.trim()) continue;
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file, { onInvalidEntry: 'filter' });
    } catch (err) {
      // The YAML parser's message may quote file content; keep only its first line, no content.
      errors.push(
        `${file}: not a valid kubeconfig (${String((err as Error).message ?? err)
          .split('\n')[0]
          .slice(0, 120)})`,
      );
      continue;
    }
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && kc.getCurrentContext()) currentContext = kc.getCurrentContext();
  }
  const clusterList = [...clusters.values()];
  const userList = [...users.values()];
  const contextList = [...contexts.values()];
  const infos: ContextInfo[] = contextList.map((c) => ({
    name: c.name,
    cluster: c.cluster,
    user: c.user,
    namespace: c.namespace || undefined,
    server: clusters.get(c.cluster)?.server,
  }));
  return {
    paths,
    files,
    contexts: infos,
    currentContext,
    errors,
    kubeConfigFor(context) {
      if (!contexts.has(context)) return undefined;
      const kc = new KubeConfig();
      kc.loadFromOptions({ clusters: clusterList, users: userList, contexts: contextList, currentContext: context });
      return kc;
    },
    fingerprint(context) {
      const ctx = contexts.get(context);
      if (!ctx) return undefined;
      const material = JSON.stringify([ctx, clusters.get(ctx.cluster) ?? null, users.get(ctx.user) ?? null, fileStamps(users.get(ctx.user), clusters.get(ctx.cluster))]);
      return crypto.createHash('sha256').update(material).digest('hex').slice(0, 16);
    },
  };
}

/** Credential files referenced by path change without the kubeconfig changing: include their mtimes. */
function fileStamps(user: User | undefined, cluster: Cluster | undefined): (number | null)[] {
  const stamp = (f?: string) => {
    if (!f) return null;
    try {
      return fs.statSync(f).mtimeMs;
    } catch {
      return -1;
    }
  };
  return [stamp(user?.certFile), stamp(user?.keyFile), stamp(cluster?.caFile)];
}

/**
 * Calls onChange (debounced) when any of the files is created, changed, deleted or replaced.
 * Watches each file's DIRECTORY, not the file: editors and `kubectl config` save by writing a temp
 * file and renaming it over the original, which ends a watch on the old inode.
 */
export function watchKubeconfigFiles(paths: string[], onChange: () => void, debounceMs = 150): Disposable {
  const byDir = new Map<string, Set<string>>();
  for (const p of paths) {
    const dir = path.dirname(p);
    if (!byDir.has(dir)) byDir.set(dir, new Set());
    byDir.get(dir)!.add(path.basename(p));
  }
  let timer: NodeJS.Timeout | undefined;
  let disposed = false;
  const fire = () => {
    if (disposed) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!disposed) onChange();
    }, debounceMs);
  };
  const watchers: fs.FSWatcher[] = [];
  for (const [dir, names] of byDir) {
    try {
      const w = fs.watch(dir, { persistent: false }, (_event, filename) => {
        // Some platforms omit the file name: then any change in the directory counts.
        if (!filename || names.has(filename.toString())) fire();
      });
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // Directory does not exist (yet): nothing to watch; a reload from the user picks it up.
    }
  }
  return {
    dispose() {
      disposed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
