import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canaryRollout, codes, lint, underlined } from '../ruleTestKit';
import { pauseSeconds } from '../../../../../src/core/rules/argo/canarySteps';
import { ValidationEngine } from '../../../../../src/core/validation/engine';

const find = (text: string, code: string) => lint(text).filter((f) => f.code === code);
const ISTIO = 'canaryService: c\nstableService: s\ntrafficRouting:\n  istio:\n    virtualService:\n      name: vs\n';

test('a step with no action, and a step with two actions', () => {
  const text = canaryRollout('steps:\n  - {}\n  - setWeight: 10\n    pause: {}\n  - pause:');
  const f = find(text, 'argo/step-type');
  assert.equal(f.length, 3);
  // v1.9.1's dump, verbatim (kubectl argo rollouts lint prints it so): every action nil, step.Plugin included.
  assert.equal(
    f[0].message,
    'spec.strategy.steps[0]: Invalid value: "step.Experiment: true step.Pause: true step.SetWeight: true step.Analysis: true step.SetCanaryScale: true step.SetHeaderRoute: true step.SetMirrorRoute: true step.Plugin: true": Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause — add setWeight, pause, analysis or experiment.',
  );
  assert.match(f[1].message, /^spec\.strategy\.steps\[1\]: .*Step must have one of the following set.* — split setWeight and pause into separate steps\./);
  assert.match(f[2].message, /— pause is not a step action; add setWeight, pause, analysis or experiment\.$/);
});

test("one mistake, one finding: a typo'd step key is the unknown field, not also argo/step-type", () => {
  for (const body of ['steps:\n  - setWeigth: 10', 'steps:\n  - replicaProgressThreshold: {type: Pod, value: 1}']) {
    const text = canaryRollout(body);
    assert.deepEqual(find(text, 'argo/step-type'), [], body);
    const all = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1_000_000 }).validate('r.yaml', text).findings;
    assert.deepEqual(
      all.map((x) => x.code),
      ['schema/unknown-field'],
      body,
    );
  }
  const [typo] = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 1_000_000 }).validate('r.yaml', canaryRollout('steps:\n  - setWeigth: 10')).findings;
  assert.match(typo.message, /unknown field "setWeigth" in spec\.strategy\.canary\.steps\[0\]; did you mean `setWeight`\?/);
});

test('setWeight range uses maxTrafficWeight', () => {
  const [f] = find(canaryRollout('steps:\n  - setWeight: 120'), 'argo/set-weight-range');
  assert.match(f.message, /^spec\.strategy\.steps\[0\]\.setWeight: Invalid value: 120: SetWeight needs to be between 0 and 100/);
  const nginx = canaryRollout('canaryService: c\nstableService: s\ntrafficRouting:\n  maxTrafficWeight: 1000\n  nginx:\n    stableIngress: i\nsteps:\n  - setWeight: 120');
  assert.deepEqual(codes(nginx), []);
});

test('pause duration parsing mirrors DurationSeconds', () => {
  assert.equal(pauseSeconds(undefined), 0);
  assert.equal(pauseSeconds(30), 30);
  assert.equal(pauseSeconds('45'), 45);
  assert.equal(pauseSeconds('1h30m'), 5400);
  assert.equal(pauseSeconds('10x'), -1);
  assert.equal(pauseSeconds('{{args.d}}'), undefined);
  const text = canaryRollout('steps:\n  - pause: {duration: 10x}');
  const [f] = find(text, 'argo/pause-duration');
  assert.match(f.message, /^spec\.strategy\.steps\[0\]\.pause\.duration: Invalid value: -1: Duration needs to be greater than 0/);
  assert.equal(underlined(text, f), '10x');
});

test("a bad pause duration says what is wrong with the value, after upstream's text", () => {
  const [words] = find(canaryRollout('steps:\n  - pause: {duration: 30 seconds}'), 'argo/pause-duration');
  assert.equal(
    words.message,
    'spec.strategy.steps[0].pause.duration: Invalid value: -1: Duration needs to be greater than 0 — "30 seconds" is not a Go duration (time: unknown unit " seconds" in duration "30 seconds"); write a duration such as 30s, 10m or 1h.',
  );
  const [negative] = find(canaryRollout('steps:\n  - pause: {duration: -5s}'), 'argo/pause-duration');
  assert.match(negative.message, /Invalid value: -5: Duration needs to be greater than 0 — "-5s" is negative \(-5s\); write a duration/);
});

test('setCanaryScale requires traffic routing', () => {
  const [f] = find(canaryRollout('steps:\n  - setCanaryScale: {replicas: 1}'), 'argo/set-canary-scale-traffic-routing');
  assert.match(f.message, /^spec\.strategy\.trafficRouting: Required value: SetCanaryScale requires TrafficRouting to be set/);
});

test('setHeaderRoute: router support, ALB exact only, exactly one match kind, managed routes', () => {
  const noTr = find(canaryRollout('steps:\n  - setHeaderRoute: {name: h}'), 'argo/set-header-route');
  assert.match(noTr[0].message, /SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix/);
  const istio = canaryRollout(`${ISTIO}  managedRoutes:\n    - name: other\nsteps:\n  - setHeaderRoute:\n      name: h\n      match:\n        - headerName: x\n          headerValue: {exact: a, prefix: b}`);
  assert.match(find(istio, 'argo/set-header-route')[0].message, /StringMatch match value must have exactly one of the following: exact, regex, prefix/);
  assert.match(find(istio, 'argo/managed-routes')[0].message, /Steps define a route that does not exist in spec\.strategy\.canary\.trafficRouting\.managedRoutes/);
  const noManaged = canaryRollout(`${ISTIO}steps:\n  - setHeaderRoute: {name: h, match: [{headerName: x, headerValue: {exact: a}}]}`);
  assert.match(find(noManaged, 'argo/managed-routes')[0].message, /Required value: Rollout has missing field 'spec\.strategy\.canary\.trafficRouting\.managedRoutes'/);
  const alb = canaryRollout(
    'canaryService: c\nstableService: s\ntrafficRouting:\n  managedRoutes: [{name: h}]\n  alb: {ingress: i, servicePort: 80}\nsteps:\n  - setHeaderRoute: {name: h, match: [{headerName: x, headerValue: {regex: a}}]}',
  );
  assert.match(find(alb, 'argo/set-header-route')[0].message, /SetHeaderRoute match value invalid\. ALB supports 'exact' value only/);
});

test('setMirrorRoute: Istio or plugins; method/path matches', () => {
  const smi = canaryRollout('canaryService: c\nstableService: s\ntrafficRouting:\n  managedRoutes: [{name: m}]\n  smi: {}\nsteps:\n  - setMirrorRoute: {name: m, percentage: 50, match: [{method: {}}]}');
  const f = find(smi, 'argo/set-mirror-route').map((x) => x.message);
  assert.match(f[0], /SetMirrorRoute requires TrafficRouting, supports Istio and Plugins/);
  assert.match(f[1], /StringMatch value missed/);
});

test('experiment template weight needs a suitable router', () => {
  const exp = 'steps:\n  - experiment:\n      templates:\n        - {name: c, specRef: canary, weight: 5}';
  assert.match(find(canaryRollout(exp), 'argo/experiment-weight')[0].message, /Experiment template weight cannot be set unless TrafficRouting is enabled/);
  const nginx = canaryRollout(`canaryService: c\nstableService: s\ntrafficRouting:\n  nginx: {stableIngress: i}\n${exp}`);
  assert.match(find(nginx, 'argo/experiment-weight')[0].message, /only available for TrafficRouting with SMI, ALB, Istio and Plugins/);
});

test('analysis args fieldRef must be a downward-API path', () => {
  const ok = canaryRollout('steps:\n  - analysis:\n      templates: [{templateName: t}]\n      args:\n        - {name: a, valueFrom: {fieldRef: {fieldPath: "metadata.labels[\'app\']"}}}');
  assert.deepEqual(codes(ok), []);
  const bad = ok.replace("metadata.labels['app']", 'metadata.generation');
  const [f] = find(bad, 'argo/analysis-args-downward-api');
  // Upstream's value is every argument of the step, as Go's encoding/json writes them.
  assert.ok(
    f.message.startsWith(
      'spec.strategy.steps[0].analyses: Invalid value: [{"name":"a","valueFrom":{"fieldRef":{"fieldPath":"metadata.generation"}}}]: Analyses arguments must refer to valid object metadata supported by downwardAPI — metadata.generation is not one;',
    ),
    f.message,
  );
  assert.equal(underlined(bad, f), '"metadata.generation"');
  // An experiment's analyses come first in the list, then the analysis step's own arguments.
  const exp = canaryRollout(
    "steps:\n  - experiment:\n      templates: [{name: c, specRef: canary}]\n      analyses:\n        - {name: x, templateName: t, args: [{value: '1', name: v}]}\n    analysis:\n      templates: [{templateName: t}]\n      args:\n        - {name: g, valueFrom: {fieldRef: {fieldPath: metadata.generation}}}",
  );
  const [g] = find(exp, 'argo/analysis-args-downward-api');
  assert.ok(g.message.startsWith('spec.strategy.steps[0].analyses: Invalid value: [{"name":"v","value":"1"},{"name":"g","valueFrom":{"fieldRef":{"fieldPath":"metadata.generation"}}}]: '), g.message);
});
