import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promotePlan } from '../../../../src/core/actions/argo';
import { confirmationFor, globToRegExp, isProductionContext } from '../../../../src/core/actions/confirm';
import { approvePlan } from '../../../../src/core/actions/flagger';
import { makeCanary } from '../status/canaryFixtures';

const ro = { metadata: { name: 'web', namespace: 'payments' }, spec: { strategy: { canary: { steps: [{ analysis: {} }, { setWeight: 50 }] } } }, status: { currentStepIndex: 0, currentPodHash: 'b', stableRS: 'a' } };

describe('isProductionContext', () => {
  it('glob patterns', () => {
    assert.ok(isProductionContext('prod-eu', ['prod-*']));
    assert.ok(isProductionContext('arn:aws:eks:eu-west-1:1:cluster/prod', ['*cluster/prod']));
    assert.ok(isProductionContext('gke_p_r_live1', ['gke_*_live?']));
    assert.ok(isProductionContext('prod-b', ['prod-[ab]']));
    assert.ok(!isProductionContext('prod-c', ['prod-[!c]']));
    assert.ok(!isProductionContext('staging', ['prod-*', '']));
    assert.ok(!isProductionContext('prodx', []));
    assert.ok(isProductionContext('PROD-eu', ['*prod*']), 'context names match case-insensitively');
    assert.ok(globToRegExp('a.b').test('a.b') && !globToRegExp('a.b').test('axb'));
  });
});

describe('confirmationFor', () => {
  it('names context, namespace, kind, name, the change and what is skipped', () => {
    const c = confirmationFor(promotePlan(ro), { context: 'staging' });
    assert.equal(c.title, 'Promote Rollout payments/web in context staging?');
    assert.match(c.detail, /Context: staging\nNamespace: payments\nRollout: web\n\nMoves rollout 'web' from step 0\/2 to step 1\/2\./);
    assert.match(c.detail, /Skips: Promoting during an analysis step skips that analysis\./);
    assert.equal(c.typeToConfirm, undefined);
  });
  it('production contexts require typing the name', () => {
    const c = confirmationFor(approvePlan(makeCanary({ phase: 'WaitingPromotion' })), { context: 'prod-eu', productionPatterns: ['prod-*'] });
    assert.equal(c.typeToConfirm, 'podinfo');
    assert.match(c.title, /^Approve Canary test\/podinfo in context prod-eu\?$/);
    assert.match(c.detail, /POST \/api\/v1\/namespaces\/test\/services\/flagger-loadtester:80\/proxy\/gate\/open/);
  });
});
