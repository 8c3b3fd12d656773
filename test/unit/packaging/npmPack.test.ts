// The npm package (`npx rollout-lens lint`, pre-commit's `language: node` hook, which installs the
// repository with `npm pack`) carries the CLI and what it reads at run time, nothing of test/ or src/.
// The allowlist is .npmignore (vsce refuses package.json "files" beside .vscodeignore). The test
// copies the repository's package files into a scratch folder, builds the bundles there with the
// prepack script's own arguments, asks `npm pack --dry-run --json` what would ship, then packs it
// for real and runs `rollout-lens lint` from the unpacked tarball alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-npm-pack-'));
const pkgDir = path.join(scratch, 'repo');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; engines: Record<string, string>; scripts: Record<string, string> };
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Files that must not ship, planted where a careless allowlist would pick them up.
const DECOYS = ['test/unit/cli/lint.test.ts', 'test/fixtures/helm/Chart.yaml', 'src/cli.ts', 'dist/extension.js', 'dist/cli.js.map', 'dist/cluster.js', '.pre-commit-hooks.yaml', 'scripts/build.mjs', 'node_modules/x/index.js'];

before(() => {
  fs.mkdirSync(pkgDir, { recursive: true });
  for (const f of ['package.json', '.npmignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md']) fs.copyFileSync(path.join(root, f), path.join(pkgDir, f));
  fs.cpSync(path.join(root, 'schemas'), path.join(pkgDir, 'schemas'), { recursive: true });
  for (const d of DECOYS) {
    fs.mkdirSync(path.dirname(path.join(pkgDir, d)), { recursive: true });
    fs.writeFileSync(path.join(pkgDir, d), '// decoy\n');
  }
  // The prepack script, with the scratch folder as its output (scripts/build.mjs writes to the repository's dist/ by default).
  const prepack = manifest.scripts.prepack.split(' ');
  assert.deepEqual(prepack.slice(0, 2), ['node', 'scripts/build.mjs'], 'prepack builds with scripts/build.mjs');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), ...prepack.slice(2), '--outdir', path.join(pkgDir, 'dist')], { cwd: root, stdio: 'pipe' });
});

after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function packList(): string[] {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
}

test('npm pack ships the CLI bundles, every schema the catalogue reads and the documents, and nothing of test/ or src/', () => {
  const files = packList();
  const bin = manifest.bin['rollout-lens'].replace(/^\.\//, '');
  for (const needed of [bin, 'dist/cliCluster.js', 'dist/yaml.js', 'schemas/index.json', 'package.json', 'README.md', 'LICENSE', 'THIRD_PARTY_NOTICES.md']) assert.ok(files.includes(needed), `${needed} is packed`);
  const index = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'index.json'), 'utf8')) as { file: string }[];
  for (const e of index) assert.ok(files.includes(`schemas/${e.file}`), `schemas/${e.file} (named by schemas/index.json) is packed`);
  assert.deepEqual(
    files.filter((f) => /^(test|src|scripts|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts')),
    [],
  );
  assert.deepEqual(
    files.filter((f) => DECOYS.includes(f)),
    [],
  );
  assert.match(manifest.engines.node, /^>=\s*20/, 'engines.node says which Node the CLI needs');
});

test('the packed tarball alone runs `rollout-lens lint` (what npx and pre-commit install)', () => {
  execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', scratch], { cwd: pkgDir, stdio: 'pipe' });
  const tgz = fs.readdirSync(scratch).find((f) => f.endsWith('.tgz'));
  assert.ok(tgz, 'npm pack wrote a tarball');
  const unpacked = path.join(scratch, 'unpacked');
  fs.mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', path.join(scratch, tgz), '-C', unpacked]);
  const bin = path.join(unpacked, 'package', manifest.bin['rollout-lens']);
  assert.match(fs.readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/, 'the bin has a node shebang');
  const manifests = path.join(scratch, 'manifests');
  fs.mkdirSync(manifests);
  fs.writeFileSync(path.join(manifests, 'rollout.yaml'), 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  replicas: three\n');
  const r = spawnSync(process.execPath, [bin, 'lint', '.', '--format', 'github'], { cwd: manifests, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^::error file=rollout\.yaml,line=6,col=13,endLine=6,endColumn=18,title=schema\/type::spec\.replicas: /m);
});
