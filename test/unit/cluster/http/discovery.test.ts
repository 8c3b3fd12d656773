import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregated, groupList, resourceList, wantsAggregated } from '../../../cluster/http/discovery';
import { ResourceRegistry } from '../../../cluster/http/resources';

test('aggregated discovery only when the Accept header lists apidiscovery v2', () => {
  assert.ok(wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'));
  assert.ok(!wantsAggregated('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'));
  assert.ok(!wantsAggregated('application/json, */*'));
});

test('installed engines decide the groups; resource lists carry subresources', () => {
  const argoOnly = new ResourceRegistry(['argo']);
  const names = (groupList(argoOnly) as any).groups.map((g: any) => g.name);
  assert.ok(names.includes('argoproj.io') && !names.includes('flagger.app') && !names.includes(''));
  assert.equal(resourceList(argoOnly, 'flagger.app', 'v1beta1'), undefined);
  const both = new ResourceRegistry();
  const flagger = (resourceList(both, 'flagger.app', 'v1beta1') as any).resources.map((r: any) => r.name);
  assert.deepEqual(flagger, ['canaries', 'canaries/status', 'metrictemplates', 'metrictemplates/status', 'alertproviders', 'alertproviders/status']);
  const core = (resourceList(both, '', 'v1') as any).resources.find((r: any) => r.name === 'services/proxy');
  assert.equal(core.kind, 'ServiceProxyOptions');
  const agg = aggregated(both, false) as any;
  const argo = agg.items.find((i: any) => i.metadata.name === 'argoproj.io').versions[0].resources.find((r: any) => r.resource === 'rollouts');
  assert.deepEqual(
    argo.subresources.map((s: any) => `${s.subresource}:${s.responseKind.kind}`),
    ['status:Rollout', 'scale:Scale'],
  );
  assert.deepEqual(
    (aggregated(both, true) as any).items.map((i: any) => i.metadata.name),
    [''],
  );
});
