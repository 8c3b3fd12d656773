import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { approvePlan, closeGatePlan, gateStateFromResponse, gateStateRequests, parseGateUrl, rollbackPlan, skipAnalysisPlan, suspendPlan } from '../../../../src/core/actions/flagger';
import { makeCanary } from '../status/canaryFixtures';

const body = { name: 'podinfo', namespace: 'test' };

describe('parseGateUrl', () => {
  const cases: [string, object][] = [
    ['http://flagger-loadtester.test/gate/check', { scheme: 'http', service: 'flagger-loadtester', namespace: 'test', port: 80, endpoint: 'gate/check' }],
    ['http://flagger-loadtester/gate/check', { scheme: 'http', service: 'flagger-loadtester', namespace: 'apps', port: 80, endpoint: 'gate/check' }],
    ['http://lt.tools.svc:8080/rollback/check', { scheme: 'http', service: 'lt', namespace: 'tools', port: 8080, endpoint: 'rollback/check' }],
    ['http://lt.tools.svc.cluster.local/gate/halt', { scheme: 'http', service: 'lt', namespace: 'tools', port: 80, endpoint: 'gate/halt' }],
    ['https://lt.tools.svc.example.internal/gate/approve/', { scheme: 'https', service: 'lt', namespace: 'tools', port: 443, endpoint: 'gate/approve' }],
  ];
  for (const [url, want] of cases) it(url, () => assert.deepEqual(parseGateUrl(url, 'apps'), want));
  it('explains what is not a reachable gate', () => {
    assert.match((parseGateUrl('http://flagger-loadtester.test/', 'x') as { error: string }).error, /not a loadtester gate/);
    assert.match((parseGateUrl('http://10.0.0.1/gate/check', 'x') as { error: string }).error, /IP address/);
    assert.match((parseGateUrl('http://gate.example.com/gate/check', 'x') as { error: string }).error, /not a cluster Service name/);
    assert.match((parseGateUrl('not a url', 'x') as { error: string }).error, /not a valid URL/);
    assert.match((parseGateUrl('http://lt.test/prefix/gate/check', 'x') as { error: string }).error, /path prefix/);
  });
});

describe('gate actions', () => {
  it('approve in WaitingPromotion opens the gate through the service proxy with the Canary name and namespace', () => {
    const p = approvePlan(makeCanary({ phase: 'WaitingPromotion', weight: 100 }));
    assert.equal(p.unavailable, undefined);
    assert.deepEqual(p.request, {
      service: 'flagger-loadtester',
      namespace: 'test',
      port: 80,
      scheme: 'http',
      proxyPath: '/api/v1/namespaces/test/services/flagger-loadtester:80/proxy/gate/open',
      method: 'POST',
      contentType: 'application/json',
      body,
    });
    assert.equal(p.webhook?.type, 'confirm-promotion');
    assert.match(p.describe, /stays open/);
  });
  it('approve in Waiting uses the confirm-rollout gate (https proxy syntax for https URLs)', () => {
    const p = approvePlan(makeCanary({ phase: 'Waiting', weight: 0, webhooks: [{ name: 'start', type: 'confirm-rollout', url: 'https://lt.tools:8443/gate/check' }] }));
    assert.equal(p.request?.proxyPath, '/api/v1/namespaces/tools/services/https:lt:8443/proxy/gate/open');
    assert.deepEqual(p.request?.body, body);
  });
  it('approve is unavailable, with the reason, when not waiting, without a gate, or with halt/approve endpoints', () => {
    assert.match(approvePlan(makeCanary({ phase: 'Succeeded' })).unavailable!, /not waiting for approval \(phase Succeeded\)/);
    assert.match(approvePlan(makeCanary({ phase: 'Waiting' })).unavailable!, /no confirm-rollout webhook pointing at a Flagger loadtester gate/);
    assert.match(approvePlan(makeCanary({ phase: 'WaitingPromotion', webhooks: [{ name: 'g', type: 'confirm-promotion', url: 'http://lt.test/gate/halt' }] })).unavailable!, /\/gate\/halt, which always refuses/);
    assert.match(approvePlan(makeCanary({ phase: 'WaitingPromotion', webhooks: [{ name: 'g', type: 'confirm-promotion', url: 'http://lt.test/gate/approve' }] })).unavailable!, /always passes/);
    assert.match(
      approvePlan(makeCanary({ phase: 'WaitingPromotion', webhooks: [{ name: 'g', type: 'confirm-promotion', url: 'http://gate.example.com/gate/check' }] })).unavailable!,
      /has a confirm-promotion webhook 'g', but the webhook host/,
    );
  });
  it('close gate and roll back', () => {
    assert.equal(closeGatePlan(makeCanary()).request?.proxyPath, '/api/v1/namespaces/test/services/flagger-loadtester:80/proxy/gate/close');
    const r = rollbackPlan(makeCanary({ phase: 'Progressing' }));
    assert.equal(r.request?.proxyPath, '/api/v1/namespaces/test/services/flagger-loadtester:80/proxy/rollback/open');
    assert.deepEqual(r.request?.body, body);
    assert.match(rollbackPlan(makeCanary({ phase: 'Succeeded' })).unavailable!, /only calls rollback webhooks during an analysis/);
    assert.match(rollbackPlan(makeCanary({ webhooks: [] })).unavailable!, /no rollback webhook/);
  });
  it('gate state reads: check endpoints, fixed halt/approve, 200 open / 403 closed', () => {
    const reads = gateStateRequests(
      makeCanary({
        webhooks: [
          { name: 'a', type: 'confirm-promotion', url: 'http://lt.test/gate/check' },
          { name: 'b', type: 'confirm-rollout', url: 'http://lt.test/gate/halt' },
          { name: 'c', type: 'rollback', url: 'http://lt.test/rollback/check' },
        ],
      }),
    );
    assert.deepEqual(
      reads.map((r) => r.request?.proxyPath ?? r.fixed),
      ['/api/v1/namespaces/test/services/lt:80/proxy/gate/check', 'closed', '/api/v1/namespaces/test/services/lt:80/proxy/rollback/check'],
    );
    assert.deepEqual([200, 403, 502].map(gateStateFromResponse), ['open', 'closed', 'unknown']);
  });
});

describe('spec-changing Flagger actions', () => {
  it('skip analysis and suspend are merge patches with a manifest edit', () => {
    const p = skipAnalysisPlan(makeCanary());
    assert.deepEqual(p.requests, [{ method: 'PATCH', subresource: undefined, contentType: 'application/merge-patch+json', body: { spec: { skipAnalysis: true } } }]);
    assert.deepEqual(p.manifestEdit, { path: ['spec', 'skipAnalysis'], value: true });
    assert.deepEqual(p.target, { group: 'flagger.app', version: 'v1beta1', plural: 'canaries', kind: 'Canary', namespace: 'test', name: 'podinfo' });
    assert.equal(p.warning, undefined);
    assert.deepEqual(suspendPlan(makeCanary()).requests[0].body, { spec: { suspend: true } });
    assert.deepEqual(suspendPlan(makeCanary({ spec: { suspend: true } }), false).requests[0].body, { spec: { suspend: false } });
    assert.match(suspendPlan(makeCanary({ spec: { suspend: true } })).noop!, /already suspended/);
  });
  it('warns when the object is managed by GitOps', () => {
    const argo = makeCanary({ metadata: { annotations: { 'argocd.argoproj.io/tracking-id': 'shop:flagger.app/Canary:test/podinfo' } } });
    assert.match(skipAnalysisPlan(argo).warning!, /Argo CD application 'shop'.*revert/);
    const flux = makeCanary({ metadata: { labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' } } });
    assert.match(suspendPlan(flux).warning!, /Flux Kustomization 'flux-system\/apps'/);
  });
});

describe('several loadtesters', () => {
  it('approve opens every distinct loadtester gate of the awaited type, once each', () => {
    const p = approvePlan(
      makeCanary({
        phase: 'WaitingPromotion',
        webhooks: [
          { name: 'a', type: 'confirm-promotion', url: 'http://lt.test/gate/check' },
          { name: 'a2', type: 'confirm-promotion', url: 'http://lt.test.svc.cluster.local/gate/check' },
          { name: 'b', type: 'confirm-promotion', url: 'http://other.tools:8080/gate/check' },
        ],
      }),
    );
    assert.deepEqual(
      p.requests?.map((r) => r.proxyPath),
      ['/api/v1/namespaces/test/services/lt:80/proxy/gate/open', '/api/v1/namespaces/tools/services/other:8080/proxy/gate/open'],
    );
    assert.equal(p.request, p.requests?.[0]);
  });
  it('a confirm gate pointing at the rollback endpoint cannot be approved', () => {
    assert.match(approvePlan(makeCanary({ phase: 'Waiting', webhooks: [{ name: 'x', type: 'confirm-rollout', url: 'http://lt.test/rollback/check' }] })).unavailable!, /rollback gate/);
  });
});
