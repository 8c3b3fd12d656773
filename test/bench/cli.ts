/**
 * CLI startup (`npm run bench -- cli`): what `rollout-lens lint` on one small file costs as a whole
 * process, against a bare `node -e 0` on the same machine in the same run, and what a cluster command
 * costs before it does anything (`status --help` loads dist/cliCluster.js, @kubernetes/client-node
 * included). Wall-clock time of each process from spawn to exit, contenders interleaved round-robin so
 * load drifts hit all of them alike; medians and ratios. Builds dist/ first when it is missing.
 * Target: lint of one small file ≤ 1.5× a bare Node start. A report, not a test: speed never fails a
 * run; test/unit/packaging/cliBundle.test.ts checks that lint does not load the cluster bundle.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const FIXTURE = path.join(root, 'test', 'fixtures', 'rules', 'argo-lint', 'valid-blue-green.yml');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 25);
const TARGET = 1.5;

const CONTENDERS: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'lint one file': [cli, 'lint', FIXTURE],
  'status --help': [cli, 'status', '--help'],
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeProcess(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // lint exits 1 when it reports errors; only 2 (usage, I/O, a crash) means the measurement is void.
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

export async function run(): Promise<void> {
  if (!fs.existsSync(cli) || !fs.existsSync(path.join(root, 'dist', 'cliCluster.js'))) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  }
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(CONTENDERS).map((k) => [k, []]));
  for (const args of Object.values(CONTENDERS)) timeProcess(args); // warm the file cache once
  for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(CONTENDERS)) samples[name].push(timeProcess(args));
  const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const bare = med['node -e 0'];
  const kib = (f: string) => `${(fs.statSync(path.join(root, 'dist', f)).size / 1024).toFixed(0)} KiB`;
  console.log(`CLI startup, whole process (median wall ms of ${RUNS} interleaved runs; dist/cli.js ${kib('cli.js')}, dist/cliCluster.js ${kib('cliCluster.js')})`);
  for (const [name, ms] of Object.entries(med)) console.log(`  ${name.padEnd(16)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / bare).toFixed(2)}× node -e 0`);
  const ratio = med['lint one file'] / bare;
  console.log(`lint of one small file: ${ratio.toFixed(2)}× a bare Node start (target ≤ ${TARGET}×)${ratio > TARGET ? '  OVER TARGET' : ''}`);
}
