import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import type { Finding } from '../../../../src/core/findings';
import { quickFixesFor } from '../../../../src/core/quickfix/quickFixes';
import { applyEdits } from '../../../../src/core/quickfix/yamlEdits';
import { runRules } from '../../../../src/core/rules/registry';
import { WorkspaceIndex } from '../../../../src/core/workspace/workspaceIndex';
import { canaryRollout } from '../rules/ruleTestKit';

function fixOnce(text: string, code: string, pick = 0, findings?: (t: string) => Finding[]): string {
  const md = parseManifestFile(text).documents[0];
  const all = findings ? findings(text) : runRules(md);
  const f = all.find((x) => x.code === code);
  assert.ok(f, `no ${code} in ${all.map((x) => x.code).join(', ')}`);
  const fixes = quickFixesFor(md, f);
  assert.ok(fixes[pick], `no fix ${pick} for ${code}`);
  return applyEdits(text, fixes[pick].edits);
}
const codes = (text: string) =>
  parseManifestFile(text)
    .documents.flatMap((d) => runRules(d))
    .map((f) => f.code);

test('both strategies: each "remove" fix leaves a valid rollout', () => {
  const text = canaryRollout('steps:\n  - setWeight: 10').replace('  strategy:\n', '  strategy:\n    blueGreen:\n      activeService: a\n      previewService: b\n');
  const withoutBlueGreen = fixOnce(text, 'argo/strategy', 0);
  assert.ok(!withoutBlueGreen.includes('blueGreen'));
  assert.deepEqual(codes(withoutBlueGreen), []);
  const withoutCanary = fixOnce(text, 'argo/strategy', 1);
  assert.ok(!withoutCanary.includes('canary:'));
  assert.deepEqual(codes(withoutCanary), []);
});

test('missing services for traffic routing: insert with a placeholder at the right indentation', () => {
  const text = canaryRollout('trafficRouting:\n  nginx:\n    stableIngress: ing\nsteps:\n  - setWeight: 10');
  const once = fixOnce(text, 'argo/traffic-routing-services');
  assert.match(once, /\n {6}stableService: my-app-stable\n {6}trafficRouting:/);
  const twice = fixOnce(once, 'argo/traffic-routing-services');
  assert.deepEqual(codes(twice), []);
});

test('missing selector into a mapping, missing strategy into an empty flow mapping', () => {
  const noSel = canaryRollout('steps: [{setWeight: 10}]').replace('  selector:\n    matchLabels:\n      app: demo\n', '');
  const fixed = fixOnce(noSel, 'argo/selector-missing');
  assert.match(fixed, /\nspec:\n {2}selector:\n {4}matchLabels:\n {6}app: my-app\n {2}replicas: 2/);
  const noStrategy = canaryRollout('').replace(/ {2}strategy:[\s\S]*$/, '  strategy: {}\n');
  const s = fixOnce(noStrategy, 'argo/strategy');
  assert.match(s, /\n {2}strategy:\n {4}canary:\n {6}steps:\n {8}- setWeight: 20\n {8}- pause: \{\}\n$/);
  assert.deepEqual(codes(s), []);
});

test('interval for a counted metric goes into the metric, inside a sequence item', () => {
  const text = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: t\nspec:\n  metrics:\n    - name: m\n      count: 3\n      provider:\n        web: {url: "http://x"}\n';
  const fixed = fixOnce(text, 'argo/metric-interval');
  assert.match(fixed, /- interval: 1m\n {6}name: m\n/);
  assert.deepEqual(codes(fixed), []);
});

test('remove a key that is the last entry, and one inside a flow-free block', () => {
  const text = canaryRollout('scaleDownDelaySeconds: 30\nsteps:\n  - setWeight: 10\ndynamicStableScale: true');
  const a = fixOnce(text, 'argo/traffic-routing-options', 0);
  const b = fixOnce(a, 'argo/traffic-routing-options', 0);
  assert.deepEqual(codes(b), []);
  assert.match(b, /canary:\n {6}steps:\n {8}- setWeight: 10\n$/);
});

test('undefined analysis argument: add it to existing args, or create args', () => {
  const tmpl = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: rate\nspec:\n  args:\n    - name: service-name\n  metrics:\n    - name: m\n      provider: {web: {url: "http://x"}}\n';
  const ix = new WorkspaceIndex();
  ix.setFile('t.yaml', tmpl);
  const refs = (t: string) => {
    ix.setFile('r.yaml', t);
    return ix.referenceFindings('r.yaml');
  };
  const withArgs = canaryRollout('steps:\n  - analysis:\n      templates:\n        - templateName: rate\n      args:\n        - name: other\n          value: x');
  const fixed = fixOnce(withArgs, 'argo/analysis-missing-arg', 0, refs);
  assert.match(fixed, /- name: other\n {16}value: x\n {14}- name: service-name\n {16}value: ""\n/);
  assert.equal(refs(fixed).filter((f) => f.code === 'argo/analysis-missing-arg').length, 0);
  const noArgs = canaryRollout('steps:\n  - analysis:\n      templates:\n        - templateName: rate');
  const created = fixOnce(noArgs, 'argo/analysis-missing-arg', 0, refs);
  assert.match(created, /- analysis:\n {12}args:\n {14}- name: service-name\n {16}value: ""\n {12}templates:/);
  assert.equal(refs(created).filter((f) => f.code === 'argo/analysis-missing-arg').length, 0);
});

test('replaceKey from the validator replaces the key text only', () => {
  const text = 'a:\n  stratgy: 1\n';
  const md = parseManifestFile(text).documents[0];
  const f: Finding = { code: 'schema/unknown-field', severity: 'error', message: '', range: { start: 5, end: 12 }, path: ['a', 'stratgy'], source: 'schema', fixes: [{ kind: 'replaceKey', with: 'strategy' }] };
  const [fix] = quickFixesFor(md, f);
  assert.equal(applyEdits(text, fix.edits), 'a:\n  strategy: 1\n');
  assert.equal(fix.preferred, true);
});

test('both stableIngress and stableIngresses: remove one', () => {
  const text = canaryRollout('canaryService: c\nstableService: s\ntrafficRouting:\n  nginx:\n    stableIngress: a\n    stableIngresses:\n      - b\n      - c\nsteps:\n  - setWeight: 5');
  const fixed = fixOnce(text, 'argo/traffic-routing-targets', 0);
  assert.match(fixed, /nginx:\n {10}stableIngress: a\n {6}steps:/);
  assert.deepEqual(codes(fixed), []);
  const other = fixOnce(text, 'argo/traffic-routing-targets', 1);
  assert.match(other, /nginx:\n {10}stableIngresses:\n {12}- b/);
  assert.deepEqual(codes(other), []);
});

test('validator hints: missing required field is inserted, unknown key (with a mapping value) is removed', async () => {
  const { ValidationEngine } = await import('../../../../src/core/validation/engine');
  const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1 << 20 });
  const schema = (t: string) => engine.validate('x.yaml', t).findings;
  const canary = 'apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: p\nspec:\n  targetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: p\n  analysis:\n    interval: 1m\n    bogus:\n      a: 1\n';
  const tmpl = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: t\nspec:\n  metrics:\n    - provider:\n        web: {url: "http://x"}\n';
  const withName = fixOnce(tmpl, 'schema/required', 0, schema);
  assert.match(withName, /\n {4}- name: ""\n {6}provider:\n/);
  const noBogus = fixOnce(canary, 'schema/unknown-field', 0, schema);
  assert.doesNotMatch(noBogus, /bogus|a: 1/);
  assert.match(noBogus, /interval: 1m\n$/);
});
