/**
 * Argo Rollouts' metric validation (argoproj/argo-rollouts utils/analysis/factory.go
 * `ValidateMetrics`/`ValidateMetric`). The controller runs it when an AnalysisRun starts and fails the run
 * with `Analysis spec invalid: metrics[i]: <err>`; running it on templates catches the same mistakes
 * before a rollout is blocked by them. Limits may be `{{args.x}}` placeholders, resolved only at
 * run time: those are skipped, never guessed.
 */
import type { Rule } from '../ruleTypes';
import { defineRule, isPlaceholder, withAdvice, type RuleCheck } from '../ruleKit';
import { asArray, asOptionalObject, at, isSet, type JsonObject } from '../../util/json';
import { tryParseGoDuration } from '../../util/goDuration';

const ANALYSIS_KINDS = ['AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun'] as const;

/** IntOrString limits: a number, a numeric string, or undefined when it is a placeholder/garbage. */
function intOf(v: unknown, dflt: number): number | undefined {
  if (v === undefined || v === null) return dflt;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) return parseInt(v, 10);
  return undefined;
}

function metricRule(id: string, description: string, visit: (c: RuleCheck, m: JsonObject, i: number) => void): Rule {
  return defineRule({
    id,
    kinds: ANALYSIS_KINDS,
    defaultSeverity: 'error',
    description,
    run(c) {
      asArray(c.spec.metrics).forEach((m, i) => visit(c, asOptionalObject(m) ?? {}, i));
    },
  });
}

const M = (i: number, ...rest: (string | number)[]) => ['spec', 'metrics', i, ...rest];

const metricsPresent = defineRule({
  id: 'argo/analysis-no-metrics',
  kinds: ANALYSIS_KINDS,
  defaultSeverity: 'error',
  description: 'An analysis needs at least one metric.',
  run({ spec, report }) {
    if (asArray(spec.metrics).length > 0) return;
    report(isSet(spec.metrics) ? ['spec', 'metrics'] : ['spec'], withAdvice('no metrics specified', 'add at least one entry under spec.metrics.'), {
      fixes: isSet(spec.metrics) ? undefined : [{ kind: 'insertKey', key: 'metrics', placeholder: '- name: success-rate\n  provider: {}' }],
    });
  },
});

const duplicateNames = metricRule('argo/analysis-duplicate-metric', 'Metric names must be unique.', ({ spec, report }, m, i) => {
  const name = m.name;
  if (typeof name !== 'string') return;
  if (
    asArray(spec.metrics)
      .slice(0, i)
      .some((o) => at(o, 'name') === name)
  ) {
    report(M(i, 'name'), withAdvice(`metrics[${i}]: duplicate name '${name}'`, 'rename one of the metrics.'), { prefer: 'value' });
  }
});

const limits = metricRule('argo/metric-limits', 'failureLimit, consecutiveSuccessLimit, inconclusiveLimit and consecutiveErrorLimit ranges.', ({ report }, m, i) => {
  const f = intOf(m.failureLimit, 0);
  const s = intOf(m.consecutiveSuccessLimit, 0);
  if (s !== undefined && s < 0) report(M(i, 'consecutiveSuccessLimit'), withAdvice(`metrics[${i}]: consecutiveSuccessLimit must be >= 0`, 'use 0 (disabled) or more.'), { prefer: 'value' });
  if (f !== undefined && f < -1) report(M(i, 'failureLimit'), withAdvice(`metrics[${i}]: failureLimit must be >= 0, or -1 to be disabled`, 'use -1 (disabled) or 0 and more.'), { prefer: 'value' });
  if (f === -1 && s === 0) report(M(i, 'failureLimit'), withAdvice(`metrics[${i}]: failureLimit and consecutiveSuccessLimit cannot both be disabled`, 'set failureLimit >= 0 or consecutiveSuccessLimit > 0.'), { prefer: 'value' });
  const inc = intOf(m.inconclusiveLimit, 0);
  if (inc !== undefined && inc < 0) report(M(i, 'inconclusiveLimit'), withAdvice(`metrics[${i}]: inconclusiveLimit must be >= 0`, 'use 0 or more.'), { prefer: 'value' });
  const cel = intOf(m.consecutiveErrorLimit, 4);
  if (cel !== undefined && cel < 0) report(M(i, 'consecutiveErrorLimit'), withAdvice(`metrics[${i}]: consecutiveErrorLimit must be >= 0`, 'use 0 or more (default 4).'), { prefer: 'value' });
});

const countLimits = metricRule('argo/metric-count', 'A metric count must leave room for its limits.', ({ report }, m, i) => {
  const c = intOf(m.count, 0);
  if (c === undefined || c <= 0) return;
  const f = intOf(m.failureLimit, 0);
  const s = intOf(m.consecutiveSuccessLimit, 0);
  const inc = intOf(m.inconclusiveLimit, 0);
  const where = M(i, 'count');
  if (f !== undefined && s !== undefined) {
    if (f >= 0 && s >= 0 && c < f + s)
      report(where, withAdvice(`metrics[${i}]: count (${c}) must be >= failureLimit + consecutiveSuccessLimit (${f} + ${s}) if both >= 0`, `raise count to ${f + s} or lower the limits.`), { prefer: 'value' });
    else if (f < 0 && c < s) report(where, withAdvice(`metrics[${i}]: count must be >= consecutiveSuccessLimit`, `raise count to ${s}.`), { prefer: 'value' });
  }
  if (inc !== undefined && c < inc) report(where, withAdvice(`metrics[${i}]: count must be >= inconclusiveLimit`, `raise count to ${inc} or lower inconclusiveLimit.`), { prefer: 'value' });
});

const intervals = metricRule('argo/metric-interval', 'interval is required when count > 1; interval and initialDelay must be Go durations.', ({ report }, m, i) => {
  const c = intOf(m.count, 0);
  if (c !== undefined && c > 1 && !m.interval) {
    report(M(i, 'count'), withAdvice(`metrics[${i}]: interval must be specified when count > 1`, 'add interval (e.g. 1m) to space the measurements.'), { fixes: [{ kind: 'insertKey', key: 'interval', placeholder: '1m' }] });
  }
  for (const [field, label] of [
    ['interval', 'interval'],
    ['initialDelay', 'startDelay'],
  ] as const) {
    const v = m[field];
    if (typeof v !== 'string' || v === '' || isPlaceholder(v) || tryParseGoDuration(v) !== undefined) continue;
    report(M(i, field), withAdvice(`metrics[${i}]: invalid ${label} string: time: invalid duration ${JSON.stringify(v)}`, 'write a Go duration such as 30s, 5m or 1h.'), { prefer: 'value' });
  }
});

const provider = metricRule('argo/metric-provider', 'Each metric has exactly one provider (each plugin entry counts).', ({ report }, m, i) => {
  const p = asOptionalObject(m.provider);
  let n = 0;
  for (const [k, v] of Object.entries(p ?? {})) {
    if (!isSet(v)) continue;
    n += k === 'plugin' ? Math.max(1, Object.keys(asOptionalObject(v) ?? {}).length) : 1;
  }
  if (n === 1) return;
  report(
    isSet(m.provider) ? M(i, 'provider') : M(i),
    withAdvice(
      `metrics[${i}]: ${n === 0 ? 'no provider specified' : 'multiple providers specified'}`,
      n === 0 ? 'add one provider (prometheus, web, job, datadog, ...).' : 'keep one provider per metric; split the others into their own metrics.',
    ),
    {
      fixes: n === 0 && !isSet(m.provider) ? [{ kind: 'insertKey', key: 'provider', placeholder: 'prometheus:\n  address: http://prometheus.monitoring:9090\n  query: ""' }] : undefined,
    },
  );
});

export const ANALYSIS_METRIC_RULES: Rule[] = [metricsPresent, duplicateNames, limits, countLimits, intervals, provider];
