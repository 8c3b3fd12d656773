// `npm test`: every stage in order, one summary at the end. Each stage's own output streams through;
// the counts are read from node's test runner (spec reporter) and from the VS Code harness, whose
// runners print "N passed, N failed". The closing line is the sum over all stages.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Files of the upstream stage that wait minutes on the real controllers' wall time (the e2e scenario
 * settling, Argo's timed pauses, Flagger's analysis intervals) with the cores mostly idle.
 * Declared before `stages`, which calls upstreamCommand() while it is built.
 */
const UPSTREAM_LONG_FILES = ['test/integration/upstream/actionsOracle.test.ts', 'test/integration/controllers/roundTrip.test.ts', 'test/integration/k8s/cli.test.ts'];

const stages = [
  { name: 'build', cmd: ['npm', 'run', '--silent', 'build'] },
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  // ESLint with typescript-eslint's type-checked rules (eslint.config.mjs), then Biome's formatting
  // (biome.json): a finding or an unformatted file fails the run like a failing test.
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'format', cmd: ['npm', 'run', '--silent', 'format:check'] },
  { name: 'unit', cmd: ['node', 'test/runUnit.mjs', 'test/unit'], counts: true },
  // The integration tests against the project's own test cluster; those against the real upstream
  // stack (test/integration/upstream) are the last stage, after the binaries are built or found.
  { name: 'integration', cmd: ['node', 'test/runUnit.mjs', ...integrationFolders()], counts: true, when: () => fs.existsSync('test/integration') },
  { name: 'vscode', cmd: ['bash', 'test/vscode/run.sh'], counts: true, when: () => fs.existsSync('test/vscode/run.sh') },
  // The real Kubernetes control plane, Argo Rollouts and Flagger built from their Go modules
  // (test/upstream/README.md). Needs Go and root (a network namespace); a machine without Go fails
  // here naming what to install. ROLLOUT_LENS_UPSTREAM=off skips it, and says so. The upstream-only
  // tests and the integration folders that run on either backend (again, ROLLOUT_LENS_BACKEND=upstream)
  // run in one pool, several files at once (upstreamCommand). Then the VS Code suites on the real stack.
  { name: 'upstream', cmd: ['bash', '-c', upstreamCommand()], counts: true, when: upstreamWanted },
];
const only = process.env.ROLLOUT_LENS_STAGES?.split(',');

function integrationFolders() {
  return fs
    .readdirSync('test/integration', { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'upstream')
    .map((e) => `test/integration/${e.name}`);
}

/** The folders whose tests run on both backends: all but the upstream-only one and `cluster`, which tests the fake itself. */
function twoBackendFolders() {
  return integrationFolders().filter((f) => f !== 'test/integration/cluster');
}

/** The test files under `dir`, sorted. */
function testFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.test\.(ts|mjs|js)$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/**
 * The upstream-only tests, and the integration folders that run on either backend again on this one
 * (ROLLOUT_LENS_BACKEND=upstream). Every file starts its own stack (its own etcd, API server, ports,
 * run directory and network namespace), so files share no state and can run side by side: the long
 * files all at once in one runner, whose waits overlap, and beside them the short ones (a bare API
 * server, or CPU-bound oracles such as the schema dry runs) two at a time in another. Two runners,
 * because node's runner starts files in path order whatever order they are given in, which would
 * start the longest file last. The long runner's output is printed when both have ended. A file with
 * the real controllers takes minutes, beyond runUnit's 5-minute hang guard, so the guard is 15
 * minutes here. Measured in test/upstream/README.md ("One suite, two backends").
 */
function upstreamCommand() {
  const long = UPSTREAM_LONG_FILES.filter((f) => fs.existsSync(f));
  const short = ['test/integration/upstream', ...twoBackendFolders()].flatMap(testFiles).filter((f) => !long.includes(f));
  const runner = (concurrency, files) => `ROLLOUT_LENS_BACKEND=upstream node test/runUnit.mjs --test-concurrency=${concurrency} --test-timeout=900000 ${files.join(' ')}`;
  const longLog = '"$(mktemp -t rl-upstream-long.XXXXXX)"';
  const pool = long.length ? `longLog=${longLog}; ${runner(long.length, long)} >"$longLog" 2>&1 & long=$!; ${runner(2, short)} || rc=1; wait $long || rc=1; cat "$longLog"; rm -f "$longLog"` : `${runner(2, short)} || rc=1`;
  // Then the in-host VS Code suite and the e2e on the real stack (test/vscode/run.sh; the untrusted suite
  // never reaches a cluster, and the vscode stage has just packaged this tree).
  const vscode = '; ROLLOUT_LENS_BACKEND=upstream SKIP_UNTRUSTED=1 SKIP_PACKAGE=1 bash test/vscode/run.sh || rc=1';
  return `node test/upstream/build.mjs || exit 1; rc=0; ${pool}${vscode}; exit $rc`;
}

function upstreamWanted() {
  if (!fs.existsSync('test/integration/upstream')) return false;
  if (process.env.ROLLOUT_LENS_UPSTREAM === 'off') {
    console.log('\n=== upstream: skipped (ROLLOUT_LENS_UPSTREAM=off)');
    return false;
  }
  return true;
}

let passed = 0;
let failed = 0;
const failedStages = [];
for (const s of stages) {
  if (only && !only.includes(s.name)) continue;
  if (s.when && !s.when()) continue;
  console.log(`\n=== ${s.name}: ${s.cmd.join(' ')}`);
  const t0 = Date.now();
  const { code, out } = await run(s.cmd);
  const counts = s.counts ? parseCounts(out) : undefined;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  if (code !== 0) {
    failedStages.push(s.name);
    if (!counts || counts.failed === 0) failed += 1; // a stage that broke without reporting a failing test
  } else if (!s.counts) passed += 0;
  console.log(`=== ${s.name}: exit ${code} in ${((Date.now() - t0) / 1000).toFixed(1)} s${counts ? ` (${counts.passed} passed, ${counts.failed} failed)` : ''}`);
}
if (failedStages.length) console.log(`failed stages: ${failedStages.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failedStages.length ? 1 : 0);

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

function parseCounts(out) {
  let p = 0,
    f = 0,
    seen = false;
  // node:test spec reporter: "ℹ pass 12" / "ℹ fail 0" (tap: "# pass 12")
  for (const m of out.matchAll(/^(?:ℹ|#) (pass|fail) (\d+)$/gm)) {
    seen = true;
    if (m[1] === 'pass') p += +m[2];
    else f += +m[2];
  }
  // harness lines: "N passed, N failed"
  for (const m of out.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)) {
    seen = true;
    p += +m[1];
    f += +m[2];
  }
  return seen ? { passed: p, failed: f } : undefined;
}
