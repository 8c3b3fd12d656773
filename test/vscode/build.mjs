// Bundles the in-host suite for the extension host: index.ts and every *.test.ts under suite/ (and one
// level of subfolders, e.g. suite/untrusted/) become CommonJS files in dist/test/vscode/suite/, same layout
// (the host require()s them; index.js loads the *.test.js next to it, or a subfolder's with ROLLOUT_LENS_SUITE). `vscode` is the host's; mocha stays external and resolves from the repo's node_modules.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const suiteDir = path.join(here, 'suite');
const outdir = path.join(root, 'dist', 'test', 'vscode', 'suite');
const entryPoints = fs
  .readdirSync(suiteDir)
  .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
  .map((f) => path.join(suiteDir, f));
for (const d of fs.readdirSync(suiteDir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
  for (const f of fs.readdirSync(path.join(suiteDir, d.name))) if (f.endsWith('.test.ts')) entryPoints.push(path.join(suiteDir, d.name, f));
}

fs.rmSync(outdir, { recursive: true, force: true });
const t0 = Date.now();
await esbuild.build({
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
  outbase: suiteDir,
  absWorkingDir: root,
});
console.log(`built the in-host suite (${entryPoints.length} files) into ${path.relative(root, outdir)} in ${Date.now() - t0} ms`);
