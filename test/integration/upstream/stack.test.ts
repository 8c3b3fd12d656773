/**
 * The upstream stack end to end (test/upstream/stack): the real kube-apiserver, controller-manager,
 * scheduler and kwok move a Rollout through the real Argo Rollouts controller and a Canary through
 * the real Flagger; the Flagger loadtester answers through the API server's service proxy from the
 * run's network namespace; real RBAC forbids the viewer to patch; stop() leaves no process and no
 * namespace behind.
 *
 * ROLLOUT_LENS_UPSTREAM=off skips it (with the reason printed). Without Go it fails, naming what to
 * install: the stage must never pass by not running.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { ApiClient, until } from '../../upstream/stack/api';
import { podinfoObjects } from '../../upstream/stack/podinfo';
import { pidAlive } from '../../upstream/stack/processes';
import { startUpstreamCluster, type UpstreamCluster } from '../../upstream/stack/index';

const off = process.env.ROLLOUT_LENS_UPSTREAM === 'off';
if (off) console.log('# upstream stack tests skipped: ROLLOUT_LENS_UPSTREAM=off');
const skip = off ? 'ROLLOUT_LENS_UPSTREAM=off' : undefined;

const NS = 'smoke';
const RO = `/apis/argoproj.io/v1alpha1/namespaces/${NS}/rollouts`;
const CANARIES = `/apis/flagger.app/v1beta1/namespaces/${NS}/canaries`;
const PROXY = '/api/v1/namespaces/test/services/flagger-loadtester:80/proxy';

let cluster: UpstreamCluster;

before(
  async () => {
    if (off) return;
    cluster = await startUpstreamCluster({ log: (l) => console.log(`# upstream: ${l}`) });
    await cluster.api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  },
  // A cold run builds every component from source first (see test/upstream/README.md).
  { timeout: 90 * 60_000 },
);

after(async () => {
  if (off || !cluster) return;
  const pids = cluster.processes.map((p) => p.pid);
  const netns = cluster.netns?.name;
  await cluster.stop();
  const alive = pids.filter(pidAlive);
  assert.deepEqual(alive, [], `processes still running after stop(): ${alive.join(', ')}`);
  assert.equal(fs.existsSync(cluster.runDir), false, 'the run directory is removed');
  if (netns) assert.doesNotMatch(execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }), new RegExp(`^${netns}\\b`, 'm'), 'the network namespace is removed');
});

test("the kubeconfig has the fake cluster's contract: contexts, users, the admin context current", { skip }, () => {
  const kc = fs.readFileSync(cluster.kubeconfigPath, 'utf8');
  assert.match(kc, /current-context: rollout-lens-test\n/);
  assert.match(kc, /name: rollout-lens-test-viewer\n/);
  assert.match(kc, /user: rollout-lens-test-admin\n/);
  assert.equal(cluster.contextFor('viewer'), 'rollout-lens-test-viewer');
  assert.equal(cluster.contextName, 'rollout-lens-test');
});

test('the real Argo Rollouts controller takes a new canary revision to its indefinite pause', { skip, timeout: 180_000 }, async () => {
  const rollout = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'smoke', namespace: NS },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'smoke' } },
      template: { metadata: { labels: { app: 'smoke' } }, spec: { containers: [{ name: 'app', image: 'argoproj/rollouts-demo:blue' }] } },
      strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } },
    },
  };
  await cluster.api.apply(rollout);
  // The first revision goes straight to Healthy: ReplicaSet, scheduled pods, kwok marks them Ready.
  await until('the first revision Healthy', async () => (await cluster.api.get(`${RO}/smoke`)).status?.phase === 'Healthy', 120_000, 500);
  await cluster.api.json('PATCH', `${RO}/smoke`, [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'argoproj/rollouts-demo:green' }], 'application/json-patch+json');
  const paused = await until(
    'the new revision paused at step 1',
    async () => {
      const r = await cluster.api.get(`${RO}/smoke`);
      return r.status?.phase === 'Paused' ? r : undefined;
    },
    120_000,
    500,
  );
  assert.equal(paused.status.currentStepIndex, 1);
  assert.equal(paused.status.pauseConditions?.[0]?.reason, 'CanaryPauseStep');
  assert.equal(paused.status.message, 'CanaryPauseStep');
});

test('real Flagger initializes a Canary (kubernetes provider): primary Deployment, then Initialized', { skip, timeout: 180_000 }, async () => {
  for (const o of podinfoObjects(NS, {
    progressDeadlineSeconds: 60,
    analysis: { interval: '5s', threshold: 2, iterations: 2, webhooks: [{ name: 'ask', type: 'confirm-promotion', url: 'http://flagger-loadtester.test/gate/check' }] },
  }))
    await cluster.api.apply(o);
  await until('the Canary Initialized', async () => (await cluster.api.get(`${CANARIES}/podinfo`)).status?.phase === 'Initialized', 150_000, 500);
  const primary = await cluster.api.getObject('apps/v1', 'Deployment', NS, 'podinfo-primary');
  assert.ok(primary, 'Flagger created podinfo-primary');
});

test("the loadtester's gates answer through the API server service proxy (network namespace endpoint)", { skip, timeout: 60_000 }, async () => {
  const body = JSON.stringify({ name: 'podinfo', namespace: NS, phase: 'Progressing', metadata: {} });
  const check = () => cluster.api.request('POST', `${PROXY}/gate/check`, body);
  const closed = await check();
  assert.equal(closed.status, 403, closed.text);
  assert.equal(closed.text, 'Forbidden');
  assert.equal((await cluster.api.request('POST', `${PROXY}/gate/open`, body)).status, 202);
  const open = await check();
  assert.equal(open.status, 200, open.text);
  assert.equal(open.text, 'Approved');
  const eps = await cluster.api.get('/api/v1/namespaces/test/endpoints/flagger-loadtester');
  assert.equal(eps.subsets[0].addresses[0].ip, cluster.netns!.podIp);
  assert.equal(eps.subsets[0].addresses[0].targetRef.kind, 'Pod');
});

test('real RBAC: the viewer reads rollouts and is forbidden to patch them', { skip }, async () => {
  const viewer = new ApiClient(cluster.url, cluster.tokenFor('viewer'), cluster.caCert);
  await cluster.api.apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'rbac', namespace: NS },
    spec: { replicas: 0, selector: { matchLabels: { app: 'rbac' } }, template: { metadata: { labels: { app: 'rbac' } }, spec: { containers: [{ name: 'c', image: 'x' }] } }, strategy: { canary: {} } },
  });
  assert.equal((await viewer.request('GET', `${RO}/rbac`)).status, 200);
  const r = await viewer.request('PATCH', `${RO}/rbac`, JSON.stringify({ spec: { paused: true } }), 'application/merge-patch+json');
  assert.equal(r.status, 403);
  assert.equal(JSON.parse(r.text).message, `rollouts.argoproj.io "rbac" is forbidden: User "viewer" cannot patch resource "rollouts" in API group "argoproj.io" in the namespace "${NS}"`);
});
