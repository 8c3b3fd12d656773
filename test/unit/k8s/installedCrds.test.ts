import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/k8s/errors';
import { readClusterSchemas, readInstalledCrds } from '../../../src/k8s/installedCrds';
import { tableTransport } from './fakes';

const transport = tableTransport;

const crd = (name: string, kind: string, group: string, version: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name, labels },
  spec: {
    group,
    names: { kind },
    versions: [{ name: version, served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } } } }],
  },
});

test('one GET per CRD of the asked engines: 200 read, 404 not installed, 403 unreadable', async () => {
  const t = transport((p) => {
    if (p.endsWith('/rollouts.argoproj.io')) return { status: 200, body: JSON.stringify(crd('rollouts.argoproj.io', 'Rollout', 'argoproj.io', 'v1alpha1', { 'app.kubernetes.io/version': 'v1.7.2' })) };
    if (p.endsWith('/experiments.argoproj.io')) return { status: 403, body: '{"kind":"Status","code":403,"reason":"Forbidden","message":"forbidden"}' };
    return { status: 404, body: '{"kind":"Status","code":404,"reason":"NotFound"}' };
  });
  const read = await readInstalledCrds(t, ['argo']);
  assert.deepEqual(
    t.paths.sort(),
    ['analysisruns', 'analysistemplates', 'clusteranalysistemplates', 'experiments', 'rollouts'].map((p) => `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${p}.argoproj.io`),
  );
  assert.deepEqual([...read.crds.keys()], ['rollouts.argoproj.io']);
  assert.deepEqual(read.notFound, ['analysisruns.argoproj.io', 'analysistemplates.argoproj.io', 'clusteranalysistemplates.argoproj.io']);
  assert.deepEqual(read.failed, [{ name: 'experiments.argoproj.io', reason: 'forbidden: this user may not read CustomResourceDefinitions' }]);
  const set = await readClusterSchemas(t, 'prod-eu', ['argo']);
  assert.equal(set.crds.get('Rollout')?.release, 'v1.7.2');
  assert.deepEqual(set.notInstalled, ['AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun']);
  assert.deepEqual(
    set.unavailable.map((u) => u.kind),
    ['Experiment'],
  );
});

test('a cluster that answers nothing rejects (the caller says offline once); a partial answer does not', async () => {
  await assert.rejects(
    readInstalledCrds(
      transport(() => new ApiError('unreachable', 'connect ECONNREFUSED')),
      ['flagger'],
    ),
    /ECONNREFUSED/,
  );
  const partial = await readInstalledCrds(
    transport((p) => (p.includes('canaries') ? new ApiError('unreachable', 'timeout') : { status: 404, body: '{}' })),
    ['flagger'],
  );
  assert.deepEqual(partial.failed, [{ name: 'canaries.flagger.app', reason: 'timeout' }]);
  assert.deepEqual(partial.notFound, ['alertproviders.flagger.app', 'metrictemplates.flagger.app']);
});
