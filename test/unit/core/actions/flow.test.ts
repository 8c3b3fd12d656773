/**
 * The action flow with object-literal fakes for the cluster and the asking: each step can stop the
 * flow, and what it stops with is what the CLI and the editor print.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runActionFlow, type ActionAsk, type ActionCluster, type ActionRef } from '../../../../src/core/actions/flow';
import type { ActionPlan, ResourceTarget } from '../../../../src/core/actions/plan';
import { makeCanary } from '../status/canaryFixtures';

const inFlight = { currentPodHash: 'new', stableRS: 'old', currentStepIndex: 1, pauseConditions: [{ reason: 'CanaryPauseStep' }], controllerPause: true };
const rollout = (extra: Record<string, unknown> = {}) => ({
  metadata: { name: 'web', namespace: 'shop', uid: 'u1', ...extra },
  spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }] } } },
  status: inFlight,
});
const ref: ActionRef = { context: 'dev', kind: 'Rollout', namespace: 'shop', name: 'web' };

function fakeCluster(obj: unknown, over: Partial<ActionCluster> = {}) {
  const calls: string[] = [];
  const cluster: ActionCluster = {
    get: (t: ResourceTarget) => (calls.push(`get ${t.plural}/${t.name}`), Promise.resolve(obj)),
    list: (r) => (calls.push(`list ${r.plural}`), Promise.resolve([])),
    permitted: () => (calls.push('permitted'), Promise.resolve({ allowed: true })),
    gatePermitted: () => (calls.push('gatePermitted'), Promise.resolve({ allowed: true })),
    execute: (p: ActionPlan) => (calls.push(`execute ${p.action}`), Promise.resolve({ ok: true, changed: p.describe })),
    runGate: (p) => (calls.push(`runGate ${p.action}`), Promise.resolve({ ok: true, changed: p.describe })),
    explain: (err) => ({ notFound: (err as { notFound?: boolean }).notFound === true, message: `explained: ${(err as Error).message}`, detail: 'detail' }),
    ...over,
  };
  return { cluster, calls };
}

const yes: ActionAsk = { confirm: () => Promise.resolve(true) };

test('resolve → plan → permission → confirm → execute, in that order, and the confirmation names the target', async () => {
  const { cluster, calls } = fakeCluster(rollout());
  const asked: string[] = [];
  const r = await runActionFlow('promote', ref, cluster, { confirm: (_p, c) => (asked.push(c.title), Promise.resolve(true)) }, { productionPatterns: ['prod-*'] });
  assert.equal(r.status, 'done');
  assert.deepEqual(calls, ['get rollouts/web', 'permitted', 'execute promote']);
  assert.deepEqual(asked, ['Promote Rollout shop/web in context dev?']);
  assert.equal(r.where, 'Rollout shop/web in context dev');
});

test('a noop plan stops before the permission check; --yes skips the confirmation', async () => {
  const { cluster, calls } = fakeCluster({ ...rollout(), spec: { paused: true } });
  const r = await runActionFlow('pause', ref, cluster, { confirm: () => assert.fail('not asked') });
  assert.equal(r.status, 'nothing');
  assert.deepEqual(calls, ['get rollouts/web']);
  const ok = fakeCluster(rollout());
  assert.equal((await runActionFlow('abort', ref, ok.cluster, { confirm: () => assert.fail('not asked') }, { confirm: false })).status, 'done');
});

test('denied, cancelled, not found, failed reads and failed sends each end the flow with their message', async () => {
  const denied = fakeCluster(rollout(), { permitted: () => Promise.resolve({ allowed: false, reason: 'you may not patch rollouts/status' }) });
  const d = await runActionFlow('abort', ref, denied.cluster, yes);
  assert.equal(d.status, 'denied');
  assert.equal(d.status === 'denied' && d.reason, 'you may not patch rollouts/status');
  assert.deepEqual(denied.calls, ['get rollouts/web']);
  const no = fakeCluster(rollout());
  assert.equal((await runActionFlow('abort', ref, no.cluster, { confirm: () => Promise.resolve(false) })).status, 'cancelled');
  assert.ok(!no.calls.some((c) => c.startsWith('execute')));
  const gone = fakeCluster(undefined, { get: async () => Promise.reject(Object.assign(new Error('404'), { notFound: true })) });
  const g = await runActionFlow('abort', ref, gone.cluster, yes);
  assert.deepEqual([g.status, 'message' in g && g.message], ['notFound', 'Rollout shop/web was not found in context dev.']);
  const down = fakeCluster(undefined, { get: async () => Promise.reject(new Error('ECONNREFUSED')) });
  const f = await runActionFlow('abort', ref, down.cluster, yes);
  assert.deepEqual([f.status, 'message' in f && f.message], ['failed', 'explained: ECONNREFUSED']);
  const bad = fakeCluster(rollout(), { execute: () => Promise.resolve({ ok: false, changed: '', message: 'Forbidden', detail: 'd' }) });
  const b = await runActionFlow('abort', ref, bad.cluster, yes);
  assert.deepEqual([b.status, 'message' in b && b.message], ['failed', 'Forbidden']);
});

test('a failed permission review is not a "no": the caller hears of it and the flow goes on', async () => {
  const heard: string[] = [];
  const { cluster, calls } = fakeCluster(rollout(), { permitted: async () => Promise.reject(new Error('timeout')) });
  const r = await runActionFlow('abort', ref, cluster, { ...yes, reviewFailed: (e) => heard.push(e.message) });
  assert.equal(r.status, 'done');
  assert.deepEqual(heard, ['explained: timeout']);
  assert.ok(calls.includes('execute abort'));
});

test('arguments: passed ones are used, missing ones asked for; an invalid one is reported, not thrown', async () => {
  const asked: string[] = [];
  const sent: ActionPlan[] = [];
  const { cluster } = fakeCluster(rollout(), { execute: (p) => (sent.push(p), Promise.resolve({ ok: true, changed: '' })) });
  const now = () => new Date('2026-01-01T00:00:00Z');
  await runActionFlow('restart', ref, cluster, { ...yes, args: (d) => (asked.push(d.id), Promise.resolve({ delay: '1h' })) }, { now });
  await runActionFlow('restart', ref, cluster, { ...yes, args: () => assert.fail('passed, not asked') }, { now, args: { delay: '' } });
  assert.deepEqual(asked, ['restart']);
  assert.deepEqual(
    sent.map((p) => p.requests[0].body),
    [{ spec: { restartAt: '2026-01-01T01:00:00Z' } }, { spec: { restartAt: '2026-01-01T00:00:00Z' } }],
  );
  assert.equal((await runActionFlow('restart', ref, cluster, { ...yes, args: () => Promise.resolve(undefined) })).status, 'cancelled');
  const r = await runActionFlow('restart', ref, cluster, yes, { args: { delay: 'soon' } });
  assert.equal(r.status, 'invalid');
  assert.match('message' in r ? r.message : '', /Invalid restart delay/);
});

test('undo reads the ReplicaSets; a revision not in the history is unavailable', async () => {
  const { cluster, calls } = fakeCluster(rollout());
  const r = await runActionFlow('undo', ref, cluster, yes, { args: { revision: 7 } });
  assert.equal(r.status, 'unavailable');
  assert.deepEqual(calls, ['get rollouts/web', 'list replicasets']);
  assert.match('message' in r ? r.message : '', /unable to find specified revision 7 in history/);
});

test('a spec change on a GitOps-managed object offers the manifest instead; gates are checked and sent as gates', async () => {
  const managed = makeCanary({ phase: 'Succeeded' }) as { metadata: Record<string, unknown> };
  managed.metadata.labels = { 'kustomize.toolkit.fluxcd.io/name': 'apps' };
  const c = fakeCluster(managed);
  const cref: ActionRef = { context: 'dev', kind: 'Canary', namespace: 'test', name: 'podinfo' };
  const m = await runActionFlow('suspend', cref, c.cluster, { ...yes, gitOps: () => Promise.resolve('manifest') });
  assert.equal(m.status, 'manifest');
  assert.deepEqual(m.status === 'manifest' && m.plan.manifestEdit, { path: ['spec', 'suspend'], value: true });
  assert.ok(!c.calls.some((x) => x.startsWith('execute')));
  assert.equal((await runActionFlow('suspend', cref, c.cluster, { ...yes, gitOps: () => Promise.resolve('cancel') })).status, 'cancelled');
  const gate = fakeCluster(makeCanary({ phase: 'WaitingPromotion' }));
  assert.equal((await runActionFlow('approve', cref, gate.cluster, yes)).status, 'done');
  assert.deepEqual(gate.calls, ['get canaries/podinfo', 'gatePermitted', 'runGate approve']);
  const closed = fakeCluster(makeCanary({ phase: 'Succeeded' }));
  assert.equal((await runActionFlow('approve', cref, closed.cluster, yes)).status, 'unavailable');
});

test('an action on the wrong kind is refused before anything is read', async () => {
  const { cluster, calls } = fakeCluster(rollout());
  const r = await runActionFlow('terminate', ref, cluster, yes);
  assert.equal(r.status, 'invalid');
  assert.deepEqual(calls, []);
});

test("command arguments: a ref with its kind (or a tree node's workloadKind) and the optional delay or revision", async () => {
  const { actionRefFromArgument } = await import('../../../../src/core/actions/flow');
  assert.deepEqual(actionRefFromArgument({ context: 'dev', kind: 'Rollout', namespace: 'shop', name: 'web', revision: 3 }), { context: 'dev', kind: 'Rollout', namespace: 'shop', name: 'web', revision: 3 });
  assert.deepEqual(actionRefFromArgument({ context: 'dev', workloadKind: 'Canary', kind: 'workload', namespace: 'test', name: 'podinfo', id: 'x' }), { context: 'dev', kind: 'Canary', namespace: 'test', name: 'podinfo' });
  assert.deepEqual(actionRefFromArgument({ context: 'dev', kind: 'AnalysisRun', namespace: 'shop', name: 'web-1', delay: '5m' }), { context: 'dev', kind: 'AnalysisRun', namespace: 'shop', name: 'web-1', delay: '5m' });
  assert.equal(actionRefFromArgument({ context: 'dev', kind: 'Rollout', namespace: 'shop', name: 'web', revision: -1 })?.revision, undefined);
  // An AnalysisRun row of the tree: a detail node carrying its run as `target` (terminate from its context menu).
  assert.deepEqual(actionRefFromArgument({ id: 'row', kind: 'detail', target: { context: 'dev', kind: 'AnalysisRun', namespace: 'shop', name: 'web-1-2' } }), { context: 'dev', kind: 'AnalysisRun', namespace: 'shop', name: 'web-1-2' });
  assert.equal(actionRefFromArgument({ id: 'row', kind: 'detail', target: { context: 'dev', kind: 'Pod', namespace: 'shop', name: 'p' } }), undefined);
  for (const bad of [undefined, 'web', { context: 'dev', kind: 'Deployment', namespace: 'shop', name: 'web' }, { kind: 'Rollout', namespace: 'shop', name: 'web' }, { context: 'dev', kind: 'toString', namespace: 's', name: 'n' }]) {
    assert.equal(actionRefFromArgument(bad), undefined, JSON.stringify(bad));
  }
});

test("set image reads the workloadRef's Deployment; one that is gone is unavailable, naming it; container and image are asked for together", async () => {
  const refRollout = { metadata: { name: 'web', namespace: 'shop' }, spec: { workloadRef: { kind: 'Deployment', name: 'web-deploy' } } };
  const deployment = { metadata: { name: 'web-deploy', namespace: 'shop' }, spec: { template: { spec: { containers: [{ name: 'app', image: 'app:v1' }] } } } };
  const { cluster, calls } = fakeCluster(undefined, { get: (t) => (calls.push(`get ${t.plural}/${t.name}`), Promise.resolve(t.plural === 'rollouts' ? refRollout : deployment)) });
  const asked: unknown[] = [];
  const r = await runActionFlow('set-image', ref, cluster, { ...yes, args: (_d, input) => (asked.push(input.workload), Promise.resolve({ container: 'app', image: 'app:v2' })) });
  assert.equal(r.status, 'done');
  assert.deepEqual(calls, ['get rollouts/web', 'get deployments/web-deploy', 'permitted', 'execute set-image']);
  assert.deepEqual(asked, [deployment], "the editor picks among the Deployment's containers");
  assert.equal(r.status === 'done' && r.plan.action === 'set-image' && 'target' in r.plan ? r.plan.target.name : '', 'web-deploy');
  const gone = fakeCluster(undefined, { get: (t) => (t.plural === 'rollouts' ? Promise.resolve(refRollout) : Promise.reject(Object.assign(new Error('nf'), { notFound: true }))) });
  const g = await runActionFlow('set-image', ref, gone.cluster, yes, { args: { container: 'app', image: 'app:v2' } });
  assert.equal(g.status, 'unavailable');
  assert.match('message' in g ? g.message : '', /Deployment 'web-deploy' \(spec\.workloadRef\), which was not found/);
});
