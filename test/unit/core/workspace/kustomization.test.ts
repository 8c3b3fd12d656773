import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readKustomization } from '../../../../src/core/workspace/kustomization';

test('reads namespace, resources (files and dirs) and every patch form', () => {
  const k = readKustomization('file:///repo/overlay/kustomization.yaml', {
    namespace: 'prod',
    resources: ['../base', 'extra.yaml', 'https://github.com/x/y//z?ref=v1'],
    patches: [{ path: 'p1.yaml' }, { patch: 'inline: true' }, 'p2.yaml'],
    patchesStrategicMerge: ['p3.yaml', 'apiVersion: v1\nkind: Service\n'],
    patchesJson6902: [{ target: {}, path: 'p4.yaml' }],
  })!;
  assert.equal(k.namespace, 'prod');
  assert.deepEqual(k.resources, ['file:///repo/base', 'file:///repo/overlay/extra.yaml']);
  assert.deepEqual(
    k.patches,
    ['p1.yaml', 'p2.yaml', 'p3.yaml', 'p4.yaml'].map((p) => `file:///repo/overlay/${p}`),
  );
});

test('not a kustomization: other kinds and non-objects', () => {
  assert.equal(readKustomization('/k/kustomization.yaml', { kind: 'Component' }), undefined);
  assert.equal(readKustomization('/k/kustomization.yaml', 'x'), undefined);
});
