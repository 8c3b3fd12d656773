// Bundles the extension and the CLI with esbuild (one build system; type-checking is `npm run typecheck`).
// The extension is CommonJS with `vscode` external, as the extension host requires it. The cluster layer
// is a separate chunk-free bundle entry loaded lazily by the extension (see src/extension.ts), so that
// activation does not pay for @kubernetes/client-node until a cluster is actually used. The CLI is split
// the same way: dist/cli.js holds the dispatcher and `lint`; `status` and the actions live in
// dist/cliCluster.js, which src/cli/commands.ts requires only when one of them runs. Both CLI bundles take
// the `yaml` package from dist/yaml.js: src/core/manifest requires it only when a document leaves the fast
// path, and compiling its quarter megabyte was a large part of a short lint run.
//
// Usage: node scripts/build.mjs [--production] [--watch] [--outdir DIR] [--metafile] [ENTRY...]
//   --production  minified, no sourcemaps (what `npm run package` ships)
//   --watch       rebuild on change (`npm run watch`; prints esbuild-problem-matcher start/finish lines)
//   --outdir DIR  write somewhere other than dist/ (tests build into a scratch folder)
//   --metafile    also write DIR/<entry>.meta.json (esbuild's inputs/outputs; the CLI bundle test reads it)
//   ENTRY...      build only these entries (extension, cli, cliCluster, yaml, cluster, webview/details); default: all
import * as esbuild from 'esbuild';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const metafile = args.includes('--metafile');
const outdirAt = args.indexOf('--outdir');
const outdir = outdirAt >= 0 ? path.resolve(args[outdirAt + 1]) : path.join(root, 'dist');
const only = args.filter((a, i) => !a.startsWith('--') && (outdirAt < 0 || i !== outdirAt + 1));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'linked',
  outdir,
  metafile,
};

// The CLI's lazy boundary: src/cli/commands.ts (and src/cli/lint.ts, for --schema-from-context) say
// require('./clusterCommands') (which works from source under tsx); in dist/cli.js that becomes
// require('./cliCluster.js'), the bundle built from that module.
const lazyClusterImporters = ['commands.ts', 'lint.ts'].map((f) => path.join(root, 'src', 'cli', f));
const cliClusterExternal = {
  name: 'cli-cluster-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/clusterCommands$/ }, (a) => (lazyClusterImporters.includes(path.normalize(a.importer)) ? { path: './cliCluster.js', external: true } : undefined));
  },
};

// The extension's lazy boundary: src/vscode/cluster/clusterSession.ts says require('./cluster.js'), which
// stays a run-time require in dist/extension.js and loads its sibling dist/cluster.js.
const clusterSessionFile = path.join(root, 'src', 'vscode', 'cluster', 'clusterSession.ts');
const clusterLayerExternal = {
  name: 'cluster-layer-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/cluster\.js$/ }, (a) => (path.normalize(a.importer) === clusterSessionFile ? { path: './cluster.js', external: true } : undefined));
  },
};

// In the CLI bundles, `yaml` is the sibling dist/yaml.js (one instance for both, required on first use).
const yamlExternal = {
  name: 'yaml-external',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: './yaml.js', external: true }));
  },
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, external: ['vscode'], plugins: [clusterLayerExternal] },
  // The CLI without the cluster layer: the dispatcher and `lint`.
  { ...common, entryPoints: { cli: 'src/cli.ts' }, banner: { js: '#!/usr/bin/env node' }, plugins: [cliClusterExternal, yamlExternal] },
  // The CLI's cluster commands (`status`, the actions), loaded by dist/cli.js with require('./cliCluster.js').
  { ...common, entryPoints: { cliCluster: 'src/cli/clusterCommands.ts' }, plugins: [yamlExternal] },
  // The `yaml` package for the CLI bundles, as it is (CommonJS in, CommonJS out).
  { ...common, entryPoints: { yaml: createRequire(import.meta.url).resolve('yaml') } },
  // The cluster layer (src/k8s), loaded lazily by the extension with require('./cluster.js'); never `vscode`.
  { ...common, entryPoints: { cluster: 'src/k8s/index.ts' } },
  // The details panel's webview script: a browser IIFE the panel's HTML loads by nonce (src/vscode/details).
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { 'webview/details': 'src/webview/details.ts' } },
].filter((b) => only.length === 0 || only.includes(entryName(b)));

function entryName(b) {
  return Object.keys(b.entryPoints)[0];
}

async function buildOne(b) {
  const result = await esbuild.build(b);
  if (metafile) await writeFile(path.join(outdir, `${entryName(b)}.meta.json`), JSON.stringify(result.metafile));
}

// The lines the esbuild problem matcher (connor4312.esbuild-problem-matchers) looks for in a watch task.
const watchLog = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => console.log(`[watch] build started (${entryName(build.initialOptions)})`));
    build.onEnd(() => console.log(`[watch] build finished (${entryName(build.initialOptions)})`));
  },
};

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...b, plugins: [...(b.plugins ?? []), watchLog] })).watch();
} else {
  const t0 = Date.now();
  await Promise.all(builds.map(buildOne));
  console.log(`built ${path.relative(root, outdir) || '.'}/ in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
