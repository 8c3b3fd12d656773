import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readApiVersions, readServerVersion } from '../../../src/k8s/serverVersion';
import { tableTransport } from './fakes';

const json = (body: unknown) => ({ status: 200, body: JSON.stringify(body) });

test("the API versions are helm's capabilities: every group/version and group/version/Kind served, each once", async () => {
  const t = tableTransport((p) => {
    if (p === '/api') return json({ kind: 'APIVersions', versions: ['v1'] });
    if (p === '/apis')
      return json({
        kind: 'APIGroupList',
        groups: [
          { name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }] },
          { name: 'argoproj.io', versions: [{ groupVersion: 'argoproj.io/v1alpha1', version: 'v1alpha1' }] },
          { name: 'metrics.k8s.io', versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }] },
        ],
      });
    if (p === '/api/v1')
      return json({
        resources: [
          { name: 'pods', kind: 'Pod' },
          { name: 'pods/status', kind: 'Pod' },
          { name: 'services', kind: 'Service' },
        ],
      });
    if (p === '/apis/apps/v1')
      return json({
        resources: [
          { name: 'deployments', kind: 'Deployment' },
          { name: 'deployments/scale', kind: 'Scale' },
        ],
      });
    if (p === '/apis/argoproj.io/v1alpha1')
      return json({
        resources: [
          { name: 'rollouts', kind: 'Rollout' },
          { name: 'analysistemplates', kind: 'AnalysisTemplate' },
        ],
      });
    // An aggregated API that is down: still served as a group/version, without its kinds.
    return { status: 503, body: '{"kind":"Status","code":503,"message":"service unavailable"}' };
  });
  assert.deepEqual(await readApiVersions(t, 1000), [
    'v1',
    'apps/v1',
    'argoproj.io/v1alpha1',
    'metrics.k8s.io/v1beta1',
    'v1/Pod',
    'v1/Service',
    'apps/v1/Deployment',
    'apps/v1/Scale',
    'argoproj.io/v1alpha1/Rollout',
    'argoproj.io/v1alpha1/AnalysisTemplate',
  ]);
});

test('no API versions and no server version from a server that does not answer discovery', async () => {
  const forbidden = tableTransport(() => ({ status: 401, body: '{"kind":"Status","code":401,"reason":"Unauthorized"}' }));
  await assert.rejects(readApiVersions(forbidden, 1000));
  await assert.rejects(readServerVersion(forbidden, 1000));
  const noVersion = tableTransport(() => json({ major: '1' }));
  await assert.rejects(readServerVersion(noVersion, 1000), /did not say its version/);
  assert.equal(
    await readServerVersion(
      tableTransport(() => json({ gitVersion: 'v1.33.1' })),
      1000,
    ),
    'v1.33.1',
  );
});
