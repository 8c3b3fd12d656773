import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { setFieldEdit, type TextEdit } from '../../../../src/core/actions/manifestEdit';

const apply = (text: string, e: TextEdit) => text.slice(0, e.start) + e.newText + text.slice(e.end);

const text = [
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: x}',
  '---',
  '# the canary',
  'apiVersion: flagger.app/v1beta1',
  'kind: Canary',
  'metadata:',
  '  name: podinfo # keep me',
  'spec:',
  '  targetRef: {kind: Deployment, name: podinfo}',
  '',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  '',
].join('\n');

test('sets a field in the one document and keeps comments and the other documents', () => {
  const file = parseManifestFile(text);
  const offset = text.indexOf('apiVersion: flagger');
  const e = setFieldEdit(file, offset, ['spec', 'skipAnalysis'], true);
  assert.ok(!('error' in e), JSON.stringify(e));
  const out = apply(text, e);
  assert.match(out, /skipAnalysis: true/);
  assert.match(out, /# keep me/);
  assert.match(out, /# the canary/);
  assert.ok(out.startsWith('apiVersion: v1\nkind: Service\nmetadata: {name: x}\n---\n'));
  assert.ok(out.endsWith('---\napiVersion: v1\nkind: ConfigMap\n'));
  const reparsed = parseManifestFile(out).documents.map((d) => d.value as any);
  assert.equal(reparsed.length, 3);
  assert.equal(reparsed[1].spec.skipAnalysis, true);
  assert.equal(reparsed[1].spec.targetRef.name, 'podinfo');
});

test('refuses when the value is already set, or the document is broken or templated', () => {
  const set = text.replace('spec:\n', 'spec:\n  suspend: true\n');
  const off = set.indexOf('apiVersion: flagger');
  assert.match((setFieldEdit(parseManifestFile(set), off, ['spec', 'suspend'], true) as { error: string }).error, /already true/);
  const broken = 'apiVersion: flagger.app/v1beta1\nkind: Canary\nspec: [\n';
  assert.match((setFieldEdit(parseManifestFile(broken), 0, ['spec', 'suspend'], true) as { error: string }).error, /syntax/);
  const helm = 'apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata:\n  name: {{ .Values.name }}\n';
  assert.match((setFieldEdit(parseManifestFile(helm), 0, ['spec', 'suspend'], true) as { error: string }).error, /template/);
});

test('a { name } segment sets the field of the list item of that name, wherever the file has it', () => {
  const rollout = [
    'apiVersion: argoproj.io/v1alpha1',
    'kind: Rollout',
    'metadata: {name: web}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: sidecar',
    '          image: envoy:1',
    '        - name: app # the app',
    '          image: app:v1',
    '',
  ].join('\n');
  const file = parseManifestFile(rollout);
  const e = setFieldEdit(file, 0, ['spec', 'template', 'spec', 'containers', { name: 'app' }, 'image'], 'app:v2');
  assert.ok(!('error' in e), JSON.stringify(e));
  const out = apply(rollout, e);
  assert.match(out, /- name: sidecar\n {10}image: envoy:1\n/);
  assert.match(out, /- name: app # the app\n {10}image: app:v2\n/);
  assert.match((setFieldEdit(file, 0, ['spec', 'template', 'spec', 'containers', { name: 'nginx' }, 'image'], 'x') as { error: string }).error, /no item named 'nginx' at spec\.template\.spec\.containers/);
  assert.match((setFieldEdit(file, 0, ['spec', 'template', 'spec', 'containers', { name: 'app' }, 'image'], 'app:v1') as { error: string }).error, /containers\[name=app\]\.image is already "app:v1"/);
});
