import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promotePlan } from '../../../../src/core/actions/argo';
import { confirmationFor, globToRegExp, isProductionContext, parseTestAnswer, typedNameProblem } from '../../../../src/core/actions/confirm';
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
    assert.equal(c.mode, 'modal');
    assert.equal(confirmationFor(promotePlan(ro), { context: 'staging', skipConfirmationForNonProduction: true }).mode, 'none');
  });
  it('production contexts require typing the name', () => {
    const c = confirmationFor(approvePlan(makeCanary({ phase: 'WaitingPromotion' })), { context: 'prod-eu', productionPatterns: ['prod-*'], skipConfirmationForNonProduction: true });
    assert.equal(c.typeToConfirm, 'podinfo');
    assert.equal(c.mode, 'typedName', 'production requires the typed name even when skipping is allowed');
    assert.match(c.title, /^Approve Canary test\/podinfo in context prod-eu\?$/);
    assert.match(c.detail, /POST \/api\/v1\/namespaces\/test\/services\/flagger-loadtester:80\/proxy\/gate\/open/);
  });
});

describe('typed name and the test hook', () => {
  it('typed name must match exactly (surrounding blanks ignored)', () => {
    assert.equal(typedNameProblem(' web ', 'web'), undefined);
    assert.match(typedNameProblem('we', 'web')!, /Type web/);
    assert.match(typedNameProblem('WEB', 'web')!, /Type web/);
  });
  it('test answers parse from the environment value; anything else is no answer', () => {
    assert.equal(parseTestAnswer('1'), 'accept');
    assert.equal(parseTestAnswer('accept'), 'accept');
    assert.equal(parseTestAnswer('reject'), 'reject');
    assert.equal(parseTestAnswer('0'), 'reject');
    assert.equal(parseTestAnswer(''), undefined);
    assert.equal(parseTestAnswer('maybe'), undefined);
    assert.equal(parseTestAnswer(undefined), undefined);
  });
});
