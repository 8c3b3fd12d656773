import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { convertDeploymentEdit, isConvertibleDeployment } from '../../../../src/core/quickfix/convertDeployment';
import { applyEdits } from '../../../../src/core/quickfix/yamlEdits';
import { runRules } from '../../../../src/core/rules/registry';
import { WorkspaceIndex } from '../../../../src/core/workspace/workspaceIndex';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: 4
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
`;

test('adds a Rollout with workloadRef and a canary strategy right after the Deployment', () => {
  const file = parseManifestFile(DEPLOYMENT);
  const md = file.documents[0];
  assert.ok(isConvertibleDeployment(md));
  assert.ok(!isConvertibleDeployment(file.documents[1]));
  const out = applyEdits(DEPLOYMENT, [convertDeploymentEdit(md)]);
  const docs = parseManifestFile(out).documents;
  assert.deepEqual(
    docs.map((d) => d.kind),
    ['Deployment', 'Rollout', 'Service'],
  );
  const ro = parse(docs[1].text) as { metadata: { name: string; namespace: string }; spec: Record<string, unknown> };
  assert.deepEqual(ro.metadata.name, 'web');
  assert.equal(ro.metadata.namespace, 'shop');
  assert.deepEqual(ro.spec.workloadRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', scaleDown: 'progressively' });
  assert.equal(ro.spec.replicas, 4);
  assert.ok(!('template' in ro.spec));
  assert.deepEqual(runRules(docs[1]), []);
  const ix = new WorkspaceIndex();
  ix.setFile('f.yaml', out);
  assert.deepEqual(ix.referenceFindings('f.yaml'), [], 'the workloadRef resolves to the Deployment');
  assert.match(applyEdits(DEPLOYMENT, [convertDeploymentEdit(md, 'onsuccess')]), /scaleDown: onsuccess/);
});
