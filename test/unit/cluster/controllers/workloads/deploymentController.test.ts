import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GVR } from '../../../../cluster/controllers/index';
import { harness, setImage } from '../harness';

test('a Deployment gets a pod-template-hash ReplicaSet; a new template replaces it once the new one is available', () => {
  const h = harness();
  h.store.create(GVR.deployments, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:1' }] } } },
  });
  h.until('available', () => h.store.get(GVR.deployments, 'shop', 'api')!.status?.availableReplicas === 2);
  let d = h.store.get(GVR.deployments, 'shop', 'api')!;
  const [rs1] = h.store.list(GVR.replicaSets, 'shop');
  assert.equal(rs1.metadata.name, `api-${rs1.metadata.labels?.['pod-template-hash']}`);
  assert.equal(rs1.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '1');
  assert.deepEqual(
    d.status.conditions.map((c: any) => [c.type, c.reason]),
    [
      ['Available', 'MinimumReplicasAvailable'],
      ['Progressing', 'NewReplicaSetAvailable'],
    ],
  );
  setImage(h, GVR.deployments, 'shop', 'api', 'api:2');
  h.run(0);
  assert.equal(h.store.get(GVR.deployments, 'shop', 'api')!.status.conditions.find((c: any) => c.type === 'Progressing').reason, 'ReplicaSetUpdated');
  h.until('rolled', () => h.store.get(GVR.replicaSets, 'shop', rs1.metadata.name)!.status?.replicas === 0);
  d = h.store.get(GVR.deployments, 'shop', 'api')!;
  assert.equal(d.status.updatedReplicas, 2);
  assert.equal(d.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
  assert.ok(h.store.list(GVR.pods, 'shop').every((p) => p.spec.containers[0].image === 'api:2'));
  h.stop();
});
