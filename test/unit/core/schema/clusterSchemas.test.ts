import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CRD_SOURCES, reindentQuotedContinuations } from '../../../../scripts/schemaGenerator';
import { buildClusterSchemaSet, describeClusterSchemas, type ClusterSchemaSet } from '../../../../src/core/schema/clusterSchemas';
import type { CrdObject } from '../../../../src/core/schema/crdSchema';
import { ValidationEngine } from '../../../../src/core/validation/engine';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const parsed = new Map<string, CrdObject[]>();
/** The vendored CRDs of a folder by name: fresh copies (tests edit them), parsed once. */
const upstream = (folder: string): Map<string, CrdObject> => {
  if (!parsed.has(folder)) {
    const files = CRD_SOURCES.filter((s) => s.folder === folder).map((s) => path.join(root, 'schemas', 'upstream', folder, s.file));
    parsed.set(
      folder,
      files.map((f) => parse(reindentQuotedContinuations(fs.readFileSync(f, 'utf8'))) as CrdObject),
    );
  }
  return new Map(parsed.get(folder)!.map((c) => [c.metadata!.name!, structuredClone(c)]));
};
const labelled = (crds: Map<string, CrdObject>, version: string) => {
  for (const c of crds.values()) c.metadata = { ...c.metadata, labels: { ...c.metadata?.labels, 'app.kubernetes.io/version': version } };
  return crds;
};
const release = (c: CrdObject) => c.metadata?.labels?.['app.kubernetes.io/version'];

function lint(text: string, clusterSchemas?: ClusterSchemaSet) {
  const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1 << 20, clusterSchemas }, []);
  return engine.validate('t.yaml', text).findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, text: text.slice(f.range.start, f.range.end) }));
}

const TEMPLATE = `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: error-rate
spec:
  args:
  - name: service
  metrics:
  - name: error-rate
    interval: 1m
    successCondition: result < 0.05
    provider:
      datadog:
        apiVersion: v2
        requestTimeout: 30s
        query: sum:requests.error{service:{{args.service}}}
        intervl: 5m
`;

describe('schemas of the CRDs a context serves (schemaVersion "cluster")', () => {
  const latest = upstream('argoproj.io');
  const flagger = upstream('flagger.app');

  it("converts installed CRDs with the generator's function: the pinned release validates exactly as the pinned schemas", () => {
    const set = buildClusterSchemaSet('kind-dev', { crds: new Map([...latest, ...flagger]), notFound: [], failed: [] }, ['argo', 'flagger'], release);
    assert.deepEqual([...set.crds.keys()].sort(), ['AlertProvider', 'AnalysisRun', 'AnalysisTemplate', 'Canary', 'ClusterAnalysisTemplate', 'Experiment', 'MetricTemplate', 'Rollout']);
    assert.equal(set.crds.get('Rollout')?.statusSubresource, true);
    assert.equal(set.crds.get('AnalysisTemplate')?.statusSubresource, false);
    const corpus = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'corpus', 'INDEX.json'), 'utf8')) as { file: string }[];
    let compared = 0;
    for (const { file } of corpus) {
      const text = fs.readFileSync(path.join(root, 'test', 'fixtures', 'corpus', file), 'utf8');
      assert.deepEqual(lint(text, set), lint(text), file);
      compared++;
    }
    assert.ok(compared > 300, `${compared} corpus files`);
    // Including the embedded core types (quantities under preserve-unknown-fields).
    const job = TEMPLATE.replace(
      / {6}datadog:[^]*$/,
      '      job:\n        spec:\n          template:\n            spec:\n              containers:\n              - name: c\n                image: busybox\n                resources: {limits: {memory: 12XB}}\n',
    );
    assert.deepEqual(
      lint(job, set).map((f) => f.code),
      ['schema/quantity'],
    );
  });

  it("warns on a field the context's older CRD does not know, naming the context and its release; a typo stays an error", () => {
    const set = buildClusterSchemaSet('prod-eu', { crds: labelled(upstream('argoproj.io@v1.9.1'), 'v1.9.1'), notFound: [], failed: [] }, ['argo'], release);
    assert.equal(describeClusterSchemas(set), 'prod-eu: Rollout v1alpha1 (v1.9.1); AnalysisTemplate v1alpha1 (v1.9.1); ClusterAnalysisTemplate v1alpha1 (v1.9.1); AnalysisRun v1alpha1 (v1.9.1); Experiment v1alpha1 (v1.9.1)');
    assert.deepEqual(lint(TEMPLATE, set), [
      {
        code: 'schema/cluster-unknown-field',
        severity: 'warning',
        message: '`spec.metrics[0].provider.datadog.requestTimeout` is unknown to the AnalysisTemplate CRD installed in `prod-eu` (v1.9.1): the API server there will reject it',
        text: 'requestTimeout',
      },
      {
        code: 'schema/unknown-field',
        severity: 'error',
        message: 'spec.metrics[0].provider.datadog.intervl: unknown field "intervl" in spec.metrics[0].provider.datadog; did you mean `interval`?',
        text: 'intervl',
      },
    ]);
    // Against the pinned (newest) schema only the typo is wrong.
    assert.deepEqual(
      lint(TEMPLATE).map((f) => f.code),
      ['schema/unknown-field'],
    );
  });

  it("says when the context lacks an engine's CRD, and keeps the pinned schema for CRDs it could not read", () => {
    const canary = `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
  service: {port: 9898}
  analysis: {interval: 1m, threshold: 5, stepWeight: 10}
`;
    const set = buildClusterSchemaSet(
      'prod-eu',
      { crds: labelled(upstream('argoproj.io@v1.9.1'), 'v1.9.1'), notFound: ['canaries.flagger.app'], failed: [{ name: 'analysistemplates.argoproj.io', reason: 'forbidden' }] },
      ['argo', 'flagger'],
      release,
    );
    assert.deepEqual(set.notInstalled, ['Canary']);
    assert.deepEqual(
      set.unavailable.map((u) => u.kind),
      ['AnalysisTemplate', 'MetricTemplate', 'AlertProvider'],
    );
    assert.deepEqual(
      lint(canary, set).map((f) => `${f.severity} ${f.code} ${f.text}: ${f.message}`),
      ['warning schema/cluster-not-installed Canary: kind: the Canary CRD is not installed in `prod-eu`: the API server there will reject this object (no matches for kind "Canary" in version "flagger.app/v1beta1")'],
    );
    assert.deepEqual(
      lint(TEMPLATE, set).map((f) => f.code),
      ['schema/unknown-field'],
      'the unreadable AnalysisTemplate CRD falls back to the pinned schema',
    );
  });

  it('only uses a CRD that serves the version our kinds use', () => {
    const crds = upstream('argoproj.io@v1.9.1');
    const rollout = crds.get('rollouts.argoproj.io')!;
    rollout.spec.versions = rollout.spec.versions.map((v) => ({ ...v, name: 'v1beta1' }));
    const set = buildClusterSchemaSet('dev', { crds, notFound: [], failed: [] }, ['argo']);
    assert.deepEqual(set.unavailable, [{ kind: 'Rollout', reason: 'it does not serve v1alpha1 (served: v1beta1)' }]);
  });
});

describe('hover and completion follow the CRDs the context serves', () => {
  it('offer only the fields the installed CRD knows, with the newest descriptions where it has none', async () => {
    const { parseManifestFile } = await import('../../../../src/core/manifest/manifestFile');
    const { schemaCompletionsAt, schemaHoverAt } = await import('../../../../src/core/schema/schemaAssist');
    const set = buildClusterSchemaSet('prod-eu', { crds: labelled(upstream('argoproj.io@v1.9.1'), 'v1.9.1'), notFound: [], failed: [] }, ['argo'], release);
    const text = TEMPLATE.replace('        requestTimeout: 30s\n', '').replace('        intervl: 5m\n', '        \n');
    const file = parseManifestFile(text);
    const offset = text.lastIndexOf('        \n') + 8;
    const labels = (cluster?: ClusterSchemaSet) => schemaCompletionsAt(file, offset, 'latest', cluster).map((c) => c.label);
    assert.ok(labels().includes('requestTimeout'), 'the pinned latest schema knows it');
    assert.ok(!labels(set).includes('requestTimeout') && labels(set).includes('secretRef'), labels(set).join(', '));
    const hover = schemaHoverAt(file, text.indexOf('interval:') + 1, 'latest', set)?.markdown ?? '';
    assert.match(hover, /in AnalysisTemplate \(argoproj\.io\/v1alpha1\), as the CRD installed in `prod-eu` \(v1\.9\.1\) declares it\n\n\S/);
  });
});
