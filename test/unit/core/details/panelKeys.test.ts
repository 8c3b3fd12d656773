import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyConcerns, panelId } from '../../../../src/core/details/panelKeys';

describe('which changes wake a details panel', () => {
  it('a rollout: itself and the related kinds of its namespace', () => {
    const k = (key: string) => keyConcerns(key, 'Rollout', 'shop', 'cart');
    assert.deepEqual(
      [
        'argoproj.io/Rollout/shop/cart',
        'argoproj.io/Rollout/shop/search',
        'apps/ReplicaSet/shop/cart-6f7',
        'core/Pod/shop/cart-6f7-x',
        'argoproj.io/AnalysisRun/shop/cart-6f7-3-2',
        'argoproj.io/Experiment/shop/e',
        'apps/ReplicaSet/payments/cart-6f7',
        'apps/Deployment/shop/cart',
      ].map(k),
      [true, false, true, true, true, true, false, false],
    );
  });
  it('a canary: only itself', () => {
    assert.equal(keyConcerns('flagger.app/Canary/test/podinfo', 'Canary', 'test', 'podinfo'), true);
    assert.equal(keyConcerns('apps/ReplicaSet/test/podinfo-1', 'Canary', 'test', 'podinfo'), false);
  });
  it('panel ids name the context and the object', () => {
    assert.equal(panelId({ context: 'dev', kind: 'Canary', namespace: 'test', name: 'podinfo' }), 'dev|flagger.app/Canary/test/podinfo');
  });
});
