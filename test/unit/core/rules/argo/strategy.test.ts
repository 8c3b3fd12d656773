import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blueGreenRollout, canaryRollout, codes, lint, underlined } from '../ruleTestKit';

const find = (text: string, code: string) => lint(text).filter((f) => f.code === code);

test('blue-green: same active and preview service (upstream path without .blueGreen)', () => {
  const text = blueGreenRollout('activeService: web\npreviewService: web');
  const [f] = find(text, 'argo/bluegreen-same-services');
  assert.ok(f.message.startsWith('spec.strategy.activeService: Invalid value: "web": This rollout uses the same service for the active and preview services, but two different services are required.'));
  assert.equal(underlined(text, f), 'activeService');
  assert.deepEqual(codes(blueGreenRollout('activeService: web\npreviewService: web-preview')), []);
});

test('blue-green: scaleDownDelayRevisionLimit above revisionHistoryLimit', () => {
  const text = blueGreenRollout('activeService: a\nscaleDownDelayRevisionLimit: 3', '  revisionHistoryLimit: 2\n');
  const [f] = find(text, 'argo/scale-down-revision-limit');
  assert.match(f.message, /^spec\.strategy\.scaleDownDelayRevisionLimit: Invalid value: 3: This rollout's revision history limit can not be smaller/);
  assert.equal(underlined(text, f), '3');
});

test('anti-affinity: exactly one strategy, weight 1-100', () => {
  const both = canaryRollout('antiAffinity:\n  preferredDuringSchedulingIgnoredDuringExecution:\n    weight: 0\n  requiredDuringSchedulingIgnoredDuringExecution: {}');
  const f = find(both, 'argo/anti-affinity').map((x) => x.message);
  assert.equal(f.length, 2);
  assert.match(f[0], /AntiAffinity must have exactly one strategy listed/);
  assert.match(f[1], /spec\.strategy\.antiAffinity\.weight: Invalid value: 0: AntiAffinity weight must be between 1-100/);
});

test('maxSurge and maxUnavailable both zero (ints, percents, defaults)', () => {
  const text = canaryRollout('maxSurge: 0\nmaxUnavailable: 0');
  const [f] = find(text, 'argo/max-surge-unavailable-zero');
  assert.ok(f.message.startsWith('spec.strategy.maxSurge: Invalid value: 0: MaxSurge and MaxUnavailable both can not be zero'));
  assert.equal(underlined(text, f), '0');
  assert.equal(find(canaryRollout('maxSurge: "0%"\nmaxUnavailable: 0'), 'argo/max-surge-unavailable-zero').length, 1);
  assert.equal(find(canaryRollout('maxSurge: 0'), 'argo/max-surge-unavailable-zero').length, 0, 'maxUnavailable defaults to 25%');
  assert.equal(find(canaryRollout('maxSurge: 1\nmaxUnavailable: 0'), 'argo/max-surge-unavailable-zero').length, 0);
});

test('canary and stable services must differ', () => {
  const [f] = find(canaryRollout('canaryService: s\nstableService: s'), 'argo/canary-same-services');
  assert.match(f.message, /^spec\.strategy\.stableService: Invalid value: "s": This rollout uses the same service for the stable and canary services/);
});

test('traffic routing needs both services (nginx), but not Istio with destinationRule', () => {
  const text = canaryRollout('stableService: s\ntrafficRouting:\n  nginx:\n    stableIngress: ing');
  const f = find(text, 'argo/traffic-routing-services');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /^spec\.strategy\.canaryService: Invalid value: "": Canary service and Stable service must to be set to use Traffic Routing — canary\.canaryService is not set;/);
  assert.equal(f[0].fixes?.[0].kind, 'insertKey');
  // One finding per missing field, each naming its own field; an empty one sits on its own key.
  const both = canaryRollout('stableService: ""\ntrafficRouting:\n  smi: {}');
  const pair = find(both, 'argo/traffic-routing-services');
  assert.deepEqual(
    pair.map((x) => x.message.replace(/^(\S+): .* — (.*?);.*$/, '$1 $2')),
    ['spec.strategy.stableService canary.stableService is empty', 'spec.strategy.canaryService canary.canaryService is not set'],
  );
  assert.equal(underlined(both, pair[0]), 'stableService');
  assert.deepEqual(codes(canaryRollout('trafficRouting:\n  istio:\n    destinationRule:\n      name: dr\n      canarySubsetName: c\n      stableSubsetName: s\n    virtualService:\n      name: vs')), []);
});

test('ping-pong: router support, both services, distinct, ALB root service', () => {
  const text = canaryRollout('pingPong:\n  pingService: p\n  pongService: p\ntrafficRouting:\n  alb:\n    ingress: ing\n    servicePort: 80');
  const msgs = find(text, 'argo/ping-pong').map((f) => f.message);
  assert.equal(msgs.length, 2);
  // Upstream builds these paths from spec.strategy (no .canary), as `kubectl argo rollouts lint` prints them.
  assert.ok(msgs[0].startsWith('spec.strategy.pingPong.pingService: Invalid value: "p": This rollout uses the same service for the ping and pong services'), msgs[0]);
  assert.ok(msgs[1].startsWith('spec.strategy.trafficRouting.alb.rootService: Invalid value: "": Root service field is required for the configuration with ALB and ping-pong feature enabled'), msgs[1]);
  const nginx = canaryRollout('pingPong:\n  pingService: a\ntrafficRouting:\n  nginx:\n    stableIngress: ing');
  const m2 = find(nginx, 'argo/ping-pong').map((f) => f.message);
  assert.match(m2[0], /Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only/);
  assert.match(m2[1], /^spec\.strategy\.pingPong\.pongService: Invalid value: "": Ping service and Pong service must to be set/);
});

test('scaleDownDelaySeconds / dynamicStableScale / maxTrafficWeight', () => {
  const noTr = find(canaryRollout('scaleDownDelaySeconds: 30\ndynamicStableScale: true'), 'argo/traffic-routing-options').map((f) => f.message);
  assert.match(noTr[0], /Canary scaleDownDelaySeconds can only be used with traffic routing/);
  assert.match(noTr[1], /Canary dynamicStableScale can only be used with traffic routing/);
  const tr = find(canaryRollout('canaryService: c\nstableService: s\nscaleDownDelaySeconds: 30\ndynamicStableScale: true\ntrafficRouting:\n  maxTrafficWeight: 1000\n  smi: {}'), 'argo/traffic-routing-options').map((f) => f.message);
  assert.match(tr[0], /Canary dynamicStableScale cannot be used with scaleDownDelaySeconds/);
  assert.match(tr[1], /Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins/);
});

test('router targets: both or neither of stableIngress/stableIngresses, ingress/ingresses, virtualService(s)', () => {
  const both = canaryRollout('canaryService: c\nstableService: s\ntrafficRouting:\n  nginx:\n    stableIngress: a\n    stableIngresses: [b]');
  const [f] = find(both, 'argo/traffic-routing-targets');
  assert.match(f.message, /^Either StableIngress or StableIngresses must be configured\. Both are configured\./);
  assert.deepEqual(f.fixes, [
    { kind: 'removeKey', key: 'stableIngresses' },
    { kind: 'removeKey', key: 'stableIngress' },
  ]);
  const neither = canaryRollout('canaryService: c\nstableService: s\ntrafficRouting:\n  alb:\n    servicePort: 80');
  assert.match(find(neither, 'argo/traffic-routing-targets')[0].message, /^Either Ingress or Ingresses must be configured\. Neither are configured\./);
  const vs = canaryRollout('canaryService: c\nstableService: s\ntrafficRouting:\n  istio:\n    virtualService: {name: a}\n    virtualServices: [{name: b}]');
  assert.match(find(vs, 'argo/traffic-routing-targets')[0].message, /^either VirtualService or VirtualServices must be configured/);
});
