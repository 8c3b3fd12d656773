/**
 * Reference checks for the service-mesh objects a Rollout's traffic router patches: Istio
 * VirtualServices and AWS App Mesh VirtualRouters (argoproj/argo-rollouts
 * pkg/apis/rollouts/validation/validation_references.go).
 *
 * Istio mirrors validation_references.go `ValidateVirtualService` and rollout/trafficrouting/istio/
 * istio.go `ValidateHTTPRoutes` / `ValidateTlsRoutes` / `ValidateTcpRoutes`: each of spec.http,
 * spec.tls and spec.tcp that the VirtualService has is validated on its own (the HTTP routes even
 * when the rollout only names TLS routes, as upstream does); only when it has none of the three is
 * that an error. The routes the controller would patch must route to both the stable and the canary
 * service (or DestinationRule subsets). TLS routes are picked by port + the exact set of SNI hosts of
 * their match blocks, TCP routes by port (`searchTlsRoute` / `searchTcpRoute`); with no
 * tlsRoutes/tcpRoutes in the rollout the first route is the one patched.
 *
 * App Mesh mirrors `ValidateAppMeshResource` / `ValidateAppMeshVirtualRouter`: the object reached
 * through the App Mesh VirtualService's `spec.provider.virtualRouter.virtualRouterRef` must be a
 * VirtualRouter whose every route (httpRoute, tcpRoute, http2Route or grpcRoute) has exactly two
 * weightedTargets. A virtual service without a virtual router is the controller's
 * `Virtual-service is not associated with virtual-router` (rollout/controller.go
 * `getReferencedAppMeshResources`).
 *
 * Upstream reports these on the referenced object's fields; we put them on the rollout's field that
 * names it (the message keeps upstream's path and value).
 */
import { codeAndSeverity, type FindingCodeInfo } from '../findings';
import { goValue, withAdvice } from '../rules/ruleKit';
import { asArray, asOptionalObject, asString, at, valueText, type JsonObject } from '../util/json';
import type { ReferenceProblem } from './referenceChecks';
import type { ReferenceSite } from './references';

type RouteKind = 'HTTP' | 'TLS' | 'TCP';

/** The routes' destinations must include both the stable and the canary (istio.go `validateVirtualServiceRouteDestinations`). */
function destinationsProblem(route: JsonObject, rollout: JsonObject): string | undefined {
  const canary = asOptionalObject(at(rollout, 'spec', 'strategy', 'canary')) ?? {};
  // Without canary/stable services, ping-pong's two services take turns (GetStableAndCanaryServices);
  // a rollout may set both when ALB uses ping-pong and Istio the canary/stable pair.
  const pingPong = asOptionalObject(canary.pingPong);
  const usePingPong = pingPong && !asString(canary.stableService) && !asString(canary.canaryService);
  const stableSvc = usePingPong ? asString(pingPong.pingService) : asString(canary.stableService);
  const canarySvc = usePingPong ? asString(pingPong.pongService) : asString(canary.canaryService);
  const dr = asOptionalObject(at(canary, 'trafficRouting', 'istio', 'destinationRule'));
  const dests = asArray(route.route).map((d) => asOptionalObject(at(d, 'destination')) ?? {});
  // istio.go getHost: the host up to its first dot ("svc.ns.svc.cluster.local" -> "svc").
  const hosts = dests.map((d) => asString(d.host).split('.')[0]);
  const subsets = dests.map((d) => asString(d.subset));
  if (dr) {
    const canarySubset = asString(dr.canarySubsetName);
    const stableSubset = asString(dr.stableSubsetName);
    if (!canarySubset || !subsets.includes(canarySubset)) return `Canary DestinationRule subset '${canarySubset}' not found in route`;
    if (!stableSubset || !subsets.includes(stableSubset)) return `Stable DestinationRule subset '${stableSubset}' not found in route`;
    return undefined;
  }
  if (!canarySvc || !hosts.includes(canarySvc)) return `Canary Service '${canarySvc}' not found in route`;
  if (!stableSvc || !hosts.includes(stableSvc)) return `Stable Service '${stableSvc}' not found in route`;
  return undefined;
}

/** istio.go getHttpRouteIndexesToPatch: named routes, else the first unnamed one. */
function httpRouteIndexes(names: string[], http: JsonObject[]): number[] | string {
  if (names.length === 0) {
    const i = http.findIndex((r) => !asString(r.name));
    return i >= 0 ? [i] : [];
  }
  const out: number[] = [];
  for (const n of names) {
    const i = http.findIndex((r) => asString(r.name) === n);
    if (i < 0) return `HTTP Route '${n}' is not found in the defined Virtual Service.`;
    out.push(i);
  }
  return out;
}

/** A route's match blocks name one port (0 when none), else the route never matches (searchTlsRoute/searchTcpRoute). */
function singlePort(route: JsonObject): number | undefined {
  const ports = new Set(asArray(route.match).map((m) => Number(at(m, 'port') ?? 0)));
  if (ports.size > 1) return undefined;
  return ports.size ? [...ports][0] : 0;
}

function sameHostSet(a: string[], b: string[]): boolean {
  // evaluate.Equal: sorted, length-sensitive comparison; the VirtualService side is already a set.
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** getTlsRouteIndexesToPatch / getTcpRouteIndexesToPatch. */
function portRouteIndexes(kind: 'TLS' | 'TCP', wanted: JsonObject[], routes: JsonObject[]): number[] | string {
  if (wanted.length === 0) return [0];
  const out: number[] = [];
  for (const w of wanted) {
    const port = Number(w.port ?? 0);
    const sni = asArray(w.sniHosts).map(String);
    const found = routes.flatMap((r, i) => {
      if (singlePort(r) !== port) return [];
      if (kind === 'TLS' && !sameHostSet(sni, [...new Set(asArray(r.match).flatMap((m) => asArray(at(m, 'sniHosts')).map(String)))])) return [];
      return [i];
    });
    if (found.length === 0) return `No matching ${kind} routes found in the defined Virtual Service.`;
    out.push(...found);
  }
  return out;
}

/** ValidateHTTPRoutes / ValidateTlsRoutes / ValidateTcpRoutes: the error text, or undefined. */
function routesProblem(kind: RouteKind, routes: JsonObject[], rollout: JsonObject, site: ReferenceSite): string | undefined {
  const istio = site.istio!;
  const named = kind === 'HTTP' ? istio.routes : kind === 'TLS' ? istio.tlsRoutes : istio.tcpRoutes;
  const indexes = kind === 'HTTP' ? httpRouteIndexes(istio.routes, routes) : portRouteIndexes(kind, kind === 'TLS' ? istio.tlsRoutes : istio.tcpRoutes, routes);
  if (typeof indexes === 'string') return indexes;
  for (const i of indexes) {
    // Upstream indexes route 0 of an empty spec.tls/spec.tcp list (a controller panic): nothing to report.
    if (i >= routes.length) continue;
    const p = destinationsProblem(routes[i], rollout);
    if (p) return p;
  }
  if (kind === 'HTTP') {
    // Routes the rollout manages itself (header/mirror routes) do not count (splitManagedRoutesAndNonManagedRoutes).
    const managed = new Set(asArray(at(rollout, 'spec', 'strategy', 'canary', 'trafficRouting', 'managedRoutes')).map((m) => asString(at(m, 'name'))));
    const unmanaged = routes.filter((r) => !managed.has(asString(r.name)));
    if (named.length === 0 && unmanaged.length > 1) return 'spec.http[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.routes';
    return undefined;
  }
  const lower = kind.toLowerCase();
  if (named.length === 0 && routes.length > 1) return `spec.${lower}[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.${lower}Routes`;
  return undefined;
}

const ROUTE_KEYS: [RouteKind, string][] = [
  ['HTTP', 'http'],
  ['TLS', 'tls'],
  ['TCP', 'tcp'],
];

const ISTIO_VIRTUAL_SERVICE: FindingCodeInfo = {
  code: 'argo/istio-virtual-service',
  defaultSeverity: 'error',
  description: 'The Istio VirtualService lacks the HTTP, TLS or TCP routes the rollout manages, or such a route lacks the stable or canary destination.',
};

/** The Istio VirtualService a rollout names (validation_references.go `ValidateVirtualService`). */
export function checkVirtualService(site: ReferenceSite, vsvc: JsonObject, rollout: JsonObject): ReferenceProblem[] {
  if (site.role !== 'virtualService' || !site.istio) return [];
  const spec = asOptionalObject(vsvc.spec) ?? {};
  const problem = (upstream: string, advice: string): ReferenceProblem => ({
    ...codeAndSeverity(ISTIO_VIRTUAL_SERVICE),
    path: site.path,
    message: withAdvice(`${site.upstreamPath}: Invalid value: ${goValue(site.name)}: ${upstream}`, advice),
  });
  // unstructured.NestedSlice: a key holding a list counts, even an empty one.
  const present = ROUTE_KEYS.filter(([, key]) => Array.isArray(spec[key]));
  if (present.length === 0) return [problem('Unable to get any of the HTTP, TCP or TLS routes for the Istio VirtualService', 'give the VirtualService the http, tls or tcp routes the rollout shifts traffic on.')];
  const out: ReferenceProblem[] = [];
  for (const [kind, key] of present) {
    const p = routesProblem(
      kind,
      asArray(spec[key]).map((r) => asOptionalObject(r) ?? {}),
      rollout,
      site,
    );
    if (!p) continue;
    const what = kind === 'HTTP' ? 'http routes (virtualService.routes names them)' : `${key} routes (virtualService.${key}Routes selects them by port${kind === 'TLS' ? ' and SNI hosts' : ''})`;
    out.push(problem(`Istio VirtualService has invalid ${kind} routes. Error: ${p}`, `the VirtualService must have the ${what} the rollout manages, each with both the stable and the canary destination.`));
  }
  return out;
}

const APPMESH_ROUTE_TYPES = ['httpRoute', 'tcpRoute', 'http2Route', 'grpcRoute'];

/**
 * The App Mesh VirtualService's router, as `getReferencedAppMeshResources` finds it: its name and
 * namespace, or undefined when the virtual service has no virtualRouter provider.
 */
export function appMeshRouterRef(vsvc: JsonObject): { name: string; namespace?: string } | undefined {
  const ref = asOptionalObject(at(vsvc, 'spec', 'provider', 'virtualRouter', 'virtualRouterRef'));
  if (!ref) return undefined;
  return { name: asString(ref.name), namespace: asString(ref.namespace) || undefined };
}

const APPMESH_VIRTUAL_ROUTER: FindingCodeInfo = {
  code: 'argo/appmesh-virtual-router',
  defaultSeverity: 'error',
  description: 'The App Mesh VirtualService routes through no VirtualRouter, or a route of its VirtualRouter does not have exactly 2 weightedTargets.',
};

/** An App Mesh VirtualService that routes through no VirtualRouter cannot be split by the rollout. */
export function checkAppMeshVirtualService(site: ReferenceSite, vsvc: JsonObject): ReferenceProblem[] {
  if (site.role !== 'appMeshVirtualService' || appMeshRouterRef(vsvc)) return [];
  return [
    {
      ...codeAndSeverity(APPMESH_VIRTUAL_ROUTER),
      path: site.path,
      message: withAdvice('Virtual-service is not associated with virtual-router', `set spec.provider.virtualRouter.virtualRouterRef on App Mesh VirtualService ${site.name}: the rollout shifts weights on that router's routes.`),
    },
  ];
}

/** validation_references.go `ValidateAppMeshResource` on the router the virtual service points at. */
export function checkAppMeshRouter(site: ReferenceSite, router: JsonObject): ReferenceProblem[] {
  if (site.role !== 'appMeshVirtualService') return [];
  const name = asString(at(router, 'metadata', 'name'));
  const problem = (fieldPath: string, value: unknown, upstream: string, advice: string): ReferenceProblem[] => [
    {
      ...codeAndSeverity(APPMESH_VIRTUAL_ROUTER),
      path: site.path,
      message: withAdvice(`${fieldPath}: Invalid value: ${goValue(value)}: ${upstream}`, advice),
    },
  ];
  const kind = asString(router.kind);
  if (kind !== 'VirtualRouter') return problem('kind', kind, `Expected object kind to be VirtualRouter but is ${kind}`, 'point spec.provider.virtualRouter.virtualRouterRef at an App Mesh VirtualRouter.');
  const routes = at(router, 'spec', 'routes');
  if (!Array.isArray(routes) || routes.length === 0) return problem('spec.routes', name, `No routes defined for AppMesh virtual-router ${name}`, 'add a route whose action has the stable and the canary virtual nodes as weightedTargets.');
  for (let i = 0; i < routes.length; i++) {
    const route = asOptionalObject(routes[i]);
    if (!route) return problem(`spec.routes[${i}]`, name, `Invalid route was found for AppMesh virtual-router ${name} at index ${i}`, 'each route must be a mapping.');
    // Go prints a missing name as %!s(<nil>).
    const routeName = route.name === undefined || route.name === null ? '%!s(<nil>)' : valueText(route.name);
    const type = APPMESH_ROUTE_TYPES.find((t) => asOptionalObject(route[t]));
    if (!type) return problem(`spec.routes[${i}]`, name, `Error getting route details for AppMesh virtual-router ${name} and route ${routeName}. Error: Route has unsupported route type`, `use one of ${APPMESH_ROUTE_TYPES.join(', ')}.`);
    const where = `spec.routes[${i}].${type}.action.weightedTargets`;
    const targets = at(route, type, 'action', 'weightedTargets');
    if (!Array.isArray(targets)) return problem(where, name, `Invalid route action found for AppMesh virtual-router ${name} and route ${routeName}`, 'the route action needs weightedTargets: the stable and the canary virtual node.');
    if (targets.length !== 2)
      return problem(where, name, `Invalid number of weightedTargets (${targets.length}) for AppMesh virtual-router ${name} and route ${routeName}, expected 2`, 'list exactly the stable and the canary virtual node as weightedTargets.');
  }
  return [];
}

/** For the finding-code catalogue (src/core/validation/findingCodes.ts). */
export const TRAFFIC_ROUTER_CODES: readonly FindingCodeInfo[] = [ISTIO_VIRTUAL_SERVICE, APPMESH_VIRTUAL_ROUTER];
