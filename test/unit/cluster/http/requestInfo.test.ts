import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestInfo } from '../../../cluster/http/requestInfo';

const info = (method: string, path: string) => {
  const r = requestInfo(method, new URL(path, 'https://x'));
  return [r.isResource, r.verb, r.group, r.version, r.namespace ?? '-', r.resource, r.name ?? '-', r.subresource ?? '-', r.rest.join('/')].join(' ');
};

test('request attributes as kube-apiserver derives them', () => {
  assert.equal(info('GET', '/apis/argoproj.io/v1alpha1/rollouts'), 'true list argoproj.io v1alpha1 - rollouts - - ');
  assert.equal(info('GET', '/apis/argoproj.io/v1alpha1/rollouts?watch=true'), 'true watch argoproj.io v1alpha1 - rollouts - - ');
  assert.equal(info('GET', '/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r?watch=1'), 'true watch argoproj.io v1alpha1 ns rollouts r - ');
  assert.equal(info('PATCH', '/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts/r/status'), 'true patch argoproj.io v1alpha1 ns rollouts r status ');
  assert.equal(info('DELETE', '/apis/argoproj.io/v1alpha1/namespaces/ns/rollouts'), 'true deletecollection argoproj.io v1alpha1 ns rollouts - - ');
  assert.equal(info('GET', '/api/v1/namespaces'), 'true list  v1 - namespaces - - ');
  assert.equal(info('GET', '/api/v1/namespaces/ns'), 'true get  v1 ns namespaces ns - ');
  assert.equal(info('PUT', '/api/v1/namespaces/ns/status'), 'true update  v1 ns namespaces ns status ');
  assert.equal(info('POST', '/api/v1/namespaces/t/services/svc:80/proxy/gate/check'), 'true create  v1 t services svc:80 proxy gate/check');
  assert.equal(info('GET', '/apis/argoproj.io/v1alpha1'), 'false get   -  - - ');
  assert.equal(info('GET', '/version'), 'false get   -  - - ');
});
