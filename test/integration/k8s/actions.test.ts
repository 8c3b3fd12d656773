/**
 * Every Argo action against the API server (either backend), for the rollout states that change what
 * upstream sends: the exact method, path, content type and body (recorded at the transport, the last
 * layer before the socket), the same method and path in the server's own request log with the status
 * it answered (a wrong content type would be 415; the fake's request log, or the real API server's
 * audit log), the effect read back, and the states where nothing may be sent.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { selectedBackend, startClusterBackend, type ClusterBackend } from '../../upstream/backend';
import type { GroupVersionResource, KubeObject } from '../../cluster/store/objectStore';
import { createClusterService, type ClusterService } from '../../../src/k8s/index';
import { createTransport, type KubeRequest } from '../../../src/k8s/transport';
import { abortPlan, pausePlan, promoteFullPlan, promotePlan, restartPlan, resumePlan, retryPlan, terminatePlan } from '../../../src/core/actions/argo';
import { undoPlan } from '../../../src/core/actions/undo';
import type { ActionPlan } from '../../../src/core/actions/plan';
import { ROLLOUTS, kubeOf, rollout, until, upstreamOf, type Kube } from './helpers';

let cluster: ClusterBackend;
let kube: Kube;
let service: ClusterService;
const sent: KubeRequest[] = [];
const fakeServed: { method: string; url: string; status: number }[] = [];
let auditMark = 0;

/** The PATCHes the server answered since the last `run`: the fake's request log, or the API server's audit log. */
function served(): { method: string; url: string; status: number }[] {
  if (cluster.fake) return fakeServed;
  return upstreamOf(cluster)
    .auditEvents()
    .slice(auditMark)
    .filter((e) => e.user.username !== 'rollout-lens-components')
    .map((e) => ({ method: e.verb.toUpperCase(), url: e.requestURI, status: e.responseStatus?.code ?? 0 }));
}

before(async () => {
  const onRequest = selectedBackend() === 'fake' ? (e: { method: string; url: string; status: number }) => void (e.method === 'PATCH' && fakeServed.push(e)) : undefined;
  cluster = await startClusterBackend({ onRequest, auditPatches: true });
  kube = kubeOf(cluster);
  await kube.namespace('shop');
  service = createClusterService({
    kubeconfigPath: cluster.kubeconfigPath,
    watchKubeconfig: false,
    transportFactory: (kc) => {
      const t = createTransport(kc);
      return { ...t, server: t.server, stats: t.stats, request: (r) => (r.method === 'PATCH' && sent.push(r), t.request(r)), watch: (...args: Parameters<typeof t.watch>) => t.watch(...args), dispose: () => t.dispose() };
    },
  });
});

after(async () => {
  service?.dispose();
  await cluster?.stop();
});

const STEPS = [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { analysis: { templates: [{ templateName: 'ok' }] } }, { pause: { duration: '1h' } }];

/** Seeds a rollout in a given state (spec via update, status via the status subresource). */
async function seed(name: string, spec: Record<string, unknown>, status: Record<string, unknown>, strategy: Record<string, unknown> = { canary: { steps: STEPS } }): Promise<KubeObject> {
  await recreate(ROLLOUTS, { ...rollout('shop', name), spec: { ...rollout('shop', name).spec, ...spec, strategy } });
  const created = (await kube.get(ROLLOUTS, 'shop', name))!;
  return kube.updateStatus(ROLLOUTS, { ...created, status: { ...status, observedGeneration: String(created.metadata.generation) } });
}

/** Creates `obj`, deleting an earlier object of that name first. */
async function recreate(gvr: GroupVersionResource, obj: KubeObject): Promise<KubeObject> {
  if (await kube.get(gvr, obj.metadata.namespace, obj.metadata.name)) await kube.delete(gvr, obj.metadata.namespace, obj.metadata.name);
  return kube.create(gvr, obj);
}

async function run(plan: ActionPlan) {
  sent.length = 0;
  fakeServed.length = 0;
  if (cluster.upstream) auditMark = cluster.upstream.auditEvents().length;
  const out = await service.executor(cluster.contextName)!.execute(plan);
  // What the server saw is what was sent, in the same order, and it answered what the executor reports.
  // (The audit log is written as each response completes: wait until it holds as many as were sent.)
  await until('the server logged every request', () => served().length >= sent.length, 10_000);
  assert.deepEqual(
    served().map((e) => [e.method, e.url]),
    sent.map((r) => [r.method, r.path]),
  );
  assert.deepEqual(
    served().map((e) => e.status),
    out.responses.map((r) => r.status),
  );
  return { out, sent: sent.map((r) => ({ method: r.method, path: r.path, contentType: r.contentType, body: JSON.parse(String(r.body)) })) };
}

const P = '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts';
const MERGE = 'application/merge-patch+json';
const live = async (name: string) => (await kube.get(ROLLOUTS, 'shop', name))!;
const inFlight = { currentPodHash: 'new123', stableRS: 'old456', canary: {} };

test('promote at a canary pause step clears the pause condition on /status', async () => {
  const ro = await seed('paused-step', {}, { ...inFlight, currentStepIndex: 1, controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-01T00:00:00Z' }] });
  const { out, sent } = await run(promotePlan(ro));
  assert.equal(out.ok, true, out.message);
  assert.deepEqual(sent, [{ method: 'PATCH', path: `${P}/paused-step/status`, contentType: MERGE, body: { status: { pauseConditions: null } } }]);
  assert.equal((await live('paused-step')).status.pauseConditions, undefined);
});

test('promote with spec.paused and no pause condition: next step on /status, then spec.paused=false on the rollout', async () => {
  const ro = await seed('manual', { paused: true }, { ...inFlight, currentStepIndex: 2 });
  const { out, sent } = await run(promotePlan(ro));
  assert.equal(out.ok, true, out.message);
  assert.deepEqual(sent, [
    { method: 'PATCH', path: `${P}/manual/status`, contentType: MERGE, body: { status: { pauseConditions: null, currentStepIndex: 3 } } },
    { method: 'PATCH', path: `${P}/manual`, contentType: MERGE, body: { spec: { paused: false } } },
  ]);
  assert.equal((await live('manual')).status.currentStepIndex, 3);
  assert.equal((await live('manual')).spec.paused, false);
});

test('promote after an inconclusive step analysis accepts it and moves on', async () => {
  const ro = await seed(
    'inconclusive',
    {},
    { ...inFlight, currentStepIndex: 3, controllerPause: true, pauseConditions: [{ reason: 'InconclusiveAnalysisRun', startTime: '2026-01-01T00:00:00Z' }], canary: { currentStepAnalysisRunStatus: { name: 'ar', status: 'Inconclusive' } } },
  );
  const { out, sent } = await run(promotePlan(ro));
  assert.equal(out.ok, true, out.message);
  assert.deepEqual(sent, [{ method: 'PATCH', path: `${P}/inconclusive/status`, contentType: MERGE, body: { status: { pauseConditions: null, controllerPause: false, currentStepIndex: 4 } } }]);
  assert.equal((await live('inconclusive')).status.currentStepIndex, 4);
  assert.equal((await live('inconclusive')).status.controllerPause, false);
});

test('blue-green awaiting promotion: promote clears the BlueGreenPause; a healthy blue-green sends nothing', async () => {
  const bg = { blueGreen: { activeService: 'web-active', previewService: 'web-preview', autoPromotionEnabled: false } };
  const ro = await seed('bg', {}, { ...inFlight, controllerPause: true, pauseConditions: [{ reason: 'BlueGreenPause', startTime: '2026-01-01T00:00:00Z' }] }, bg);
  const { out, sent } = await run(promotePlan(ro));
  assert.equal(out.ok, true, out.message);
  assert.deepEqual(sent, [{ method: 'PATCH', path: `${P}/bg/status`, contentType: MERGE, body: { status: { pauseConditions: null } } }]);
  const healthy = await seed('bg-healthy', {}, { currentPodHash: 'same', stableRS: 'same' }, bg);
  const r2 = await run(promotePlan(healthy));
  assert.equal(r2.sent.length, 0);
  assert.match(r2.out.noop!, /not paused/);
});

test('promote --full while an update is in flight sets status.promoteFull (and clears spec.paused when paused)', async () => {
  const ro = await seed('full', { paused: true }, { ...inFlight, currentStepIndex: 1 });
  const { out, sent } = await run(promoteFullPlan(ro));
  assert.equal(out.ok, true, out.message);
  assert.deepEqual(sent, [
    { method: 'PATCH', path: `${P}/full/status`, contentType: MERGE, body: { status: { promoteFull: true } } },
    { method: 'PATCH', path: `${P}/full`, contentType: MERGE, body: { spec: { paused: false } } },
  ]);
  assert.equal((await live('full')).status.promoteFull, true);
  const stable = await seed('full-stable', {}, { currentPodHash: 'same', stableRS: 'same', currentStepIndex: 5 });
  assert.equal((await run(promoteFullPlan(stable))).sent.length, 0);
});

test('abort, then retry: status.abort on /status', async () => {
  const ro = await seed('ab', {}, { ...inFlight, currentStepIndex: 1 });
  const a = await run(abortPlan(ro));
  assert.equal(a.out.ok, true, a.out.message);
  assert.deepEqual(a.sent, [{ method: 'PATCH', path: `${P}/ab/status`, contentType: MERGE, body: { status: { abort: true } } }]);
  assert.equal((await live('ab')).status.abort, true);
  const r = await run(retryPlan(await live('ab')));
  assert.equal(r.out.ok, true, r.out.message);
  assert.deepEqual(r.sent, [{ method: 'PATCH', path: `${P}/ab/status`, contentType: MERGE, body: { status: { abort: false } } }]);
  assert.equal((await live('ab')).status.abort, false);
  // Retry of a rollout that is not aborted is a noop, said so.
  assert.match((await run(retryPlan(await live('ab')))).out.noop!, /not aborted/);
});

test('pause, resume and restart patch the rollout itself', async () => {
  const ro = await seed('pr', {}, { ...inFlight, currentStepIndex: 0 });
  const p = await run(pausePlan(ro));
  assert.deepEqual(p.sent, [{ method: 'PATCH', path: `${P}/pr`, contentType: MERGE, body: { spec: { paused: true } } }]);
  assert.equal((await live('pr')).spec.paused, true);
  assert.match((await run(pausePlan(await live('pr')))).out.noop!, /already paused/);
  const r = await run(resumePlan(await live('pr')));
  assert.deepEqual(r.sent, [{ method: 'PATCH', path: `${P}/pr`, contentType: MERGE, body: { spec: { paused: false } } }]);
  assert.equal((await live('pr')).spec.paused, false);
  const now = new Date('2026-11-22T10:00:00.750Z');
  const s = await run(restartPlan(await live('pr'), now, '1h30m'));
  assert.deepEqual(s.sent, [{ method: 'PATCH', path: `${P}/pr`, contentType: MERGE, body: { spec: { restartAt: '2026-11-22T11:30:00Z' } } }]);
  assert.equal((await live('pr')).spec.restartAt, '2026-11-22T11:30:00Z');
  assert.match(s.out.changed, /spec\.restartAt → "2026-11-22T11:30:00Z"/);
});

test('a rollout deleted meanwhile: 404 is a short message, nothing else is sent', async () => {
  const ro = await seed('gone', {}, { ...inFlight, currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-01T00:00:00Z' }] });
  await kube.delete(ROLLOUTS, 'shop', 'gone');
  const { out, sent } = await run(abortPlan(ro));
  assert.equal(out.ok, false);
  assert.match(out.message!, /Rollout shop\/gone was not found/);
  // Upstream's fallback: 404 on /status → the same patch to the main resource (which 404s too).
  assert.deepEqual(
    sent.map((s) => s.path),
    [`${P}/gone/status`, `${P}/gone`],
  );
});

test('forbidden: a viewer gets a short 403 message, and permitted() says so before sending', async () => {
  const viewer = createClusterService({ kubeconfigPath: cluster.kubeconfigPath, watchKubeconfig: false });
  try {
    const ctx = cluster.contextFor('viewer');
    const ro = await seed('rbac', {}, { ...inFlight, currentStepIndex: 1 });
    const ex = viewer.executor(ctx)!;
    const perm = await ex.permitted(abortPlan(ro));
    assert.equal(perm.allowed, false);
    assert.match(perm.reason!, /may not patch rollouts\/status in namespace shop/);
    const out = await ex.execute(abortPlan(ro));
    assert.equal(out.ok, false);
    assert.equal(out.errorKind, 'forbidden');
    assert.match(out.message!, /^Forbidden in context .*Rollout shop\/rbac/);
    assert.equal((await live('rbac')).status.abort, undefined);
  } finally {
    viewer.dispose();
  }
});

const REPLICASETS = { group: 'apps', version: 'v1', resource: 'replicasets' };
const ANALYSISRUNS = { group: 'argoproj.io', version: 'v1alpha1', resource: 'analysisruns' };
const EXPERIMENTS = { group: 'argoproj.io', version: 'v1alpha1', resource: 'experiments' };

test("undo: a JSON Patch replacing /spec/template with the previous revision's template, read from the ReplicaSets the executor lists", async () => {
  const ro = await seed('hist', {}, { currentPodHash: 'h2', stableRS: 'h2' });
  ro.spec.template.spec.containers[0].image = 'app:v2';
  const updated = await kube.update(ROLLOUTS, ro);
  const owner = [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'hist', uid: updated.metadata.uid, controller: true }];
  for (const [hash, rev, image] of [
    ['h1', '1', 'app:v1'],
    ['h2', '2', 'app:v2'],
  ]) {
    await recreate(REPLICASETS, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `hist-${hash}`, namespace: 'shop', labels: { app: 'hist', 'rollouts-pod-template-hash': hash }, annotations: { 'rollout.argoproj.io/revision': rev }, ownerReferences: owner },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'hist', 'rollouts-pod-template-hash': hash } },
        template: { metadata: { labels: { app: 'hist', 'rollouts-pod-template-hash': hash } }, spec: { containers: [{ name: 'app', image }] } },
      },
    } as KubeObject);
  }
  const executor = service.executor(cluster.contextName)!;
  const plan = undoPlan(await live('hist'), await executor.list({ group: 'apps', version: 'v1', plural: 'replicasets' }, 'shop'));
  const { out, sent } = await run(plan);
  assert.equal(out.ok, true, out.message);
  // Revision 1's template as the server keeps it, minus the pod-template-hash label: what `kubectl
  // argo rollouts undo` sends. (The real API server fills in the pod defaults, imagePullPolicy,
  // dnsPolicy and the like, when it stores a ReplicaSet; the fake stores the template as given.)
  const rs1 = (await kube.get(REPLICASETS, 'shop', 'hist-h1'))!;
  const { 'rollouts-pod-template-hash': hash1, ...labels } = rs1.spec.template.metadata.labels;
  assert.equal(hash1, 'h1');
  assert.deepEqual(sent, [
    {
      method: 'PATCH',
      path: `${P}/hist`,
      contentType: 'application/json-patch+json',
      body: [{ op: 'replace', path: '/spec/template', value: { ...rs1.spec.template, metadata: { ...rs1.spec.template.metadata, labels } } }],
    },
  ]);
  assert.deepEqual(labels, { app: 'hist' });
  assert.equal((await live('hist')).spec.template.spec.containers[0].image, 'app:v1');
  assert.equal((await live('hist')).spec.template.metadata.labels['rollouts-pod-template-hash'], undefined);
  assert.match(out.changed, /replace \/spec\/template/);
  // Now the template is revision 1's: undo to revision 1 again sends nothing.
  const again = await run(undoPlan(await live('hist'), await executor.list({ group: 'apps', version: 'v1', plural: 'replicasets' }, 'shop'), 1));
  assert.equal(again.sent.length, 0);
  assert.match(again.out.noop!, /already matches revision 1/);
});

test('terminate: {"spec":{"terminate":true}} as a merge patch to the AnalysisRun or the Experiment', async () => {
  for (const [gvr, kind, plural] of [
    [ANALYSISRUNS, 'AnalysisRun', 'analysisruns'],
    [EXPERIMENTS, 'Experiment', 'experiments'],
  ] as const) {
    const created = await recreate(gvr, {
      apiVersion: 'argoproj.io/v1alpha1',
      kind,
      metadata: { name: 'run-1', namespace: 'shop' },
      spec: kind === 'AnalysisRun' ? { metrics: [{ name: 'm', provider: { job: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } } } }] } : { templates: [] },
    });
    const obj = { ...created, status: { phase: 'Running' } };
    const { out, sent } = await run(terminatePlan(obj, kind));
    assert.equal(out.ok, true, out.message);
    assert.deepEqual(sent, [{ method: 'PATCH', path: `/apis/argoproj.io/v1alpha1/namespaces/shop/${plural}/run-1`, contentType: MERGE, body: { spec: { terminate: true } } }]);
    assert.equal((await kube.get(gvr, 'shop', 'run-1'))!.spec.terminate, true);
  }
});
