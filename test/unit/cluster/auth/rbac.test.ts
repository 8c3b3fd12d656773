import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Authorizer, forbidden, forbiddenPath, ruleAllows, type TestUser } from '../../../cluster/auth/rbac';

const ro = (extra: Partial<Parameters<typeof ruleAllows>[1]> = {}) => ({ verb: 'patch', group: 'argoproj.io', resource: 'rollouts', namespace: 'ns', name: 'x', ...extra });

test('ruleAllows: wildcards, subresources, resource names and namespace limits', () => {
  assert.ok(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, ro({ subresource: 'status' })), '* covers subresources');
  assert.ok(!ruleAllows({ verbs: ['patch'], apiGroups: ['argoproj.io'], resources: ['rollouts'] }, ro({ subresource: 'status' })));
  assert.ok(ruleAllows({ verbs: ['patch'], apiGroups: ['argoproj.io'], resources: ['rollouts/status'] }, ro({ subresource: 'status' })));
  assert.ok(ruleAllows({ verbs: ['patch'], apiGroups: ['*'], resources: ['*/status'] }, ro({ subresource: 'status' })));
  assert.ok(!ruleAllows({ verbs: ['get'], apiGroups: ['*'], resources: ['*'] }, ro()));
  assert.ok(!ruleAllows({ verbs: ['*'], apiGroups: [''], resources: ['*'] }, ro()), 'core group only');
  assert.ok(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: ['x'] }, ro()));
  assert.ok(!ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: ['y'] }, ro()));
  assert.ok(ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['ns'] }, ro()));
  assert.ok(!ruleAllows({ verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['ns'] }, ro({ namespace: undefined, verb: 'list', name: undefined })), 'a namespaced grant never covers cluster scope');
});

test('Authorizer: SSAR always allowed, forbidden namespaces override rules per user or for all', () => {
  const admin: TestUser = { name: 'admin', token: 'a', rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] };
  const bob: TestUser = { name: 'bob', token: 'b', rules: [] };
  const z = new Authorizer([admin, bob]);
  assert.equal(z.userForToken('b'), bob);
  assert.equal(z.userForToken(undefined), undefined);
  assert.ok(z.allows(bob, { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' }));
  assert.ok(!z.allows(bob, ro()));
  z.forbidNamespace('ns', 'admin');
  assert.ok(!z.allows(admin, ro()));
  assert.ok(z.allows(admin, ro({ namespace: 'other' })));
  z.allowNamespace('ns');
  assert.ok(z.allows(admin, ro()));
  z.forbidNamespace('ns');
  assert.ok(!z.allows(admin, ro()));
});

test('Forbidden messages match kube-apiserver word for word', () => {
  const u: TestUser = { name: 'u', token: 't', rules: [] };
  assert.equal(forbidden(u, ro({ subresource: 'status' })).message, 'rollouts.argoproj.io "x" is forbidden: User "u" cannot patch resource "rollouts/status" in API group "argoproj.io" in the namespace "ns"');
  assert.equal(forbidden(u, { verb: 'list', group: '', resource: 'pods' }).message, 'pods is forbidden: User "u" cannot list resource "pods" in API group "" at the cluster scope');
  assert.equal(forbidden(u, ro()).code, 403);
  assert.equal(forbiddenPath(u, 'get', '/metrics').message, 'forbidden: User "u" cannot get path "/metrics"');
});

test('rulesReview lists the rules bound in a namespace plus what every user has', () => {
  const u: TestUser = {
    name: 'team',
    token: 't',
    rules: [
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['patch'], apiGroups: ['argoproj.io'], resources: ['rollouts'], namespaces: ['a'] },
    ],
  };
  const z = new Authorizer([u]);
  const inA = z.rulesReview(u, 'a') as any;
  assert.deepEqual(inA.resourceRules.slice(1), [
    { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    { verbs: ['patch'], apiGroups: ['argoproj.io'], resources: ['rollouts'] },
  ]);
  assert.equal((z.rulesReview(u, 'b') as any).resourceRules.length, 2);
  z.forbidNamespace('a');
  assert.equal((z.rulesReview(u, 'a') as any).resourceRules.length, 1, 'only the self-review rule');
});
