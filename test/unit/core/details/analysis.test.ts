import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analysisRunView, conditionBounds, measurementNumber, metricView, providerOf } from '../../../../src/core/details/analysis';
import { at } from '../../../../src/core/util/json';
import { loadFixture, NOW } from '../status/fixtures';

// An AnalysisRun in the shape argoproj/argo-rollouts documents for Prometheus (docs/features/analysis.md,
// "Background Analysis"; docs/analysis/prometheus.md): the provider returns a vector, written as "[0.95…]",
// the success condition reads result[0]; and an Error measurement with the provider's message, as
// analysis/analysis.go records it.
const prometheusRun = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AnalysisRun',
  metadata: {
    name: 'guestbook-6c54544bf9-3-2',
    namespace: 'default',
    uid: 'run-1',
    creationTimestamp: '2026-03-01T11:50:00Z',
    labels: { 'rollout-type': 'Step', 'rollouts-pod-template-hash': '6c54544bf9' },
    annotations: { 'rollout.argoproj.io/revision': '3' },
  },
  spec: {
    metrics: [
      {
        name: 'success-rate',
        interval: '5m',
        successCondition: 'result[0] >= 0.95',
        failureLimit: 3,
        provider: {
          prometheus: {
            address: 'http://prometheus.example.com:9090',
            query: 'sum(irate(istio_requests_total{reporter="source",destination_service=~"guestbook",response_code!~"5.*"}[5m])) /\nsum(irate(istio_requests_total{reporter="source",destination_service=~"guestbook"}[5m]))\n',
          },
        },
      },
      { name: 'latency', count: 3, successCondition: 'result < 500', failureCondition: 'result >= 1000', provider: { web: { url: 'http://metrics/latency', jsonPath: '{$.p99}' } } },
    ],
  },
  status: {
    phase: 'Running',
    startedAt: '2026-03-01T11:50:00Z',
    metricResults: [
      {
        name: 'success-rate',
        phase: 'Running',
        count: 3,
        successful: 1,
        failed: 1,
        error: 1,
        consecutiveError: 1,
        measurements: [
          { phase: 'Successful', startedAt: '2026-03-01T11:50:00Z', finishedAt: '2026-03-01T11:50:01Z', value: '[0.9523809523809523]' },
          { phase: 'Failed', startedAt: '2026-03-01T11:55:00Z', finishedAt: '2026-03-01T11:55:01Z', value: '[0.42]' },
          { phase: 'Error', startedAt: '2026-03-01T12:00:00Z', finishedAt: '2026-03-01T12:00:00Z', message: 'Post "http://prometheus.example.com:9090/api/v1/query": dial tcp: lookup prometheus.example.com: no such host' },
        ],
      },
    ],
  },
};

describe('analysis conditions and values', () => {
  it('reads numeric bounds on result out of expr conditions, either side', () => {
    assert.deepEqual(conditionBounds('result[0] >= 0.95'), [{ op: '>=', value: 0.95 }]);
    assert.deepEqual(conditionBounds('result < 500 && result > 1'), [
      { op: '<', value: 500 },
      { op: '>', value: 1 },
    ]);
    assert.deepEqual(conditionBounds('0.05 > result'), [{ op: '<', value: 0.05 }]);
    assert.deepEqual(conditionBounds('result == "true"'), []);
    assert.deepEqual(conditionBounds('len(result) > 2'), []);
    assert.deepEqual(conditionBounds(''), []);
  });
  it('turns provider values into chart numbers', () => {
    assert.deepEqual(['0.99', '[0.42]', '[null, 3]', 'true', 'false', '{"a":1}', '', '[]'].map(measurementNumber), [0.99, 0.42, 3, 1, 0, undefined, undefined, undefined]);
  });
  it('names the provider and its query', () => {
    assert.deepEqual(providerOf(prometheusRun.spec.metrics[1]), { provider: 'web', address: 'http://metrics/latency', query: 'GET http://metrics/latency jsonPath {$.p99}' });
    assert.equal(providerOf(prometheusRun.spec.metrics[0]).provider, 'prometheus');
    assert.match(providerOf(prometheusRun.spec.metrics[0]).query, /^sum\(irate/);
    assert.deepEqual(providerOf({}), { provider: '', address: '', query: '' });
  });
});

describe('analysisRunView', () => {
  it('gives each metric its series, limits with defaults, bounds and the error message', () => {
    const v = analysisRunView(prometheusRun, NOW);
    assert.equal(v.type, 'Step');
    assert.equal(v.stepIndex, 2);
    assert.equal(v.revision, 3);
    assert.equal(v.running, true);
    assert.deepEqual(
      v.metrics.map((m) => m.name),
      ['success-rate', 'latency'],
    );
    const sr = v.metrics[0];
    assert.deepEqual(
      sr.series.map((p) => [p.value, p.phase]),
      [
        [0.9523809523809523, 'Successful'],
        [0.42, 'Failed'],
        [undefined, 'Error'],
      ],
    );
    assert.equal(sr.series[0].at, Date.parse('2026-03-01T11:50:01Z'));
    assert.deepEqual(sr.limits, { count: 'unlimited', failureLimit: 3, inconclusiveLimit: 0, consecutiveErrorLimit: 4, interval: '5m', initialDelay: '' });
    assert.deepEqual(sr.successBounds, [{ op: '>=', value: 0.95 }]);
    assert.match(sr.message, /no such host/);
    // A metric not measured yet is still listed, Pending, with its spec.
    const lat = v.metrics[1];
    assert.equal(lat.phase, 'Pending');
    assert.equal(lat.limits.count, '3');
    assert.deepEqual(lat.failureBounds, [{ op: '>=', value: 1000 }]);
  });
  it("upstream fixture: the aborted rollout's failed web metric explains itself", () => {
    const run = loadFixture('rollout-aborted').analysisRuns[0];
    const v = analysisRunView(run, NOW);
    assert.equal(v.phase, 'Failed');
    assert.equal(v.type, 'Background');
    assert.equal(v.running, false);
    assert.equal(v.message, 'metric "web" assessed Failed due to failed (1) > failureLimit (0)');
    const web = v.metrics[0];
    assert.deepEqual([web.phase, web.failed, web.successCondition, web.provider], ['Failed', 1, 'result == "true"', 'web']);
    assert.deepEqual(
      web.series.map((p) => [p.raw, p.value, p.phase]),
      [['false', 0, 'Failed']],
    );
  });
  it("a completed metric without a message of its own gets the controller's verdict (v1.9.1 writes it only for the worst metric)", () => {
    // As the real controller left cart's run on the upstream stack: error-rate Failed (the run's message),
    // latency-p99 Inconclusive beside it, both metric results without a message.
    const spec = { name: 'latency-p99', successCondition: 'result[0] < 0.3', failureCondition: 'result[0] >= 0.5' };
    const result = {
      name: 'latency-p99',
      phase: 'Inconclusive',
      count: 2,
      successful: 1,
      inconclusive: 1,
      measurements: [
        { phase: 'Successful', value: '[0.21]' },
        { phase: 'Inconclusive', value: '[0.38]' },
      ],
    };
    assert.equal(metricView(spec, result).message, 'Metric "latency-p99" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)');
    assert.equal(metricView({ ...spec, failureLimit: 2 }, { ...result, phase: 'Failed', failed: 3, inconclusive: 0 }).message, 'Metric "latency-p99" assessed Failed due to failed (3) > failureLimit (2)');
    assert.equal(metricView(spec, { ...result, phase: 'Error', consecutiveError: 5, inconclusive: 0 }).message, 'Metric "latency-p99" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)');
    // Its own message wins; a running or successful metric gets none.
    assert.equal(metricView(spec, { ...result, message: 'from the controller' }).message, 'from the controller');
    assert.equal(metricView(spec, { ...result, phase: 'Successful', inconclusive: 0 }).message, '');
    assert.equal(metricView(spec, { ...result, phase: 'Running' }).message, '');
  });
  it('upstream fixture: a job metric names its image and command', () => {
    const run = loadFixture('experiment-step').analysisRuns[0];
    const m = metricView(at(run, 'spec', 'metrics', 0), at(run, 'status', 'metricResults', 0));
    assert.equal(m.provider, 'job');
    assert.equal(m.address, 'williamyeh/wrk');
    assert.match(m.query, /^wrk -t12 -c100 -d30s/);
    assert.equal(m.phase, 'Running');
  });
});
