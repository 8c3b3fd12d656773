/**
 * What a Rollout or Canary manifest will do, in the words of progressive delivery, read offline from
 * the manifest alone: "Canary · 20% → pause → 40% → analysis success-rate → 100%",
 * "Blue/Green · manual promotion · preview service rollouts-demo-preview",
 * "Canary (Flagger) · 5 iterations of 10% every 1m · A/B on header x-canary".
 *
 * Argo semantics (docs/features/canary.md, bluegreen.md): after the last step the rollout goes to
 * 100%; a canary without steps is a rolling update; blue-green promotes automatically unless
 * `autoPromotionEnabled: false`. Flagger semantics (docs/gitbook/usage/deployment-strategies.md):
 * `analysis.match` with `iterations` is A/B testing, `iterations` alone is blue/green,
 * `stepWeight`/`stepWeights` up to `maxWeight` is a progressive canary, `mirror` shadows traffic.
 */
import { asArray, asOptionalObject, asString, at, isSet, valueText, type JsonObject } from '../util/json';
import { formatSeconds } from '../util/goDuration';

export interface StrategySummary {
  /** One line for a code lens. */
  text: string;
  /** The same, one fact per line, for a tooltip or a detail view. */
  details: string[];
}

export function summarizeStrategy(kind: string | undefined, value: unknown): StrategySummary | undefined {
  const v = asOptionalObject(value);
  if (!v) return undefined;
  const spec = asOptionalObject(v.spec) ?? {};
  if (kind === 'Rollout') return rolloutSummary(spec);
  if (kind === 'Canary') return flaggerSummary(spec);
  return undefined;
}

function finish(parts: string[], details: string[]): StrategySummary {
  return { text: parts.filter(Boolean).join(' · '), details };
}

/** Argo durations: integers are seconds, strings are Go durations shown as written. */
function duration(d: unknown): string {
  if (typeof d === 'number') return formatSeconds(d);
  if (typeof d === 'string' && /^\d+$/.test(d)) return formatSeconds(parseInt(d, 10));
  return asString(d);
}

function templateNames(block: unknown): string {
  return asArray(at(block, 'templates'))
    .map((t) => asString(at(t, 'templateName')) || '?')
    .join(' + ');
}

function stepLabel(step: JsonObject): string {
  if (isSet(step.setWeight)) return `${String(step.setWeight)}%`;
  if (isSet(step.pause)) {
    const d = at(step, 'pause', 'duration');
    return isSet(d) ? `pause ${duration(d)}` : 'pause';
  }
  if (isSet(step.analysis)) return `analysis ${templateNames(step.analysis)}`;
  if (isSet(step.experiment)) {
    const names = asArray(at(step, 'experiment', 'templates'))
      .map((t) => asString(at(t, 'name')))
      .filter(Boolean);
    const d = at(step, 'experiment', 'duration');
    const analyses = asArray(at(step, 'experiment', 'analyses'))
      .map((a) => asString(at(a, 'templateName')))
      .filter(Boolean);
    return `experiment ${names.join(' + ') || '?'}${isSet(d) ? ` ${duration(d)}` : ''}${analyses.length ? ` with analysis ${analyses.join(' + ')}` : ''}`;
  }
  if (isSet(step.setCanaryScale)) {
    const s = asOptionalObject(step.setCanaryScale) ?? {};
    if (s.matchTrafficWeight === true) return 'canary scale matches weight';
    if (isSet(s.replicas)) return `canary scale ${String(s.replicas)} replicas`;
    if (isSet(s.weight)) return `canary scale ${String(s.weight)}%`;
    return 'canary scale reset';
  }
  if (isSet(step.setHeaderRoute)) {
    const matches = asArray(at(step, 'setHeaderRoute', 'match')).map((m) => {
      const hv = asOptionalObject(at(m, 'headerValue')) ?? {};
      const val = asString(hv.exact) || asString(hv.prefix) || asString(hv.regex);
      return `${asString(at(m, 'headerName'))}${val ? `=${val}` : ''}`;
    });
    return matches.length ? `header route ${matches.join(', ')}` : `remove header route ${asString(at(step, 'setHeaderRoute', 'name'))}`.trim();
  }
  if (isSet(step.setMirrorRoute)) {
    const pct = at(step, 'setMirrorRoute', 'percentage');
    const hasMatch = asArray(at(step, 'setMirrorRoute', 'match')).length > 0;
    return hasMatch || isSet(pct) ? `mirror ${isSet(pct) ? `${String(pct)}%` : '100%'}` : `stop mirroring ${asString(at(step, 'setMirrorRoute', 'name'))}`.trim();
  }
  if (isSet(step.plugin)) return `plugin ${asString(at(step, 'plugin', 'name'))}`.trim();
  return '?';
}

const ROUTERS: Record<string, string> = { nginx: 'NGINX', istio: 'Istio', smi: 'SMI', alb: 'ALB', ambassador: 'Ambassador', appMesh: 'App Mesh', traefik: 'Traefik', apisix: 'Apisix' };

function routerNames(tr: JsonObject | undefined): string[] {
  if (!tr) return [];
  const names = Object.keys(ROUTERS)
    .filter((k) => isSet(tr[k]))
    .map((k) => ROUTERS[k]);
  for (const p of Object.keys(asOptionalObject(tr.plugins) ?? {})) names.push(p.split('/').pop() ?? p);
  return names;
}

function rolloutSummary(spec: JsonObject): StrategySummary | undefined {
  const canary = asOptionalObject(at(spec, 'strategy', 'canary'));
  const bg = asOptionalObject(at(spec, 'strategy', 'blueGreen'));
  const workload = asOptionalObject(spec.workloadRef);
  const wl = workload ? `workload ${asString(workload.kind) || 'Deployment'}/${asString(workload.name)}` : '';
  if (bg && !canary) {
    const manual = bg.autoPromotionEnabled === false;
    const promotion = manual ? 'manual promotion' : isSet(bg.autoPromotionSeconds) ? `auto-promotion after ${duration(bg.autoPromotionSeconds)}` : 'auto-promotion';
    const parts = ['Blue/Green', promotion];
    if (asString(bg.previewService)) parts.push(`preview service ${asString(bg.previewService)}`);
    if (isSet(bg.prePromotionAnalysis)) parts.push(`pre-promotion analysis ${templateNames(bg.prePromotionAnalysis)}`);
    if (isSet(bg.postPromotionAnalysis)) parts.push(`post-promotion analysis ${templateNames(bg.postPromotionAnalysis)}`);
    parts.push(wl);
    const details = [`active service ${asString(bg.activeService) || '(not set)'}`, ...parts.slice(1).filter(Boolean)];
    if (isSet(bg.scaleDownDelaySeconds)) details.push(`old pods scaled down after ${duration(bg.scaleDownDelaySeconds)}`);
    return finish(parts, details);
  }
  if (!canary || bg) return undefined;
  const steps = asArray(canary.steps).map((s) => stepLabel(asOptionalObject(s) ?? {}));
  const routers = routerNames(asOptionalObject(canary.trafficRouting));
  const flow = steps.length ? [...steps, '100%'].join(' → ') : `rolling update (maxSurge ${valueText(canary.maxSurge ?? '25%')}, maxUnavailable ${valueText(canary.maxUnavailable ?? '25%')})`;
  const parts = ['Canary', flow];
  if (isSet(canary.analysis)) parts.push(`background analysis ${templateNames(canary.analysis)}`);
  if (routers.length) parts.push(`via ${routers.join(' + ')}`);
  if (isSet(canary.pingPong)) parts.push('ping-pong');
  parts.push(wl);
  const details = steps.map((s, i) => `step ${i}: ${s}`);
  details.push('then: full promotion (100%)');
  if (routers.length) details.push(`traffic routing: ${routers.join(', ')}`);
  if (asString(canary.stableService)) details.push(`stable service ${asString(canary.stableService)}, canary service ${asString(canary.canaryService) || '(none)'}`);
  return finish(parts, details);
}

function matchLabel(match: unknown[]): string {
  const out: string[] = [];
  for (const m of match) {
    for (const [h, cond] of Object.entries(asOptionalObject(at(m, 'headers')) ?? {})) {
      if (h.toLowerCase() === 'cookie') out.push(`cookie ${asString(at(cond, 'regex')) || asString(at(cond, 'exact'))}`.trim());
      else out.push(`header ${h}`);
    }
    if (isSet(at(m, 'sourceLabels'))) out.push('source labels');
  }
  return out.length ? `A/B on ${[...new Set(out)].join(', ')}` : 'A/B';
}

function flaggerSummary(spec: JsonObject): StrategySummary {
  const a = asOptionalObject(spec.analysis) ?? asOptionalObject(spec.canaryAnalysis) ?? {};
  const every = isSet(a.interval) ? ` every ${asString(a.interval) || String(a.interval)}` : '';
  const iterations = a.iterations;
  const match = asArray(a.match);
  const weights = asArray(a.stepWeights).map(String);
  const parts: string[] = [];
  if (match.length || isSet(iterations)) {
    const ofWeight = isSet(a.stepWeight) ? ` of ${String(a.stepWeight)}%` : '';
    const title = match.length || ofWeight ? 'Canary (Flagger)' : 'Blue/Green (Flagger)';
    parts.push(title, `${valueText(iterations ?? '?')} iterations${ofWeight}${every}`);
    if (match.length) parts.push(matchLabel(match));
  } else if (weights.length) {
    parts.push('Canary (Flagger)', `${weights.map((w) => `${w}%`).join(' → ')}${every} → promote`);
  } else {
    const step = valueText(a.stepWeight ?? '?');
    parts.push('Canary (Flagger)', `${step}% steps up to ${valueText(a.maxWeight ?? 100)}%${every} → promote`);
  }
  if (a.mirror === true) parts.push(`mirroring ${valueText(a.mirrorWeight ?? 100)}% (shadow)`);
  if (spec.skipAnalysis === true) parts.push('analysis skipped');
  const details: string[] = [];
  if (isSet(a.threshold)) details.push(`rollback after ${String(a.threshold)} failed checks`);
  const metrics = asArray(a.metrics)
    .map((m) => asString(at(m, 'name')))
    .filter(Boolean);
  if (metrics.length) details.push(`metrics: ${metrics.join(', ')}`);
  const gates = asArray(a.webhooks)
    .filter((w) => /^(confirm-rollout|confirm-promotion|confirm-traffic-increase|pre-rollout|rollback)$/.test(asString(at(w, 'type'))))
    .map((w) => `${asString(at(w, 'type'))} (${asString(at(w, 'name'))})`);
  if (gates.length) details.push(`gates: ${gates.join(', ')}`);
  if (asString(spec.provider)) details.push(`provider: ${asString(spec.provider)}`);
  const target = asOptionalObject(spec.targetRef);
  if (target) details.unshift(`target ${asString(target.kind)}/${asString(target.name)}`);
  return finish(parts, [...parts.slice(1), ...details]);
}
