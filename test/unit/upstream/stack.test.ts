/**
 * The upstream stack's pure parts: the backend switch, the users' RBAC objects, the hosts file, the
 * REST paths and the scenario's adjustments. (The stack itself: test/integration/upstream.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectedBackend } from '../../upstream/backend';
import { objectPath } from '../../upstream/stack/api';
import { NETNS_NODE, nodeObject, rbacObjects } from '../../upstream/stack/bootstrap';
import { hostsFileContent } from '../../upstream/stack/netns';
import { scenarioObjects } from '../../upstream/stack/scenario';
import { ADMIN_RULES, VIEW_RULES } from '../../cluster/auth/rbac';

test('ROLLOUT_LENS_BACKEND picks the backend: fake by default, upstream on request, anything else is an error', () => {
  assert.equal(selectedBackend({}), 'fake');
  assert.equal(selectedBackend({ ROLLOUT_LENS_BACKEND: 'fake' }), 'fake');
  assert.equal(selectedBackend({ ROLLOUT_LENS_BACKEND: 'Upstream' }), 'upstream');
  assert.throws(() => selectedBackend({ ROLLOUT_LENS_BACKEND: 'kind' }), /must be "fake" or "upstream"/);
});

test('the fake users become ClusterRoles and bindings named as the fake authorizer reports them', () => {
  const objs = rbacObjects([
    { name: 'admin', token: 'a', rules: ADMIN_RULES },
    { name: 'viewer', token: 'v', rules: VIEW_RULES },
    { name: 'team', token: 't', rules: [{ verbs: ['patch'], apiGroups: ['argoproj.io'], resources: ['rollouts'], namespaces: ['shop'] }] },
  ]);
  const names = objs.map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
  assert.deepEqual(names, ['ClusterRole admin-role', 'ClusterRoleBinding admin-binding', 'ClusterRole viewer-role', 'ClusterRoleBinding viewer-binding', 'Namespace shop', 'ClusterRole team-role-shop', 'RoleBinding shop/team-binding']);
  const viewerRole = objs[2] as any;
  assert.deepEqual(viewerRole.rules, [{ verbs: ['get', 'list', 'watch'], apiGroups: ['*'], resources: ['*'] }]);
  assert.equal((objs[6] as any).subjects[0].name, 'team');
});

test('hosts file: loopback names, then each service in its short, .svc and .svc.cluster.local forms', () => {
  const text = hostsFileContent([{ ip: '10.213.0.2', service: 'flagger-loadtester', namespace: 'test' }]);
  assert.match(text, /^127\.0\.0\.1 localhost$/m);
  assert.match(text, /^10\.213\.0\.2 flagger-loadtester\.test flagger-loadtester\.test\.svc flagger-loadtester\.test\.svc\.cluster\.local$/m);
});

test('REST paths for core, grouped, namespaced and cluster-scoped kinds', () => {
  assert.equal(objectPath('v1', 'Service', 'test', 'lt'), '/api/v1/namespaces/test/services/lt');
  assert.equal(objectPath('argoproj.io/v1alpha1', 'Rollout', undefined), '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts');
  assert.equal(objectPath('v1', 'Node', undefined, 'n1'), '/api/v1/nodes/n1');
  assert.throws(() => objectPath('example.com/v1', 'Widget', 'x'), /does not know the resource of kind Widget/);
});

test('the netns node carries its InternalIP and a taint only the loadtester tolerates; workers carry neither', () => {
  const n = nodeObject(NETNS_NODE, '10.213.0.2') as any;
  assert.deepEqual(n.status.addresses[0], { type: 'InternalIP', address: '10.213.0.2' });
  assert.equal(n.spec.taints.length, 1);
  const w = nodeObject('w') as any;
  assert.equal(w.status, undefined);
  assert.deepEqual(w.spec, {});
});

test("scenario objects on upstream: Canaries run on the kubernetes provider, the repo's loadtester is replaced, namespaces first", () => {
  const objs = scenarioObjects();
  const canaries = objs.filter((o) => o.kind === 'Canary');
  assert.ok(canaries.length >= 3);
  for (const c of canaries) assert.equal((c.spec as any).provider, 'kubernetes');
  // Blue/green iterations, one per weight step of the mesh version (Flagger would default to 10).
  assert.deepEqual(Object.fromEntries(canaries.map((c) => [c.metadata.name, (c.spec as any).analysis.iterations])), { backend: 5, frontend: 2, podinfo: 5 });
  for (const c of canaries) for (const k of ['stepWeights', 'maxWeight', 'stepWeight']) assert.equal(k in (c.spec as any).analysis, false, `${c.metadata.name}: iterations replace ${k} (the CRD's oneOf)`);
  assert.equal(
    objs.some((o) => o.metadata.name === 'flagger-loadtester'),
    false,
  );
  const firstOther = objs.findIndex((o) => o.kind !== 'Namespace');
  assert.ok(objs.slice(firstOther).every((o) => o.kind !== 'Namespace'));
  assert.ok(objs.slice(0, firstOther).some((o) => o.metadata.name === 'shop'));
});
