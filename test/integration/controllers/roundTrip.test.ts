/**
 * "Checked against reality" round trips (issue 5): a cluster with controllers and the e2e scenario
 * (ROLLOUT_LENS_BACKEND: the fake's simulated controllers, or the real Argo Rollouts and Flagger on
 * the upstream stack), acted on with kubectl exactly as kubectl-argo-rollouts and a Flagger user
 * would (merge patches, the status subresource, the loadtester through the service proxy), and read
 * back with `kubectl get -o json`.
 *
 * On the fake the controllers run on a FakeClock, so simulated minutes pass in a few real seconds:
 * each poll advances simulated time a little and reads with kubectl, under a real-time deadline (no
 * sleeps). The real controllers run on wall time: the same polls, longer deadlines. On upstream,
 * kubectl is the stack's, of the server's release.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { selectedBackend, startClusterBackend, type ClusterBackend } from '../../upstream/backend';
import { FakeClock } from '../../cluster/controllers/clock';
import { readFromStore, unmetExpectations } from '../../cluster/scenarios/index';
import { isolatedHome, kubectl, kubectlAvailable } from '../cluster/helpers';

const upstream = selectedBackend() === 'upstream';
const skip = upstream ? undefined : kubectlAvailable();
const clock = upstream ? undefined : new FakeClock('2026-03-01T10:00:00Z');
/** How long a transition may take: simulated time on the fake, the real controllers' wall time upstream. */
const DEADLINE = upstream ? 240_000 : 30_000;
let cluster: ClusterBackend;
let home: ReturnType<typeof isolatedHome>;
let env: NodeJS.ProcessEnv;

before(
  async () => {
    if (skip) return;
    home = isolatedHome();
    cluster = await startClusterBackend({ controllers: true, scenario: 'e2e', clock });
    env = cluster.upstream ? { ...home.env, PATH: `${path.dirname(cluster.upstream.binaries.kubectl)}:${process.env.PATH}` } : home.env;
    const fake = cluster.fake;
    // The fake's store is read directly (many rounds of simulated time); upstream through kubectl.
    const unmet = async () => {
      if (fake) return unmetExpectations('e2e', readFromStore(fake.store));
      const seen = new Map<string, unknown>();
      for (const kind of ['rollouts.argoproj.io', 'canaries.flagger.app']) for (const o of JSON.parse(await k('get', kind, '-A', '-o', 'json')).items) seen.set(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`, o);
      return unmetExpectations('e2e', (e) => seen.get(`${e.kind}/${e.namespace}/${e.name}`) as never);
    };
    await settle('the e2e scenario in place', unmet, (u) => u.length === 0, 1000, upstream ? 600_000 : DEADLINE);
  },
  { timeout: 900_000 },
);

after(async () => {
  await cluster?.stop();
  home?.dispose();
});

async function k(...args: string[]): Promise<string> {
  const r = await kubectl(cluster, env, args);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const getJson = async (kind: string, ns: string, name: string) => JSON.parse(await k('get', kind, name, '-n', ns, '-o', 'json'));

/**
 * Reads with kubectl until `check` holds, under a real-time deadline; on the fake each round first
 * advances simulated time by stepMs (upstream, each kubectl run is the pause between reads).
 */
async function settle<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, stepMs = 1000, ms = DEADLINE): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (check(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify((last as any)?.status ?? last).slice(0, 600)}`);
    clock?.advance(stepMs);
  }
}

const rollout = (ns: string, name: string) => () => getJson('rollouts.argoproj.io', ns, name);
const canary = (ns: string, name: string) => () => getJson('canaries.flagger.app', ns, name);
const statusPatch = (ns: string, name: string, body: unknown) => k('patch', 'rollouts.argoproj.io', name, '-n', ns, '--type', 'merge', '--subresource', 'status', '-p', JSON.stringify(body));
const specPatch = (ns: string, name: string, body: unknown) => k('patch', 'rollouts.argoproj.io', name, '-n', ns, '--type', 'merge', '-p', JSON.stringify(body));
const loadtester = (gate: string, name: string) => kubectl(cluster, env, ['create', '--raw', `/api/v1/namespaces/test/services/flagger-loadtester:80/proxy${gate}`, '-f', '-'], JSON.stringify({ name, namespace: 'test' }));

test('paused canary → promote → next step', { skip }, async () => {
  const before = await rollout('payments', 'checkout')();
  assert.equal(before.status.phase, 'Paused');
  assert.equal(before.status.currentStepIndex, 1);
  assert.equal(before.status.pauseConditions[0].reason, 'CanaryPauseStep');
  // kubectl argo rollouts promote (pause conditions present): {"status":{"pauseConditions":null}} to /status.
  await statusPatch('payments', 'checkout', { status: { pauseConditions: null } });
  const after = await settle('checkout at its timed pause', rollout('payments', 'checkout'), (r) => r.status.currentStepIndex === 3 && r.status.phase === 'Paused');
  assert.equal(after.status.message, 'CanaryPauseStep');
  assert.equal(after.status.currentPodHash, before.status.currentPodHash);
  const rs = JSON.parse(await k('get', 'replicasets', `checkout-${after.status.currentPodHash}`, '-n', 'payments', '-o', 'json'));
  assert.equal(rs.spec.replicas, 2, '40% of 5 replicas');
});

test('blue/green awaiting promotion → promote → active switches', { skip }, async () => {
  const before = await rollout('payments', 'ledger')();
  assert.equal(before.status.message, 'BlueGreenPause');
  assert.notEqual(before.status.blueGreen.activeSelector, before.status.currentPodHash);
  await statusPatch('payments', 'ledger', { status: { pauseConditions: null } });
  const after = await settle('ledger promoted', rollout('payments', 'ledger'), (r) => r.status.blueGreen.activeSelector === r.status.currentPodHash);
  assert.equal(after.status.stableRS, after.status.currentPodHash);
  assert.equal(after.status.phase, 'Healthy');
  assert.equal(after.status.selector, `app=ledger,rollouts-pod-template-hash=${after.status.currentPodHash}`);
});

test('paused → abort → Degraded → retry → progressing again', { skip }, async () => {
  await statusPatch('shop', 'search', { status: { abort: true } });
  const aborted = await settle('search degraded', rollout('shop', 'search'), (r) => r.status.phase === 'Degraded');
  assert.equal(aborted.status.message, `RolloutAborted: Rollout aborted update to revision ${aborted.metadata.annotations['rollout.argoproj.io/revision']}`);
  assert.equal(aborted.status.abort, true);
  await settle(
    'canary scaled down',
    () => getJson('replicasets', 'shop', `search-${aborted.status.currentPodHash}`),
    (rs) => rs.spec.replicas === 0,
  );
  // kubectl argo rollouts retry rollout: {"status":{"abort":false}}.
  await statusPatch('shop', 'search', { status: { abort: false } });
  const retried = await settle('search paused at step 1 again', rollout('shop', 'search'), (r) => r.status.phase === 'Paused' && r.status.currentStepIndex === 1);
  assert.equal(retried.status.abortedAt, undefined);
});

test('pause (spec.paused) → "manually paused"; restart (spec.restartAt) → status.restartedAt', { skip }, async () => {
  await specPatch('shop', 'search', { spec: { paused: true } });
  const paused = await settle('manually paused', rollout('shop', 'search'), (r) => r.status.message === 'manually paused');
  assert.equal(paused.status.phase, 'Paused');
  await specPatch('shop', 'search', { spec: { paused: false } });
  const restartAt = (clock?.now() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await specPatch('shop', 'search', { spec: { restartAt } });
  await settle('restarted', rollout('shop', 'search'), (r) => r.status.restartedAt === restartAt);
});

test('Flagger WaitingPromotion → approve through the service proxy → Promoting → Succeeded', { skip }, async () => {
  const waiting = await canary('test', 'frontend')();
  assert.equal(waiting.status.phase, 'WaitingPromotion');
  assert.equal(waiting.status.conditions[0].message, 'Waiting for approval.');
  const opened = await loadtester('/gate/open', 'frontend');
  assert.equal(opened.code, 0, opened.stderr);
  const done = await settle('frontend succeeded', canary('test', 'frontend'), (c) => c.status.phase === 'Succeeded');
  assert.deepEqual([done.status.conditions[0].status, done.status.conditions[0].message], ['True', 'Canary analysis completed successfully, promotion finished.']);
  const primary = await getJson('deployments', 'test', 'frontend-primary');
  const target = await getJson('deployments', 'test', 'frontend');
  assert.equal(primary.spec.template.spec.containers[0].image, target.spec.template.spec.containers[0].image);
});

test('Flagger rollback gate → Failed', { skip }, async () => {
  assert.equal((await loadtester('/gate/close', 'frontend')).code, 0);
  const target = await getJson('deployments', 'test', 'frontend');
  const image = 'ghcr.io/stefanprodan/podinfo:6.6.0';
  await k('patch', 'deployment', 'frontend', '-n', 'test', '--type', 'json', '-p', JSON.stringify([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: image }]));
  assert.notEqual(target.spec.template.spec.containers[0].image, image);
  await settle('frontend waiting again', canary('test', 'frontend'), (c) => c.status.phase === 'WaitingPromotion');
  const check = await loadtester('/rollback/check', 'frontend');
  assert.notEqual(check.code, 0, 'rollback gate is closed (403) before it is opened');
  assert.equal((await loadtester('/rollback/open', 'frontend')).code, 0);
  const failed = await settle('frontend failed', canary('test', 'frontend'), (c) => c.status.phase === 'Failed');
  assert.equal(failed.status.canaryWeight, 0);
  assert.equal(failed.status.conditions[0].message, 'Canary analysis failed, Deployment scaled to zero.');
  const primary = await getJson('deployments', 'test', 'frontend-primary');
  assert.notEqual(primary.spec.template.spec.containers[0].image, image, 'the primary kept the previous version');
});
