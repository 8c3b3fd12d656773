/**
 * AnalysisRuns as the panel shows them: per metric its phase, counts and limits, the provider and its
 * query, and every measurement as a point in a series, with the numeric bounds of its success and
 * failure conditions so the chart can draw them.
 *
 * Defaults mirror argoproj/argo-rollouts `pkg/apis/rollouts/v1alpha1/analysis_types.go` and
 * `analysis/analysis.go`: failureLimit 0, inconclusiveLimit 0, consecutiveErrorLimit 4; a metric
 * without count or interval is measured once. A measurement's `value` is what the provider returned
 * (`"0.99"`, `"[0.99]"` for a Prometheus vector, `"true"` for a web jsonPath); conditions are expr
 * expressions over `result`, so only their numeric comparisons with `result` (or `result[0]`) become
 * chart bounds — anything else stays text.
 */
import { analysisIcon } from '../status/argoIcons';
import { ageOf } from '../util/goDuration';
import { asArray, asInt, asObject, asOptionalInt, asString, at, metadataOf, parseTime } from '../util/json';
import type { AnalysisRunView, ConditionBound, MeasurementPoint, MetricView } from './viewModel';

const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** Numeric comparisons with `result` in an expr condition, normalised to "result OP value". */
export function conditionBounds(condition: string): ConditionBound[] {
  const out: ConditionBound[] = [];
  const num = '(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)';
  const res = 'result(?:\\[0\\])?';
  const ops = '(<=|>=|==|!=|<|>)';
  const flip: Record<string, ConditionBound['op']> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
  for (const m of condition.matchAll(new RegExp(`(?:^|[^\\w.\\]])${res}\\s*${ops}\\s*${num}`, 'g'))) out.push({ op: m[1] as ConditionBound['op'], value: Number(m[2]) });
  for (const m of condition.matchAll(new RegExp(`${num}\\s*${ops}\\s*${res}(?![\\w\\[])`, 'g'))) out.push({ op: flip[m[2]], value: Number(m[1]) });
  return out;
}

/** The number a measurement value stands for: plain numbers, the first of a vector, booleans as 1/0. */
export function measurementNumber(raw: string): number | undefined {
  const s = raw.trim();
  if (s === '') return undefined;
  if (s === 'true') return 1;
  if (s === 'false') return 0;
  if (/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(s)) return Number(s);
  if (s.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(s);
      const first: unknown = Array.isArray(v) ? (v as unknown[]).find((x) => x !== null) : undefined;
      if (typeof first === 'number' && Number.isFinite(first)) return first;
      if (typeof first === 'string' && /^-?\d+(?:\.\d+)?$/.test(first)) return Number(first);
      if (typeof first === 'boolean') return first ? 1 : 0;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The provider's name and what it asks (query, URL, command), for "why did it fail" on one screen. */
export function providerOf(metric: unknown): { provider: string; address: string; query: string } {
  const p = asObject(at(metric, 'provider'));
  const name = Object.keys(p).find((k) => p[k] !== null && typeof p[k] === 'object') ?? '';
  const cfg = asObject(p[name]);
  switch (name) {
    case 'prometheus':
      return { provider: name, address: asString(cfg.address), query: asString(cfg.query).trim() };
    case 'web':
      return { provider: name, address: asString(cfg.url), query: [asString(cfg.method) || 'GET', asString(cfg.url), asString(cfg.jsonPath) && `jsonPath ${asString(cfg.jsonPath)}`].filter((x) => x !== '').join(' ') };
    case 'job': {
      const containers = asArray(at(cfg, 'spec', 'template', 'spec', 'containers')).map(asObject);
      const cmd = containers.map((c) => [...asArray(c.command), ...asArray(c.args)].map(String).join(' ')).filter((x) => x !== '');
      return { provider: name, address: containers.map((c) => asString(c.image)).join(', '), query: cmd.join('; ') };
    }
    case 'datadog':
      return {
        provider: name,
        address: asString(cfg.apiVersion),
        query:
          asString(cfg.query) ||
          Object.entries(asObject(cfg.queries))
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join('; ') ||
          asString(cfg.formula),
      };
    case 'plugin': {
      const plugin = Object.keys(cfg)[0] ?? '';
      return { provider: plugin ? `plugin ${plugin}` : 'plugin', address: '', query: asString(at(cfg, plugin, 'query')) };
    }
    case '':
      return { provider: '', address: '', query: '' };
    default:
      return { provider: name, address: asString(cfg.address), query: asString(cfg.query) || asString(cfg.expression) || asString(cfg.metricQuery) || asString(cfg.nrql) };
  }
}

function stringOrNumber(v: unknown): string {
  return typeof v === 'number' ? String(v) : asString(v);
}

export function metricView(spec: unknown, result: unknown): MetricView {
  const s = asObject(spec);
  const r = asObject(result);
  const name = asString(r.name) || asString(s.name);
  const series: MeasurementPoint[] = asArray(r.measurements)
    .map(asObject)
    .map((m) => {
      const raw = asString(m.value);
      const t = parseTime(m.finishedAt) ?? parseTime(m.startedAt);
      return { at: t ? t.getTime() : 0, raw, value: measurementNumber(raw), phase: asString(m.phase), message: asString(m.message) };
    });
  const lastBad = [...series].reverse().find((p) => p.message !== '' && p.phase !== 'Successful');
  const successCondition = asString(s.successCondition);
  const failureCondition = asString(s.failureCondition);
  const count = stringOrNumber(s.count);
  const phase = asString(r.phase) || 'Pending';
  return {
    name,
    phase,
    count: asInt(r.count),
    successful: asInt(r.successful),
    failed: asInt(r.failed),
    inconclusive: asInt(r.inconclusive),
    error: asInt(r.error),
    consecutiveError: asInt(r.consecutiveError),
    limits: {
      count: count || (asString(s.interval) ? 'unlimited' : '1'),
      failureLimit: asOptionalInt(s.failureLimit) ?? 0,
      inconclusiveLimit: asOptionalInt(s.inconclusiveLimit) ?? 0,
      consecutiveErrorLimit: asOptionalInt(s.consecutiveErrorLimit) ?? 4,
      interval: asString(s.interval),
      initialDelay: asString(s.initialDelay),
    },
    successCondition,
    failureCondition,
    successBounds: conditionBounds(successCondition),
    failureBounds: conditionBounds(failureCondition),
    ...providerOf(s),
    message: asString(r.message) || lastBad?.message || limitVerdict(name, phase, s, r),
    series,
  };
}

/**
 * Why a completed metric failed, was inconclusive or errored, in the words the controller uses for the
 * run's message (argo-rollouts v1.9.1 analysis/analysis.go, assessMetricFailureInconclusiveOrError: the
 * last limit exceeded wins). The real controller writes that text only once, for the worst metric of
 * the run, and leaves each metric's own message empty; without this, the panel would show no reason
 * for the other metrics (seen on the upstream stack: cart's latency-p99 Inconclusive beside the
 * failed error-rate). '' when no limit is exceeded.
 */
function limitVerdict(name: string, phase: string, spec: Record<string, unknown>, result: Record<string, unknown>): string {
  if (phase !== 'Failed' && phase !== 'Inconclusive' && phase !== 'Error') return '';
  const failureLimit = asOptionalInt(spec.failureLimit) ?? 0;
  const inconclusiveLimit = asOptionalInt(spec.inconclusiveLimit) ?? 0;
  const errorLimit = asOptionalInt(spec.consecutiveErrorLimit) ?? 4;
  let reason = '';
  if (failureLimit >= 0 && asInt(result.failed) > failureLimit) reason = `failed (${asInt(result.failed)}) > failureLimit (${failureLimit})`;
  if (asInt(result.inconclusive) > inconclusiveLimit) reason = `inconclusive (${asInt(result.inconclusive)}) > inconclusiveLimit (${inconclusiveLimit})`;
  if (asInt(result.consecutiveError) > errorLimit) reason = `consecutiveErrors (${asInt(result.consecutiveError)}) > consecutiveErrorLimit (${errorLimit})`;
  return reason ? `Metric "${name}" assessed ${phase} due to ${reason}` : '';
}

/**
 * One AnalysisRun. `type` is the run's `rollout-type` label (Background, Step) or, for a run owned by an
 * experiment, the experiment's name; `stepIndex` is read from a step run's name suffix, as upstream
 * names them `<rollout>-<podHash>-<revision>-<stepIndex>` (rollout/analysis.go).
 */
export function analysisRunView(run: unknown, now: Date, experimentName = ''): AnalysisRunView {
  const o = asObject(run);
  const m = metadataOf(o);
  const st = asObject(o.status);
  const specMetrics = asArray(at(o, 'spec', 'metrics')).map(asObject);
  const results = asArray(st.metricResults).map(asObject);
  const names = [...new Set([...specMetrics.map((x) => asString(x.name)), ...results.map((x) => asString(x.name))])];
  const phase = asString(st.phase) || 'Pending';
  const type = experimentName || m.labels['rollout-type'] || '';
  const step = type === 'Step' ? /-(\d+)$/.exec(m.name) : null;
  const revision = asInt(m.annotations['rollout.argoproj.io/revision']);
  const created = parseTime(m.creationTimestamp);
  const view: AnalysisRunView = {
    name: m.name,
    namespace: m.namespace,
    phase,
    icon: analysisIcon(phase),
    type,
    revision,
    message: asString(st.message),
    age: ageOf(created, now),
    running: !COMPLETED.has(phase) && at(o, 'spec', 'terminate') !== true,
    metrics: names.map((n) => metricView(specMetrics.find((x) => asString(x.name) === n) ?? { name: n }, results.find((x) => asString(x.name) === n) ?? { name: n })),
  };
  if (step) view.stepIndex = Number(step[1]);
  return view;
}
