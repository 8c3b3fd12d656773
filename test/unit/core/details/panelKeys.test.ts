import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { concerningEventKeys, eventConcerns, keyConcerns, panelId } from '../../../../src/core/details/panelKeys';

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
  it('an Event: about the workload or what it owns, in its namespace; a deleted one only if the panel had it', () => {
    const ev = (kind: string, name: string, field = 'involvedObject') => ({ kind: 'Event', [field]: { kind, name } });
    const k = (key: string, e: unknown) => eventConcerns(key, e, 'shop', 'cart');
    assert.deepEqual(
      [
        k('core/Event/shop/cart.1', ev('Rollout', 'cart')),
        k('core/Event/shop/cart-6f7.2', ev('ReplicaSet', 'cart-6f7')),
        k('core/Event/shop/x.3', ev('AnalysisRun', 'cart-6f7-3-2', 'regarding')),
        k('core/Event/shop/cartography.4', ev('Rollout', 'cartography')),
        k('core/Event/shop/search.5', ev('Rollout', 'search')),
        k('core/Event/payments/cart.6', ev('Rollout', 'cart')),
        k('core/Event/shop/cart.7', undefined),
        k('apps/ReplicaSet/shop/cart-6f7', ev('Rollout', 'cart')),
      ],
      [true, true, true, false, false, false, false, false],
    );
  });
  it('a deleted Event wakes the panel whose last render read it, and no other', () => {
    const ev = (name: string, involved: string) => ({ kind: 'Event', metadata: { name, namespace: 'shop' }, involvedObject: { kind: 'Rollout', name: involved } });
    const events = [ev('cart.1', 'cart'), ev('cart-6f7.2', 'cart-6f7'), ev('search.3', 'search'), ev('cartography.4', 'cartography'), { kind: 'Event', involvedObject: { name: 'cart' } }];
    const shown = concerningEventKeys(events, 'shop', 'cart');
    assert.deepEqual([...shown], ['core/Event/shop/cart.1', 'core/Event/shop/cart-6f7.2']);
    const deleted = (key: string, name = 'cart') => eventConcerns(key, undefined, 'shop', name, name === 'cart' ? shown : concerningEventKeys(events, 'shop', name));
    assert.deepEqual(
      [deleted('core/Event/shop/cart.1'), deleted('core/Event/shop/cart-6f7.2'), deleted('core/Event/shop/search.3'), deleted('core/Event/shop/search.3', 'search'), deleted('core/Event/shop/cart.9'), deleted('core/Event/payments/cart.1')],
      [true, true, false, true, false, false],
    );
  });
  it('panel ids name the context and the object', () => {
    assert.equal(panelId({ context: 'dev', kind: 'Canary', namespace: 'test', name: 'podinfo' }), 'dev|flagger.app/Canary/test/podinfo');
  });
});
