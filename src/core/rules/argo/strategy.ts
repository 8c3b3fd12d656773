/**
 * Argo Rollouts' `ValidateRolloutStrategyBlueGreen` and the strategy-level part of
 * `ValidateRolloutStrategyCanary` (argoproj/argo-rollouts pkg/apis/rollouts/validation/validation.go). Upstream builds these
 * field paths from `spec.strategy`, so messages say `spec.strategy.activeService` while the
 * diagnostic sits on `spec.strategy.blueGreen.activeService`. Canary rules only run when the
 * Rollout has exactly one strategy, as upstream's if/else chain does.
 */
import { defineRule, invalidMsg, withAdvice, type RuleCheck } from '../ruleKit';
import { asOptionalObject, asString, at, isSet, type JsonObject } from '../../util/json';
import type { Rule } from '../ruleTypes';

const ROLLOUT = ['Rollout'] as const;

/** The canary strategy when it is the Rollout's only strategy (upstream validates nothing else then). */
export function canaryOf(spec: JsonObject): JsonObject | undefined {
  const s = asOptionalObject(spec.strategy);
  if (!s || isSet(s.blueGreen) || !isSet(s.canary)) return undefined;
  return asOptionalObject(s.canary) ?? {};
}

export function blueGreenOf(spec: JsonObject): JsonObject | undefined {
  const s = asOptionalObject(spec.strategy);
  if (!s || isSet(s.canary) || !isSet(s.blueGreen)) return undefined;
  return asOptionalObject(s.blueGreen) ?? {};
}

export function trafficRoutingOf(canary: JsonObject): JsonObject | undefined {
  return isSet(canary.trafficRouting) ? (asOptionalObject(canary.trafficRouting) ?? {}) : undefined;
}

export function hasPlugins(tr: JsonObject): boolean {
  return Object.keys(asOptionalObject(tr.plugins) ?? {}).length > 0;
}

const BG = ['spec', 'strategy', 'blueGreen'];
const CAN = ['spec', 'strategy', 'canary'];

function canaryRule(id: string, description: string, run: (c: RuleCheck, canary: JsonObject) => void): Rule {
  return defineRule({
    id,
    kinds: ROLLOUT,
    defaultSeverity: 'error',
    description,
    run: (c) => {
      const canary = canaryOf(c.spec);
      if (canary) run(c, canary);
    },
  });
}

const blueGreenServices = defineRule({
  id: 'argo/bluegreen-same-services',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'activeService and previewService must be two different services.',
  run({ spec, report }) {
    const bg = blueGreenOf(spec);
    if (!bg || asString(bg.activeService) !== asString(bg.previewService)) return;
    const advice = bg.activeService ? 'point previewService at a second Service.' : 'set activeService (and optionally previewService) to existing Services.';
    report(
      isSet(bg.activeService) ? [...BG, 'activeService'] : BG,
      withAdvice(invalidMsg('spec.strategy.activeService', asString(bg.activeService), 'This rollout uses the same service for the active and preview services, but two different services are required.'), advice),
      {
        fixes: isSet(bg.activeService) ? undefined : [{ kind: 'insertKey', key: 'activeService', placeholder: 'my-app-active' }],
      },
    );
  },
});

const scaleDownRevisionLimit = defineRule({
  id: 'argo/scale-down-revision-limit',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'scaleDownDelayRevisionLimit must not exceed revisionHistoryLimit (default 10).',
  run({ spec, report }) {
    const bg = blueGreenOf(spec);
    const limit = bg?.scaleDownDelayRevisionLimit;
    const rhl = typeof spec.revisionHistoryLimit === 'number' ? spec.revisionHistoryLimit : 10;
    if (typeof limit !== 'number' || rhl >= limit) return;
    report(
      [...BG, 'scaleDownDelayRevisionLimit'],
      withAdvice(invalidMsg('spec.strategy.scaleDownDelayRevisionLimit', limit, "This rollout's revision history limit can not be smaller than the rollout's scale down limit"), `lower it to ${rhl} or raise spec.revisionHistoryLimit.`),
      { prefer: 'value' },
    );
  },
});

const antiAffinity = defineRule({
  id: 'argo/anti-affinity',
  kinds: ROLLOUT,
  defaultSeverity: 'error',
  description: 'antiAffinity needs exactly one of preferred/required, and a preferred weight of 1-100.',
  run({ spec, report }) {
    const strategy = canaryOf(spec) ? 'canary' : blueGreenOf(spec) ? 'blueGreen' : undefined;
    if (!strategy) return;
    const aa = at(spec, 'strategy', strategy, 'antiAffinity');
    if (!isSet(aa)) return;
    const a = asOptionalObject(aa) ?? {};
    const pref = a.preferredDuringSchedulingIgnoredDuringExecution;
    const req = a.requiredDuringSchedulingIgnoredDuringExecution;
    const where = ['spec', 'strategy', strategy, 'antiAffinity'];
    if (isSet(pref) === isSet(req)) {
      report(
        where,
        withAdvice(
          invalidMsg(
            'spec.strategy.antiAffinity',
            `antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution: ${isSet(pref)} antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution: ${isSet(req)}`,
            'AntiAffinity must have exactly one strategy listed',
          ),
          'keep either preferredDuringSchedulingIgnoredDuringExecution or requiredDuringSchedulingIgnoredDuringExecution.',
        ),
      );
    }
    const w = at(pref, 'weight');
    if (isSet(pref) && (typeof w !== 'number' || w < 1 || w > 100)) {
      report(
        [...where, 'preferredDuringSchedulingIgnoredDuringExecution', 'weight'],
        withAdvice(invalidMsg('spec.strategy.antiAffinity.weight', typeof w === 'number' ? w : 0, 'AntiAffinity weight must be between 1-100'), 'set a weight between 1 and 100.'),
        { prefer: 'value' },
      );
    }
  },
});

/** IntOrString as upstream reads maxSurge/maxUnavailable: "N%" → N, ints as is, other strings → 0. */
function intOrPercent(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  if (v.includes('{{')) return undefined;
  const m = /^(\d+)%$/.exec(v);
  if (m) return parseInt(m[1], 10);
  return /^-?\d+$/.test(v) ? parseInt(v, 10) : 0;
}

const maxSurgeUnavailable = canaryRule('argo/max-surge-unavailable-zero', 'maxSurge and maxUnavailable (default 25% each) can not both be zero.', ({ report }, canary) => {
  const surge = intOrPercent(canary.maxSurge ?? '25%');
  const unavailable = intOrPercent(canary.maxUnavailable ?? '25%');
  if (surge !== 0 || unavailable !== 0) return;
  report(
    [...CAN, isSet(canary.maxSurge) ? 'maxSurge' : 'maxUnavailable'],
    withAdvice(invalidMsg('spec.strategy.maxSurge', canary.maxSurge ?? '25%', 'MaxSurge and MaxUnavailable both can not be zero'), 'set maxSurge or maxUnavailable to at least 1 (or a non-zero percentage).'),
    { prefer: 'value' },
  );
});

const canaryServices = canaryRule('argo/canary-same-services', 'canaryService and stableService must be two different services.', ({ report }, canary) => {
  const c = asString(canary.canaryService);
  if (!c || c !== asString(canary.stableService)) return;
  report(
    [...CAN, 'stableService'],
    withAdvice(
      invalidMsg('spec.strategy.stableService', c, 'This rollout uses the same service for the stable and canary services, but two different services are required.'),
      'point canaryService and stableService at two different Services.',
    ),
    { prefer: 'value' },
  );
});

const pingPong = canaryRule('argo/ping-pong', 'Ping-pong needs ALB, Istio or a plugin router, two distinct services, and an ALB rootService.', ({ report }, canary) => {
  if (!isSet(canary.pingPong)) return;
  const pp = asOptionalObject(canary.pingPong) ?? {};
  const tr = trafficRoutingOf(canary);
  const PP = [...CAN, 'pingPong'];
  if (tr && !isSet(tr.alb) && !isSet(tr.istio) && !hasPlugins(tr)) {
    report(
      [...CAN, 'trafficRouting'],
      withAdvice(
        invalidMsg('spec.strategy.canary.trafficRouting', null, 'Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only'),
        'use trafficRouting.alb, .istio or a plugin, or use canaryService/stableService instead of pingPong.',
      ),
    );
  }
  for (const f of ['pingService', 'pongService']) {
    if (!asString(pp[f]))
      report([...PP, f], withAdvice(invalidMsg(`spec.strategy.pingPong.${f}`, '', 'Ping service and Pong service must to be set to use Ping-Pong feature'), `set pingPong.${f}.`), {
        fixes: isSet(pp[f]) ? undefined : [{ kind: 'insertKey', key: f, placeholder: f === 'pingService' ? 'my-app-ping' : 'my-app-pong' }],
      });
  }
  if (asString(pp.pingService) && pp.pingService === pp.pongService) {
    report(
      [...PP, 'pingService'],
      withAdvice(invalidMsg('spec.strategy.pingPong.pingService', asString(pp.pingService), 'This rollout uses the same service for the ping and pong services, but two different services are required.'), 'use two different Services.'),
      { prefer: 'value' },
    );
  }
  if (tr && isSet(tr.alb) && !asString(at(tr, 'alb', 'rootService'))) {
    report(
      [...CAN, 'trafficRouting', 'alb', 'rootService'],
      withAdvice(invalidMsg('spec.strategy.trafficRouting.alb.rootService', '', 'Root service field is required for the configuration with ALB and ping-pong feature enabled'), 'set trafficRouting.alb.rootService.'),
    );
  }
});

function requiresCanaryStable(canary: JsonObject, tr: JsonObject | undefined): boolean {
  if (!tr) return false;
  return (isSet(tr.alb) && !isSet(canary.pingPong)) || (isSet(tr.istio) && !isSet(at(tr, 'istio', 'destinationRule')) && !isSet(canary.pingPong)) || ['smi', 'apisix', 'ambassador', 'nginx', 'appMesh', 'traefik'].some((k) => isSet(tr[k]));
}

const trafficRoutingServices = canaryRule('argo/traffic-routing-services', 'Most traffic routers need both canaryService and stableService.', ({ report }, canary) => {
  if (!requiresCanaryStable(canary, trafficRoutingOf(canary))) return;
  for (const f of ['stableService', 'canaryService']) {
    if (asString(canary[f])) continue;
    const missing = isSet(canary[f]) ? `canary.${f} is empty` : `canary.${f} is not set`;
    report([...CAN, f], withAdvice(invalidMsg(`spec.strategy.${f}`, '', 'Canary service and Stable service must to be set to use Traffic Routing'), `${missing}; set it to a Service selecting the rollout's pods.`), {
      fixes: isSet(canary[f]) ? undefined : [{ kind: 'insertKey', key: f, placeholder: f === 'stableService' ? 'my-app-stable' : 'my-app-canary' }],
    });
  }
});

const trafficRoutingOptions = canaryRule('argo/traffic-routing-options', 'scaleDownDelaySeconds, dynamicStableScale and maxTrafficWeight need (suitable) traffic routing.', ({ report }, canary) => {
  const tr = trafficRoutingOf(canary);
  if (!tr) {
    if (isSet(canary.scaleDownDelaySeconds))
      report(
        [...CAN, 'scaleDownDelaySeconds'],
        withAdvice(invalidMsg('spec.strategy.scaleDownDelaySeconds', canary.scaleDownDelaySeconds, 'Canary scaleDownDelaySeconds can only be used with traffic routing'), 'remove it or configure trafficRouting.'),
        { fixes: [{ kind: 'removeKey', key: 'scaleDownDelaySeconds' }] },
      );
    if (canary.dynamicStableScale === true)
      report([...CAN, 'dynamicStableScale'], withAdvice(invalidMsg('spec.strategy.dynamicStableScale', true, 'Canary dynamicStableScale can only be used with traffic routing'), 'remove it or configure trafficRouting.'), {
        fixes: [{ kind: 'removeKey', key: 'dynamicStableScale' }],
      });
    return;
  }
  if (isSet(canary.scaleDownDelaySeconds) && canary.dynamicStableScale === true) {
    report(
      [...CAN, 'dynamicStableScale'],
      withAdvice(invalidMsg('spec.strategy.dynamicStableScale', true, 'Canary dynamicStableScale cannot be used with scaleDownDelaySeconds'), 'keep only one of dynamicStableScale and scaleDownDelaySeconds.'),
      {
        fixes: [
          { kind: 'removeKey', key: 'dynamicStableScale' },
          { kind: 'removeKey', key: 'scaleDownDelaySeconds' },
        ],
      },
    );
  }
  if (isSet(tr.maxTrafficWeight) && !isSet(tr.nginx) && !hasPlugins(tr)) {
    report(
      [...CAN, 'trafficRouting', 'maxTrafficWeight'],
      withAdvice(invalidMsg('spec.strategy.trafficRouting.maxTrafficWeight', tr.maxTrafficWeight, 'Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins'), 'remove maxTrafficWeight (weights are then out of 100).'),
      { prefer: 'value', fixes: [{ kind: 'removeKey', key: 'maxTrafficWeight' }] },
    );
  }
});

/** One of a single/plural pair must be set (argoproj/argo-rollouts pkg/apis/rollouts/validation/validation_references.go). */
function exactlyOne(tr: JsonObject, router: string, single: string, many: string, both: string, neither: string, report: RuleCheck['report']) {
  const r = asOptionalObject(tr[router]);
  if (!r) return;
  const hasOne = router === 'istio' ? isSet(r[single]) : !!asString(r[single]);
  const hasMany = Array.isArray(r[many]) && (r[many] as unknown[]).length > 0;
  const where = ['spec', 'strategy', 'canary', 'trafficRouting', router];
  if (hasOne && hasMany)
    report([...where, many], withAdvice(both, `keep either ${single} or ${many}.`), {
      fixes: [
        { kind: 'removeKey', key: many },
        { kind: 'removeKey', key: single },
      ],
    });
  else if (!hasOne && !hasMany) report(where, withAdvice(neither, `set ${single} (or ${many}).`));
}

const routerTargets = canaryRule('argo/traffic-routing-targets', 'NGINX/ALB need exactly one of the single or plural ingress field; Istio one of virtualService/virtualServices.', ({ report }, canary) => {
  const tr = trafficRoutingOf(canary);
  if (!tr) return;
  exactlyOne(
    tr,
    'nginx',
    'stableIngress',
    'stableIngresses',
    'Either StableIngress or StableIngresses must be configured. Both are configured.',
    'Either StableIngress or StableIngresses must be configured. Neither are configured.',
    report,
  );
  exactlyOne(tr, 'alb', 'ingress', 'ingresses', 'Either Ingress or Ingresses must be configured. Both are configured.', 'Either Ingress or Ingresses must be configured. Neither are configured.', report);
  exactlyOne(tr, 'istio', 'virtualService', 'virtualServices', 'either VirtualService or VirtualServices must be configured', 'either VirtualService or VirtualServices must be configured', report);
});

export const STRATEGY_RULES: Rule[] = [blueGreenServices, scaleDownRevisionLimit, antiAffinity, maxSurgeUnavailable, canaryServices, pingPong, trafficRoutingServices, trafficRoutingOptions, routerTargets];
