/**
 * `npm run cluster` as a process: it prints the kubeconfig and the export line, serves, and exits 0 on
 * SIGTERM (option parsing is unit-tested in test/unit/cluster/cliArgs.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from './helpers';

const TSX = path.join(__dirname, '../../../node_modules/.bin/tsx');
const MAIN = path.join(__dirname, '../../cluster/main.ts');

function start(args: string[]) {
  const child = spawn(TSX, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, output: () => out, exited };
}

test('standalone: prints the kubeconfig, serves, stops cleanly on SIGTERM', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-main-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const kubeconfig = path.join(dir, 'config');
  const p = start(['--port', '0', '--kubeconfig', kubeconfig, '--no-controllers', '--engines', 'flagger']);
  t.after(() => p.child.kill('SIGKILL'));
  await waitFor('the export line', () => p.output().includes(`export KUBECONFIG=${kubeconfig}`), 30_000);
  assert.match(p.output(), /test cluster listening on https:\/\/127\.0\.0\.1:\d+ \(controllers off\)/);
  assert.ok(fs.existsSync(kubeconfig));
  p.child.kill('SIGTERM');
  assert.equal(await p.exited, 0);
  assert.match(p.output(), /SIGTERM: stopping test cluster/);
});
