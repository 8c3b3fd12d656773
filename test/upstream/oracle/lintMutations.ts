/**
 * Deterministic mutations of valid Rollouts for the controller-rules oracle (lintOracle.ts): each
 * one aims at one of the controllers' rules (src/core/rules/argo/*.ts, upstream's
 * pkg/apis/rollouts/validation) and changes one thing in a small valid base, so the document is
 * still schema-valid and the rule is what decides. Also the in-file references the plugin checks
 * (Services of the Rollout), and a few AnalysisTemplates (which the plugin does not lint).
 */
import { stringify } from 'yaml';
import type { LintInput } from './lintOracle';

type Obj = Record<string, any>;

const template = (app: string): Obj => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'app', image: 'argoproj/rollouts-demo:blue', ports: [{ name: 'http', containerPort: 8080 }] }] },
});

function rollout(name: string, strategy: Obj): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: { replicas: 3, selector: { matchLabels: { app: name } }, template: template(name), strategy },
  };
}

const service = (name: string, app: string, extra: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { selector: { app, ...extra }, ports: [{ port: 80, targetPort: 'http' }] },
});

/** The bases: every mutation starts from a deep copy of one of these (each lints clean on both sides). */
export const LINT_BASES: Record<string, () => Obj> = {
  canary: () => rollout('canary', { canary: { steps: [{ setWeight: 20 }, { pause: { duration: '30s' } }, { setWeight: 60 }, { pause: {} }] } }),
  nginx: () => rollout('nginx', { canary: { canaryService: 'nginx-canary', stableService: 'nginx-stable', trafficRouting: { nginx: { stableIngress: 'nginx-ingress' } }, steps: [{ setWeight: 20 }, { pause: {} }] } }),
  istio: () =>
    rollout('istio', {
      canary: {
        canaryService: 'istio-canary',
        stableService: 'istio-stable',
        trafficRouting: { istio: { virtualService: { name: 'istio-vsvc', routes: ['primary'] } }, managedRoutes: [{ name: 'header' }, { name: 'mirror' }] },
        steps: [
          { setWeight: 10 },
          { setHeaderRoute: { name: 'header', match: [{ headerName: 'x-canary', headerValue: { exact: 'canary' } }] } },
          { setMirrorRoute: { name: 'mirror', percentage: 50, match: [{ method: { exact: 'GET' } }] } },
          { pause: {} },
        ],
      },
    }),
  alb: () => rollout('alb', { canary: { canaryService: 'alb-canary', stableService: 'alb-stable', trafficRouting: { alb: { ingress: 'alb-ingress', servicePort: 80 } }, steps: [{ setWeight: 20 }, { pause: {} }] } }),
  blueGreen: () => rollout('bluegreen', { blueGreen: { activeService: 'bluegreen-active', previewService: 'bluegreen-preview', autoPromotionEnabled: false } }),
};

interface Mutation {
  id: string;
  rule: string;
  base: keyof typeof LINT_BASES;
  description: string;
  apply(r: Obj): void;
  /** Further documents in the same file (Services the plugin matches to the Rollout). */
  extra?: Obj[];
}

const S = (r: Obj) => r.spec as Obj;
const C = (r: Obj) => r.spec.strategy.canary as Obj;
const BG = (r: Obj) => r.spec.strategy.blueGreen as Obj;
const TR = (r: Obj) => C(r).trafficRouting as Obj;

const M: Mutation[] = [
  // ValidateRolloutSpec
  { id: 'replicas-negative', rule: 'argo/replicas-negative', base: 'canary', description: 'replicas: -1', apply: (r) => (S(r).replicas = -1) },
  { id: 'selector-missing', rule: 'argo/selector-missing', base: 'canary', description: 'no selector', apply: (r) => delete S(r).selector },
  { id: 'selector-empty', rule: 'argo/selector-missing', base: 'canary', description: 'selector: {}', apply: (r) => (S(r).selector = {}) },
  { id: 'selector-empty-matchlabels', rule: 'argo/selector-missing', base: 'blueGreen', description: 'selector.matchLabels: {}', apply: (r) => (S(r).selector = { matchLabels: {} }) },
  { id: 'selector-bad-key', rule: 'argo/selector-invalid', base: 'canary', description: 'a matchLabels key with a space', apply: (r) => (S(r).selector.matchLabels = { 'bad key': 'canary' }) },
  { id: 'selector-bad-value', rule: 'argo/selector-invalid', base: 'canary', description: 'a matchLabels value with a slash', apply: (r) => (S(r).selector.matchLabels = { app: 'a/b' }) },
  { id: 'selector-bad-operator', rule: 'argo/selector-invalid', base: 'canary', description: 'matchExpressions operator Like', apply: (r) => (S(r).selector = { matchExpressions: [{ key: 'app', operator: 'Like', values: ['canary'] }] }) },
  { id: 'selector-in-no-values', rule: 'argo/selector-invalid', base: 'canary', description: 'matchExpressions In without values', apply: (r) => (S(r).selector = { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }) },
  {
    id: 'selector-exists-values',
    rule: 'argo/selector-invalid',
    base: 'canary',
    description: 'matchExpressions Exists with values',
    apply: (r) => (S(r).selector = { matchLabels: { app: 'canary' }, matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }),
  },
  { id: 'selector-template-mismatch', rule: 'argo/selector-template-mismatch', base: 'canary', description: 'template labels app: other', apply: (r) => (S(r).template.metadata.labels = { app: 'other' }) },
  { id: 'selector-template-no-labels', rule: 'argo/selector-template-mismatch', base: 'blueGreen', description: 'template without labels', apply: (r) => delete S(r).template.metadata },
  {
    id: 'selector-expression-mismatch',
    rule: 'argo/selector-template-mismatch',
    base: 'canary',
    description: 'matchExpressions NotIn the template label',
    apply: (r) => (S(r).selector = { matchLabels: { app: 'canary' }, matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['canary'] }] }),
  },
  { id: 'workload-ref-with-template', rule: 'argo/workload-ref-with-template', base: 'canary', description: 'workloadRef and a template', apply: (r) => (S(r).workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'canary' }) },
  {
    id: 'workload-ref-only',
    rule: 'argo/workload-ref-with-template',
    base: 'canary',
    description: 'workloadRef without template (valid)',
    apply: (r) => {
      S(r).workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'canary' };
      delete S(r).template;
    },
  },
  { id: 'no-containers', rule: 'argo/pod-template', base: 'canary', description: 'containers: []', apply: (r) => (S(r).template.spec.containers = []) },
  { id: 'duplicate-container', rule: 'argo/pod-template', base: 'canary', description: 'two containers named app', apply: (r) => S(r).template.spec.containers.push({ name: 'app', image: 'nginx:1.27' }) },
  { id: 'restart-never', rule: 'argo/pod-template', base: 'blueGreen', description: 'restartPolicy: Never', apply: (r) => (S(r).template.spec.restartPolicy = 'Never') },
  { id: 'restart-onfailure', rule: 'argo/pod-template', base: 'canary', description: 'restartPolicy: OnFailure', apply: (r) => (S(r).template.spec.restartPolicy = 'OnFailure') },
  { id: 'container-no-image', rule: 'argo/pod-template', base: 'canary', description: 'a container without image', apply: (r) => delete S(r).template.spec.containers[0].image },
  { id: 'container-bad-name', rule: 'argo/pod-template', base: 'canary', description: 'container name App_1', apply: (r) => (S(r).template.spec.containers[0].name = 'App_1') },
  { id: 'container-duplicate-port-name', rule: 'argo/pod-template', base: 'canary', description: 'two ports named http', apply: (r) => S(r).template.spec.containers[0].ports.push({ name: 'http', containerPort: 9090 }) },
  { id: 'min-ready-negative', rule: 'argo/min-ready-seconds-negative', base: 'canary', description: 'minReadySeconds: -5', apply: (r) => (S(r).minReadySeconds = -5) },
  { id: 'revision-history-negative', rule: 'argo/revision-history-limit-negative', base: 'canary', description: 'revisionHistoryLimit: -1', apply: (r) => (S(r).revisionHistoryLimit = -1) },
  { id: 'progress-deadline-negative', rule: 'argo/progress-deadline-negative', base: 'canary', description: 'progressDeadlineSeconds: -10', apply: (r) => (S(r).progressDeadlineSeconds = -10) },
  {
    id: 'progress-deadline-below-min-ready',
    rule: 'argo/progress-deadline-min-ready',
    base: 'canary',
    description: 'progressDeadlineSeconds 30 < minReadySeconds 60',
    apply: (r) => {
      S(r).progressDeadlineSeconds = 30;
      S(r).minReadySeconds = 60;
    },
  },
  {
    id: 'progress-deadline-equal-min-ready',
    rule: 'argo/progress-deadline-min-ready',
    base: 'blueGreen',
    description: 'progressDeadlineSeconds == minReadySeconds',
    apply: (r) => {
      S(r).progressDeadlineSeconds = 60;
      S(r).minReadySeconds = 60;
    },
  },
  { id: 'min-ready-above-default-deadline', rule: 'argo/progress-deadline-min-ready', base: 'canary', description: 'minReadySeconds 600 (the default deadline)', apply: (r) => (S(r).minReadySeconds = 600) },
  { id: 'strategy-missing', rule: 'argo/strategy', base: 'canary', description: 'strategy: {}', apply: (r) => (S(r).strategy = {}) },
  { id: 'strategy-both', rule: 'argo/strategy', base: 'canary', description: 'canary and blueGreen', apply: (r) => (S(r).strategy.blueGreen = { activeService: 'a', previewService: 'b' }) },
  // ValidateRolloutStrategyBlueGreen
  { id: 'bluegreen-same-services', rule: 'argo/bluegreen-same-services', base: 'blueGreen', description: 'previewService == activeService', apply: (r) => (BG(r).previewService = BG(r).activeService) },
  {
    id: 'bluegreen-no-services',
    rule: 'argo/bluegreen-same-services',
    base: 'blueGreen',
    description: 'blueGreen without services',
    apply: (r) => {
      delete BG(r).activeService;
      delete BG(r).previewService;
    },
  },
  { id: 'bluegreen-no-preview', rule: 'argo/bluegreen-same-services', base: 'blueGreen', description: 'activeService only (valid)', apply: (r) => delete BG(r).previewService },
  {
    id: 'scale-down-revision-limit',
    rule: 'argo/scale-down-revision-limit',
    base: 'blueGreen',
    description: 'scaleDownDelayRevisionLimit 5 > revisionHistoryLimit 2',
    apply: (r) => {
      BG(r).scaleDownDelayRevisionLimit = 5;
      S(r).revisionHistoryLimit = 2;
    },
  },
  { id: 'scale-down-revision-limit-default', rule: 'argo/scale-down-revision-limit', base: 'blueGreen', description: 'scaleDownDelayRevisionLimit 11 > default 10', apply: (r) => (BG(r).scaleDownDelayRevisionLimit = 11) },
  { id: 'scale-down-revision-limit-ok', rule: 'argo/scale-down-revision-limit', base: 'blueGreen', description: 'scaleDownDelayRevisionLimit 10 (valid)', apply: (r) => (BG(r).scaleDownDelayRevisionLimit = 10) },
  // anti-affinity
  {
    id: 'anti-affinity-both',
    rule: 'argo/anti-affinity',
    base: 'canary',
    description: 'preferred and required',
    apply: (r) => (C(r).antiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: { weight: 50 }, requiredDuringSchedulingIgnoredDuringExecution: {} }),
  },
  { id: 'anti-affinity-neither', rule: 'argo/anti-affinity', base: 'blueGreen', description: 'antiAffinity: {}', apply: (r) => (BG(r).antiAffinity = {}) },
  { id: 'anti-affinity-weight-0', rule: 'argo/anti-affinity', base: 'canary', description: 'preferred weight 0', apply: (r) => (C(r).antiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: { weight: 0 } }) },
  { id: 'anti-affinity-weight-101', rule: 'argo/anti-affinity', base: 'blueGreen', description: 'preferred weight 101', apply: (r) => (BG(r).antiAffinity = { preferredDuringSchedulingIgnoredDuringExecution: { weight: 101 } }) },
  { id: 'anti-affinity-required', rule: 'argo/anti-affinity', base: 'canary', description: 'required only (valid)', apply: (r) => (C(r).antiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: {} }) },
  // ValidateRolloutStrategyCanary, strategy level
  {
    id: 'max-surge-unavailable-zero',
    rule: 'argo/max-surge-unavailable-zero',
    base: 'canary',
    description: 'maxSurge 0, maxUnavailable 0',
    apply: (r) => {
      C(r).maxSurge = 0;
      C(r).maxUnavailable = 0;
    },
  },
  {
    id: 'max-surge-unavailable-zero-percent',
    rule: 'argo/max-surge-unavailable-zero',
    base: 'canary',
    description: "maxSurge '0%', maxUnavailable 0",
    apply: (r) => {
      C(r).maxSurge = '0%';
      C(r).maxUnavailable = 0;
    },
  },
  { id: 'max-surge-zero-unavailable-default', rule: 'argo/max-surge-unavailable-zero', base: 'canary', description: 'maxSurge 0 (maxUnavailable default 25%: valid)', apply: (r) => (C(r).maxSurge = 0) },
  {
    id: 'max-unavailable-zero-surge-1',
    rule: 'argo/max-surge-unavailable-zero',
    base: 'canary',
    description: 'maxUnavailable 0, maxSurge 1 (valid)',
    apply: (r) => {
      C(r).maxSurge = 1;
      C(r).maxUnavailable = 0;
    },
  },
  { id: 'canary-same-services', rule: 'argo/canary-same-services', base: 'nginx', description: 'canaryService == stableService', apply: (r) => (C(r).canaryService = C(r).stableService) },
  {
    id: 'canary-same-services-no-routing',
    rule: 'argo/canary-same-services',
    base: 'canary',
    description: 'basic canary with canaryService == stableService',
    apply: (r) => {
      C(r).canaryService = 'svc';
      C(r).stableService = 'svc';
    },
  },
  {
    id: 'ping-pong-nginx',
    rule: 'argo/ping-pong',
    base: 'nginx',
    description: 'pingPong with nginx routing',
    apply: (r) => {
      delete C(r).canaryService;
      delete C(r).stableService;
      C(r).pingPong = { pingService: 'ping', pongService: 'pong' };
    },
  },
  {
    id: 'ping-pong-no-pong',
    rule: 'argo/ping-pong',
    base: 'alb',
    description: 'pingPong without pongService',
    apply: (r) => {
      delete C(r).canaryService;
      delete C(r).stableService;
      C(r).pingPong = { pingService: 'ping' };
      TR(r).alb.rootService = 'root';
    },
  },
  {
    id: 'ping-pong-same',
    rule: 'argo/ping-pong',
    base: 'alb',
    description: 'pingService == pongService',
    apply: (r) => {
      delete C(r).canaryService;
      delete C(r).stableService;
      C(r).pingPong = { pingService: 'ping', pongService: 'ping' };
      TR(r).alb.rootService = 'root';
    },
  },
  {
    id: 'ping-pong-alb-no-root',
    rule: 'argo/ping-pong',
    base: 'alb',
    description: 'pingPong with ALB and no rootService',
    apply: (r) => {
      delete C(r).canaryService;
      delete C(r).stableService;
      C(r).pingPong = { pingService: 'ping', pongService: 'pong' };
    },
  },
  {
    id: 'ping-pong-alb-ok',
    rule: 'argo/ping-pong',
    base: 'alb',
    description: 'pingPong with ALB rootService (valid)',
    apply: (r) => {
      delete C(r).canaryService;
      delete C(r).stableService;
      C(r).pingPong = { pingService: 'ping', pongService: 'pong' };
      TR(r).alb.rootService = 'root';
    },
  },
  {
    id: 'ping-pong-plugin',
    rule: 'argo/ping-pong',
    base: 'canary',
    description: 'pingPong with a plugin router',
    apply: (r) => {
      C(r).pingPong = { pingService: 'ping', pongService: 'pong' };
      C(r).trafficRouting = { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'route' } } };
    },
  },
  { id: 'traffic-routing-no-canary-service', rule: 'argo/traffic-routing-services', base: 'nginx', description: 'nginx without canaryService', apply: (r) => delete C(r).canaryService },
  { id: 'traffic-routing-no-stable-service', rule: 'argo/traffic-routing-services', base: 'alb', description: 'ALB without stableService', apply: (r) => delete C(r).stableService },
  { id: 'traffic-routing-smi-no-services', rule: 'argo/traffic-routing-services', base: 'canary', description: 'SMI without services', apply: (r) => (C(r).trafficRouting = { smi: { rootService: 'root' } }) },
  {
    id: 'traffic-routing-istio-no-services',
    rule: 'argo/traffic-routing-services',
    base: 'istio',
    description: 'Istio host split without services',
    apply: (r) => {
      delete C(r).canaryService;
      delete C(r).stableService;
    },
  },
  {
    id: 'traffic-routing-istio-subset',
    rule: 'argo/traffic-routing-services',
    base: 'istio',
    description: 'Istio subset split without services (valid)',
    apply: (r) => {
      delete C(r).canaryService;
      delete C(r).stableService;
      TR(r).istio.destinationRule = { name: 'dr', canarySubsetName: 'canary', stableSubsetName: 'stable' };
    },
  },
  {
    id: 'traffic-routing-traefik-empty',
    rule: 'argo/traffic-routing-services',
    base: 'canary',
    description: 'Traefik with empty services',
    apply: (r) => {
      C(r).trafficRouting = { traefik: { weightedTraefikServiceName: 'ts' } };
      C(r).canaryService = '';
      C(r).stableService = '';
    },
  },
  { id: 'scale-down-delay-no-routing', rule: 'argo/traffic-routing-options', base: 'canary', description: 'scaleDownDelaySeconds without routing', apply: (r) => (C(r).scaleDownDelaySeconds = 30) },
  { id: 'dynamic-stable-scale-no-routing', rule: 'argo/traffic-routing-options', base: 'canary', description: 'dynamicStableScale without routing', apply: (r) => (C(r).dynamicStableScale = true) },
  {
    id: 'dynamic-stable-scale-with-delay',
    rule: 'argo/traffic-routing-options',
    base: 'nginx',
    description: 'dynamicStableScale and scaleDownDelaySeconds',
    apply: (r) => {
      C(r).dynamicStableScale = true;
      C(r).scaleDownDelaySeconds = 30;
    },
  },
  { id: 'max-traffic-weight-istio', rule: 'argo/traffic-routing-options', base: 'istio', description: 'maxTrafficWeight with Istio', apply: (r) => (TR(r).maxTrafficWeight = 1000) },
  {
    id: 'max-traffic-weight-nginx',
    rule: 'argo/traffic-routing-options',
    base: 'nginx',
    description: 'maxTrafficWeight 1000 with nginx, setWeight 500 (valid)',
    apply: (r) => {
      TR(r).maxTrafficWeight = 1000;
      C(r).steps[0].setWeight = 500;
    },
  },
  { id: 'nginx-neither-ingress', rule: 'argo/traffic-routing-targets', base: 'nginx', description: 'nginx without stableIngress(es)', apply: (r) => (TR(r).nginx = { additionalIngressAnnotations: { 'canary-by-header': 'X-Canary' } }) },
  { id: 'nginx-both-ingresses', rule: 'argo/traffic-routing-targets', base: 'nginx', description: 'nginx stableIngress and stableIngresses', apply: (r) => (TR(r).nginx.stableIngresses = ['other']) },
  { id: 'alb-neither-ingress', rule: 'argo/traffic-routing-targets', base: 'alb', description: 'ALB without ingress(es)', apply: (r) => delete TR(r).alb.ingress },
  { id: 'alb-both-ingresses', rule: 'argo/traffic-routing-targets', base: 'alb', description: 'ALB ingress and ingresses', apply: (r) => (TR(r).alb.ingresses = ['other']) },
  { id: 'istio-neither-vsvc', rule: 'argo/traffic-routing-targets', base: 'istio', description: 'Istio without virtualService(s)', apply: (r) => delete TR(r).istio.virtualService },
  { id: 'istio-both-vsvc', rule: 'argo/traffic-routing-targets', base: 'istio', description: 'Istio virtualService and virtualServices', apply: (r) => (TR(r).istio.virtualServices = [{ name: 'other', routes: ['primary'] }]) },
  { id: 'nginx-stable-ingresses', rule: 'argo/traffic-routing-targets', base: 'nginx', description: 'nginx stableIngresses only (valid)', apply: (r) => (TR(r).nginx = { stableIngresses: ['a', 'b'] }) },
  // steps
  { id: 'step-two-kinds', rule: 'argo/step-type', base: 'canary', description: 'setWeight and pause in one step', apply: (r) => (C(r).steps[0] = { setWeight: 20, pause: {} }) },
  {
    id: 'step-three-kinds',
    rule: 'argo/step-type',
    base: 'canary',
    description: 'setWeight, pause and analysis in one step',
    apply: (r) => (C(r).steps[1] = { setWeight: 40, pause: { duration: '10s' }, analysis: { templates: [{ templateName: 'ok' }] } }),
  },
  { id: 'step-empty', rule: 'argo/step-type', base: 'canary', description: 'a step {}', apply: (r) => C(r).steps.push({}) },
  { id: 'step-weight-and-scale', rule: 'argo/step-type', base: 'nginx', description: 'setWeight and setCanaryScale in one step (not exclusive upstream)', apply: (r) => (C(r).steps[0] = { setWeight: 20, setCanaryScale: { replicas: 1 } }) },
  { id: 'set-weight-101', rule: 'argo/set-weight-range', base: 'canary', description: 'setWeight: 101', apply: (r) => (C(r).steps[0].setWeight = 101) },
  { id: 'set-weight-negative', rule: 'argo/set-weight-range', base: 'canary', description: 'setWeight: -1', apply: (r) => (C(r).steps[2].setWeight = -1) },
  {
    id: 'set-weight-above-max',
    rule: 'argo/set-weight-range',
    base: 'nginx',
    description: 'setWeight 200 > maxTrafficWeight 150',
    apply: (r) => {
      TR(r).maxTrafficWeight = 150;
      C(r).steps[0].setWeight = 200;
    },
  },
  { id: 'set-weight-100', rule: 'argo/set-weight-range', base: 'canary', description: 'setWeight: 100 (valid)', apply: (r) => (C(r).steps[2].setWeight = 100) },
  { id: 'pause-negative-string', rule: 'argo/pause-duration', base: 'canary', description: "pause duration '-5s'", apply: (r) => (C(r).steps[1].pause.duration = '-5s') },
  { id: 'pause-negative-int', rule: 'argo/pause-duration', base: 'canary', description: 'pause duration -10', apply: (r) => (C(r).steps[1].pause.duration = -10) },
  { id: 'pause-unparsable', rule: 'argo/pause-duration', base: 'canary', description: "pause duration '30 seconds'", apply: (r) => (C(r).steps[1].pause.duration = '30 seconds') },
  { id: 'pause-numeric-string', rule: 'argo/pause-duration', base: 'canary', description: "pause duration '45' (valid: seconds)", apply: (r) => (C(r).steps[1].pause.duration = '45') },
  { id: 'pause-hours', rule: 'argo/pause-duration', base: 'canary', description: "pause duration '1h30m' (valid)", apply: (r) => (C(r).steps[1].pause.duration = '1h30m') },
  { id: 'pause-zero', rule: 'argo/pause-duration', base: 'canary', description: 'pause duration 0 (valid)', apply: (r) => (C(r).steps[1].pause.duration = 0) },
  { id: 'set-canary-scale-no-routing', rule: 'argo/set-canary-scale-traffic-routing', base: 'canary', description: 'setCanaryScale without routing', apply: (r) => C(r).steps.splice(1, 0, { setCanaryScale: { replicas: 2 } }) },
  { id: 'set-canary-scale-routing', rule: 'argo/set-canary-scale-traffic-routing', base: 'nginx', description: 'setCanaryScale with nginx (valid)', apply: (r) => C(r).steps.unshift({ setCanaryScale: { weight: 20 } }) },
  {
    id: 'set-header-route-no-routing',
    rule: 'argo/set-header-route',
    base: 'canary',
    description: 'setHeaderRoute without routing',
    apply: (r) => C(r).steps.unshift({ setHeaderRoute: { name: 'h', match: [{ headerName: 'x', headerValue: { exact: 'v1' } }] } }),
  },
  {
    id: 'set-header-route-nginx',
    rule: 'argo/set-header-route',
    base: 'nginx',
    description: 'setHeaderRoute with nginx',
    apply: (r) => {
      TR(r).managedRoutes = [{ name: 'h' }];
      C(r).steps.unshift({ setHeaderRoute: { name: 'h', match: [{ headerName: 'x', headerValue: { exact: 'v1' } }] } });
    },
  },
  { id: 'set-header-route-two-values', rule: 'argo/set-header-route', base: 'istio', description: 'headerValue exact and prefix', apply: (r) => (C(r).steps[1].setHeaderRoute.match[0].headerValue = { exact: 'canary', prefix: 'c' }) },
  { id: 'set-header-route-no-value', rule: 'argo/set-header-route', base: 'istio', description: 'match without headerValue', apply: (r) => delete C(r).steps[1].setHeaderRoute.match[0].headerValue },
  { id: 'set-header-route-empty-value', rule: 'argo/set-header-route', base: 'istio', description: 'headerValue {}', apply: (r) => (C(r).steps[1].setHeaderRoute.match[0].headerValue = {}) },
  {
    id: 'set-header-route-alb-regex',
    rule: 'argo/set-header-route',
    base: 'alb',
    description: 'ALB header route with regex',
    apply: (r) => {
      TR(r).managedRoutes = [{ name: 'h' }];
      C(r).steps.unshift({ setHeaderRoute: { name: 'h', match: [{ headerName: 'x', headerValue: { regex: 'v.*' } }] } });
    },
  },
  {
    id: 'set-header-route-alb-exact',
    rule: 'argo/set-header-route',
    base: 'alb',
    description: 'ALB header route exact (valid)',
    apply: (r) => {
      TR(r).managedRoutes = [{ name: 'h' }];
      C(r).steps.unshift({ setHeaderRoute: { name: 'h', match: [{ headerName: 'x', headerValue: { exact: 'v1' } }] } });
    },
  },
  { id: 'set-mirror-route-no-routing', rule: 'argo/set-mirror-route', base: 'canary', description: 'setMirrorRoute without routing', apply: (r) => C(r).steps.unshift({ setMirrorRoute: { name: 'm', percentage: 10 } }) },
  {
    id: 'set-mirror-route-alb',
    rule: 'argo/set-mirror-route',
    base: 'alb',
    description: 'setMirrorRoute with ALB',
    apply: (r) => {
      TR(r).managedRoutes = [{ name: 'm' }];
      C(r).steps.unshift({ setMirrorRoute: { name: 'm', percentage: 10 } });
    },
  },
  {
    id: 'set-mirror-route-plugin',
    rule: 'argo/set-mirror-route',
    base: 'canary',
    description: 'setMirrorRoute with a plugin router',
    apply: (r) => {
      C(r).canaryService = 'c';
      C(r).stableService = 's';
      C(r).trafficRouting = { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'route' } }, managedRoutes: [{ name: 'm' }] };
      C(r).steps.unshift({ setMirrorRoute: { name: 'm', percentage: 10 } });
    },
  },
  { id: 'set-mirror-route-two-values', rule: 'argo/set-mirror-route', base: 'istio', description: 'mirror method exact and regex', apply: (r) => (C(r).steps[2].setMirrorRoute.match[0].method = { exact: 'GET', regex: 'P.*' }) },
  { id: 'set-mirror-route-empty-path', rule: 'argo/set-mirror-route', base: 'istio', description: 'mirror path {}', apply: (r) => (C(r).steps[2].setMirrorRoute.match[0].path = {}) },
  { id: 'managed-routes-missing', rule: 'argo/managed-routes', base: 'istio', description: 'no managedRoutes', apply: (r) => delete TR(r).managedRoutes },
  { id: 'managed-route-unknown', rule: 'argo/managed-routes', base: 'istio', description: 'header route name not in managedRoutes', apply: (r) => (C(r).steps[1].setHeaderRoute.name = 'nope') },
  { id: 'managed-route-mirror-unknown', rule: 'argo/managed-routes', base: 'istio', description: 'mirror route name not in managedRoutes', apply: (r) => (C(r).steps[2].setMirrorRoute.name = 'nope') },
  {
    id: 'experiment-weight-no-routing',
    rule: 'argo/experiment-weight',
    base: 'canary',
    description: 'experiment template weight without routing',
    apply: (r) => C(r).steps.unshift({ experiment: { duration: '5m', templates: [{ name: 'exp', specRef: 'canary', weight: 10 }] } }),
  },
  {
    id: 'experiment-weight-nginx',
    rule: 'argo/experiment-weight',
    base: 'nginx',
    description: 'experiment template weight with nginx',
    apply: (r) => C(r).steps.unshift({ experiment: { duration: '5m', templates: [{ name: 'exp', specRef: 'canary', weight: 10 }] } }),
  },
  {
    id: 'experiment-weight-alb',
    rule: 'argo/experiment-weight',
    base: 'alb',
    description: 'experiment template weight with ALB (valid)',
    apply: (r) => C(r).steps.unshift({ experiment: { duration: '5m', templates: [{ name: 'exp', specRef: 'canary', weight: 10 }] } }),
  },
  {
    id: 'experiment-no-weight',
    rule: 'argo/experiment-weight',
    base: 'canary',
    description: 'experiment without weight (valid)',
    apply: (r) => C(r).steps.unshift({ experiment: { duration: '5m', templates: [{ name: 'exp', specRef: 'canary' }] } }),
  },
  {
    id: 'analysis-args-bad-fieldpath',
    rule: 'argo/analysis-args-downward-api',
    base: 'canary',
    description: 'analysis arg fieldPath metadata.generation',
    apply: (r) => C(r).steps.splice(1, 0, { analysis: { templates: [{ templateName: 'ok' }], args: [{ name: 'g', valueFrom: { fieldRef: { fieldPath: 'metadata.generation' } } }] } }),
  },
  {
    id: 'analysis-args-label',
    rule: 'argo/analysis-args-downward-api',
    base: 'canary',
    description: "analysis arg fieldPath metadata.labels['app'] (valid)",
    apply: (r) => C(r).steps.splice(1, 0, { analysis: { templates: [{ templateName: 'ok' }], args: [{ name: 'a', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } }] } }),
  },
  {
    id: 'experiment-analysis-args-bad',
    rule: 'argo/analysis-args-downward-api',
    base: 'canary',
    description: 'experiment analysis arg fieldPath metadata.ownerReferences',
    apply: (r) =>
      C(r).steps.unshift({ experiment: { templates: [{ name: 'exp', specRef: 'canary' }], analyses: [{ name: 'a', templateName: 'ok', args: [{ name: 'o', valueFrom: { fieldRef: { fieldPath: 'metadata.ownerReferences' } } }] }] } }),
  },
  {
    id: 'analysis-args-status-fieldpath',
    rule: 'argo/analysis-args-downward-api',
    base: 'canary',
    description: 'analysis arg fieldPath status.phase (not checked)',
    apply: (r) => C(r).steps.splice(1, 0, { analysis: { templates: [{ templateName: 'ok' }], args: [{ name: 'p', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } }] } }),
  },
  { id: 'analysis-template-absent', rule: 'references/unresolved', base: 'canary', description: 'background analysis naming a template the file lacks', apply: (r) => (C(r).analysis = { templates: [{ templateName: 'missing-template' }] }) },
  // ValidateRolloutReferencedResources: the plugin checks the Services of the file named by the Rollout.
  { id: 'services-match', rule: 'references/service-selector', base: 'nginx', description: 'stable/canary Services selecting the pods (valid)', apply: () => {}, extra: [service('nginx-stable', 'nginx'), service('nginx-canary', 'nginx')] },
  {
    id: 'service-unmatched-label',
    rule: 'references/service-selector',
    base: 'nginx',
    description: 'canary Service selects a label the pods lack',
    apply: () => {},
    extra: [service('nginx-stable', 'nginx'), service('nginx-canary', 'nginx', { tier: 'web' })],
  },
  {
    id: 'service-other-app',
    rule: 'references/service-selector',
    base: 'blueGreen',
    description: 'preview Service selects another app',
    apply: () => {},
    extra: [service('bluegreen-active', 'bluegreen'), service('bluegreen-preview', 'other')],
  },
];

/** Every mutation, rendered: the Rollout (plus its extra documents), in a stable order. */
export function lintMutations(): LintInput[] {
  const out: LintInput[] = [];
  for (const [name, make] of Object.entries(LINT_BASES)) {
    out.push({ id: `base:${name}`, source: 'mutation', fileName: 'rollout.yaml', text: stringify(make()), rule: 'base', description: `the ${name} base, unchanged (valid)` });
  }
  for (const m of M) {
    const r = LINT_BASES[m.base]();
    m.apply(r);
    const docs = [r, ...(m.extra ?? [])].map((d) => stringify(d));
    out.push({ id: `mutation:${m.id}`, source: 'mutation', fileName: 'rollout.yaml', text: docs.join('---\n'), rule: m.rule, description: `${m.base}: ${m.description}` });
  }
  out.push(...analysisTemplates());
  return out;
}

/** AnalysisTemplates breaking the metric rules: ours reports them, the plugin lints Rollouts only. */
function analysisTemplates(): LintInput[] {
  const tpl = (name: string, metric: Obj): LintInput => ({
    id: `mutation:analysis-${name}`,
    source: 'mutation',
    fileName: 'analysis.yaml',
    rule: 'argo/metric-*',
    description: `AnalysisTemplate: ${name}`,
    text: stringify({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AnalysisTemplate',
      metadata: { name },
      spec: { metrics: [{ name: 'm', successCondition: 'result == true', provider: { web: { url: 'http://example/health' } }, ...metric }] },
    }),
  });
  return [tpl('count-no-interval', { count: 3 }), tpl('failure-limit-low', { failureLimit: -2 }), tpl('count-below-limits', { count: 2, interval: '1m', failureLimit: 2, consecutiveSuccessLimit: 1 })];
}
