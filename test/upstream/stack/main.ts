/**
 * `npm run cluster -- --upstream [--port N] [--kubeconfig FILE] [--fixtures DIR] [--scenario demo|e2e]
 *   [--no-controllers] [--engines argo,flagger|none]`: the real stack with the fake's flags and output
 * (test/cluster/main.ts dispatches here). Stops every process it started on Ctrl-C or SIGTERM.
 */
import type { TestClusterOptions } from '../../cluster/index';
import { startClusterBackend } from '../backend';

export async function runUpstreamCluster(options: TestClusterOptions): Promise<void> {
  // The fake's standalone extras (fault endpoint) have no upstream counterpart.
  const { faultEndpoint: _f, ...rest } = options;
  const cluster = await startClusterBackend({ ...rest, backend: 'upstream' });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the upstream stack`);
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
  if (cluster.fixtures) {
    console.log(`fixtures: ${cluster.fixtures.loaded} objects applied from ${options.fixturesDir}`);
    for (const s of cluster.fixtures.skipped) console.log(`  skipped ${s.file}: ${s.reason}`);
  }
  const up = cluster.upstream!;
  console.log(`upstream cluster listening on ${cluster.url} (controllers ${options.controllers === false ? 'off' : 'on'}; run dir ${up.runDir})`);
  for (const p of up.processes) console.log(`  ${p.name}: pid ${p.pid}`);
  console.log(`kubeconfig: ${cluster.kubeconfigPath}`);
  console.log(`contexts: ${cluster.users.map((u) => `${cluster.contextFor(u.name)} (${u.name})`).join(', ')}`);
  if (up.binaries.kubectl) console.log(`kubectl of the server's release: ${up.binaries.kubectl}`);
  console.log(`export KUBECONFIG=${cluster.kubeconfigPath}`);
}
