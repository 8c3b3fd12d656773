/**
 * Package size budget (`npm run bench -- packageSize`): what a user downloads and what activation loads.
 * Reports the .vsix (built with `npm run package` when missing) and each packaged file from `vsce ls`,
 * against budgets; a report, not a test — the allowlist itself is checked by test/unit/packaging.
 * Budgets: the .vsix ≤ 3 MiB; dist/extension.js (loaded on activation) ≤ 1 MiB; dist/cluster.js (loaded
 * on first cluster use) ≤ 2.5 MiB.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const MiB = 1024 * 1024;
const BUDGETS: Record<string, number> = {
  'dist/rollout-lens.vsix': 3 * MiB,
  'dist/extension.js': 1 * MiB,
  'dist/cluster.js': 2.5 * MiB,
};

export function run(): void {
  const vsix = path.join(root, 'dist', 'rollout-lens.vsix');
  if (!fs.existsSync(vsix)) execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'ignore' });
  const listed = execFileSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const rows = listed.map((f) => ({ file: f, bytes: fs.statSync(path.join(root, f)).size }));
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`packaged files (${rows.length}), uncompressed ${kib(total)}; largest:`);
  for (const r of rows.sort((a, b) => b.bytes - a.bytes).slice(0, 8)) console.log(`  ${r.file.padEnd(48)} ${kib(r.bytes).padStart(12)}  ${((100 * r.bytes) / total).toFixed(1)}%`);
  console.log('budget:');
  for (const [file, budget] of Object.entries(BUDGETS)) {
    const p = path.join(root, file);
    const bytes = fs.existsSync(p) ? fs.statSync(p).size : NaN;
    console.log(`  ${file.padEnd(28)} ${kib(bytes).padStart(12)} of ${kib(budget)}  (${(bytes / budget).toFixed(2)}× budget)${bytes > budget ? '  OVER BUDGET' : ''}`);
  }
  console.log(`  compression: .vsix is ${(fs.statSync(vsix).size / total).toFixed(2)}× the packaged files' size`);
}
