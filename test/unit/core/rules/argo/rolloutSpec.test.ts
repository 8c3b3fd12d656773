import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canaryRollout, codes, lint, underlined } from '../ruleTestKit';

const base = canaryRollout('steps:\n  - setWeight: 20\n  - pause: {}');

test('a well-formed canary Rollout has no rule findings', () => {
  assert.deepEqual(lint(base), []);
});

test('missing selector: upstream message on spec, with an insertKey fix', () => {
  const text = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: x\n';
  const f = lint(text).find((x) => x.code === 'argo/selector-missing')!;
  assert.match(f.message, /^spec\.selector: Required value: Rollout has missing field '\.spec\.selector'/);
  assert.equal(f.fixes?.[0].kind, 'insertKey');
});

test('empty selector is invalid for deployment', () => {
  const text = base.replace('    matchLabels:\n      app: demo\n', '    matchLabels: {}\n');
  const f = lint(text).find((x) => x.code === 'argo/selector-missing')!;
  // As upstream prints it: the LabelSelector as JSON without its empty fields.
  assert.ok(f.message.startsWith('spec.selector: Invalid value: {}: empty selector is invalid for deployment — '), f.message);
  assert.equal(underlined(text, f), 'selector');
});

test('selector not matching template labels: upstream message verbatim, on the labels key', () => {
  const text = base.replace('        app: demo\n    spec:', '        app: other\n    spec:');
  const f = lint(text).find((x) => x.code === 'argo/selector-template-mismatch')!;
  assert.ok(f.message.startsWith('spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`'));
  assert.equal(underlined(text, f), 'labels');
});

test('matchExpressions are honoured; a bad operator makes the selector invalid', () => {
  const ok = base.replace('    matchLabels:\n      app: demo\n', '    matchExpressions:\n      - {key: app, operator: In, values: [demo, x]}\n');
  assert.deepEqual(codes(ok), []);
  const bad = ok.replace('operator: In', 'operator: Has');
  const f = lint(bad).find((x) => x.code === 'argo/selector-invalid')!;
  assert.match(f.message, /invalid label selector/);
  assert.equal(underlined(bad, f), 'operator');
});

test('workloadRef with a template: internal error on spec.template; no pod-template checks', () => {
  const text = base.replace('  replicas: 2\n', '  replicas: 2\n  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: demo\n');
  const f = lint(text);
  assert.deepEqual(
    f.map((x) => x.code),
    ['argo/workload-ref-with-template'],
  );
  assert.match(f[0].message, /spec\.template: Internal error: template must be empty for workload reference rollout/);
});

test('negative replicas, minReadySeconds and progressDeadlineSeconds <= minReadySeconds', () => {
  const text = base.replace('  replicas: 2\n', '  replicas: -1\n  minReadySeconds: 700\n');
  const f = lint(text);
  assert.deepEqual(f.map((x) => x.code).sort(), ['argo/progress-deadline-min-ready', 'argo/replicas-negative']);
  const pd = f.find((x) => x.code === 'argo/progress-deadline-min-ready')!;
  assert.match(pd.message, /^spec\.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds/);
  assert.equal(underlined(text, pd), '700');
  assert.equal(underlined(text, f.find((x) => x.code === 'argo/replicas-negative')!), '-1');
});

test('no strategy / both strategies', () => {
  const none = base.replace(/ {2}strategy:[\s\S]*$/, '  strategy: {}\n');
  assert.match(lint(none).find((x) => x.code === 'argo/strategy')!.message, /Rollout has missing field '\.spec\.strategy\.canary or \.spec\.strategy\.blueGreen'/);
  const both = base.replace('  strategy:\n', '  strategy:\n    blueGreen:\n      activeService: a\n');
  const f = lint(both).find((x) => x.code === 'argo/strategy')!;
  assert.match(f.message, /Multiple Strategies can not be listed/);
  assert.deepEqual(
    f.fixes?.map((x) => x.kind),
    ['removeKey', 'removeKey'],
  );
});

test('pod template basics: containers required, unique names, restartPolicy Always', () => {
  const dup = base.replace('          image: nginx:1.27\n', '          image: nginx:1.27\n        - name: demo\n          image: busybox\n      restartPolicy: Never\n');
  const f = lint(dup);
  assert.deepEqual(
    f.map((x) => x.code),
    ['argo/pod-template', 'argo/pod-template'],
  );
  assert.match(f[0].message, /containers\[1\]\.name: Duplicate value: "demo"/);
  assert.match(f[1].message, /Unsupported value: "Never": supported values: "Always"/);
});

test('Helm templates are left alone', () => {
  assert.deepEqual(lint('apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: {{ .Values.name }}\n'), []);
});

test('minReadySeconds, revisionHistoryLimit and progressDeadlineSeconds must not be negative', () => {
  const text = base.replace('  replicas: 2\n', '  replicas: 2\n  minReadySeconds: -1\n  revisionHistoryLimit: -2\n  progressDeadlineSeconds: -3\n');
  const f = lint(text).filter((x) => x.code.endsWith('-negative'));
  assert.deepEqual(
    f.map((x) => [x.code, x.message.split(' — ')[0], underlined(text, x)]),
    [
      ['argo/min-ready-seconds-negative', 'spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0', '-1'],
      ['argo/revision-history-limit-negative', 'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0', '-2'],
      ['argo/progress-deadline-negative', 'spec.progressDeadlineSeconds: Invalid value: -3: must be greater than or equal to 0', '-3'],
    ],
  );
});
