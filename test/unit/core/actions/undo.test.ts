import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivedFrom, rolloutRevisions, undoPlan } from '../../../../src/core/actions/undo';
import { requestPath } from '../../../../src/core/actions/plan';

const template = (image: string, hash?: string) => ({ metadata: { labels: { app: 'web', ...(hash ? { 'rollouts-pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'web', image }] } });
const owner = [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web', uid: 'u1', controller: true }];
const rs = (name: string, revision: string | undefined, image: string, extra: Record<string, unknown> = {}) => ({
  metadata: {
    name,
    namespace: 'shop',
    uid: `rs-${name}`,
    labels: { app: 'web', 'rollouts-pod-template-hash': name },
    annotations: revision === undefined ? {} : { 'rollout.argoproj.io/revision': revision },
    ownerReferences: owner,
    ...extra,
  },
  spec: { template: template(image, name) },
});
const rollout = (image: string, spec: Record<string, unknown> = {}) => ({ metadata: { name: 'web', namespace: 'shop', uid: 'u1', annotations: {} }, spec: { selector: { matchLabels: { app: 'web' } }, template: template(image), ...spec } });
const history = [rs('a1', '1', 'app:v1'), rs('b2', '2', 'app:v2'), rs('c3', '3', 'app:v3')];

test('the default goes back to the previous revision with a JSON Patch replacing /spec/template, minus the hash label', () => {
  const plan = undoPlan(rollout('app:v3'), history);
  assert.equal(plan.noop, undefined);
  assert.equal(plan.unavailable, undefined);
  assert.equal(plan.requests.length, 1);
  const [req] = plan.requests;
  assert.equal(req.method, 'PATCH');
  assert.equal(req.contentType, 'application/json-patch+json');
  assert.equal(requestPath(plan.target, req), '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web');
  assert.deepEqual(req.body, [{ op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'app:v2' }] } } }]);
  assert.match(plan.describe, /revision 2's \(ReplicaSet b2, app:v2\)/);
  assert.deepEqual(plan.manifestEdit, { path: ['spec', 'template'], value: (req.body as { value: unknown }[])[0].value });
  // The ReplicaSet itself is not changed by planning.
  assert.equal(history[1].spec.template.metadata.labels['rollouts-pod-template-hash'], 'b2');
});

test('--to-revision picks that revision; one not in the history, or no earlier revision, is unavailable', () => {
  assert.match(JSON.stringify(undoPlan(rollout('app:v3'), history, 1).requests[0].body), /app:v1/);
  assert.match(undoPlan(rollout('app:v3'), history, 9).unavailable!, /^unable to find specified revision 9 in history of rollout 'web' \(revisions: 3, 2, 1\)/);
  assert.match(undoPlan(rollout('app:v1'), [history[0]]).unavailable!, /^no revision found for rollout 'web'/);
});

test('a template that already matches the revision sends nothing (upstream "skipped rollback"), fields the rollout leaves unset ignored', () => {
  const plan = undoPlan(rollout('app:v2'), history);
  assert.match(plan.noop!, /already matches revision 2/);
  assert.ok(derivedFrom({ a: '', b: [], c: {}, d: null }, { a: 'x', b: [1], c: { y: 1 }, d: 2 }));
  assert.ok(derivedFrom(undefined, { x: 1 }) && derivedFrom({}, { x: 1 }));
  assert.ok(!derivedFrom({ a: '', b: '' }, { a: 'x' }), 'more keys than the other side: not derived (as Go)');
  assert.ok(derivedFrom({ a: 'x' }, { a: 'x', b: 1 }));
  assert.ok(!derivedFrom({ a: 'x', b: false }, { a: 'x' }));
  assert.ok(!derivedFrom({ a: [1, 2] }, { a: [1] }));
  assert.ok(!derivedFrom({ a: 0 }, { a: 1 }));
});

test('history: only ReplicaSets the rollout controls and selects; no annotation is revision 0, a bad one is left out', () => {
  const stranger = rs('z9', '9', 'app:x', { ownerReferences: [{ ...owner[0], uid: 'other' }] });
  const unselected = { ...rs('y8', '8', 'app:y'), metadata: { ...rs('y8', '8', 'app:y').metadata, labels: { app: 'other' } } };
  const bad = rs('x7', 'seven', 'app:z');
  const none = rs('w0', undefined, 'app:w');
  assert.deepEqual(
    rolloutRevisions(rollout('app:v3'), [...history, stranger, unselected, bad, none]).map((r) => [r.revision, r.replicaSet]),
    [
      [3, 'c3'],
      [2, 'b2'],
      [1, 'a1'],
      [0, 'w0'],
    ],
  );
  const expressions = rollout('app:v3', {
    selector: {
      matchExpressions: [
        { key: 'app', operator: 'In', values: ['web'] },
        { key: 'tier', operator: 'DoesNotExist' },
      ],
    },
  });
  assert.equal(rolloutRevisions(expressions, history).length, 3);
  assert.equal(rolloutRevisions(rollout('app:v3', { selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } }), history).length, 0);
});

test('a workloadRef rollout: the Deployment is patched; a PodTemplate is not supported', () => {
  const ro = rollout('app:v3', { template: undefined, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web-deploy' } });
  const plan = undoPlan(ro, history);
  assert.equal(requestPath(plan.target, plan.requests[0]), '/apis/apps/v1/namespaces/shop/deployments/web-deploy');
  assert.equal(plan.manifestEdit, undefined);
  assert.match(undoPlan({ ...ro, spec: { ...ro.spec, workloadRef: { kind: 'PodTemplate', name: 't' } } }, history).unavailable!, /PodTemplate/);
});

test("terminate's plan is the merge patch upstream sends to the AnalysisRun or Experiment", async () => {
  const { terminatePlan } = await import('../../../../src/core/actions/argo');
  for (const [kind, plural] of [
    ['AnalysisRun', 'analysisruns'],
    ['Experiment', 'experiments'],
  ] as const) {
    const plan = terminatePlan({ metadata: { name: 'run-1', namespace: 'shop' }, status: { phase: 'Running' } }, kind);
    assert.deepEqual(
      plan.requests.map((r) => [r.method, requestPath(plan.target, r), r.contentType, r.body]),
      [['PATCH', `/apis/argoproj.io/v1alpha1/namespaces/shop/${plural}/run-1`, 'application/merge-patch+json', { spec: { terminate: true } }]],
    );
    assert.match(terminatePlan({ metadata: { name: 'run-1', namespace: 'shop' }, status: { phase: 'Successful' } }, kind).noop!, /already completed/);
  }
});
