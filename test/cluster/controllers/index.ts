/**
 * The simulated controllers of the test cluster: the Kubernetes ReplicaSet and Deployment
 * controllers (just enough for pods to exist and become ready), Argo Rollouts (Rollouts,
 * AnalysisRuns, Experiments) and Flagger (Canaries, with the Flagger loadtester served behind the API
 * server's service proxy). They talk to the API server's store through `ObjectStore` only, the way
 * real controllers talk through the API: subscribe to changes, read, write spec via `update` and
 * status via `updateStatus`. Time comes from the injected `Clock` (see clock.ts).
 */
import type { Clock, ObjectStore, StoreEvent } from '../store/objectStore';
import { ReplicaSetController } from './workloads/replicaSetController';
import { DeploymentController } from './workloads/deploymentController';
import { RolloutController } from './argo/rolloutController';
import { AnalysisRunController } from './argo/analysisRunController';
import { ExperimentController } from './argo/experimentController';
import { CanaryController } from './flagger/canaryController';
import { Loadtester, LOADTESTER_SERVICE, ensureLoadtesterService, type ServiceProxyHandler } from './flagger/loadtester';
import { GVR, keyOf, sameGvr } from './kube';
import { ObjectCache } from './cache';

export { FakeClock, RealClock } from './clock';
export { Loadtester, LOADTESTER_SERVICE } from './flagger/loadtester';
export type { ServiceProxyHandler, ServiceProxyRequest, ServiceProxyResponse } from './flagger/loadtester';
export { GVR, OUTCOME_ANNOTATION } from './kube';

/** What the API server offers the controllers (all optional, so a bare store works in unit tests). */
export interface ControllerHost {
  registerServiceProxy?(namespace: string, name: string, port: number, handler: any): unknown;
}

export interface ControllerOptions {
  /** How long a new pod stays Pending before it is Running and Ready (default 1000 ms). */
  podStartMs?: number;
  log?: (msg: string) => void;
  /** Skip creating the loadtester's Service object (it is still served in-process). */
  noLoadtesterService?: boolean;
  /** Periodic full resync on the clock, like an informer's resync period (default 300 000 ms; 0 disables). */
  resyncMs?: number;
}

export interface Controllers {
  readonly loadtester: Loadtester;
  /** The loadtester as a service-proxy handler (what is registered with the API server). */
  readonly loadtesterHandler: ServiceProxyHandler;
  /** Requeues everything (e.g. after objects were loaded while the controllers were stopped). */
  resync(): void;
  stop(): void;
}

export function startControllers(store: ObjectStore, clock: Clock, cluster?: ControllerHost, options: ControllerOptions = {}): Controllers {
  const log = options.log ?? (() => {});
  const podStartMs = options.podStartMs ?? 1000;
  const loadtester = new Loadtester();
  const loadtesterHandler = loadtester.proxyHandler();
  // Controllers read through an informer cache (as real ones do) and write to the store.
  const cache = new ObjectCache(store, [GVR.pods, GVR.replicaSets, GVR.deployments, GVR.rollouts, GVR.analysisRuns, GVR.experiments, GVR.canaries, GVR.services, GVR.analysisTemplates, GVR.clusterAnalysisTemplates, GVR.metricTemplates]);
  const replicaSets = new ReplicaSetController(cache, clock, { podStartMs, log });
  const deployments = new DeploymentController(cache, clock, log);
  const rollouts = new RolloutController(cache, clock, log);
  const analysisRuns = new AnalysisRunController(cache, clock, log);
  const experiments = new ExperimentController(cache, clock, log);
  const canaries = new CanaryController(cache, clock, loadtester, log);

  const route = (e: Pick<StoreEvent, 'gvr' | 'object'>) => {
    const { gvr, object } = e;
    if (sameGvr(gvr, GVR.replicaSets)) {
      replicaSets.observe('replicasets', object);
      deployments.observe('replicasets', object);
      experiments.observe(object);
      rollouts.observe(object);
    } else if (sameGvr(gvr, GVR.pods)) replicaSets.observe('pods', object);
    else if (sameGvr(gvr, GVR.deployments)) {
      deployments.observe('deployments', object);
      canaries.observe(object);
    } else if (sameGvr(gvr, GVR.rollouts)) rollouts.observe(object);
    else if (sameGvr(gvr, GVR.analysisRuns)) {
      analysisRuns.observe(object);
      rollouts.observe(object);
    } else if (sameGvr(gvr, GVR.experiments)) {
      experiments.observe(object);
      rollouts.observe(object);
    } else if (sameGvr(gvr, GVR.analysisTemplates) || sameGvr(gvr, GVR.clusterAnalysisTemplates)) rollouts.observe(object);
    else if (sameGvr(gvr, GVR.canaries) || sameGvr(gvr, GVR.metricTemplates)) canaries.observe(object);
  };
  const unsubscribe = store.subscribe(route);

  if (!options.noLoadtesterService) ensureLoadtesterService(store);
  cluster?.registerServiceProxy?.(LOADTESTER_SERVICE.namespace, LOADTESTER_SERVICE.name, LOADTESTER_SERVICE.port, loadtesterHandler);

  const resync = () => {
    for (const gvr of [GVR.replicaSets, GVR.deployments, GVR.rollouts, GVR.analysisRuns, GVR.experiments, GVR.canaries]) {
      for (const object of cache.list(gvr)) route({ gvr, object: object });
    }
  };
  resync();
  // Events and precise requeues drive everything; the periodic resync is the safety net real controllers have.
  const resyncMs = options.resyncMs ?? 300_000;
  let cancelResync: (() => void) | undefined;
  const scheduleResync = () => {
    if (resyncMs > 0) cancelResync = clock.setTimeout(() => (resync(), scheduleResync()), resyncMs);
  };
  scheduleResync();
  return {
    loadtester,
    loadtesterHandler,
    resync,
    stop() {
      cancelResync?.();
      unsubscribe();
      for (const c of [replicaSets, deployments, rollouts, analysisRuns, experiments, canaries]) c.queue.stop();
      canaries.stop();
      cache.dispose();
    },
  };
}

export { keyOf };
