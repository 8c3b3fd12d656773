import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActionExecutor, describePatches } from '../../../src/k8s/actionExecutor';
import { AccessReviewer } from '../../../src/k8s/access';
import { mergePatch, statusFirst, type ActionPlan } from '../../../src/core/actions/plan';
import type { KubeRequest, KubeResponse, KubeTransport } from '../../../src/k8s/transport';
import { FakeTimers } from './fakes';

type Handler = (req: KubeRequest) => KubeResponse | Error;

function fakeTransport(handler: Handler) {
  const seen: KubeRequest[] = [];
  const t: KubeTransport = {
    server: 'https://fake',
    stats: { requests: 0, bytesIn: 0, bytesOut: 0 },
    request(req) {
      seen.push(req);
      const r = handler(req);
      if (r instanceof Error) return Promise.reject(r);
      return Promise.resolve(r);
    },
    watch() {
      throw new Error('not used');
    },
    dispose() {},
  };
  return { t, seen };
}

const target = { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts', kind: 'Rollout', namespace: 'shop', name: 'web' };
const base = '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web';
const abort: ActionPlan = { action: 'abort', target, requests: [statusFirst({ status: { abort: true } }, { status: { abort: true } })], describe: 'Aborts.' };

test('sends the plan exactly: method, path, content type, body; reports what changed', async () => {
  const { t, seen } = fakeTransport(() => ({ status: 200, body: '{}' }));
  const ex = new ActionExecutor({ context: 'prod', transport: t });
  const plan: ActionPlan = { action: 'promote', target, requests: [mergePatch({ status: { pauseConditions: null, currentStepIndex: 3 } }, 'status'), mergePatch({ spec: { paused: false } })], describe: 'Promotes.' };
  const out = await ex.execute(plan);
  assert.equal(out.ok, true);
  assert.deepEqual(
    seen.map((r) => [r.method, r.path, r.contentType, r.body]),
    [
      ['PATCH', `${base}/status`, 'application/merge-patch+json', '{"status":{"pauseConditions":null,"currentStepIndex":3}}'],
      ['PATCH', base, 'application/merge-patch+json', '{"spec":{"paused":false}}'],
    ],
  );
  assert.match(out.changed, /status\.pauseConditions cleared, status\.currentStepIndex → 3, spec\.paused → false/);
});

test('404 on /status sends the onNotFound request to the main resource, as upstream', async () => {
  const { t, seen } = fakeTransport((r) => (r.path.endsWith('/status') ? { status: 404, body: '{"kind":"Status","code":404,"reason":"NotFound","message":"not found"}' } : { status: 200, body: '{}' }));
  const out = await new ActionExecutor({ context: 'prod', transport: t }).execute(abort);
  assert.equal(out.ok, true);
  assert.equal(out.fellBack, true);
  assert.deepEqual(
    seen.map((r) => r.path),
    [`${base}/status`, base],
  );
});

test('a noop plan sends nothing and says why', async () => {
  const { t, seen } = fakeTransport(() => ({ status: 200, body: '{}' }));
  const out = await new ActionExecutor({ context: 'prod', transport: t }).execute({ ...abort, noop: 'already aborted' });
  assert.equal(seen.length, 0);
  assert.equal(out.noop, 'already aborted');
});

test('errors map to short messages; nothing is retried', async () => {
  const cases: [KubeResponse | Error, RegExp, string][] = [
    [{ status: 401, body: '{"kind":"Status","code":401,"reason":"Unauthorized","message":"Unauthorized"}' }, /Not authenticated in context prod/, 'unauthorized'],
    [{ status: 403, body: '{"kind":"Status","code":403,"reason":"Forbidden","message":"rollouts.argoproj.io \\"web\\" is forbidden"}' }, /Forbidden in context prod.*Rollout shop\/web/, 'forbidden'],
    [{ status: 409, body: '{"kind":"Status","code":409,"reason":"Conflict","message":"conflict"}' }, /changed by someone else/, 'conflict'],
    [Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' }), /did not answer in time.*Nothing was retried/, 'timeout'],
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), /Cannot reach the API server in context prod \(ECONNREFUSED\)/, 'unreachable'],
  ];
  for (const [answer, re, kind] of cases) {
    const { t, seen } = fakeTransport(() => answer);
    const out = await new ActionExecutor({ context: 'prod', transport: t }).execute(abort);
    assert.equal(out.ok, false);
    assert.match(out.message!, re);
    assert.equal(out.errorKind, kind);
    assert.equal(seen.length, 1, `${kind}: exactly one request, no retry, no fallback`);
  }
  const { t } = fakeTransport((r) => (r.path.endsWith('/status') ? { status: 404, body: '{}' } : { status: 404, body: '{"kind":"Status","code":404,"reason":"NotFound","message":"rollouts.argoproj.io \\"web\\" not found"}' }));
  const out = await new ActionExecutor({ context: 'prod', transport: t }).execute(abort);
  assert.match(out.message!, /Rollout shop\/web was not found in context prod/);
});

test('gates go through the service proxy; ≤202 is success, 403 closed', async () => {
  const { t, seen } = fakeTransport((r) => (r.path.endsWith('/gate/open') ? { status: 202, body: '' } : r.path.endsWith('/gate/check') ? { status: 403, body: 'Forbidden' } : { status: 503, body: 'no endpoints available' }));
  const ex = new ActionExecutor({ context: 'prod', transport: t });
  const proxy = '/api/v1/namespaces/test/services/flagger-loadtester:80/proxy';
  const ok = await ex.gate({ proxyPath: `${proxy}/gate/open`, method: 'POST', body: { name: 'podinfo', namespace: 'test' } }, 'Opened the gate.', { namespace: 'test', kind: 'Canary', name: 'podinfo' });
  assert.equal(ok.ok, true);
  assert.deepEqual([seen[0].method, seen[0].path, seen[0].contentType, seen[0].body], ['POST', `${proxy}/gate/open`, 'application/json', { name: 'podinfo', namespace: 'test' }]);
  assert.equal(await ex.gateState({ proxyPath: `${proxy}/gate/check`, method: 'POST', body: {} }), 'closed');
  const bad = await ex.gate({ proxyPath: `${proxy}/x`, method: 'POST', body: {} }, '', { namespace: 'test', kind: 'Canary', name: 'podinfo' });
  assert.equal(bad.ok, false);
  assert.equal(bad.errorKind, 'unreachable');
});

test('canI asks a SelfSubjectAccessReview once and caches it briefly; permitted checks /status too', async () => {
  const { t, seen } = fakeTransport((r) => {
    const attrs = JSON.parse(JSON.stringify(r.body)).spec.resourceAttributes;
    return { status: 201, body: JSON.stringify({ status: { allowed: attrs.subresource !== 'status' } }) };
  });
  const timers = new FakeTimers();
  const ex = new ActionExecutor({ context: 'prod', transport: t, access: new AccessReviewer(t, timers, 30_000) });
  assert.equal((await ex.canI('patch', 'argoproj.io', 'rollouts', undefined, 'shop', 'web')).allowed, true);
  await ex.canI('patch', 'argoproj.io', 'rollouts', undefined, 'shop', 'web');
  assert.equal(seen.length, 1);
  assert.deepEqual((seen[0].body as any).spec.resourceAttributes, { verb: 'patch', group: 'argoproj.io', resource: 'rollouts', namespace: 'shop', name: 'web' });
  await timers.advance(30_001);
  await ex.canI('patch', 'argoproj.io', 'rollouts', undefined, 'shop', 'web');
  assert.equal(seen.length, 2);
  const p = await ex.permitted(abort);
  assert.equal(p.allowed, false);
  assert.match(p.reason!, /rollouts\/status/);
});

test('describePatches lists leaf changes and JSON Patch operations', () => {
  assert.equal(describePatches([{ spec: { restartAt: '2026-01-01T00:00:00Z' } }]), 'spec.restartAt → "2026-01-01T00:00:00Z"');
  assert.equal(describePatches([[{ op: 'replace', path: '/spec/template', value: {} }]]), 'replace /spec/template');
});

test('a gate plan reaching two loadtesters: permission checked on each service proxy, both requests sent in order, stop at the first failure', async () => {
  const req = (ns: string, svc: string) => ({
    service: svc,
    namespace: ns,
    port: 80,
    scheme: 'http' as const,
    proxyPath: `/api/v1/namespaces/${ns}/services/${svc}:80/proxy/gate/open`,
    method: 'POST' as const,
    contentType: 'application/json' as const,
    body: { name: 'podinfo', namespace: 'test' },
  });
  const plan = {
    action: 'approve' as const,
    canary: { group: 'flagger.app', version: 'v1beta1', plural: 'canaries', kind: 'Canary', namespace: 'test', name: 'podinfo' },
    request: req('test', 'lt-a'),
    requests: [req('test', 'lt-a'), req('tools', 'lt-b')],
    describe: 'Opens the gates.',
  };
  const { t, seen } = fakeTransport((r) => {
    if (r.path.includes('selfsubjectaccessreviews')) {
      const attrs = (r.body as any).spec.resourceAttributes;
      return { status: 201, body: JSON.stringify({ status: { allowed: attrs.namespace !== 'tools' } }) };
    }
    return r.path.includes('/lt-a:80/') ? { status: 202, body: '' } : { status: 503, body: 'no endpoints available' };
  });
  const ex = new ActionExecutor({ context: 'prod', transport: t });
  const perm = await ex.gatePermitted(plan);
  assert.equal(perm.allowed, false);
  assert.match(perm.reason!, /service proxy of lt-b in namespace tools/);
  assert.deepEqual(
    seen.map((r) => (r.body as any).spec.resourceAttributes.name),
    ['lt-a:80', 'lt-b:80'],
  );
  seen.length = 0;
  const out = await ex.runGate(plan);
  assert.equal(out.ok, false, 'the second loadtester failed');
  assert.deepEqual(
    seen.map((r) => r.path),
    [plan.requests[0].proxyPath, plan.requests[1].proxyPath],
  );
  const none = await ex.runGate({ ...plan, request: undefined, requests: [], unavailable: 'no gate webhook' });
  assert.deepEqual([none.ok, none.message], [false, 'no gate webhook']);
});
