// `rollout-lens lint` must start fast, so the CLI ships as two bundles: dist/cli.js (the dispatcher and
// lint) and dist/cliCluster.js (status and the actions, with @kubernetes/client-node), required only when
// a cluster command runs; the `yaml` package is a third, dist/yaml.js, required when a document leaves the
// validator's fast path. They are built here from the current sources into a scratch folder inside the
// repository (so the bundles find schemas/ as the shipped ones do), then checked twice: by esbuild's
// metafile (what went into each bundle) and by running them with a require hook (what a run loads).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const out = path.join(root, 'test-artifacts', `cli-bundle-${process.pid}`);
const cli = path.join(out, 'cli.js');
const hook = path.join(out, 'requireLog.cjs');
const FIXTURE = path.join(root, 'test', 'fixtures', 'rules', 'argo-lint', 'valid-blue-green.yml');

interface Metafile {
  inputs: Record<string, unknown>;
}

const inputsOf = (entry: string): string[] => Object.keys((JSON.parse(fs.readFileSync(path.join(out, `${entry}.meta.json`), 'utf8')) as Metafile).inputs);
const clusterCode = (input: string) => input.includes('node_modules/@kubernetes/client-node/') || input.startsWith('src/k8s/');

let runs = 0;

/** Runs the built CLI with a hook that logs every module request (built-ins, packages, ./cliCluster.js). */
function runLogged(args: string[]): { status: number | null; stdout: string; stderr: string; required: string[] } {
  const log = path.join(out, `required-${++runs}.log`);
  fs.rmSync(log, { force: true });
  const r = spawnSync(process.execPath, ['-r', hook, cli, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, REQUIRE_LOG: log } });
  const required = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, required };
}

before(() => {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--outdir', out, '--metafile', 'cli', 'cliCluster', 'yaml'], { cwd: root, stdio: 'pipe' });
  fs.writeFileSync(
    hook,
    `const Module = require('node:module');
const fs = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  fs.appendFileSync(process.env.REQUIRE_LOG, request + '\\n');
  return load.call(this, request, ...rest);
};
`,
  );
});

test.after(() => fs.rmSync(out, { recursive: true, force: true }));

test('dist/cli.js bundles no cluster code; dist/cliCluster.js carries it', () => {
  const cliInputs = inputsOf('cli');
  assert.ok(cliInputs.includes('src/cli/lint.ts'), 'lint is in dist/cli.js');
  assert.deepEqual(cliInputs.filter(clusterCode), []);
  assert.ok(inputsOf('cliCluster').some(clusterCode), 'status and the actions bring the cluster layer');
  assert.match(fs.readFileSync(cli, 'utf8'), /require\("\.\/cliCluster\.js"\)/, 'dist/cli.js loads the cluster commands from the sibling bundle');
  assert.deepEqual(
    cliInputs.filter((i) => i.startsWith('node_modules/yaml/')),
    [],
    'yaml comes from dist/yaml.js',
  );
});

test('a document the fast path does not take loads dist/yaml.js, and lint still reports it', () => {
  const r = runLogged(['lint', path.join(root, 'test', 'fixtures', 'rules', 'argo-lint', 'invalid.yml')]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /invalid\.yml:\d+:\d+ error /);
  assert.ok(r.required.includes('./yaml.js'), `required: ${r.required.join(', ')}`);
});

test('lint runs without loading the cluster bundle', () => {
  const r = runLogged(['lint', FIXTURE]);
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} (0 clean, 1 findings): ${r.stderr}`);
  assert.match(r.stderr, /error\(s\), \d+ warning\(s\) in 1 file\(s\)/);
  assert.ok(r.required.length > 0, 'the require hook ran');
  assert.deepEqual(
    r.required.filter((m) => m.includes('cliCluster') || m.includes('@kubernetes')),
    [],
  );
});

test('a cluster command loads dist/cliCluster.js on demand', () => {
  const r = runLogged(['status', '--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Usage: rollout-lens status/);
  assert.ok(r.required.includes('./cliCluster.js'), `required: ${r.required.join(', ')}`);
});

test('the command list still names every command', () => {
  const r = runLogged(['--help']);
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['lint', 'status', 'promote', 'abort', 'approve']) assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'));
});
