import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/core/findings';
import { ValidationEngine } from '../../../../src/core/validation/engine';
import { fileFindings, withSeverityOverrides, type CrossFileFindings } from '../../../../src/core/validation/fileFindings';
import { WorkspaceIndex } from '../../../../src/core/workspace/workspaceIndex';

const f = (start: number, end: number, code = 'schema/x', message = 'm', source: Finding['source'] = 'schema'): Finding => ({ code, severity: 'error', message, range: { start, end }, path: [], source });
const crossFile = (refs: Finding[], patch = false): CrossFileFindings => ({ referenceFindings: () => refs, isPatchFragment: () => patch });
const at = (fs: Finding[]) => fs.map((x) => [x.range.start, x.range.end, x.code]);

test('merges engine and reference findings, removes exact duplicates, sorts by position then code', () => {
  const out = fileFindings({ uri: 'a.yaml', validation: { findings: [f(10, 12), f(1, 2, 'b'), f(1, 2, 'a')] }, textLength: 100, crossFile: crossFile([f(10, 12), f(5, 6, 'references/unresolved', 'm', 'references')]) });
  assert.deepEqual(at(out), [
    [1, 2, 'a'],
    [1, 2, 'b'],
    [5, 6, 'references/unresolved'],
    [10, 12, 'schema/x'],
  ]);
  const differentMessage = fileFindings({ uri: 'a.yaml', validation: { findings: [f(1, 2, 'a', 'one'), f(1, 2, 'a', 'two')] }, textLength: 100 });
  assert.equal(differentMessage.length, 2, 'two problems at one place are both kept');
});

test('clamps ranges into the text, so stale or broken ranges never reach the editor', () => {
  const out = fileFindings({ uri: 'a.yaml', validation: { findings: [f(90, 200), f(-5, 3), f(50, 40), f(NaN, NaN)] }, textLength: 100 });
  for (const x of out) assert.ok(x.range.start >= 0 && x.range.end <= 100 && x.range.start <= x.range.end, JSON.stringify(x.range));
  assert.deepEqual(
    out.map((x) => [x.range.start, x.range.end]),
    [
      [0, 0],
      [0, 3],
      [50, 50],
      [90, 100],
    ],
  );
});

test("severity overrides apply to reference findings as to the engine's", () => {
  const refs = [f(1, 2, 'references/unresolved', 'm', 'references'), f(3, 4, 'argo/service-label-mismatch', 'm', 'references')];
  const out = fileFindings({
    uri: 'a.yaml',
    validation: { findings: [f(5, 6, 'schema/type')] },
    textLength: 10,
    crossFile: crossFile(refs),
    severityOverrides: { 'references/unresolved': 'off', 'argo/service-label-mismatch': 'info', 'schema/type': 'warning' },
  });
  assert.deepEqual(
    out.map((x) => [x.code, x.severity]),
    [
      ['argo/service-label-mismatch', 'info'],
      ['schema/type', 'warning'],
    ],
  );
});

test('a patch fragment loses its completeness findings, wherever they come from', () => {
  const engine = [f(1, 2, 'schema/required'), f(3, 4, 'schema/type'), f(5, 6, 'argo/selector-missing', 'm', 'rules')];
  const out = fileFindings({ uri: 'p.yaml', validation: { findings: engine }, textLength: 10, crossFile: crossFile([f(7, 8, 'references/unresolved', 'm', 'references')], true) });
  assert.deepEqual(
    out.map((x) => x.code),
    ['schema/type'],
  );
});

test('a file the engine skipped gets no reference findings', () => {
  const out = fileFindings({ uri: 'big.yaml', validation: { findings: [], skipped: { reason: 'too large' } }, textLength: 10, crossFile: crossFile([f(1, 2, 'references/unresolved', 'm', 'references')]) });
  assert.deepEqual(out, []);
});

test('with the real engine and index: an unresolved reference, and turning it off', () => {
  const rollout =
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\nspec:\n  selector:\n    matchLabels: {app: r}\n  template:\n    metadata:\n      labels: {app: r}\n    spec:\n      containers: [{name: c, image: i}]\n  strategy:\n    blueGreen:\n      activeService: missing-svc\n';
  const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1 << 20 });
  const index = new WorkspaceIndex();
  const validation = engine.validate('r.yaml', rollout);
  index.setFile('r.yaml', rollout, validation.file);
  const codes = (severityOverrides?: Record<string, 'off' | 'warning'>) => fileFindings({ uri: 'r.yaml', validation, textLength: rollout.length, crossFile: index, severityOverrides }).map((x) => `${x.code}:${x.severity}`);
  assert.ok(
    codes().some((c) => c.startsWith('references/unresolved:')),
    codes().join(),
  );
  assert.ok(!codes({ 'references/unresolved': 'off' }).some((c) => c.startsWith('references/unresolved')));
});

test('withSeverityOverrides changes, keeps or drops findings by code and never mutates its input', () => {
  const input = [f(0, 1, 'references/unresolved'), f(0, 1, 'references/service-labels'), f(0, 1, 'other')];
  const out = withSeverityOverrides(input, { 'references/unresolved': 'off', 'references/service-labels': 'warning' });
  assert.deepEqual(
    out.map((x) => [x.code, x.severity]),
    [
      ['references/service-labels', 'warning'],
      ['other', 'error'],
    ],
  );
  assert.equal(withSeverityOverrides(input, undefined).length, 3);
  assert.equal(input[1].severity, 'error');
});

// The editor republishes the files setFile/removeFile return; a patch fragment that came or went
// must be among them, since its findings change only through this assembly.
test('a kustomization that lists a file as a patch invalidates it, and its completeness findings go', () => {
  const patch = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: r\nspec:\n  replicas: 3\n';
  const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1 << 20 });
  const index = new WorkspaceIndex();
  const validation = engine.validate('file:///repo/patch.yaml', patch);
  index.setFile('file:///repo/patch.yaml', patch, validation.file);
  const codes = () => fileFindings({ uri: 'file:///repo/patch.yaml', validation, textLength: patch.length, crossFile: index }).map((x) => x.code);
  assert.ok(codes().includes('argo/selector-missing'), codes().join());
  const kustomization = 'file:///repo/kustomization.yaml';
  assert.ok(index.setFile(kustomization, 'patches:\n  - path: patch.yaml\n').includes('file:///repo/patch.yaml'));
  assert.deepEqual(codes(), []);
  assert.ok(index.removeFile(kustomization).includes('file:///repo/patch.yaml'));
  assert.ok(codes().includes('argo/selector-missing'));
});
