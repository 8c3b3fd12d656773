/**
 * `npm run demo`: the whole product running, without owning a cluster.
 *   1. builds the extension and its .vsix (`npm run package`);
 *   2. installs the VS Code test runtime if needed (test/vscode/setup.sh: code-server on Node 24);
 *   3. starts the project's test cluster with the demo scenario on 127.0.0.1, real clock, writing its
 *      kubeconfig to .vscode-test/demo/kubeconfig (the path .vscode/launch.json's "Run Extension" uses);
 *   4. starts code-server with the .vsix installed and a fresh copy of the sample config repo
 *      (test/demo/workspace/) as the workspace, the extension host pointed at that kubeconfig;
 *   5. prints the URL. Ctrl-C stops everything it started (each child runs in its own process group).
 * Options: --port N (code-server, default 8080), --cluster-only (only the cluster, for F5 in desktop VS Code:
 * .vscode/launch.json "Run Extension"), --no-build (reuse dist/rollout-lens.vsix), --upstream (the real
 * Kubernetes stack with the real Argo Rollouts and Flagger controllers instead of the test cluster:
 * test/upstream/README.md; needs Go, root and iproute2, and builds the components on first use).
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';

const root = path.resolve(__dirname, '..', '..');
const demoDir = path.join(root, '.vscode-test', 'demo');
const kubeconfig = path.join(demoDir, 'kubeconfig');
const harness = path.join(root, 'test', 'vscode');

const { values: opts } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'cluster-only': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    upstream: { type: 'boolean', default: false },
  },
});

const groups: { name: string; pid: number }[] = [];
let stopping = false;

function say(msg: string): void {
  console.log(`demo: ${msg}`);
}

/** Runs a command to completion with inherited output; throws with its name when it fails. */
function runStep(what: string, cmd: string, args: string[]): void {
  say(what);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal})`);
}

/** Kills every process group we started: TERM, then KILL after 3 s for the stubborn ones. */
async function stopAll(): Promise<void> {
  if (stopping) return;
  stopping = true;
  for (const g of groups)
    try {
      process.kill(-g.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && groups.some((g) => alive(g.pid))) await new Promise((r) => setTimeout(r, 100));
  for (const g of groups)
    if (alive(g.pid))
      try {
        process.kill(-g.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  say('stopped everything it started');
}

function alive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startCluster(): Promise<ChildProcess> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!pkg.scripts?.cluster) throw new Error('this checkout has no `npm run cluster` script (the test cluster, test/cluster/)');
  fs.mkdirSync(demoDir, { recursive: true });
  fs.rmSync(kubeconfig, { force: true });
  const log = path.join(demoDir, 'cluster.log');
  const out = fs.openSync(log, 'w');
  say(opts.upstream ? 'starting the upstream stack (demo scenario on the real controllers; the first run builds them from Go, see test/upstream/README.md)' : 'starting the test cluster (demo scenario, real clock, 127.0.0.1)');
  const child = spawn('npm', ['run', '--silent', 'cluster', '--', ...(opts.upstream ? ['--upstream'] : []), '--scenario', 'demo', '--kubeconfig', kubeconfig], {
    cwd: root,
    detached: true,
    stdio: ['ignore', out, out],
  });
  groups.push({ name: 'test cluster', pid: child.pid! });
  // The upstream stack writes its kubeconfig once every component is ready (after a build on first use).
  const deadline = Date.now() + (opts.upstream ? 90 * 60_000 : 60000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (fs.existsSync(kubeconfig) && fs.statSync(kubeconfig).size > 0) {
      say(`cluster ready — kubeconfig ${path.relative(root, kubeconfig)} (log ${path.relative(root, log)})`);
      return child;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the test cluster did not start; see ${log}:\n${fs.readFileSync(log, 'utf8').split('\n').slice(-20).join('\n')}`);
}

/** code-server through the harness's start_code_server (same flags, settings and isolation as the tests). */
function startCodeServer(vsix: string, workspace: string, port: string): void {
  const run = path.join(demoDir, 'code-server');
  fs.rmSync(run, { recursive: true, force: true });
  fs.mkdirSync(run, { recursive: true });
  const settings = JSON.parse(fs.readFileSync(path.join(harness, 'settings.json'), 'utf8'));
  const props = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).contributes?.configuration?.properties ?? {};
  for (const key of Object.keys(props)) if (/\.kubeconfig$/i.test(key)) settings[key] = kubeconfig;
  const settingsFile = path.join(demoDir, 'settings.json');
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  say(`starting code-server on 127.0.0.1:${port} with ${path.relative(root, vsix)} installed`);
  const r = spawnSync('bash', ['-c', '. "$0/codeServer.sh" && start_code_server "$1" "$2" "$3"', harness, run, port, workspace], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KUBECONFIG: kubeconfig, VSIX: vsix, SETTINGS_JSON: settingsFile },
  });
  const pidFile = path.join(run, 'code-server.pid');
  if (fs.existsSync(pidFile)) groups.push({ name: 'code-server', pid: Number(fs.readFileSync(pidFile, 'utf8')) });
  if (r.status !== 0) throw new Error(`code-server did not start (log: ${path.join(run, 'code-server.log')})`);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  const vsix = path.join(root, 'dist', 'rollout-lens.vsix');
  // --cluster-only serves F5 in desktop VS Code, whose launch config builds the extension itself.
  if (!opts['cluster-only']) {
    if (!opts['no-build']) runStep('building the extension and its .vsix (npm run package)', 'npm', ['run', '--silent', 'package']);
    else if (!fs.existsSync(vsix)) throw new Error(`--no-build, but ${vsix} does not exist`);
  }
  if (!opts['cluster-only']) runStep('checking the VS Code runtime (test/vscode/setup.sh)', 'bash', [path.join(harness, 'setup.sh')]);

  const cluster = await startCluster();
  cluster.on('exit', (code) => {
    if (!stopping) {
      say(`the test cluster exited (${code}); stopping`);
      void stopAll().then(() => process.exit(1));
    }
  });

  if (opts['cluster-only']) {
    say(`cluster only: press F5 ("Run Extension") in VS Code; KUBECONFIG=${kubeconfig}`);
  } else {
    const workspace = path.join(demoDir, 'workspace');
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.cpSync(path.join(root, 'test', 'demo', 'workspace'), workspace, { recursive: true });
    startCodeServer(vsix, workspace, opts.port);
    const url = `http://127.0.0.1:${opts.port}/?folder=${encodeURIComponent(workspace)}`;
    console.log(`\n  Rollout Lens demo is running. Open:\n\n    ${url}\n\n  The cluster keeps moving in real time. Ctrl-C stops everything.\n`);
  }
  await new Promise(() => {
    /* run until Ctrl-C */
  });
}

main().catch(async (err) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll();
  process.exit(1);
});
