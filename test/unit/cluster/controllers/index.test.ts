import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../../../cluster/store/memoryStore';
import { FakeClock } from '../../../cluster/controllers/clock';
import { GVR, LOADTESTER_SERVICE, startControllers } from '../../../cluster/controllers/index';
import { canaryRollout } from './harness';

test('startControllers registers the loadtester behind the service proxy and creates its Service', () => {
  const store = new MemoryStore();
  const clock = new FakeClock();
  const registered: unknown[][] = [];
  const c = startControllers(store, clock, { registerServiceProxy: (...args: unknown[]) => registered.push(args) });
  assert.equal(registered.length, 1);
  const [ns, name, port, handler] = registered[0] as [string, string, number, (...a: unknown[]) => void];
  assert.deepEqual([ns, name, port], [LOADTESTER_SERVICE.namespace, LOADTESTER_SERVICE.name, LOADTESTER_SERVICE.port]);
  assert.ok(handler.length >= 2, 'a node-style (req, res, path) handler');
  assert.equal(handler, c.loadtesterHandler);
  assert.equal(store.get(GVR.services, 'test', 'flagger-loadtester')?.spec.ports[0].port, 80);
  c.stop();
});

test('objects that exist before the controllers start are reconciled; after stop nothing reacts or stays scheduled', () => {
  const store = new MemoryStore();
  const clock = new FakeClock();
  store.create(GVR.rollouts, canaryRollout('early', 'shop', []));
  const c = startControllers(store, clock, undefined, { noLoadtesterService: true });
  clock.advance(2000);
  assert.equal(store.get(GVR.rollouts, 'shop', 'early')?.status?.phase, 'Healthy');
  assert.equal(store.get(GVR.services, 'test', 'flagger-loadtester'), undefined);
  c.stop();
  store.create(GVR.rollouts, canaryRollout('late', 'shop', []));
  clock.advance(10 * 60_000);
  assert.equal(store.get(GVR.rollouts, 'shop', 'late')?.status, undefined);
  assert.equal(store.list(GVR.replicaSets, 'shop').length, 1);
});

test('a reconcile that throws is retried with backoff instead of stopping the controller', () => {
  const store = new MemoryStore();
  const clock = new FakeClock();
  const logs: string[] = [];
  let failures = 2;
  const failingStore = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'updateStatus') {
        return (gvr: any, obj: any) => {
          if (gvr.resource === 'rollouts' && failures-- > 0) throw new Error('injected conflict');
          return target.updateStatus(gvr, obj);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const c = startControllers(failingStore, clock, undefined, { log: (m) => logs.push(m), noLoadtesterService: true });
  store.create(GVR.rollouts, canaryRollout('web', 'shop', []));
  clock.advance(0);
  assert.ok(
    logs.some((l) => /rollout: reconcile shop\/web failed \(attempt 1\): injected conflict/.test(l)),
    logs.join('\n'),
  );
  clock.advance(5000);
  assert.equal(store.get(GVR.rollouts, 'shop', 'web')?.status?.phase, 'Healthy');
  c.stop();
});
