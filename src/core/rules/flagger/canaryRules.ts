/**
 * Flagger's `verifyCanary` checks (fluxcd/flagger pkg/controller/controller.go; the
 * `-no-cross-namespace-refs` flag is defined in cmd/flagger/main.go).
 * Flagger has no admission webhook: these only ever show up as `invalid canary spec: <err>` in the
 * controller's log, and the canary silently stops progressing. The analysis `oneOf` is enforced by
 * the CRD schema (the validator reports it), so it is not repeated here.
 */
import type { Rule } from '../ruleTypes';
import { defineRule, withAdvice } from '../ruleKit';
import { asArray, asOptionalObject, asString, at, isSet, type JsonObject } from '../../util/json';

const CANARY = ['Canary'] as const;
const BUILTIN_METRICS = new Set(['request-success-rate', 'request-duration']);

export function isKnativeTarget(spec: JsonObject): boolean {
  return at(spec, 'targetRef', 'kind') === 'Service' && asString(at(spec, 'targetRef', 'apiVersion')).startsWith('serving.knative.dev/');
}

const sessionAffinityCookies = defineRule({
  id: 'flagger/session-affinity-cookie',
  kinds: CANARY,
  defaultSeverity: 'error',
  description: 'analysis.sessionAffinity cookieName and primaryCookieName must differ.',
  run({ spec, report }) {
    const sa = asOptionalObject(at(spec, 'analysis', 'sessionAffinity'));
    if (!sa) return;
    const cookie = asString(sa.cookieName) || 'flagger-cookie';
    const primary = asString(sa.primaryCookieName) || 'flagger-primary-cookie';
    if (cookie !== primary) return;
    report(
      ['spec', 'analysis', 'sessionAffinity', isSet(sa.primaryCookieName) ? 'primaryCookieName' : 'cookieName'],
      withAdvice("can't use the same cookie name for both primary and cookie name; please update them to be different", 'rename primaryCookieName (default flagger-primary-cookie).'),
      { prefer: 'value' },
    );
  },
});

const knativeConsistency = defineRule({
  id: 'flagger/knative-provider',
  kinds: CANARY,
  defaultSeverity: 'error',
  description: 'A Knative Service target needs provider knative (and vice versa), and no autoscalerRef.',
  run({ spec, report }) {
    const knative = isKnativeTarget(spec);
    const provider = asString(spec.provider);
    if (knative && provider && provider !== 'knative') {
      report(['spec', 'provider'], withAdvice(`can't use ${provider} provider with Knative Service as target`, 'set provider: knative.'), { prefer: 'value' });
    }
    if (!knative && provider === 'knative' && isSet(spec.targetRef)) {
      const t = `${asString(at(spec, 'targetRef', 'apiVersion'))}/${asString(at(spec, 'targetRef', 'kind'))}`;
      report(['spec', 'targetRef'], withAdvice(`can't use ${t} as target if provider is set to knative`, 'target a Knative Service (apiVersion serving.knative.dev/v1, kind Service) or pick another provider.'));
    }
    if (knative && isSet(spec.autoscalerRef)) {
      report(['spec', 'autoscalerRef'], withAdvice("can't use autoscaler with Knative Service", 'remove autoscalerRef: Knative scales the revisions itself.'), { fixes: [{ kind: 'removeKey', key: 'autoscalerRef' }] });
    }
  },
});

const crossNamespaceRefs = defineRule({
  id: 'flagger/cross-namespace-ref',
  kinds: CANARY,
  defaultSeverity: 'error',
  description: 'With -no-cross-namespace-refs, metric templates, alert providers and Gloo upstreams must live in the canary namespace.',
  run({ md, spec, ctx, report }) {
    const own = md.namespace;
    if (!ctx.flaggerNoCrossNamespaceRefs || !own) return;
    const check = (path: (string | number)[], ref: unknown, what: string) => {
      const ns = asString(at(ref, 'namespace'));
      if (!ns || ns === own) return;
      report([...path, 'namespace'], withAdvice(`can't access ${what} ${asString(at(ref, 'name'))}.${ns}, cross-namespace references are blocked`, `move the ${what} to namespace ${own} (Flagger runs with -no-cross-namespace-refs).`), {
        prefer: 'value',
      });
    };
    asArray(at(spec, 'analysis', 'metrics')).forEach((m, i) => check(['spec', 'analysis', 'metrics', i, 'templateRef'], at(m, 'templateRef'), 'metric template'));
    asArray(at(spec, 'analysis', 'alerts')).forEach((a, i) => check(['spec', 'analysis', 'alerts', i, 'providerRef'], at(a, 'providerRef'), 'alert provider'));
    if (isSet(spec.upstreamRef)) check(['spec', 'upstreamRef'], spec.upstreamRef, 'gloo upstream');
  },
});

const metricWithoutQuery = defineRule({
  id: 'flagger/metric-no-query',
  kinds: CANARY,
  defaultSeverity: 'warning',
  description: 'A metric that is not built in needs a templateRef or a query.',
  run({ spec, report }) {
    asArray(at(spec, 'analysis', 'metrics')).forEach((m, i) => {
      const o = asOptionalObject(m) ?? {};
      if (BUILTIN_METRICS.has(asString(o.name)) || isSet(o.templateRef) || asString(o.query)) return;
      report(['spec', 'analysis', 'metrics', i, 'name'], withAdvice('Metric query failed for no usable metrics template and query were configured', 'add templateRef to a MetricTemplate, or use request-success-rate / request-duration.'), {
        prefer: 'value',
        fixes: [{ kind: 'insertKey', key: 'templateRef', placeholder: 'name: my-metric\nnamespace: flagger-system' }],
      });
    });
  },
});

export const FLAGGER_RULES: Rule[] = [sessionAffinityCookies, knativeConsistency, crossNamespaceRefs, metricWithoutQuery];
