/**
 * One switch between the two cluster backends the integration tests, the demo and `npm run cluster`
 * can run on:
 *
 * - `fake` (default): test/cluster, our own API server and simulated controllers, Node only;
 * - `upstream`: test/upstream/stack, the real kube-apiserver, controllers, Argo Rollouts and Flagger.
 *
 * `ROLLOUT_LENS_BACKEND=upstream` (or `options.backend`) chooses. Both hand back the same kubeconfig
 * contract (file, context names, users), so a test written against `ClusterBackend` runs on either.
 * What only one backend has (the fake's store and fault injection; upstream's etcd, binaries and
 * network namespace) stays on the backend-specific handle, reachable through `fake` / `upstream`.
 */
import { startTestCluster, type TestCluster, type TestClusterOptions } from '../cluster/index';
import type { FixtureReport } from '../cluster/fixtures';
import { SCENARIO_SERVICES, applyFixturesDir, startUpstreamScenario } from './stack/scenario';
import { startUpstreamCluster, type ClusterContract, type UpstreamCluster, type UpstreamClusterOptions } from './stack/index';

export type BackendName = 'fake' | 'upstream';

export interface ClusterBackend extends ClusterContract {
  readonly backend: BackendName;
  /** What `fixturesDir` loaded (and skipped, with reasons). */
  readonly fixtures?: FixtureReport;
  /** The fake's handle (store, faults, …) when backend is `fake`. */
  readonly fake?: TestCluster;
  /** The upstream handle (api, etcd, binaries, …) when backend is `upstream`. */
  readonly upstream?: UpstreamCluster;
}

/**
 * `apiServerArgs` and `auditPatches` configure the real kube-apiserver and mean nothing to the fake,
 * which has neither flags nor an audit log (its `onRequest` is the equivalent): the fake ignores them.
 */
export type ClusterBackendOptions = TestClusterOptions & Pick<UpstreamClusterOptions, 'log' | 'readyTimeoutMs' | 'simulatedServices' | 'apiServerArgs' | 'auditPatches'> & { backend?: BackendName };

/** The backend chosen by ROLLOUT_LENS_BACKEND (fake when unset). */
export function selectedBackend(env: NodeJS.ProcessEnv = process.env): BackendName {
  const v = (env.ROLLOUT_LENS_BACKEND ?? 'fake').trim().toLowerCase();
  if (v === '' || v === 'fake') return 'fake';
  if (v === 'upstream') return 'upstream';
  throw new Error(`ROLLOUT_LENS_BACKEND must be "fake" or "upstream", not "${env.ROLLOUT_LENS_BACKEND}"`);
}

/**
 * Starts the chosen backend. `controllers` keeps the fake's meaning on both: false (the default) is
 * an API server with the CRDs and nothing acting on objects; true adds the controllers. Options only
 * the fake understands (clock, faults, watch tuning) are rejected on upstream rather than ignored.
 */
export async function startClusterBackend(options: ClusterBackendOptions = {}): Promise<ClusterBackend> {
  const backend = options.backend ?? selectedBackend();
  if (backend === 'fake') {
    const fake = await startTestCluster(options);
    return {
      backend,
      url: fake.url,
      port: fake.port,
      kubeconfigPath: fake.kubeconfigPath,
      contextName: fake.contextName,
      token: fake.token,
      users: fake.users,
      fixtures: fake.fixtures,
      contextFor: (u) => fake.contextFor(u),
      tokenFor: (u) => fake.tokenFor(u),
      stop: () => fake.stop(),
      fake,
    };
  }
  const fakeOnly = (['clock', 'bookmarkIntervalMs', 'defaultWatchTimeoutSeconds', 'historyLimit', 'aggregatedDiscovery', 'faultEndpoint', 'onRequest'] as const).filter((k) => options[k] !== undefined);
  if (fakeOnly.length) throw new Error(`the upstream backend has no ${fakeOnly.join(', ')} (options of the fake cluster only)`);
  const upstream = await startUpstreamCluster({
    port: options.port,
    kubeconfigPath: options.kubeconfigPath,
    users: options.users,
    controllers: options.controllers ?? false,
    engines: options.engines,
    log: options.log,
    readyTimeoutMs: options.readyTimeoutMs,
    apiServerArgs: options.apiServerArgs,
    auditPatches: options.auditPatches,
    simulatedServices: [...(options.simulatedServices ?? []), ...(options.scenario ? SCENARIO_SERVICES : [])],
  });
  let scenario: { stop(): void } | undefined;
  let fixtures: FixtureReport | undefined;
  try {
    if (options.fixturesDir) fixtures = await applyFixturesDir(upstream, options.fixturesDir);
    if (options.scenario) scenario = await startUpstreamScenario(upstream, options.scenario);
  } catch (e) {
    await upstream.stop();
    throw e;
  }
  return {
    backend,
    url: upstream.url,
    port: upstream.port,
    kubeconfigPath: upstream.kubeconfigPath,
    contextName: upstream.contextName,
    token: upstream.token,
    users: upstream.users,
    fixtures,
    contextFor: (u) => upstream.contextFor(u),
    tokenFor: (u) => upstream.tokenFor(u),
    stop: async () => {
      scenario?.stop();
      await upstream.stop();
    },
    upstream,
  };
}
