// Bundles the extension and the CLI with esbuild (one build system; type-checking is `npm run typecheck`).
// The extension is CommonJS with `vscode` external, as the extension host requires it. The cluster layer
// is a separate chunk-free bundle entry loaded lazily by the extension (see src/extension.ts), so that
// activation does not pay for @kubernetes/client-node until a cluster is actually used.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

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
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { cli: 'src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // The cluster layer (src/k8s), loaded lazily by the extension with require('./cluster.js'); never `vscode`.
  { ...common, entryPoints: { cluster: 'src/k8s/index.ts' }, outdir: 'dist' },
];

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`built dist/ in ${Date.now() - t0} ms${production ? ' (production)' : ''}`);
}
