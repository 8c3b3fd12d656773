/**
 * `rollout-lens lint --schema-from-context [CONTEXT]` against a cluster of either backend
 * (ROLLOUT_LENS_BACKEND; in-process `main()` with captured IO): the cluster serves the real Argo
 * Rollouts v1.9.1 CRDs (older than the pinned `latest`) and Flagger v1.44.0, labelled with their
 * release as a Helm install labels them, so a field newer than v1.9.1 is a warning naming the
 * context and its release; a user who may not read CRDs, an unknown context and an unreachable
 * server each get what the flag promises.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startClusterBackend, type ClusterBackend } from '../../upstream/backend';
import { ADMIN_RULES, type PolicyRule } from '../../cluster/auth/rbac';
import { replaceCrd, upstreamCrd } from '../../cluster/store/crds';
import { main } from '../../../src/cli';
import { captureIO } from '../../unit/cli/clusterFixture';

let cluster: ClusterBackend;
let dir: string;

// Everything except CustomResourceDefinitions.
const NO_CRD_RULES: PolicyRule[] = [{ verbs: ['*'], apiGroups: ['', 'argoproj.io', 'flagger.app', 'authorization.k8s.io'], resources: ['*'] }];

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: error-rate
spec:
  metrics:
  - name: error-rate
    interval: 1m
    successCondition: result < 0.05
    provider:
      datadog:
        apiVersion: v2
        requestTimeout: 30s
        query: sum:requests.error{service:web}
`;

before(async () => {
  cluster = await startClusterBackend({
    users: [
      { name: 'admin', rules: ADMIN_RULES },
      { name: 'nocrd', rules: NO_CRD_RULES },
    ],
  });
  const crds = [
    ...['rollouts.yaml', 'analysistemplates.yaml', 'clusteranalysistemplates.yaml', 'analysisruns.yaml', 'experiments.yaml'].map((file) => upstreamCrd('argoproj.io@v1.9.1', file, 'v1.9.1')),
    ...['canaries.yaml', 'metrictemplates.yaml', 'alertproviders.yaml'].map((file) => upstreamCrd('flagger.app', file, 'v1.44.0')),
  ];
  for (const crd of crds) {
    // The upstream stack installed these very files; only the release label is added, as Helm would.
    if (cluster.upstream) await cluster.upstream.api.mergePatch(crd.apiVersion, crd.kind, undefined, crd.metadata.name, { metadata: { labels: crd.metadata.labels } });
    else replaceCrd(cluster.fake!.store, crd);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-lint-context-'));
  fs.writeFileSync(path.join(dir, 'template.yaml'), TEMPLATE);
});

after(async () => {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function lint(args: string[], kubeconfig = cluster.kubeconfigPath) {
  const c = captureIO({ ...process.env, KUBECONFIG: kubeconfig }, false, dir);
  const code = await main(['lint', ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

test('validates against the CRDs the current context serves: a field newer than its release is a warning naming both', async () => {
  const r = await lint(['--schema-from-context', 'template.yaml']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(
    r.out.split('\n')[0],
    'template.yaml:13:9 warning schema/cluster-unknown-field `spec.metrics[0].provider.datadog.requestTimeout` is unknown to the AnalysisTemplate CRD installed in `rollout-lens-test` (v1.9.1): the API server there will reject it',
  );
  assert.match(r.err, /^rollout-lens lint: schemas from context rollout-lens-test: Rollout v1alpha1 \(v1\.9\.1\);.* Canary v1beta1 \(v1\.44\.0\)/);
  // Without the flag the pinned (latest) schemas know the field.
  const pinned = await lint(['template.yaml']);
  assert.equal(pinned.code, 0);
  assert.doesNotMatch(pinned.out, /requestTimeout/);
});

test('names a context explicitly; a typo stays an error (exit 1), in JSON too', async () => {
  fs.writeFileSync(path.join(dir, 'typo.yaml'), TEMPLATE.replace('requestTimeout: 30s', 'requestTimeout: 30s\n        intervl: 5m'));
  try {
    const r = await lint(['--schema-from-context', 'rollout-lens-test', '--format', 'json', 'typo.yaml']);
    assert.equal(r.code, 1, r.err);
    const codes = JSON.stringify(JSON.parse(r.out)).match(/schema\/[a-z-]+/g);
    assert.deepEqual(codes, ['schema/cluster-unknown-field', 'schema/unknown-field']);
  } finally {
    fs.rmSync(path.join(dir, 'typo.yaml'));
  }
});

test('a user who may not read CRDs keeps the pinned schemas, and is told so', async () => {
  const r = await lint([`--schema-from-context=${cluster.contextFor('nocrd')}`, 'template.yaml']);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /cluster-unknown-field/);
  assert.match(r.err, /pinned schema for Rollout \(forbidden: this user may not read CustomResourceDefinitions\)/);
});

test('an unknown context is a usage error; an unreachable cluster falls back to the pinned schemas with one notice', async () => {
  const unknown = await lint(['--schema-from-context=nowhere', 'template.yaml']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /there is no context named 'nowhere'/);

  const kubeconfig = path.join(dir, 'offline.kubeconfig');
  fs.writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters: [{name: gone, cluster: {server: "https://127.0.0.1:9", insecure-skip-tls-verify: true}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: gone, context: {cluster: gone, user: u}}]',
      'current-context: gone',
    ].join('\n'),
  );
  const offline = await lint(['--schema-from-context', 'template.yaml'], kubeconfig);
  assert.equal(offline.code, 0, offline.err);
  const notices = offline.err.split('\n').filter((l) => l.startsWith('rollout-lens lint:'));
  assert.equal(notices.length, 1, offline.err);
  assert.match(notices[0], /^rollout-lens lint: cannot read the CRDs of context 'gone': .*ECONNREFUSED.*; validating against the pinned schemas$/);
});
