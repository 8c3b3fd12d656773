import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parse } from 'yaml';
import { summarizeStrategy } from '../../../../src/core/strategy/summary';

const rollout = (strategy: object, extra: object = {}) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', spec: { ...extra, strategy } });
const text = (kind: string, v: unknown) => summarizeStrategy(kind, v)?.text;

test('Argo canary: weights, pauses, analysis, then 100%', () => {
  const v = rollout({ canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }, { analysis: { templates: [{ templateName: 'success-rate' }] } }] } });
  assert.equal(text('Rollout', v), 'Canary · 20% → pause → 40% → analysis success-rate → 100%');
});

test('Argo canary: durations, experiments, canary scale, header and mirror routes, routers', () => {
  const v = rollout({
    canary: {
      trafficRouting: { istio: { virtualService: { name: 'vs' } }, managedRoutes: [{ name: 'h' }] },
      analysis: { templates: [{ templateName: 'errors' }] },
      steps: [
        { setCanaryScale: { replicas: 1 } },
        { setHeaderRoute: { name: 'h', match: [{ headerName: 'x-canary', headerValue: { exact: 'yes' } }] } },
        { pause: { duration: 30 } },
        { pause: { duration: '1h' } },
        { setMirrorRoute: { name: 'm', percentage: 35, match: [{ method: { exact: 'GET' } }] } },
        { experiment: { duration: '10m', templates: [{ name: 'baseline' }, { name: 'canary' }], analyses: [{ templateName: 'compare' }] } },
        { setHeaderRoute: { name: 'h' } },
      ],
    },
  });
  assert.equal(
    text('Rollout', v),
    'Canary · canary scale 1 replicas → header route x-canary=yes → pause 30s → pause 1h → mirror 35% → experiment baseline + canary 10m with analysis compare → remove header route h → 100% · background analysis errors · via Istio',
  );
  assert.equal(text('Rollout', rollout({ canary: {} })), 'Canary · rolling update (maxSurge 25%, maxUnavailable 25%)');
});

test('Argo blue-green: manual / auto promotion, preview service, analyses, workloadRef', () => {
  const manual = rollout({ blueGreen: { activeService: 'rollouts-demo-active', previewService: 'rollouts-demo-preview', autoPromotionEnabled: false } });
  assert.equal(text('Rollout', manual), 'Blue/Green · manual promotion · preview service rollouts-demo-preview');
  const auto = rollout(
    { blueGreen: { activeService: 'a', autoPromotionSeconds: 30, prePromotionAnalysis: { templates: [{ templateName: 'smoke' }] }, postPromotionAnalysis: { templates: [{ templateName: 'load' }] } } },
    { workloadRef: { kind: 'Deployment', name: 'web' } },
  );
  assert.equal(text('Rollout', auto), 'Blue/Green · auto-promotion after 30s · pre-promotion analysis smoke · post-promotion analysis load · workload Deployment/web');
  assert.equal(text('Rollout', rollout({ blueGreen: {}, canary: {} })), undefined, 'invalid: no summary');
});

test('Flagger: progressive, A/B with header and cookie, blue/green, mirroring', () => {
  const canary = (analysis: object) => ({ spec: { targetRef: { kind: 'Deployment', name: 'podinfo' }, analysis } });
  assert.equal(text('Canary', canary({ interval: '1m', iterations: 5, stepWeight: 10, match: [{ headers: { 'x-canary': { exact: 'insider' } } }] })), 'Canary (Flagger) · 5 iterations of 10% every 1m · A/B on header x-canary');
  assert.equal(
    text('Canary', canary({ interval: '1m', iterations: 10, match: [{ headers: { cookie: { regex: '^(.*?;)?(canary=always)(;.*)?$' } } }] })),
    'Canary (Flagger) · 10 iterations every 1m · A/B on cookie ^(.*?;)?(canary=always)(;.*)?$',
  );
  assert.equal(text('Canary', canary({ interval: '30s', iterations: 10, mirror: true, mirrorWeight: 100 })), 'Blue/Green (Flagger) · 10 iterations every 30s · mirroring 100% (shadow)');
  assert.equal(text('Canary', canary({ interval: '1m', stepWeight: 5, maxWeight: 50 })), 'Canary (Flagger) · 5% steps up to 50% every 1m → promote');
  assert.equal(text('Canary', canary({ interval: '1m', stepWeights: [1, 10, 50] })), 'Canary (Flagger) · 1% → 10% → 50% every 1m → promote');
  const d = summarizeStrategy('Canary', canary({ interval: '1m', threshold: 5, stepWeight: 10, webhooks: [{ name: 'gate', type: 'confirm-promotion', url: 'http://x' }], metrics: [{ name: 'request-success-rate' }] }))!;
  assert.deepEqual(d.details, ['10% steps up to 100% every 1m → promote', 'target Deployment/podinfo', 'rollback after 5 failed checks', 'metrics: request-success-rate', 'gates: confirm-promotion (gate)']);
});

test('every Rollout and Canary in the valid corpus gets a summary without throwing', { skip: !fs.existsSync('test/fixtures/corpus/INDEX.json') && 'corpus not present' }, () => {
  const index = JSON.parse(fs.readFileSync('test/fixtures/corpus/INDEX.json', 'utf8')) as { file: string; expected: string; kind_list: string[] }[];
  let n = 0;
  for (const e of index.filter((x) => x.expected === 'valid' && x.kind_list.some((k) => k === 'Rollout' || k === 'Canary'))) {
    for (const chunk of fs.readFileSync(`test/fixtures/corpus/${e.file}`, 'utf8').split(/^---\s*$/m)) {
      let v: { kind?: string } | undefined;
      try {
        v = parse(chunk);
      } catch {
        continue;
      }
      if (v?.kind !== 'Rollout' && v?.kind !== 'Canary') continue;
      const s = summarizeStrategy(v.kind, v);
      assert.ok(s && s.text.length > 5 && !s.text.includes('undefined'), `${e.file}: ${s?.text}`);
      n++;
    }
  }
  assert.ok(n > 40, `only ${n} objects`);
});
