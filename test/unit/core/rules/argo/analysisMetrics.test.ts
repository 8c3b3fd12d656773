import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, lint, underlined } from '../ruleTestKit';

const template = (metrics: string, kind = 'AnalysisTemplate') => `apiVersion: argoproj.io/v1alpha1
kind: ${kind}
metadata:
  name: success-rate
spec:
  metrics:
${metrics.replace(/^/gm, '    ')}
`;
const PROM = 'provider:\n  prometheus:\n    address: http://prom:9090\n    query: up';

test('a sound metric has no findings, also with {{args}} placeholders for limits', () => {
  assert.deepEqual(codes(template(`- name: a\n  interval: 1m\n  count: 5\n  failureLimit: 2\n  successCondition: result[0] > 0.9\n  ${PROM.replace(/\n/g, '\n  ')}`)), []);
  assert.deepEqual(codes(template(`- name: a\n  interval: "{{args.i}}"\n  count: "{{args.count}}"\n  failureLimit: "{{args.f}}"\n  ${PROM.replace(/\n/g, '\n  ')}`)), []);
});

test('no metrics specified', () => {
  const text = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisRun\nmetadata:\n  name: r\nspec:\n  metrics: []\n';
  const [f] = lint(text);
  assert.equal(f.code, 'argo/analysis-no-metrics');
  assert.match(f.message, /^no metrics specified/);
});

test('duplicate metric names', () => {
  const text = template(`- name: a\n  ${PROM.replace(/\n/g, '\n  ')}\n- name: a\n  ${PROM.replace(/\n/g, '\n  ')}`);
  const [f] = lint(text);
  assert.match(f.message, /^metrics\[1\]: duplicate name 'a'/);
  assert.equal(underlined(text, f), 'a');
});

test('limits ranges and both-disabled', () => {
  const text = template(`- name: a\n  failureLimit: -2\n  consecutiveSuccessLimit: -1\n  inconclusiveLimit: -1\n  consecutiveErrorLimit: -3\n  ${PROM.replace(/\n/g, '\n  ')}`, 'ClusterAnalysisTemplate');
  const msgs = lint(text).map((f) => f.message);
  assert.match(msgs[0], /consecutiveSuccessLimit must be >= 0/);
  assert.match(msgs[1], /failureLimit must be >= 0, or -1 to be disabled/);
  assert.match(msgs[2], /inconclusiveLimit must be >= 0/);
  assert.match(msgs[3], /consecutiveErrorLimit must be >= 0/);
  const both = template(`- name: a\n  failureLimit: -1\n  ${PROM.replace(/\n/g, '\n  ')}`);
  assert.match(lint(both)[0].message, /failureLimit and consecutiveSuccessLimit cannot both be disabled/);
});

test('count versus limits, interval required when count > 1, duration syntax', () => {
  const text = template(`- name: a\n  count: 2\n  failureLimit: 2\n  consecutiveSuccessLimit: 1\n  inconclusiveLimit: 3\n  initialDelay: 5 minutes\n  ${PROM.replace(/\n/g, '\n  ')}`);
  const msgs = lint(text).map((f) => f.message);
  assert.ok(msgs.some((m) => m.startsWith('metrics[0]: count (2) must be >= failureLimit + consecutiveSuccessLimit (2 + 1) if both >= 0')));
  assert.ok(msgs.some((m) => m.startsWith('metrics[0]: count must be >= inconclusiveLimit')));
  assert.ok(msgs.some((m) => m.startsWith('metrics[0]: interval must be specified when count > 1')));
  assert.ok(msgs.some((m) => m.startsWith('metrics[0]: invalid startDelay string: time: invalid duration "5 minutes"')));
  const disabled = template(`- name: a\n  count: 1\n  interval: 1m\n  failureLimit: -1\n  consecutiveSuccessLimit: 2\n  ${PROM.replace(/\n/g, '\n  ')}`);
  assert.match(lint(disabled)[0].message, /count must be >= consecutiveSuccessLimit/);
});

test('exactly one provider; each plugin entry counts', () => {
  assert.match(lint(template('- name: a\n  successCondition: "true"'))[0].message, /^metrics\[0\]: no provider specified/);
  const two = template('- name: a\n  provider:\n    web: {url: "http://x"}\n    plugin:\n      argoproj-labs/a: {}\n');
  assert.match(lint(two)[0].message, /^metrics\[0\]: multiple providers specified/);
  const plugins = template('- name: a\n  provider:\n    plugin:\n      argoproj-labs/a: {}\n      argoproj-labs/b: {}\n');
  assert.match(lint(plugins)[0].message, /multiple providers specified/);
});
