/**
 * `npm run test:electron`: the SAME in-host suite (dist/test/vscode/suite/index.js) under desktop VS Code
 * through @vscode/test-electron, for machines that can download VS Code (or have one:
 * VSCODE_EXECUTABLE_PATH=/path/to/code). Not part of `npm test`: the project's CI cannot download VS Code,
 * so it runs the suite in code-server instead (test/vscode/run.sh).
 *
 * It fails fast, with the reason, when VS Code's download host does not resolve, rather than letting the
 * downloader retry. The workspace is a throw-away copy of the suite's fixtures; when the project's test
 * cluster can be started (`npm run cluster`), its kubeconfig is passed as KUBECONFIG to the extension host.
 */
import { runTests } from '@vscode/test-electron';
import { spawn, type ChildProcess } from 'child_process';
import { promises as dns } from 'dns';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const DOWNLOAD_HOST = 'update.code.visualstudio.com';

async function main(): Promise<number> {
  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    const resolvable = await Promise.race([
      dns.lookup(DOWNLOAD_HOST).then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!resolvable) {
      console.error(`test:electron: cannot reach ${DOWNLOAD_HOST}, so @vscode/test-electron cannot download VS Code on this machine.`);
      console.error('test:electron: set VSCODE_EXECUTABLE_PATH to an installed VS Code, or run the same suite in code-server with `bash test/vscode/run.sh` (part of `npm test`).');
      return 1;
    }
  }
  const work = path.join(root, '.vscode-test', 'electron');
  const ws = path.join(work, 'workspace');
  fs.rmSync(ws, { recursive: true, force: true });
  fs.mkdirSync(ws, { recursive: true });
  fs.cpSync(path.join(__dirname, 'fixtures', 'workspace'), ws, { recursive: true });
  const demoWs = path.join(root, 'test', 'demo', 'workspace');
  if (fs.existsSync(demoWs)) fs.cpSync(demoWs, path.join(ws, 'demo'), { recursive: true });

  const kubeconfig = path.join(work, 'kubeconfig');
  const cluster = await startCluster(kubeconfig, path.join(work, 'cluster.log'));
  const resultsFile = path.join(work, 'results.json');
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: {
        KUBECONFIG: cluster ? kubeconfig : '',
        ROLLOUT_LENS_TEST: '1',
        ROLLOUT_LENS_TEST_RESULTS: resultsFile,
        ROLLOUT_LENS_TEST_GREP: process.env.ROLLOUT_LENS_TEST_GREP ?? '',
      },
    });
    return 0;
  } catch (err) {
    console.error(`test:electron: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    if (fs.existsSync(resultsFile)) {
      const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
      console.log(`${r.passed} passed, ${r.failed} failed`);
    }
    if (cluster?.pid)
      try {
        process.kill(-cluster.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
  }
}

/** Starts `npm run cluster` (scenario e2e: demo objects that stay put) in its own process group; resolves once the kubeconfig exists. */
async function startCluster(kubeconfig: string, log: string): Promise<ChildProcess | undefined> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!pkg.scripts?.cluster) {
    console.warn('test:electron: no `npm run cluster` script: cluster-backed tests will fail');
    return undefined;
  }
  fs.rmSync(kubeconfig, { force: true });
  const out = fs.openSync(log, 'w');
  const child = spawn('npm', ['run', '--silent', 'cluster', '--', '--scenario', 'e2e', '--kubeconfig', kubeconfig], {
    cwd: root,
    detached: true,
    stdio: ['ignore', out, out],
  });
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (fs.existsSync(kubeconfig) && fs.statSync(kubeconfig).size > 0) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.warn(`test:electron: the test cluster did not write ${kubeconfig} (log: ${log})`);
  if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  return undefined;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
