import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GVR } from '../../../../cluster/controllers/index';
import { harness } from '../harness';

const rsObject = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'api-abc', namespace: 'shop' },
  spec: { replicas, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } } },
});

test('pods start Pending (ContainerCreating) and become Running/Ready after podStartMs', () => {
  const h = harness({ podStartMs: 3000 });
  h.store.create(GVR.replicaSets, rsObject(2));
  h.run(0);
  let pods = h.store.list(GVR.pods, 'shop');
  assert.equal(pods.length, 2);
  assert.ok(pods.every((p) => p.status.phase === 'Pending' && p.status.containerStatuses[0].state.waiting.reason === 'ContainerCreating'));
  assert.ok(pods.every((p) => p.metadata.name.startsWith('api-abc-') && p.metadata.ownerReferences?.[0].kind === 'ReplicaSet'));
  assert.equal(h.store.get(GVR.replicaSets, 'shop', 'api-abc')!.status.readyReplicas, undefined);
  h.run(2999);
  assert.ok(h.store.list(GVR.pods, 'shop').every((p) => p.status.phase === 'Pending'));
  h.run(1);
  pods = h.store.list(GVR.pods, 'shop');
  assert.ok(pods.every((p) => p.status.phase === 'Running' && p.status.containerStatuses[0].ready === true && p.status.containerStatuses[0].image === 'api:1'));
  const rs = h.store.get(GVR.replicaSets, 'shop', 'api-abc')!;
  assert.deepEqual([rs.status.replicas, rs.status.readyReplicas, rs.status.availableReplicas, rs.status.observedGeneration], [2, 2, 2, 1]);
  h.stop();
});

test('scaling down removes pods; deleting a pod gets it replaced', () => {
  const h = harness();
  h.store.create(GVR.replicaSets, rsObject(3));
  h.run(1000);
  const one = h.store.list(GVR.pods, 'shop')[0].metadata.name;
  h.store.delete(GVR.pods, 'shop', one);
  h.run(0);
  const pods = h.store.list(GVR.pods, 'shop');
  assert.equal(pods.length, 3);
  assert.ok(!pods.some((p) => p.metadata.name === one));
  h.patch(GVR.replicaSets, 'shop', 'api-abc', { spec: { replicas: 1 } });
  h.run(0);
  assert.equal(h.store.list(GVR.pods, 'shop').length, 1);
  assert.equal(h.store.list(GVR.pods, 'shop')[0].status.phase, 'Running', 'the not-ready replacement went first');
  h.stop();
});
