import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageProblem, parseContainerImage, setImagePlan, templateContainers, workloadDeployment } from '../../../../src/core/actions/setImage';
import { ActionError, requestPath } from '../../../../src/core/actions/plan';
import { gitOpsWarning } from '../../../../src/core/actions/gitOps';

const podSpec = {
  initContainers: [{ name: 'init', image: 'busybox:1' }],
  containers: [
    { name: 'app', image: 'app:v1' },
    { name: 'sidecar', image: 'envoy:1' },
  ],
  ephemeralContainers: [{ name: 'debug', image: 'busybox:1' }],
};
const rollout = (spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  metadata: { name: 'web', namespace: 'shop', ...metadata },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: structuredClone(podSpec) }, ...spec },
});

test('one container: a JSON Patch that tests the name at its index and replaces the image, to the rollout', () => {
  const plan = setImagePlan(rollout(), 'sidecar', 'envoy:2');
  assert.equal(plan.unavailable, undefined);
  assert.equal(plan.noop, undefined);
  assert.equal(plan.requests.length, 1);
  const [req] = plan.requests;
  assert.equal(req.method, 'PATCH');
  assert.equal(req.contentType, 'application/json-patch+json');
  assert.equal(req.subresource, undefined);
  assert.equal(requestPath(plan.target, req), '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web');
  assert.deepEqual(req.body, [
    { op: 'test', path: '/spec/template/spec/containers/1/name', value: 'sidecar' },
    { op: 'replace', path: '/spec/template/spec/containers/1/image', value: 'envoy:2' },
  ]);
  assert.match(plan.describe, /sidecar: envoy:1 → envoy:2/);
  assert.deepEqual(plan.manifestEdit, { path: ['spec', 'template', 'spec', 'containers', { name: 'sidecar' }, 'image'], value: 'envoy:2' });
});

test('init and ephemeral containers are searched too; * sets every container of the three lists, in upstream order', () => {
  const init = setImagePlan(rollout(), 'init', 'busybox:2');
  assert.deepEqual(init.requests[0].body, [
    { op: 'test', path: '/spec/template/spec/initContainers/0/name', value: 'init' },
    { op: 'replace', path: '/spec/template/spec/initContainers/0/image', value: 'busybox:2' },
  ]);
  assert.deepEqual(init.manifestEdit?.path, ['spec', 'template', 'spec', 'initContainers', { name: 'init' }, 'image']);
  assert.deepEqual(
    (setImagePlan(rollout(), 'debug', 'busybox:2').requests[0].body as { path: string }[]).map((o) => o.path),
    ['/spec/template/spec/ephemeralContainers/0/name', '/spec/template/spec/ephemeralContainers/0/image'],
  );
  const all = setImagePlan(rollout(), '*', 'x:1');
  assert.deepEqual(
    (all.requests[0].body as { op: string; path: string }[]).filter((o) => o.op === 'replace').map((o) => o.path),
    ['initContainers/0', 'containers/0', 'containers/1', 'ephemeralContainers/0'].map((p) => `/spec/template/spec/${p}/image`),
  );
  assert.equal(all.manifestEdit, undefined, 'no single manifest path for every container');
  assert.deepEqual(
    templateContainers(rollout()).map((c) => `${c.list}/${c.name}`),
    ['initContainers/init', 'containers/app', 'containers/sidecar', 'ephemeralContainers/debug'],
  );
});

test("no container of that name: unavailable with upstream's error and the names there are", () => {
  const plan = setImagePlan(rollout(), 'nginx', 'nginx:1');
  assert.match(plan.unavailable!, /^unable to find container named "nginx" in rollout 'web' \(containers: init \(initContainers\), app, sidecar, debug \(ephemeralContainers\)\)/);
  assert.deepEqual(plan.requests, []);
  assert.match(setImagePlan({ metadata: { name: 'e', namespace: 'x' }, spec: {} }, '*', 'a:1').unavailable!, /no containers/);
});

test('the image every matched container already runs: nothing to send; a container without an image gets one added', () => {
  assert.match(setImagePlan(rollout(), 'app', 'app:v1').noop!, /already runs app:v1/);
  assert.equal(setImagePlan(rollout(), '*', 'busybox:1').noop, undefined, 'app and sidecar run something else');
  const bare = rollout({ template: { spec: { containers: [{ name: 'app' }] } } });
  assert.deepEqual((setImagePlan(bare, 'app', 'app:v2').requests[0].body as { op: string }[])[1], { op: 'add', path: '/spec/template/spec/containers/0/image', value: 'app:v2' });
});

test('a workloadRef rollout: the Deployment gets the image; another kind of ref, or a missing Deployment, is unavailable', () => {
  const ref = rollout({ template: undefined, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-deploy' } });
  const deployment = { metadata: { name: 'web-deploy', namespace: 'shop', labels: { 'kustomize.toolkit.fluxcd.io/name': 'apps' } }, spec: { template: { spec: { containers: [{ name: 'app', image: 'app:v1' }] } } } };
  assert.deepEqual(workloadDeployment(ref), { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespace: 'shop', name: 'web-deploy' });
  const plan = setImagePlan(ref, 'app', 'app:v2', deployment);
  assert.equal(requestPath(plan.target, plan.requests[0]), '/apis/apps/v1/namespaces/shop/deployments/web-deploy');
  assert.match(plan.describe, /Deployment 'web-deploy' \(spec\.workloadRef\)/);
  assert.equal(plan.manifestEdit, undefined, "the manifest to edit is the Deployment's");
  assert.match(plan.warning!, /Flux Kustomization 'apps'/, "the GitOps warning is the Deployment's");
  assert.match(setImagePlan(ref, 'app', 'app:v2', undefined).unavailable!, /Deployment 'web-deploy' \(spec\.workloadRef\), which was not found/);
  const rsRef = rollout({ template: undefined, workloadRef: { kind: 'ReplicaSet', name: 'web-rs' } });
  assert.equal(workloadDeployment(rsRef), undefined);
  assert.match(setImagePlan(rsRef, 'app', 'app:v2').unavailable!, /ReplicaSet 'web-rs' \(spec\.workloadRef\): set image changes a Deployment's template only/);
});

test('a GitOps-managed rollout: the warning and the manifest edit, as undo', () => {
  const managed = rollout({}, { annotations: { 'argocd.argoproj.io/tracking-id': 'shop:argoproj.io/Rollout:shop/web' } });
  const plan = setImagePlan(managed, 'app', 'app:v2');
  assert.equal(plan.warning, gitOpsWarning(managed, ['spec', 'template', 'spec']));
  assert.match(plan.warning!, /Argo CD application 'shop'/);
  assert.ok(plan.manifestEdit);
});

test('arguments: CONTAINER=IMAGE split as upstream does (one =), the image a reference; the plan refuses what is missing', () => {
  assert.deepEqual(parseContainerImage('app=ghcr.io/org/app:v2'), { container: 'app', image: 'ghcr.io/org/app:v2' });
  assert.deepEqual(parseContainerImage('*=nginx'), { container: '*', image: 'nginx' });
  assert.deepEqual(parseContainerImage('app=localhost:5000/app@sha256:' + 'a'.repeat(64)), { container: 'app', image: `localhost:5000/app@sha256:${'a'.repeat(64)}` });
  assert.match(parseContainerImage('app') as string, /expected CONTAINER=IMAGE/);
  assert.match(parseContainerImage('app=a=b') as string, /one '='/);
  assert.match(parseContainerImage('=nginx') as string, /no container name/);
  assert.match(parseContainerImage('app=') as string, /the image is empty/);
  for (const ok of ['nginx', 'nginx:1.25', 'docker.io/library/nginx:1.25-alpine', 'my-registry.example.com:5000/team/app_x:v1.2.3', '[::1]:5000/app:v1', 'argoproj/rollouts-demo:blue']) assert.equal(imageProblem(ok), undefined, ok);
  for (const bad of ['Nginx:1', 'app:v 1', 'app:', ':v1', 'app@sha256:short', 'app:-v1', 'a//b']) assert.ok(imageProblem(bad), bad);
  assert.throws(() => setImagePlan(rollout(), undefined, 'a:1'), ActionError);
  assert.throws(() => setImagePlan(rollout(), 'app', 'BAD IMAGE'), /whitespace/);
});
