/**
 * CLI startup (`npm run bench -- cli`): what `rollout-lens lint` on one small file costs as a whole
 * process, against a bare `node -e 0` on the same machine in the same run, and what a cluster command
 * costs before it does anything (`status --help` loads dist/cliCluster.js, @kubernetes/client-node
 * included). Each process is timed from spawn to exit (wall) and by its own CPU time (user + system,
 * reported at exit by a one-line preload that every contender gets, `node -e 0` included); contenders
 * run interleaved round-robin so load drifts hit all of them alike; medians and ratios. On a busy
 * machine wall time mostly measures waiting for a core, so the CPU ratio is the steadier number.
 * Builds dist/ first when the CLI bundles are missing.
 * Target: lint of one small file ≤ 1.5× a bare Node start. A report, not a test: speed never fails a
 * run; test/unit/packaging/cliBundle.test.ts checks that lint does not load the cluster bundle.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

interface Sample {
  wall: number;
  cpu: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function timeProcess(args: string[], preload: string, report: string): Sample {
  fs.rmSync(report, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', preload, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env: { ...process.env, CLI_BENCH_REPORT: report } });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  // lint exits 1 when it reports errors; only 2 (usage, I/O, a crash) means the measurement is void.
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, cpu: Number(fs.readFileSync(report, 'utf8')) };
}

export function run(): void {
  if (!['cli.js', 'cliCluster.js', 'yaml.js'].every((f) => fs.existsSync(path.join(root, 'dist', f)))) {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bench-'));
  const preload = path.join(scratch, 'cpuAtExit.cjs');
  const report = path.join(scratch, 'cpu.txt');
  fs.writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); require('fs').writeFileSync(process.env.CLI_BENCH_REPORT, String((u.user + u.system) / 1000)); });\n");
  try {
    const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(CONTENDERS).map((k) => [k, []]));
    for (const args of Object.values(CONTENDERS)) timeProcess(args, preload, report); // warm the file cache once
    for (let i = 0; i < RUNS; i++) for (const [name, args] of Object.entries(CONTENDERS)) samples[name].push(timeProcess(args, preload, report));
    const med = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { wall: median(v.map((s) => s.wall)), cpu: median(v.map((s) => s.cpu)) }]));
    const bare = med['node -e 0'];
    const kib = (f: string) => `${(fs.statSync(path.join(root, 'dist', f)).size / 1024).toFixed(0)} KiB`;
    console.log(
      `CLI startup, whole process: medians of ${RUNS} interleaved runs (dist/cli.js ${kib('cli.js')}, dist/cliCluster.js ${kib('cliCluster.js')}, dist/yaml.js ${kib('yaml.js')}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
    );
    console.log(`  ${''.padEnd(16)} ${'wall ms'.padStart(9)} ${'× bare'.padStart(7)} ${'CPU ms'.padStart(9)} ${'× bare'.padStart(7)}`);
    for (const [name, m] of Object.entries(med)) {
      console.log(`  ${name.padEnd(16)} ${m.wall.toFixed(1).padStart(9)} ${(m.wall / bare.wall).toFixed(2).padStart(7)} ${m.cpu.toFixed(1).padStart(9)} ${(m.cpu / bare.cpu).toFixed(2).padStart(7)}`);
    }
    const lint = med['lint one file'];
    const verdict = (r: number) => `${r.toFixed(2)}×${r > TARGET ? ' (OVER TARGET)' : ''}`;
    console.log(`lint of one small file against a bare Node start: wall ${verdict(lint.wall / bare.wall)}, CPU ${verdict(lint.cpu / bare.cpu)} (target ≤ ${TARGET}×)`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
