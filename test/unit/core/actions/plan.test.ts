import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promotePlan } from '../../../../src/core/actions/argo';
import { PlannedRequest, requestPath, runPlan } from '../../../../src/core/actions/plan';

const ro = {
  metadata: { name: 'web', namespace: 'prod' },
  spec: { paused: true, strategy: { canary: { steps: [{ pause: {} }, { setWeight: 50 }] } } },
  status: { currentStepIndex: 0, pauseConditions: [{ reason: 'CanaryPauseStep' }], currentPodHash: 'b', stableRS: 'a' },
};

describe('runPlan', () => {
  it('sends status first, then spec, to the right paths', async () => {
    const calls: [string, PlannedRequest][] = [];
    const res = await runPlan(promotePlan(ro), (path, req) => (calls.push([path, req]), Promise.resolve({ status: 200 })));
    assert.ok(res.ok);
    assert.deepEqual(
      calls.map(([p, r]) => [p, r.body]),
      [
        ['/apis/argoproj.io/v1alpha1/namespaces/prod/rollouts/web/status', { status: { pauseConditions: null } }],
        ['/apis/argoproj.io/v1alpha1/namespaces/prod/rollouts/web', { spec: { paused: false } }],
      ],
    );
  });
  it('on 404 from /status sends the unified patch instead of the rest (v0.9 CRDs)', async () => {
    const calls: [string, unknown][] = [];
    const res = await runPlan(promotePlan(ro), (path, req) => (calls.push([path, req.body]), Promise.resolve({ status: path.endsWith('/status') ? 404 : 200 })));
    assert.ok(res.ok && res.fellBack);
    assert.deepEqual(calls, [
      ['/apis/argoproj.io/v1alpha1/namespaces/prod/rollouts/web/status', { status: { pauseConditions: null } }],
      ['/apis/argoproj.io/v1alpha1/namespaces/prod/rollouts/web', { spec: { paused: false }, status: { pauseConditions: null } }],
    ]);
  });
  it('stops at the first other failure, sends nothing for a noop', async () => {
    let n = 0;
    const res = await runPlan(promotePlan(ro), () => (n++, Promise.resolve({ status: 403 })));
    assert.equal(res.ok, false);
    assert.equal(n, 1);
    const noop = promotePlan({ ...ro, spec: { strategy: { blueGreen: {} } }, status: {} });
    assert.ok(noop.noop);
    assert.deepEqual((await runPlan(noop, () => assert.fail('sent'))).sent, []);
  });
  it('encodes namespace and name in paths', () => {
    assert.equal(requestPath({ group: 'g', version: 'v', plural: 'p', kind: 'K', namespace: 'a b', name: 'x/y' }, { subresource: 'status' }), '/apis/g/v/namespaces/a%20b/p/x%2Fy/status');
  });
});
