/**
 * Which files `rollout-lens lint` reads: the given files, and *.yaml / *.yml under the given
 * directories in a stable (sorted) order, node_modules and .git skipped. Paths that cannot be read
 * are collected as errors (exit 2), never thrown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ManifestFileParser } from '../../core/manifest/manifestFile';
import { readKustomization } from '../../core/workspace/kustomization';

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** Files to lint under `p` (resolved against `cwd`); unreadable paths go to `errors`. */
export function collectFiles(p: string, cwd: string, errors: string[]): string[] {
  const abs = path.resolve(cwd, p);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    errors.push(`${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
    return [];
  }
  if (st.isFile()) return [abs];
  if (!st.isDirectory()) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      errors.push(`${dir}: ${(err as Error).message}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(full);
      } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) out.push(full);
    }
  };
  walk(abs);
  return out;
}

/** The path as the user will recognise it: relative to `cwd` when inside it, else absolute. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/**
 * The repository a file belongs to: the nearest directory upwards that holds `.git` (a directory, or
 * a file in worktrees and submodules); the file's own directory when there is none.
 */
export function repositoryRoot(file: string): string {
  const start = path.dirname(file);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * The files a file named alone is judged with (issue 12 item 3), when kustomizations enclose it (in
 * its folder or any folder up to `root`): its own folder, as `lint <folder>` would read it, and what
 * those kustomizations build from: their folders' files, the resources, bases, components and
 * patches they list, followed through nested kustomizations, as `kustomize build` reads them.
 * Bounded by what the repository declares, so one file in a large repository does not index all of
 * it; a file no kustomization encloses has no context (linting it stays as fast as it was).
 */
export function kustomizeContextFiles(file: string, root: string): string[] {
  const files = new Set<string>();
  const queue: string[] = [];
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    queue.push(dir);
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) break;
  }
  const seen = new Set<string>();
  while (queue.length) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const name = KUSTOMIZATION_NAMES.find((n) => fs.existsSync(path.join(dir, n)));
    if (!name) continue;
    if (files.size === 0) for (const f of collectFiles(path.dirname(file), '/', [])) files.add(f);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) files.add(path.join(dir, entry.name));
    const kustomization = path.join(dir, name);
    files.add(kustomization);
    let info: ReturnType<typeof readKustomization>;
    try {
      info = readKustomization(kustomization, new ManifestFileParser().parse(fs.readFileSync(kustomization, 'utf8')).documents[0]?.value);
    } catch {
      continue;
    }
    for (const listed of [...(info?.resources ?? []), ...(info?.patches ?? [])]) {
      const st = fs.statSync(listed, { throwIfNoEntry: false });
      if (st?.isFile()) files.add(listed);
      else if (st?.isDirectory()) queue.push(listed);
    }
  }
  return [...files].sort();
}
