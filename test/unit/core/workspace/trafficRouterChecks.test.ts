import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { checkAppMeshRouter } from '../../../../src/core/workspace/trafficRouterChecks';
import type { ReferenceSite } from '../../../../src/core/workspace/references';
import { WorkspaceIndex } from '../../../../src/core/workspace/workspaceIndex';

// Upstream's own e2e manifests (test/fixtures/corpus, marked valid in INDEX.json), then mutated.
const CORPUS = 'test/fixtures/corpus/argo-rollouts/files/test/e2e';
const TLS_ONLY = fs.readFileSync(`${CORPUS}/istio/istio-host-only-tls-split.yaml`, 'utf8');
const HTTP_TLS = fs.readFileSync(`${CORPUS}/istio/istio-host-http-tls-split.yaml`, 'utf8');
const APPMESH = fs.readFileSync(`${CORPUS}/appmesh/appmesh-canary-rollout.yaml`, 'utf8');

function findings(files: Record<string, string>, uri: string) {
  const ix = new WorkspaceIndex();
  for (const [u, t] of Object.entries(files)) ix.setFile(u, t);
  return ix.referenceFindings(uri);
}
const one = (text: string) => findings({ 'file:///repo/x.yaml': text }, 'file:///repo/x.yaml');
const messages = (text: string) =>
  one(text)
    .filter((f) => f.severity === 'error')
    .map((f) => f.message.split(' — ')[0]);
const replace = (text: string, from: string, to: string) => {
  assert.ok(text.includes(from), `fixture contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
};

test('upstream Istio TLS examples (TLS only, HTTP + TLS) and the App Mesh example have no reference errors', () => {
  for (const text of [TLS_ONLY, HTTP_TLS, APPMESH]) assert.deepEqual(messages(text), []);
});

test("Istio TLS routes: the rollout's tlsRoutes select VirtualService tls routes by port and the exact set of SNI hosts", () => {
  const VS = 'spec.strategy.canary.trafficRouting.istio.virtualService.name: Invalid value: "istio-host-split-tls-vsvc": Istio VirtualService has invalid TLS routes. Error: ';
  // Another port, or another SNI set (a subset is not enough), finds no route.
  assert.deepEqual(messages(replace(TLS_ONLY, '            - port: 3000', '            - port: 3001')), [VS + 'No matching TLS routes found in the defined Virtual Service.']);
  assert.deepEqual(messages(replace(TLS_ONLY, '              sniHosts:\n              - istio-host-split-tls\n', '              sniHosts:\n              - istio-host-split-tls\n              - other.example\n')), [
    VS + 'No matching TLS routes found in the defined Virtual Service.',
  ]);
  // The same SNI hosts in another order, spread over match blocks with one port, still match.
  const twoHosts = replace(TLS_ONLY, '    - port: 3000\n      sniHosts:\n      - istio-host-split-tls\n', '    - port: 3000\n      sniHosts:\n      - b.example\n    - port: 3000\n      sniHosts:\n      - a.example\n');
  assert.deepEqual(messages(replace(twoHosts, '              sniHosts:\n              - istio-host-split-tls\n', '              sniHosts:\n              - a.example\n              - b.example\n')), []);
  // Match blocks with two ports never match.
  assert.deepEqual(
    messages(replace(TLS_ONLY, '    - port: 3000\n      sniHosts:\n      - istio-host-split-tls\n', '    - port: 3000\n      sniHosts:\n      - istio-host-split-tls\n    - port: 3001\n      sniHosts:\n      - istio-host-split-tls\n')),
    [VS + 'No matching TLS routes found in the defined Virtual Service.'],
  );
  // The matched route must have both destinations.
  assert.deepEqual(messages(replace(TLS_ONLY, '    - destination:\n        host: istio-host-split-tls-canary\n      weight: 0\n', '')), [VS + "Canary Service 'istio-host-split-tls-canary' not found in route"]);
  // Without tlsRoutes the first tls route is patched, and it must be the only one.
  const noSelector = replace(TLS_ONLY, '            tlsRoutes:\n            - port: 3000\n              sniHosts:\n              - istio-host-split-tls\n', '');
  assert.deepEqual(messages(noSelector), []);
  const tls = TLS_ONLY.slice(TLS_ONLY.indexOf('  tls:\n') + '  tls:\n'.length, TLS_ONLY.indexOf('\n---', TLS_ONLY.indexOf('  tls:\n')) + 1);
  assert.deepEqual(messages(replace(noSelector, tls, tls + tls)), [VS + 'spec.tls[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.tlsRoutes']);
  // The finding sits on the rollout's virtualService name.
  const f = one(replace(TLS_ONLY, '            - port: 3000', '            - port: 3001'))[0];
  assert.deepEqual(f.path, ['spec', 'strategy', 'canary', 'trafficRouting', 'istio', 'virtualService', 'name']);
  assert.equal(f.code, 'argo/istio-virtual-service');
});

test('Istio: HTTP and TLS routes are each validated; a VirtualService without http, tls or tcp is rejected', () => {
  assert.deepEqual(messages(HTTP_TLS), []);
  const http = messages(replace(HTTP_TLS, '            routes:\n            - primary\n', '            routes:\n            - secondary\n'));
  assert.equal(http.length, 1);
  assert.match(http[0], /invalid HTTP routes\. Error: HTTP Route 'secondary' is not found in the defined Virtual Service\.$/);
  const noRoutes = TLS_ONLY.replace(/ {2}tls:\n[\s\S]*?\n---/, '  gateways: [mesh]\n\n---');
  assert.deepEqual(messages(noRoutes), ['spec.strategy.canary.trafficRouting.istio.virtualService.name: Invalid value: "istio-host-split-tls-vsvc": Unable to get any of the HTTP, TCP or TLS routes for the Istio VirtualService']);
});

const TCP_ROLLOUT = (tcpRoutes: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: db}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: postgres}]}
  strategy:
    canary:
      canaryService: db-canary
      stableService: db-stable
      trafficRouting:
        istio:
          virtualService:
            name: db-vsvc
${tcpRoutes}      steps: [{setWeight: 10}]
`;
const TCP_VS = (routes: string) => `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: db-vsvc}
spec:
  hosts: [db]
  tcp:
${routes}`;
const TCP_ROUTE = (port: number, hosts = ['db-stable', 'db-canary']) => `  - match:\n    - port: ${port}\n    route:\n${hosts.map((h) => `    - destination: {host: ${h}}\n`).join('')}`;

test("Istio TCP routes: the rollout's tcpRoutes select VirtualService tcp routes by port", () => {
  const run = (ro: string, vs: string) =>
    findings({ 'file:///r.yaml': TCP_ROLLOUT(ro), 'file:///vs.yaml': TCP_VS(vs) }, 'file:///r.yaml')
      .filter((f) => f.code === 'argo/istio-virtual-service')
      .map((f) => f.message.split(' — ')[0].split(': Istio VirtualService ')[1]);
  const sel = (port: number) => `            tcpRoutes:\n            - port: ${port}\n`;
  assert.deepEqual(run(sel(5432), TCP_ROUTE(5432) + TCP_ROUTE(6432, ['db-stable'])), []);
  assert.deepEqual(run(sel(6432), TCP_ROUTE(5432) + TCP_ROUTE(6432, ['db-stable'])), ["has invalid TCP routes. Error: Canary Service 'db-canary' not found in route"]);
  assert.deepEqual(run(sel(7000), TCP_ROUTE(5432)), ['has invalid TCP routes. Error: No matching TCP routes found in the defined Virtual Service.']);
  assert.deepEqual(run('', TCP_ROUTE(5432)), []);
  assert.deepEqual(run('', TCP_ROUTE(5432) + TCP_ROUTE(6432)), [
    'has invalid TCP routes. Error: spec.tcp[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.tcpRoutes',
  ]);
});

test("App Mesh: each route of the virtual service's VirtualRouter needs exactly 2 weightedTargets", () => {
  const target = '            - virtualNodeRef:\n                name: my-vn-stable\n              weight: 100\n';
  const where = 'spec.routes[0].httpRoute.action.weightedTargets: Invalid value: "my-vrouter": ';
  assert.deepEqual(messages(replace(APPMESH, target, '')), [where + 'Invalid number of weightedTargets (1) for AppMesh virtual-router my-vrouter and route primary, expected 2']);
  assert.deepEqual(messages(replace(APPMESH, target, target + target.replace('my-vn-stable', 'my-vn-extra'))), [where + 'Invalid number of weightedTargets (3) for AppMesh virtual-router my-vrouter and route primary, expected 2']);
  const f = one(replace(APPMESH, target, '')).find((x) => x.severity === 'error')!;
  assert.equal(f.code, 'argo/appmesh-virtual-router');
  assert.deepEqual(f.path, ['spec', 'strategy', 'canary', 'trafficRouting', 'appMesh', 'virtualService', 'name']);
  // Unsupported route type and no routes at all.
  assert.deepEqual(messages(replace(APPMESH, '      httpRoute:\n', '      udpRoute:\n')), [
    'spec.routes[0]: Invalid value: "my-vrouter": Error getting route details for AppMesh virtual-router my-vrouter and route primary. Error: Route has unsupported route type',
  ]);
  // A virtual service served by a virtual node has no router to split traffic on.
  assert.deepEqual(messages(replace(APPMESH, '    virtualRouter:\n      virtualRouterRef:\n        name: my-vrouter\n', '    virtualNode:\n      virtualNodeRef:\n        name: my-vn-stable\n')), [
    'Virtual-service is not associated with virtual-router',
  ]);
});

test('App Mesh: a missing router or virtual service is an unresolved warning, never an error; an Istio VirtualService of the same name is not it', () => {
  const noRouter = APPMESH.replace(/---\napiVersion: appmesh\.k8s\.aws\/v1beta2\nkind: VirtualRouter\n[\s\S]*?\n---/, '---');
  const f = one(noRouter).filter((x) => x.path.includes('appMesh'));
  assert.deepEqual(
    f.map((x) => [x.code, x.severity]),
    [['references/unresolved', 'warning']],
  );
  assert.match(f[0].message, /^VirtualRouter "my-vrouter" was not found in the workspace/);
  // Adding the router in another file resolves it and re-checks the rollout.
  const ix = new WorkspaceIndex();
  ix.setFile('file:///repo/app.yaml', noRouter);
  assert.equal(ix.referenceFindings('file:///repo/app.yaml').filter((x) => x.path.includes('appMesh')).length, 1);
  const router = APPMESH.match(/apiVersion: appmesh\.k8s\.aws\/v1beta2\nkind: VirtualRouter\n[\s\S]*?\n(?=---)/)![0];
  ix.setFile('file:///repo/router.yaml', router);
  assert.deepEqual(
    ix.referenceFindings('file:///repo/app.yaml').filter((x) => x.path.includes('appMesh')),
    [],
  );
  ix.setFile('file:///repo/router.yaml', router.replace('            - virtualNodeRef:\n                name: my-vn-stable\n              weight: 100\n', ''));
  assert.match(ix.referenceFindings('file:///repo/app.yaml').find((x) => x.path.includes('appMesh'))!.message, /Invalid number of weightedTargets \(1\)/);
  // Only an Istio VirtualService named my-svc: the App Mesh one is still missing.
  const istioOnly = APPMESH.replace('apiVersion: appmesh.k8s.aws/v1beta2\nkind: VirtualService', 'apiVersion: networking.istio.io/v1beta1\nkind: VirtualService');
  assert.deepEqual(
    one(istioOnly)
      .filter((x) => x.path.includes('appMesh'))
      .map((x) => [x.code, x.message.split(' was ')[0]]),
    [['references/unresolved', 'VirtualService "my-svc"']],
  );
});

test('App Mesh: the referenced object must be a VirtualRouter (ValidateAppMeshResource kind check)', () => {
  const site: ReferenceSite = { path: ['spec'], upstreamPath: 'x', targetKind: 'VirtualService', name: 'my-svc', role: 'appMeshVirtualService' };
  assert.deepEqual(
    checkAppMeshRouter(site, { kind: 'VirtualNode', metadata: { name: 'my-vrouter' } }).map((p) => p.message.split(' — ')[0]),
    ['kind: Invalid value: "VirtualNode": Expected object kind to be VirtualRouter but is VirtualNode'],
  );
  assert.deepEqual(
    checkAppMeshRouter(site, { kind: 'VirtualRouter', metadata: { name: 'r' }, spec: {} }).map((p) => p.message.split(' — ')[0]),
    ['spec.routes: Invalid value: "r": No routes defined for AppMesh virtual-router r'],
  );
  const two = {
    weightedTargets: [
      { virtualNodeRef: { name: 'a' }, weight: 1 },
      { virtualNodeRef: { name: 'b' }, weight: 99 },
    ],
  };
  assert.deepEqual(
    checkAppMeshRouter(site, {
      kind: 'VirtualRouter',
      metadata: { name: 'r' },
      spec: {
        routes: [
          { name: 'g', grpcRoute: { action: two } },
          { name: 't', tcpRoute: { action: {} } },
        ],
      },
    }).map((p) => p.message.split(' — ')[0]),
    ['spec.routes[1].tcpRoute.action.weightedTargets: Invalid value: "r": Invalid route action found for AppMesh virtual-router r and route t'],
  );
});

test('the severity setting offers the traffic-router reference codes', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const props = pkg.contributes.configuration.properties['rolloutLens.rules.severity'].properties as Record<string, { enum: string[] }>;
  for (const code of ['argo/istio-virtual-service', 'argo/appmesh-virtual-router']) assert.deepEqual(props[code]?.enum, ['error', 'warning', 'info', 'off'], code);
});
