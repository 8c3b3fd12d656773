/**
 * Argo Rollouts' per-step canary checks (the `for i, step := range canary.Steps` loop of
 * `ValidateRolloutStrategyCanary`, argoproj/argo-rollouts pkg/apis/rollouts/validation/validation.go). Messages use upstream's
 * `spec.strategy.steps[i]` paths (without `.canary`); diagnostics sit on the real field.
 */
import { defineRule, invalidMsg, isPlaceholder, requiredMsg, withAdvice, type RuleCheck } from '../ruleKit';
import { asArray, asOptionalObject, asString, at, isSet, type JsonObject } from '../../util/json';
import { parseGoDuration, rolloutPauseSeconds } from '../../util/goDuration';
import { errorMessage } from '../../util/errors';
import { canaryOf, hasPlugins, trafficRoutingOf } from './strategy';
import type { Rule } from '../ruleTypes';

type StepVisitor = (c: RuleCheck, step: JsonObject, i: number, canary: JsonObject, tr: JsonObject | undefined) => void;

function stepRule(id: string, description: string, visit: StepVisitor): Rule {
  return defineRule({
    id,
    kinds: ['Rollout'],
    defaultSeverity: 'error',
    description,
    run(c) {
      const canary = canaryOf(c.spec);
      if (!canary) return;
      const tr = trafficRoutingOf(canary);
      asArray(canary.steps).forEach((s, i) => visit(c, asOptionalObject(s) ?? {}, i, canary, tr));
    },
  });
}

const STEPS = ['spec', 'strategy', 'canary', 'steps'];
const STEP_MESSAGE = 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause';
const STEP_KINDS = ['experiment', 'pause', 'setWeight', 'analysis', 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin'];

const stepType = stepRule('argo/step-type', 'Each step sets exactly one action (setWeight, pause, experiment, analysis, ...).', ({ report }, step, i) => {
  const exclusive = ['setWeight', 'pause', 'experiment', 'analysis'].filter((k) => isSet(step[k]));
  const where = [...STEPS, i];
  if (exclusive.length > 1) {
    report(
      where,
      withAdvice(
        invalidMsg(
          `spec.strategy.steps[${i}]`,
          `step.Experiment: ${exclusive.includes('experiment')} step.Pause: ${exclusive.includes('pause')} step.SetWeight: ${exclusive.includes('setWeight')} step.Analysis: ${exclusive.includes('analysis')}`,
          STEP_MESSAGE,
        ),
        `split ${exclusive.join(' and ')} into separate steps.`,
      ),
      { prefer: 'value' },
    );
  }
  // A step whose only keys are not step fields (a typo'd `setWeigth`) already has an unknown-field
  // error on each key, which the API server reports before the controller ever sees the step: one
  // mistake, one finding.
  if (!STEP_KINDS.some((k) => isSet(step[k])) && !Object.keys(step).some((k) => !STEP_KINDS.includes(k))) {
    const unknown = Object.keys(step);
    report(
      where,
      withAdvice(
        invalidMsg(
          `spec.strategy.steps[${i}]`,
          'step.Experiment: true step.Pause: true step.SetWeight: true step.Analysis: true step.SetCanaryScale: true step.SetHeaderRoute: true step.SetMirrorRoute: true step.Plugin: true',
          STEP_MESSAGE,
        ),
        unknown.length
          ? `${unknown.join(', ')} ${unknown.length > 1 ? 'are not step actions' : 'is not a step action'}${unknown.includes('replicaProgressThreshold') ? ' (replicaProgressThreshold belongs under spec.strategy.canary)' : ''}; add setWeight, pause, analysis or experiment.`
          : 'add setWeight, pause, analysis or experiment.',
      ),
      { prefer: 'value' },
    );
  }
});

const setWeightRange = stepRule('argo/set-weight-range', 'setWeight must be between 0 and maxTrafficWeight (default 100).', ({ report }, step, i, _c, tr) => {
  const w = step.setWeight;
  const max = typeof tr?.maxTrafficWeight === 'number' ? tr.maxTrafficWeight : 100;
  if (typeof w !== 'number' || (w >= 0 && w <= max)) return;
  report([...STEPS, i, 'setWeight'], withAdvice(invalidMsg(`spec.strategy.steps[${i}].setWeight`, w, `SetWeight needs to be between 0 and ${max}`), `use a weight from 0 to ${max}.`), { prefer: 'value' });
});

/** Upstream's `RolloutPause.DurationSeconds()`, 0 when absent; undefined for a `{{args.x}}` placeholder. */
export function pauseSeconds(d: unknown): number | undefined {
  if (isPlaceholder(d)) return undefined;
  return d === undefined || d === null ? 0 : rolloutPauseSeconds(d);
}

const pauseDuration = stepRule('argo/pause-duration', 'A pause duration must parse (Go duration or seconds) and be >= 0.', ({ report }, step, i) => {
  if (!isSet(step.pause)) return;
  const d = at(step, 'pause', 'duration');
  const s = pauseSeconds(d);
  if (s === undefined || s >= 0) return;
  report([...STEPS, i, 'pause', 'duration'], withAdvice(invalidMsg(`spec.strategy.steps[${i}].pause.duration`, s, 'Duration needs to be greater than 0'), `${durationProblem(d)}; write a duration such as 30s, 10m or 1h.`), {
    prefer: 'value',
  });
});

/** What is wrong with a pause duration upstream turned into -1 (or a negative number). */
function durationProblem(d: unknown): string {
  if (typeof d === 'number') return `${d} is negative`;
  if (typeof d !== 'string') return `${JSON.stringify(d)} is not a duration`;
  try {
    const ms = parseGoDuration(d);
    return `${JSON.stringify(d)} is negative (${ms / 1000}s)`;
  } catch (err) {
    // Go's own error, e.g. time: unknown unit " seconds" in duration "30 seconds".
    return `${JSON.stringify(d)} is not a Go duration (${errorMessage(err)})`;
  }
}

const setCanaryScale = stepRule('argo/set-canary-scale-traffic-routing', 'setCanaryScale needs trafficRouting.', ({ report }, step, i, _c, tr) => {
  if (!isSet(step.setCanaryScale) || tr) return;
  report(
    [...STEPS, i, 'setCanaryScale'],
    withAdvice(
      requiredMsg('spec.strategy.trafficRouting', 'SetCanaryScale requires TrafficRouting to be set'),
      'configure canary.trafficRouting, or use setWeight alone (without traffic routing the weight is approximated by replica counts).',
    ),
  );
});

function stringMatchProblem(m: unknown, albOnlyExact: boolean): string | undefined {
  const o = asOptionalObject(m);
  if (!o) return 'StringMatch value missed, match value must have one of the following: exact, regex, prefix';
  if (albOnlyExact) return !asString(o.exact) || asString(o.regex) || asString(o.prefix) ? "SetHeaderRoute match value invalid. ALB supports 'exact' value only" : undefined;
  const n = ['exact', 'regex', 'prefix'].filter((k) => asString(o[k])).length;
  if (n > 1) return 'StringMatch match value must have exactly one of the following: exact, regex, prefix';
  if (n === 0) return 'StringMatch value missed, match value must have one of the following: exact, regex, prefix';
  return undefined;
}

const setHeaderRoute = stepRule('argo/set-header-route', 'setHeaderRoute needs Istio, ALB, Apisix or a plugin router, and well-formed matches.', ({ report }, step, i, _c, tr) => {
  if (!isSet(step.setHeaderRoute)) return;
  const where = [...STEPS, i, 'setHeaderRoute'];
  if (!tr || (!isSet(tr.istio) && !isSet(tr.alb) && !isSet(tr.apisix) && !hasPlugins(tr))) {
    report(
      where,
      withAdvice(invalidMsg(`spec.strategy.steps[${i}].setHeaderRoute`, step.setHeaderRoute, 'SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix'), 'configure trafficRouting with Istio, ALB, Apisix or a plugin.'),
    );
    return;
  }
  asArray(at(step, 'setHeaderRoute', 'match')).forEach((m, j) => {
    const problem = stringMatchProblem(at(m, 'headerValue'), isSet(tr.alb));
    if (problem) report([...where, 'match', j], withAdvice(invalidMsg(`spec.strategy.steps[${i}].setHeaderRoute.match[${j}]`, at(m, 'headerValue') ?? null, problem), 'set headerValue to exactly one of exact, regex or prefix.'));
  });
});

const setMirrorRoute = stepRule('argo/set-mirror-route', 'setMirrorRoute needs Istio or a plugin router, and well-formed matches.', ({ report }, step, i, _c, tr) => {
  if (!isSet(step.setMirrorRoute)) return;
  const where = [...STEPS, i, 'setMirrorRoute'];
  if (!tr || (!isSet(tr.istio) && !hasPlugins(tr))) {
    report(where, withAdvice(invalidMsg(`spec.strategy.steps[${i}].setMirrorRoute`, step.setMirrorRoute, 'SetMirrorRoute requires TrafficRouting, supports Istio and Plugins'), 'configure trafficRouting.istio or a plugin.'));
  }
  asArray(at(step, 'setMirrorRoute', 'match')).forEach((m, j) => {
    for (const f of ['method', 'path']) {
      const v = at(m, f);
      if (!isSet(v)) continue;
      const problem = stringMatchProblem(v, false);
      if (problem) report([...where, 'match', j, f], withAdvice(invalidMsg(`spec.strategy.steps[${i}].setMirrorRoute.match[${j}]`, v, problem), `set ${f} to exactly one of exact, regex or prefix.`));
    }
  });
});

const managedRoutes = stepRule('argo/managed-routes', 'Header and mirror routes must be declared in trafficRouting.managedRoutes.', ({ report }, step, i, _c, tr) => {
  if (!tr) return;
  for (const kind of ['setHeaderRoute', 'setMirrorRoute']) {
    if (!isSet(step[kind])) continue;
    if (!isSet(tr.managedRoutes)) {
      report(
        [...STEPS, i, kind],
        withAdvice(
          requiredMsg('spec.strategy.trafficRouting.managedRoutes', "Rollout has missing field 'spec.strategy.canary.trafficRouting.managedRoutes'"),
          `add trafficRouting.managedRoutes with - name: ${asString(at(step, kind, 'name')) || '<route>'}.`,
        ),
        {
          fixes: [{ kind: 'insertKey', key: 'managedRoutes', placeholder: `- name: ${asString(at(step, kind, 'name')) || 'header-route'}` }],
        },
      );
      continue;
    }
    const name = asString(at(step, kind, 'name'));
    if (!asArray(tr.managedRoutes).some((r) => at(r, 'name') === name)) {
      report(
        [...STEPS, i, kind, 'name'],
        withAdvice(invalidMsg(`spec.strategy.steps[${i}].${kind}`, name, 'Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes'), `add - name: ${name} to trafficRouting.managedRoutes.`),
        { prefer: 'value' },
      );
    }
  }
});

const experimentWeight = stepRule('argo/experiment-weight', 'Experiment template weights need ALB, SMI, Istio or plugin traffic routing.', ({ report }, step, i, _c, tr) => {
  asArray(at(step, 'experiment', 'templates')).forEach((t, j) => {
    const w = at(t, 'weight');
    if (!isSet(w)) return;
    const where = [...STEPS, i, 'experiment', 'templates', j, 'weight'];
    const p = `spec.strategy.steps[${i}].experiment.templates[${j}].weight`;
    if (!tr) report(where, withAdvice(invalidMsg(p, w, 'Experiment template weight cannot be set unless TrafficRouting is enabled'), 'remove weight or configure trafficRouting.'), { fixes: [{ kind: 'removeKey', key: 'weight' }] });
    else if (!isSet(tr.alb) && !isSet(tr.smi) && !isSet(tr.istio) && !hasPlugins(tr)) {
      report(where, withAdvice(invalidMsg(p, w, 'Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins at this time'), 'remove weight, or route traffic with SMI, ALB, Istio or a plugin.'), {
        fixes: [{ kind: 'removeKey', key: 'weight' }],
      });
    }
  });
});

const DOWNWARD = /^metadata\.(name|namespace|uid|labels|annotations)$|^metadata\.(labels|annotations)\[['"]?[^'"\]]+['"]?\]$/;

/** An AnalysisRunArgument as Go's encoding/json writes it (field order, omitempty). */
function goArgument(a: unknown): JsonObject {
  const vf = asOptionalObject(at(a, 'valueFrom'));
  const skr = asOptionalObject(vf?.secretKeyRef);
  const fr = asOptionalObject(vf?.fieldRef);
  const valueFrom: JsonObject = {
    ...(skr ? { secretKeyRef: { name: asString(skr.name) ?? '', key: asString(skr.key) ?? '' } } : {}),
    ...(fr ? { fieldRef: { fieldPath: asString(fr.fieldPath) ?? '' } } : {}),
  };
  const value = asString(at(a, 'value'));
  return { name: asString(at(a, 'name')) ?? '', ...(value ? { value } : {}), ...(vf ? { valueFrom } : {}) };
}

const analysisArgsDownwardApi = stepRule('argo/analysis-args-downward-api', 'valueFrom.fieldRef metadata paths must be downward-API paths.', ({ report }, step, i) => {
  // Upstream collects the step's arguments (the experiment's analyses first, then the analysis
  // step's) and shows all of them as the invalid value.
  const sources: [unknown[], (string | number)[]][] = [];
  asArray(at(step, 'experiment', 'analyses')).forEach((a, k) => sources.push([asArray(at(a, 'args')), [...STEPS, i, 'experiment', 'analyses', k, 'args']]));
  sources.push([asArray(at(step, 'analysis', 'args')), [...STEPS, i, 'analysis', 'args']]);
  const all = sources.flatMap(([args]) => args.map(goArgument));
  for (const [args, base] of sources) {
    args.forEach((a, j) => {
      const fp = at(a, 'valueFrom', 'fieldRef', 'fieldPath');
      if (typeof fp !== 'string' || !fp.startsWith('metadata') || DOWNWARD.test(fp)) return;
      report(
        [...base, j, 'valueFrom', 'fieldRef', 'fieldPath'],
        withAdvice(
          invalidMsg(`spec.strategy.steps[${i}].analyses`, all, 'Analyses arguments must refer to valid object metadata supported by downwardAPI'),
          `${fp} is not one; use metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'] or metadata.annotations['key'].`,
        ),
        { prefer: 'value' },
      );
    });
  }
});

export const CANARY_STEP_RULES: Rule[] = [stepType, setWeightRange, pauseDuration, setCanaryScale, setHeaderRoute, setMirrorRoute, managedRoutes, experimentWeight, analysisArgsDownwardApi];
