/**
 * `npm run bench`: runs every benchmark file in test/bench/ (except this one), one after another,
 * in file-name order. A benchmark file exports `run()` (or a default function; either may return a promise) and
 * prints its own table; benchmarks report ratios against peers measured in the same run and never
 * fail on speed. `npm run bench -- validation` runs only the files whose name contains "validation".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.d.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  let failed = 0;
  for (const f of files) {
    console.log(`\n=== bench: ${f}`);
    try {
      const mod = (await import(path.join(__dirname, f))) as { run?: () => void | Promise<void>; default?: unknown };
      const entry = typeof mod.run === 'function' ? mod.run : typeof mod.default === 'function' ? (mod.default as () => void | Promise<void>) : undefined;
      if (entry) await entry();
      else console.log(`(${f} exports no run(); it ran on import)`);
    } catch (err) {
      failed++;
      console.error(`bench ${f} failed:`, err);
    }
  }
  if (failed) process.exitCode = 1;
}

void main();
