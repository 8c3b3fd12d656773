/**
 * `npm run cluster -- [--port N] [--kubeconfig FILE] [--fixtures DIR] [--scenario NAME] [--no-controllers]
 *   [--engines argo,flagger|none]`
 * Starts the test cluster standalone (for the demo and for poking at it with kubectl), prints the
 * kubeconfig path and an `export KUBECONFIG=...` line, and stops cleanly on Ctrl-C or SIGTERM.
 * Fault injection is available to the admin user at `POST /_faults/<name>` (see index.ts faultRoute).
 */
import type { Engine } from '../../src/core/kinds';
import { startTestCluster, type TestClusterOptions } from './index';

const USAGE = 'usage: npm run cluster -- [--port N] [--kubeconfig FILE] [--fixtures DIR] [--scenario NAME] [--no-controllers] [--engines argo,flagger|none]';

function parseArgs(argv: string[]): TestClusterOptions {
  const o: TestClusterOptions = { controllers: true, faultEndpoint: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--port') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--port must be a port number\n${USAGE}`);
      o.port = n;
    } else if (a === '--kubeconfig') o.kubeconfigPath = value();
    else if (a === '--fixtures') o.fixturesDir = value();
    else if (a === '--scenario') o.scenario = value();
    else if (a === '--no-controllers') o.controllers = false;
    else if (a === '--engines') {
      const v = value();
      const list = v === 'none' ? [] : v.split(',');
      for (const e of list) if (e !== 'argo' && e !== 'flagger') throw new Error(`unknown engine "${e}" (argo, flagger or none)\n${USAGE}`);
      o.engines = list as Engine[];
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  return o;
}

async function main(): Promise<void> {
  let options: TestClusterOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const cluster = await startTestCluster(options);
  if (cluster.fixtures) {
    console.log(`fixtures: ${cluster.fixtures.loaded} objects loaded from ${options.fixturesDir}`);
    for (const s of cluster.fixtures.skipped) console.log(`  skipped ${s.file}: ${s.reason}`);
  }
  console.log(`test cluster listening on ${cluster.url} (controllers ${options.controllers ? 'on' : 'off'})`);
  console.log(`kubeconfig: ${cluster.kubeconfigPath}`);
  console.log(`contexts: ${cluster.users.map((u) => `${cluster.contextFor(u.name)} (${u.name})`).join(', ')}`);
  console.log(`export KUBECONFIG=${cluster.kubeconfigPath}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping test cluster`);
    cluster.stop().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  console.error(`test cluster failed to start: ${(e as Error).message}`);
  process.exit(1);
});
