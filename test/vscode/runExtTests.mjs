// Runs the in-host mocha suite (an --extensionTestsPath module) inside the real node extension host of a
// running code-server, the way @vscode/test-electron does on the desktop.
//
// Protocol: the built workbench honours `extensionDevelopmentPath` / `extensionTestsPath` /
// `extensionEnvironment` from the URL's `payload` parameter only when code-server runs with
// `--vscode-option enable-smoke-test-driver`. When the test module's run() settles, the workbench calls
// `window.codeAutomationExit(code)`; extension-host console output arrives through
// `window.codeAutomationLog(type, args)` (the same contract @vscode/test-web uses).
//
// node runExtTests.mjs --url URL --folder WS --dev EXT_DIR --tests FILE.js [--env JSON] [--timeout MS] [--screenshot F]
// Exit code: the suite's (0 = all passed), 2 = harness failure or timeout.
import path from 'node:path';
import util, { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string' },
    folder: { type: 'string' },
    dev: { type: 'string' },
    tests: { type: 'string' },
    env: { type: 'string' },
    timeout: { type: 'string', default: '600000' },
    screenshot: { type: 'string' },
  },
});
for (const k of ['url', 'folder', 'dev', 'tests'])
  if (!a[k]) {
    console.error(`runExtTests: missing --${k}`);
    process.exit(2);
  }

const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
// code-server's remote authority is the constant "remote".
const remote = (p) => `vscode-remote://remote${path.resolve(p)}`;
const payload = [
  ['extensionDevelopmentPath', remote(a.dev)],
  ['extensionTestsPath', remote(a.tests)],
];
if (a.env) payload.push(['extensionEnvironment', a.env]);
const url = `${a.url.replace(/\/$/, '')}/?${new URLSearchParams({ folder: path.resolve(a.folder), payload: JSON.stringify(payload) })}`;

const { page, close } = await launchChromium();
let finish;
const finished = new Promise((r) => (finish = r));
// Workbench chatter expected on a closed network; shown with VERBOSE=1.
const NOISE =
  /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Creating a socket|Resolv(ing|ed) connection token|\[reconnection-grace-time\]|\[AccountPolicyGate\]|\[AgentHost|\[Service Worker\]|Canceled: Canceled|Timed out waiting for authentication provider)/;
await page.exposeFunction('codeAutomationLog', (type, args) => {
  const line = Array.isArray(args) ? util.format(...args) : String(args);
  if (!process.env.VERBOSE && NOISE.test(line)) return;
  (type === 'error' ? console.error : console.log)(line);
});
await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
if (process.env.VERBOSE) page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
page.on('pageerror', (e) => console.log('[pageerror]', e.message));

let result;
try {
  console.log(`${secs()} opening the workbench with the suite ${path.relative(process.cwd(), a.tests)}`);
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 120000 });
  console.log(`${secs()} workbench rendered; waiting for the suite`);
  let timer;
  const timeout = new Promise((r) => (timer = setTimeout(() => r({ code: 2, timedOut: true }), +a.timeout)));
  result = await Promise.race([finished, timeout]);
  clearTimeout(timer);
} catch (e) {
  result = { code: 2, error: e.message };
}
if (a.screenshot) await page.screenshot({ path: a.screenshot }).catch(() => {});
await close();
console.log(`${secs()} ${result.timedOut ? 'TIMED OUT waiting for the suite' : result.error ? `harness error: ${result.error}` : `suite finished, exit code ${result.code}`}`);
process.exit(result.code);
