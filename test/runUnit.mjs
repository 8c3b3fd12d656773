// Runs node's test runner over test files (Node 20's --test takes no globs, so we find them here).
// Usage: node test/runUnit.mjs [dir-or-file...]   (default: test/unit). TypeScript runs through tsx.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dirs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const extra = process.argv.slice(2).filter((a) => a.startsWith('--'));
const roots = dirs.length ? dirs : ['test/unit'];
const files = [];
const walk = (d) => {
  if (!fs.existsSync(d)) return;
  if (fs.statSync(d).isFile()) return void files.push(d);
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.test\.(ts|mjs|js)$/.test(e.name)) files.push(p);
  }
};
roots.forEach(walk);
files.sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
// A hang guard, not a timed assertion: a test that waits forever fails after 5 minutes instead of
// holding CI until its limit. Tests poll with their own, shorter deadlines.
const timeout = extra.some((a) => a.startsWith('--test-timeout')) ? [] : ['--test-timeout=300000'];
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...timeout, ...extra, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
