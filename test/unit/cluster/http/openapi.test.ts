import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openapiGroupVersion, openapiRoot, parseOpenapiPath } from '../../../cluster/http/openapi';
import { ResourceRegistry } from '../../../cluster/http/resources';

test('kubectl finds server-side field validation for each kind: a PATCH tagged with its GVK declaring fieldValidation', () => {
  const reg = new ResourceRegistry(['flagger']);
  const root = openapiRoot(reg) as any;
  assert.ok(root.paths['apis/flagger.app/v1beta1'].serverRelativeURL.startsWith('/openapi/v3/apis/flagger.app/v1beta1?hash='));
  assert.ok(root.paths['api/v1']);
  assert.equal(root.paths['apis/argoproj.io/v1alpha1'], undefined);
  const doc = openapiGroupVersion(reg, 'flagger.app', 'v1beta1') as any;
  const patch = doc.paths['/apis/flagger.app/v1beta1/namespaces/{namespace}/canaries/{name}'].patch;
  assert.deepEqual(patch['x-kubernetes-group-version-kind'], { group: 'flagger.app', version: 'v1beta1', kind: 'Canary' });
  assert.ok(patch.parameters.some((p: any) => p.name === 'fieldValidation' && p.in === 'query'));
  assert.deepEqual(parseOpenapiPath('/openapi/v3/api/v1'), ['', 'v1']);
  assert.deepEqual(parseOpenapiPath('/openapi/v3/apis/flagger.app/v1beta1'), ['flagger.app', 'v1beta1']);
  assert.equal(parseOpenapiPath('/openapi/v2'), undefined);
});
