import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canaryDetail, rolloutDetail, type DetailSpec } from '../../../../src/core/tree/workloadDetail';
import { loadFixture, NOW } from '../status/fixtures';

const flat = (specs: DetailSpec[], prefix = ''): string[] =>
  specs.flatMap((s) => {
    const id = `${prefix}/${s.idParts.join(':')}`;
    return [id, ...flat(s.children ?? [], id)];
  });

test('blue-green rollout: revisions with active/preview ReplicaSets and their pods', () => {
  const f = loadFixture('blue-green');
  const specs = rolloutDetail(f.rollouts[0], { ...f, deployments: [] }, NOW);
  const revs = specs.map((s) => s.label);
  assert.ok(revs.length >= 2, JSON.stringify(revs));
  const tagged = specs.filter((s) => s.description);
  assert.ok(
    tagged.some((s) => /active/.test(s.description!)),
    'a revision is active',
  );
  assert.ok(
    tagged.some((s) => /preview/.test(s.description!)),
    'a revision is preview',
  );
  const ids = flat(specs);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  assert.ok(
    ids.some((id) => /\/pod:/.test(id)),
    'pods are listed under their ReplicaSet',
  );
});

test('ids are stable across interpretations of the same objects', () => {
  const f = loadFixture('canary');
  const a = flat(rolloutDetail(f.rollouts[0], { ...f, deployments: [] }, NOW));
  const b = flat(rolloutDetail(f.rollouts[0], { ...f, deployments: [] }, new Date(NOW.getTime() + 60_000)));
  assert.deepEqual(a, b);
});

test('experiment-analysis fixture shows AnalysisRuns and Experiments under revisions', () => {
  const f = loadFixture('experiment-analysis');
  const ids = flat(rolloutDetail(f.rollouts[0], { ...f, deployments: [] }, NOW));
  assert.ok(
    ids.some((id) => /\/ar:/.test(id)),
    `analysis runs in ${ids.join(' ')}`,
  );
  assert.ok(
    ids.some((id) => /\/exp:/.test(id)),
    `experiments in ${ids.join(' ')}`,
  );
});

test('AnalysisRun and Experiment rows name their object for terminate, running only until they complete', () => {
  const f = loadFixture('experiment-analysis');
  const runs: { kind: string; name: string; running: boolean; phase?: string }[] = [];
  const walk = (specs: DetailSpec[]) => {
    for (const s of specs) {
      if (s.run) runs.push({ ...s.run, phase: s.phase });
      walk(s.children ?? []);
    }
  };
  walk(rolloutDetail(f.rollouts[0], { ...f, deployments: [] }, NOW));
  assert.ok(runs.some((r) => r.kind === 'AnalysisRun') && runs.some((r) => r.kind === 'Experiment'), JSON.stringify(runs));
  for (const r of runs) assert.equal(r.running, !['Successful', 'Failed', 'Error', 'Inconclusive'].includes(r.phase ?? ''), JSON.stringify(r));
  assert.ok(runs.some((r) => r.running) && runs.some((r) => !r.running), `a running and a completed one in the fixture: ${JSON.stringify(runs)}`);
});

test('a rollout without related objects says so', () => {
  const specs = rolloutDetail({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'x', namespace: 'n', uid: 'u' }, spec: {} }, { replicaSets: [], pods: [], analysisRuns: [], experiments: [], deployments: [] }, NOW);
  assert.equal(specs.length, 1);
  assert.match(specs[0].label, /No ReplicaSets/);
});

test('flagger canary: primary/canary workloads, analysis status, gates and metrics', () => {
  const canary = {
    metadata: { name: 'podinfo', namespace: 'test' },
    spec: {
      targetRef: { kind: 'Deployment', name: 'podinfo' },
      analysis: {
        threshold: 5,
        iterations: 10,
        webhooks: [
          { name: 'gate', type: 'confirm-promotion', url: 'http://flagger-loadtester.test/gate/check' },
          { name: 'load', url: 'http://flagger-loadtester.test/' },
        ],
        metrics: [{ name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' }],
      },
    },
    status: { phase: 'WaitingPromotion', canaryWeight: 0, iterations: 10, failedChecks: 1, conditions: [{ type: 'Promoted', message: 'Waiting for approval' }] },
  };
  const deployments = [
    { metadata: { name: 'podinfo-primary', namespace: 'test' }, spec: { replicas: 2 }, status: { readyReplicas: 2 } },
    { metadata: { name: 'podinfo', namespace: 'test' }, spec: { replicas: 1 }, status: { readyReplicas: 0 } },
  ];
  const specs = canaryDetail(canary, { replicaSets: [], pods: [], analysisRuns: [], experiments: [], deployments });
  assert.deepEqual(
    specs.map((s) => s.label),
    ['podinfo-primary', 'podinfo', 'analysis', 'webhooks', 'metrics'],
  );
  assert.equal(specs[0].phase, 'Healthy');
  assert.equal(specs[1].phase, 'Progressing');
  assert.match(specs[2].description!, /iteration 10\/10 · failed checks 1\/5/);
  assert.equal(specs[2].tooltip?.split('\n')[0], 'Waiting for approval');
  assert.match(specs[3].children![0].description!, /confirm-promotion · gate/);
  const withState = canaryDetail(canary, { replicaSets: [], pods: [], analysisRuns: [], experiments: [], deployments }, { gate: 'closed' });
  assert.match(withState[3].children![0].description!, /confirm-promotion · gate closed/);
  assert.equal(withState[3].children![0].icon, 'lock');
  assert.match(specs[4].children![0].description!, /min 99 · every 1m/);
});
