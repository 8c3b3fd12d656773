/**
 * `npm run cluster -- [--port N] [--kubeconfig FILE] [--fixtures DIR] [--scenario NAME] [--no-controllers]
 *   [--engines argo,flagger|none]`
 * Starts the test cluster standalone (for the demo and for poking at it with kubectl), prints the
 * kubeconfig path and an `export KUBECONFIG=...` line, and stops cleanly on Ctrl-C or SIGTERM.
 * Fault injection is available to the admin user at `POST /_faults/<name>` (see index.ts faultRoute).
 */
import { USAGE, parseClusterArgs } from './cliArgs';
import { startTestCluster } from './index';

async function main(): Promise<void> {
  let options: ReturnType<typeof parseClusterArgs>;
  try {
    options = parseClusterArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  if (options.upstream) {
    // The real control plane and controllers, with the same flags and output (test/upstream/stack/main.ts).
    const { runUpstreamCluster } = await import('../upstream/stack/main');
    await runUpstreamCluster(options);
    return;
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
