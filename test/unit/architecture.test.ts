/**
 * The four floors: src/extension.ts + src/cli → src/vscode → src/k8s → src/core, every import
 * pointing down (the split microsoft/vscode-eslint makes between `client/src/node-utils.ts` and
 * `vscode-utils.ts`, and rust-analyzer between `editors/code/src/main.ts` and the code it composes).
 * These rules are what keep the core unit-testable under plain Node, the cluster layer out of the
 * activation bundle, and the editor out of the CLI. Inside src/core the folders have an order of
 * their own (CORE_ORDER below), and no file imports itself back through others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');

interface Import {
  file: string;
  spec: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5];
    // `typeof import('…')` is a type position: erased by esbuild like `import type`.
    const typeOfImport = m[5] !== undefined && /typeof\s*$/.test(text.slice(Math.max(0, m.index - 10), m.index));
    found.push({ file: path.relative(SRC, file), spec, typeOnly: Boolean(m[2]) || typeOfImport });
  }
  return found;
}

/** Which floor a module specifier resolves to, seen from `file`. */
function floorOf(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.replace(/^node:/, '');
  const abs = path.resolve(path.dirname(path.join(SRC, file)), spec);
  const rel = path.relative(SRC, abs);
  if (rel.startsWith('..')) return `outside:${rel}`;
  return rel.split(path.sep)[0].replace(/\.ts$/, '');
}

const all = sourceFiles(SRC).flatMap(importsOf);
const floor = (f: string) => f.split(path.sep)[0];

test('src/core is pure: no vscode, no cluster client, no network, nothing above it', () => {
  const forbidden = new Set(['vscode', '@kubernetes/client-node', 'http', 'https', 'net', 'tls', 'child_process', 'k8s', 'vscode-layer', 'cli', 'extension']);
  const bad = all
    .filter((i) => floor(i.file) === 'core')
    .filter((i) => {
      const f = floorOf(i.file, i.spec);
      return forbidden.has(f) || (i.spec.startsWith('.') && f !== 'core') || f.startsWith('outside:');
    });
  assert.deepEqual(bad, []);
});

test('src/k8s knows nothing of the editor or the CLI', () => {
  const bad = all
    .filter((i) => floor(i.file) === 'k8s')
    .filter((i) => {
      const f = floorOf(i.file, i.spec);
      return i.spec === 'vscode' || (i.spec.startsWith('.') && !['k8s', 'core'].includes(f));
    });
  assert.deepEqual(bad, []);
});

test('the editor layer reaches the cluster layer only through type imports (dist/cluster.js is loaded lazily)', () => {
  const bad = all
    .filter((i) => floor(i.file) === 'vscode' || i.file === 'extension.ts')
    .filter((i) => {
      const f = floorOf(i.file, i.spec);
      return i.spec === '@kubernetes/client-node' || (f === 'k8s' && !i.typeOnly) || f === 'cli';
    });
  assert.deepEqual(bad, []);
});

test('the CLI never imports the editor', () => {
  const bad = all.filter((i) => floor(i.file) === 'cli' || i.file === 'cli.ts').filter((i) => i.spec === 'vscode' || floorOf(i.file, i.spec) === 'vscode');
  assert.deepEqual(bad, []);
});

test('nothing under src imports test code or ../shared', () => {
  const bad = all.filter((i) => floorOf(i.file, i.spec).startsWith('outside:') || /shared\//.test(i.spec));
  assert.deepEqual(bad, []);
});

/**
 * The folders of src/core (and its loose files) from the bottom up. A module may import from its own
 * folder and from folders on a lower line, never from its own line or above: parsing does not know
 * about validation, validation does not know about live status, live status does not know about the
 * actions offered on it, and the views (tree, details) sit on top of everything they show.
 */
const CORE_ORDER: readonly (readonly string[])[] = [
  ['events', 'kinds', 'findings'], // shared vocabulary: events, the eight kinds, what a finding is
  ['util'], // Go durations, JSON readers, errors, the logger, debouncing
  ['manifest'], // YAML documents with ranges
  ['schema', 'rules'], // the CRD schemas; the controllers' rules
  ['workspace'], // cross-file references (uses the rules' readers)
  ['validation'], // one file's findings: schema + rules + references
  ['quickfix', 'settings', 'strategy', 'lens', 'status', 'render'], // editor-facing reads of a manifest; live status; rendered output mapped to its sources
  ['actions'], // plans, availability and the flow, over live status
  ['tree'], // the cluster tree's view model
  ['details'], // the details panel's view model
];

const CORE = path.join(SRC, 'core');

/** The core folder (or loose file, without .ts) a path under src/core belongs to. */
function coreFolderOf(abs: string): string {
  const parts = path.relative(CORE, abs).split(path.sep);
  return parts.length > 1 ? parts[0] : parts[0].replace(/\.ts$/, '');
}

const rankOf = new Map(CORE_ORDER.flatMap((line, i) => line.map((f) => [f, i] as const)));

/** Every relative import inside src/core as (from file, to file), both absolute. */
function coreEdges(): { from: string; to: string; spec: string }[] {
  return all
    .filter((i) => floor(i.file) === 'core' && i.spec.startsWith('.'))
    .map((i) => {
      const from = path.join(SRC, i.file);
      const base = path.resolve(path.dirname(from), i.spec);
      const to = [`${base}.ts`, path.join(base, 'index.ts'), base].find((p) => fs.existsSync(p) && fs.statSync(p).isFile()) ?? `${base}.ts`;
      return { from, to, spec: i.spec };
    });
}

test('every folder of src/core has a place in the order', () => {
  const present = fs
    .readdirSync(CORE, { withFileTypes: true })
    .filter((e) => (e.isDirectory() && sourceFiles(path.join(CORE, e.name)).length > 0) || e.name.endsWith('.ts'))
    .map((e) => e.name.replace(/\.ts$/, ''));
  assert.deepEqual(
    present.filter((f) => !rankOf.has(f)),
    [],
  );
});

test('inside src/core every import points to a lower folder (no import up or sideways, so no cycle between folders)', () => {
  const bad = coreEdges()
    .map((e) => ({ file: path.relative(SRC, e.from), spec: e.spec, from: coreFolderOf(e.from), to: coreFolderOf(e.to) }))
    .filter((e) => e.from !== e.to && !((rankOf.get(e.to) ?? Infinity) < (rankOf.get(e.from) ?? -Infinity)))
    .map((e) => `${e.file} imports ${e.spec} (${e.from} may not depend on ${e.to})`);
  assert.deepEqual(bad, []);
});

test('no import cycle between files of src/core (type-only imports included)', () => {
  const graph = new Map<string, string[]>();
  for (const e of coreEdges()) graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
  // Tarjan's strongly connected components: any component of two or more files is a cycle.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(SRC, w));
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  assert.deepEqual(cycles, []);
});

/** Source text of src without comments (block and line), for the tests below that look for literals. */
function codeOf(file: string): string {
  return fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

test('API groups and versions of the custom resources are spelt only in src/core/kinds.ts', () => {
  const bad = sourceFiles(SRC)
    .filter((f) => path.relative(SRC, f) !== path.join('core', 'kinds.ts'))
    .flatMap((f) => [...codeOf(f).matchAll(/['"`](argoproj\.io|flagger\.app)(\/v\w+)?['"`/]|\bv1alpha1\b|\bv1beta1\b/g)].map((m) => `${path.relative(SRC, f)}: ${m[0]}`));
  assert.deepEqual(bad, []);
});

test('a thrown value becomes text only in src/core/util/errors.ts (errorMessage for users, errorText for the log)', () => {
  const bad = sourceFiles(SRC)
    .filter((f) => path.relative(SRC, f) !== path.join('core', 'util', 'errors.ts'))
    .filter((f) => /instanceof Error \? \w+\.message : String\(/.test(codeOf(f)))
    .map((f) => path.relative(SRC, f));
  assert.deepEqual(bad, []);
});

test('the workload kinds and the logger shape are declared once (core/kinds.ts, core/util/logger.ts)', () => {
  const owners: [RegExp, string][] = [
    [/['"]Rollout['"]\s*\|\s*['"]Canary['"]/, path.join('core', 'kinds.ts')],
    [/\binterface\s+Log(ger)?\b/, path.join('core', 'util', 'logger.ts')],
  ];
  const bad = sourceFiles(SRC).flatMap((f) => {
    const rel = path.relative(SRC, f);
    const code = codeOf(f);
    return owners.filter(([re, owner]) => rel !== owner && re.test(code)).map(([re]) => `${rel}: ${re.source}`);
  });
  assert.deepEqual(bad, []);
});
