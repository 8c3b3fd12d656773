import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quickFixesInRange } from '../../../../src/core/quickfix/fileQuickFixes';
import { ValidationEngine } from '../../../../src/core/validation/engine';
import { WorkspaceIndex } from '../../../../src/core/workspace/workspaceIndex';
import { canaryRollout } from '../rules/ruleTestKit';

const TEMPLATE = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: rate\nspec:\n  args:\n    - name: service-name\n  metrics:\n    - name: m\n      provider: {web: {url: "http://x"}}\n';
const ROLLOUT = canaryRollout('steps:\n  - analysis:\n      templates:\n        - templateName: rate');

/** The editor's path: the engine validates the open file, the index knows the other files. */
function setup(kustomization?: string) {
  const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1 << 20 });
  const index = new WorkspaceIndex();
  index.setFile('file:///repo/template.yaml', TEMPLATE);
  if (kustomization) index.setFile('file:///repo/kustomization.yaml', kustomization);
  const validation = engine.validate('file:///repo/rollout.yaml', ROLLOUT);
  index.setFile('file:///repo/rollout.yaml', ROLLOUT, validation.file);
  return { validation, index };
}

const whole = { uri: 'file:///repo/rollout.yaml', start: 0, end: ROLLOUT.length };

test('a reference finding with a fix hint offers its fix in the range', () => {
  const { validation, index } = setup();
  const offered = quickFixesInRange({ ...whole, validation, crossFile: index });
  assert.deepEqual(
    offered.map((o) => o.finding.code),
    ['argo/analysis-missing-arg'],
  );
  assert.match(offered[0].fix.title, /service-name/);
  const elsewhere = quickFixesInRange({ ...whole, start: 0, end: 5, validation, crossFile: index });
  assert.deepEqual(elsewhere, [], "nothing outside the finding's range");
});

test('a code turned off in rolloutLens.rules.severity offers no quick fix', () => {
  const { validation, index } = setup();
  assert.deepEqual(quickFixesInRange({ ...whole, validation, crossFile: index, severityOverrides: { 'argo/analysis-missing-arg': 'off' } }), []);
  assert.equal(quickFixesInRange({ ...whole, validation, crossFile: index, severityOverrides: { 'argo/analysis-missing-arg': 'warning' } }).length, 1, 'another level still offers it');
});

test('a kustomize patch fragment offers no fix for the completeness findings it does not show', () => {
  const { validation, index } = setup('patches:\n  - path: rollout.yaml\n');
  assert.equal(index.isPatchFragment('file:///repo/rollout.yaml'), true);
  assert.deepEqual(quickFixesInRange({ ...whole, validation, crossFile: index }), []);
});
