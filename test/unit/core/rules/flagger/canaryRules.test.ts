import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, lint, underlined } from '../ruleTestKit';

const canary = (spec: string) => `apiVersion: flagger.app/v1beta1
kind: Canary
metadata:
  name: podinfo
  namespace: test
spec:
${spec.replace(/^/gm, '  ')}
`;
const TARGET = 'targetRef:\n  apiVersion: apps/v1\n  kind: Deployment\n  name: podinfo\nservice:\n  port: 9898\n';

test('a plain canary with built-in metrics has no findings', () => {
  assert.deepEqual(codes(canary(`${TARGET}analysis:\n  interval: 1m\n  threshold: 5\n  maxWeight: 50\n  stepWeight: 10\n  metrics:\n    - name: request-success-rate\n      thresholdRange: {min: 99}\n      interval: 1m`)), []);
});

test('session affinity cookie names must differ (defaults included)', () => {
  const text = canary(`${TARGET}analysis:\n  sessionAffinity:\n    cookieName: c\n    primaryCookieName: c`);
  const [f] = lint(text);
  assert.equal(f.code, 'flagger/session-affinity-cookie');
  assert.match(f.message, /^can't use the same cookie name for both primary and cookie name; please update them to be different/);
  assert.equal(underlined(text, f), 'c');
  assert.deepEqual(codes(canary(`${TARGET}analysis:\n  sessionAffinity:\n    cookieName: x`)), []);
  assert.equal(lint(canary(`${TARGET}analysis:\n  sessionAffinity:\n    cookieName: flagger-primary-cookie`)).length, 1);
});

test('Knative target and provider consistency, no autoscaler', () => {
  const kn = 'targetRef:\n  apiVersion: serving.knative.dev/v1\n  kind: Service\n  name: podinfo\n';
  const msgs = lint(canary(`${kn}provider: istio\nautoscalerRef:\n  apiVersion: autoscaling/v2\n  kind: HorizontalPodAutoscaler\n  name: p`)).map((f) => f.message);
  assert.match(msgs[0], /^can't use istio provider with Knative Service as target/);
  assert.match(msgs[1], /^can't use autoscaler with Knative Service/);
  assert.match(lint(canary(`${TARGET}provider: knative`))[0].message, /^can't use apps\/v1\/Deployment as target if provider is set to knative/);
  assert.deepEqual(codes(canary(`${kn}provider: knative`)), []);
});

test('cross-namespace refs only when the cluster blocks them', () => {
  const text = canary(
    `${TARGET}upstreamRef:\n  name: u\n  namespace: gloo\nanalysis:\n  metrics:\n    - name: latency\n      templateRef: {name: latency, namespace: istio-system}\n  alerts:\n    - name: slack\n      providerRef: {name: on-call, namespace: flagger}`,
  );
  assert.deepEqual(codes(text), []);
  const msgs = lint(text, { flaggerNoCrossNamespaceRefs: true }).map((f) => f.message);
  assert.deepEqual(
    msgs.map((m) => m.split(' — ')[0]),
    [
      "can't access metric template latency.istio-system, cross-namespace references are blocked",
      "can't access alert provider on-call.flagger, cross-namespace references are blocked",
      "can't access gloo upstream u.gloo, cross-namespace references are blocked",
    ],
  );
});

test('a custom metric without templateRef or query is a warning', () => {
  const [f] = lint(canary(`${TARGET}analysis:\n  metrics:\n    - name: my-metric\n      thresholdRange: {max: 1}`));
  assert.equal(f.code, 'flagger/metric-no-query');
  assert.equal(f.severity, 'warning');
});
