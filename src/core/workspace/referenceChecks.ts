/**
 * Checks that need the referenced objects: Argo Rollouts' `ValidateRolloutReferencedResources`
 * (argoproj/argo-rollouts pkg/apis/rollouts/validation/validation_references.go; its Istio and App Mesh
 * checks are in trafficRouterChecks.ts) and the analysis argument resolution the
 * controller does when it builds an AnalysisRun from templates (utils/analysis `ResolveArgs`,
 * `MergeArgs`). Each check returns problems with the path in the referencing document.
 */
import { codeAndSeverity, type FindingCodeInfo, type FixHint, type Severity } from '../findings';
import type { PathSegment } from '../manifest/manifestDocument';
import { labelSelectorProblem, mapSelectorMismatch, selectorMatches } from '../rules/argo/labelSelector';
import { goValue, withAdvice } from '../rules/ruleKit';
import { asArray, asOptionalObject, asString, at, isSet, type JsonObject } from '../util/json';
import type { ReferenceSite } from './references';

export interface ReferenceProblem {
  code: string;
  severity: Severity;
  path: PathSegment[];
  message: string;
  fixes?: FixHint[];
}

const SERVICE_ROLES = new Set(['canaryService', 'stableService', 'activeService', 'previewService', 'pingService', 'pongService']);

const SERVICE_LABEL_MISMATCH: FindingCodeInfo = { code: 'argo/service-label-mismatch', defaultSeverity: 'error', description: 'A Service used by a Rollout selects a label the pods do not have.' };

/** Service selector labels must all be on the rollout's pods. */
export function checkServiceLabels(site: ReferenceSite, service: JsonObject, podLabels: JsonObject | undefined): ReferenceProblem[] {
  if (!SERVICE_ROLES.has(site.role) || !podLabels) return [];
  const selector = asOptionalObject(at(service, 'spec', 'selector'));
  if (!selector) return [];
  const key = mapSelectorMismatch(selector, podLabels);
  if (!key) return [];
  return [
    {
      ...codeAndSeverity(SERVICE_LABEL_MISMATCH),
      path: site.path,
      message: withAdvice(
        `${site.upstreamPath}: Invalid value: ${goValue(site.name)}: Service ${JSON.stringify(site.name)} has unmatch label ${JSON.stringify(key)} in rollout`,
        `the Service selects ${key}=${String(selector[key])} but the pod template has ${key in podLabels ? `${key}=${String(podLabels[key])}` : `no ${key} label`}.`,
      ),
    },
  ];
}

const INGRESS_BACKEND: FindingCodeInfo = { code: 'argo/ingress-backend', defaultSeverity: 'warning', description: 'The NGINX/ALB ingress has no rule for the stable (or ALB root) service.' };

/**
 * An nginx/ALB ingress must route to the stable (or ALB root) service. The controller reports this
 * as InvalidSpec, but `kubectl argo rollouts lint` only pairs a rollout with ingresses that already
 * pass (lint.go `setIngressManagedAnnotation`), so upstream's lint fixtures call such files valid:
 * hence a warning.
 */
export function checkIngressBackend(site: ReferenceSite, ingress: JsonObject, rollout: JsonObject): ReferenceProblem[] {
  if (site.role !== 'nginxIngress' && site.role !== 'albIngress') return [];
  const canary = asOptionalObject(at(rollout, 'spec', 'strategy', 'canary')) ?? {};
  const svc = site.role === 'albIngress' ? asString(at(canary, 'trafficRouting', 'alb', 'rootService')) || asString(canary.stableService) : asString(canary.stableService);
  if (!svc) return [];
  const backends: string[] = [];
  for (const rule of asArray(at(ingress, 'spec', 'rules'))) {
    for (const p of asArray(at(rule, 'http', 'paths'))) backends.push(asString(at(p, 'backend', 'service', 'name')) || asString(at(p, 'backend', 'serviceName')));
  }
  if (backends.includes(svc)) return [];
  return [
    {
      ...codeAndSeverity(INGRESS_BACKEND),
      path: site.path,
      message: withAdvice(`${site.upstreamPath}: Invalid value: ${goValue(site.name)}: ingress \`${site.name}\` has no rules using service ${svc} backend`, `add a rule whose backend is service ${svc}.`),
    },
  ];
}

const SERVICE_MANAGED_ELSEWHERE: FindingCodeInfo = { code: 'argo/service-managed-by-another-rollout', defaultSeverity: 'error', description: 'A Service the rollout uses is annotated as managed by another Rollout.' };

/** A Service another Rollout already manages (its managed-by annotation names another rollout). */
export function checkServiceOwner(site: ReferenceSite, service: JsonObject, rollout: JsonObject): ReferenceProblem[] {
  if (!SERVICE_ROLES.has(site.role)) return [];
  const owner = at(service, 'metadata', 'annotations', 'argo-rollouts.argoproj.io/managed-by-rollouts');
  const me = asString(at(rollout, 'metadata', 'name'));
  if (typeof owner !== 'string' || !owner || owner === me) return [];
  return [
    {
      ...codeAndSeverity(SERVICE_MANAGED_ELSEWHERE),
      path: site.path,
      message: withAdvice(
        `${site.upstreamPath}: Invalid value: ${goValue(site.name)}: Service ${JSON.stringify(site.name)} is managed by another Rollout`,
        `its argo-rollouts.argoproj.io/managed-by-rollouts annotation names ${owner}; give this rollout its own Service.`,
      ),
    },
  ];
}

const WORKLOAD_SELECTOR_MISMATCH: FindingCodeInfo = { code: 'argo/selector-template-mismatch', defaultSeverity: 'error', description: 'The selector does not match the labels of the pod template a workloadRef points at.' };

/**
 * With workloadRef the controller validates the referenced workload's pod template against the
 * Rollout's selector once it has resolved it (TemplateResolvedFromRef), with the same
 * `selector` does not match template `labels` error as an inline template.
 */
export function checkWorkloadSelector(site: ReferenceSite, workload: JsonObject, rollout: JsonObject): ReferenceProblem[] {
  if (site.role !== 'workloadRef') return [];
  const sel = asOptionalObject(at(rollout, 'spec', 'selector'));
  if (!sel || labelSelectorProblem(sel)) return [];
  const labels = asOptionalObject(at(workload, 'spec', 'template', 'metadata', 'labels')) ?? {};
  if (selectorMatches(sel, labels)) return [];
  return [
    {
      ...codeAndSeverity(WORKLOAD_SELECTOR_MISMATCH),
      path: ['spec', 'selector'],
      message: withAdvice(
        `spec.template.metadata.labels: Invalid value: ${goValue(labels)}: \`selector\` does not match template \`labels\``,
        `the pod template comes from ${asString(at(workload, 'kind'))} ${site.name}: make spec.selector match its template labels.`,
      ),
    },
  ];
}

const AMBASSADOR_MAPPING_WEIGHT: FindingCodeInfo = { code: 'argo/ambassador-mapping-weight', defaultSeverity: 'error', description: 'An Ambassador Mapping used by the rollout defines a weight.' };

/** An Ambassador Mapping used for canary weights must not set a weight itself (ambassador.go). */
export function checkAmbassadorMapping(site: ReferenceSite, mapping: JsonObject): ReferenceProblem[] {
  if (site.role !== 'ambassadorMapping' || !isSet(at(mapping, 'spec', 'weight'))) return [];
  return [
    {
      ...codeAndSeverity(AMBASSADOR_MAPPING_WEIGHT),
      path: site.path,
      message: withAdvice(`Ambassador mapping ${JSON.stringify(site.name)} can not define weight`, 'remove spec.weight from the Mapping: Argo Rollouts creates a weighted canary Mapping next to it.'),
    },
  ];
}

const ARG_VALUE_AND_VALUE_FROM: FindingCodeInfo = { code: 'argo/analysis-arg-value-and-value-from', defaultSeverity: 'error', description: 'An analysis argument sets both value and valueFrom.' };

/** Args given in the Rollout/Experiment: a value and a valueFrom at once is rejected. */
export function checkArgsShape(sites: ReferenceSite[]): ReferenceProblem[] {
  const out: ReferenceProblem[] = [];
  const seen = new Set<string>();
  for (const s of sites) {
    const a = s.analysis;
    if (!a || seen.has(a.argsPath.join('/'))) continue;
    seen.add(a.argsPath.join('/'));
    a.args.forEach((arg, i) => {
      if (isSet(arg.value) && isSet(arg.valueFrom)) {
        out.push({
          ...codeAndSeverity(ARG_VALUE_AND_VALUE_FROM),
          path: [...a.argsPath, i, 'valueFrom'],
          message: withAdvice(`arg '${asString(arg.name)}' has both Value and ValueFrom fields`, 'keep either value or valueFrom.'),
          fixes: [
            { kind: 'removeKey', key: 'valueFrom' },
            { kind: 'removeKey', key: 'value' },
          ],
        });
      }
    });
  }
  return out;
}

const MISSING_ARG: FindingCodeInfo = { code: 'argo/analysis-missing-arg', defaultSeverity: 'error', description: 'An analysis template argument without a value is not supplied by the Rollout.' };
const UNKNOWN_ARG: FindingCodeInfo = { code: 'argo/analysis-unknown-arg', defaultSeverity: 'warning', description: 'The Rollout passes an argument the analysis templates do not declare.' };
const RUNS_INDEFINITELY: FindingCodeInfo = { code: 'argo/analysis-runs-indefinitely', defaultSeverity: 'error', description: 'A step or promotion analysis uses a metric that never ends.' };

/**
 * One analysis (the templates it names and the args it passes), against the resolved templates.
 * Skipped entirely when a template is unresolved: its arguments are then unknown.
 */
export function checkAnalysisGroup(sites: ReferenceSite[], templates: (JsonObject | undefined)[]): ReferenceProblem[] {
  if (sites.length === 0 || templates.some((t) => !t)) return [];
  const a = sites[0].analysis!;
  const out: ReferenceProblem[] = [];
  const declared = new Map<string, JsonObject>();
  templates.forEach((t) =>
    asArray(at(t, 'spec', 'args')).forEach((x) => {
      const o = asOptionalObject(x);
      if (o && typeof o.name === 'string') declared.set(o.name, o);
    }),
  );
  const given = new Set(a.args.map((x) => asString(x.name)));
  const where = a.args.length ? a.argsPath : sites[0].path;
  for (const [name, d] of declared) {
    if (isSet(d.value) || isSet(d.valueFrom) || given.has(name)) continue;
    out.push({
      ...codeAndSeverity(MISSING_ARG),
      path: where,
      message: withAdvice(`${sites[0].upstreamPath}: Invalid value: ${goValue(sites[0].name)}: missing analysis arguments in rollout spec`, `the template requires argument "${name}": add it under ${a.argsPath.map(String).join('.')}.`),
      fixes: [{ kind: 'addAnalysisArg', name }],
    });
  }
  a.args.forEach((arg, i) => {
    const name = asString(arg.name);
    if (name && !declared.has(name)) {
      out.push({
        ...codeAndSeverity(UNKNOWN_ARG),
        path: [...a.argsPath, i, 'name'],
        message: `argument "${name}" is not declared by ${sites.map((s) => `${s.targetKind} ${s.name}`).join(', ')}; it is ignored — remove it or declare it in the template's spec.args.`,
      });
    }
  });
  // Rollout analyses that gate a step or a promotion must end (validation_references.go checks
  // pre/post-promotion and step templates); background and experiment analyses are stopped for you.
  if (a.use !== 'background' && a.use !== 'experiment') {
    sites.forEach((s, k) => {
      for (const m of asArray(at(templates[k], 'spec', 'metrics'))) {
        const count = at(m, 'count');
        const interval = at(m, 'interval');
        const indefinite = (count === undefined || count === 0 || count === '0') && typeof interval === 'string' && interval !== '';
        if (!indefinite) continue;
        out.push({
          ...codeAndSeverity(RUNS_INDEFINITELY),
          path: s.path,
          message: withAdvice(
            `${s.upstreamPath}: Invalid value: ${goValue(s.name)}: AnalysisTemplate ${s.name} has metric ${asString(at(m, 'name'))} which runs indefinitely. Invalid value for count: ${count === undefined ? '<nil>' : String(count)}`,
            'set count on the metric, or use the template as background analysis (canary.analysis).',
          ),
        });
      }
    });
  }
  return out;
}

/** For the finding-code catalogue (src/core/validation/findingCodes.ts), in this file's order. */
export const REFERENCE_CHECK_CODES: readonly FindingCodeInfo[] = [
  SERVICE_LABEL_MISMATCH,
  INGRESS_BACKEND,
  SERVICE_MANAGED_ELSEWHERE,
  WORKLOAD_SELECTOR_MISMATCH,
  AMBASSADOR_MAPPING_WEIGHT,
  ARG_VALUE_AND_VALUE_FROM,
  MISSING_ARG,
  UNKNOWN_ARG,
  RUNS_INDEFINITELY,
];
