/**
 * What the details panel shows, as plain JSON: the extension builds it (rolloutDetails.ts,
 * canaryDetails.ts) and posts it to the webview, which only renders it. No Dates, no class
 * instances: times are epoch milliseconds or preformatted ages, so the message survives
 * `postMessage`'s structured clone and a window reload's saved state unchanged.
 */

export interface ImageView {
  image: string;
  /** stable, canary, active, preview, ping, pong, Σ:<template>. */
  tags: string[];
}

export interface ConditionView {
  type: string;
  status: string;
  reason: string;
  message: string;
  /** "5m" since the last transition, '' when unknown. */
  age: string;
}

export interface EventView {
  /** Normal or Warning (other words pass through). */
  type: string;
  reason: string;
  message: string;
  /** "Rollout/cart", "AnalysisRun/cart-6f7c9-3-2". */
  object: string;
  count: number;
  /** Epoch ms of the last occurrence (0 when unknown). */
  at: number;
  age: string;
}

/** A numeric bound read out of a success/failure condition ("result[0] >= 0.95" → >= 0.95). */
export interface ConditionBound {
  op: '<' | '<=' | '>' | '>=' | '==' | '!=';
  value: number;
}

export interface MeasurementPoint {
  /** Epoch ms the measurement finished (else started). */
  at: number;
  /** The value as the provider returned it ("0.99", "[0.42]", "true"). */
  raw: string;
  /** The value on the chart's axis (booleans as 1/0), undefined when not numeric. */
  value: number | undefined;
  phase: string;
  message: string;
}

export interface MetricView {
  name: string;
  phase: string;
  count: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  consecutiveError: number;
  /** The spec's limits, with the controller's defaults filled in. */
  limits: { count: string; failureLimit: number; inconclusiveLimit: number; consecutiveErrorLimit: number; interval: string; initialDelay: string };
  successCondition: string;
  failureCondition: string;
  successBounds: ConditionBound[];
  failureBounds: ConditionBound[];
  /** "prometheus", "web", "job", "datadog"…; the address it asks when the provider has one. */
  provider: string;
  address: string;
  /** The query (prometheus/datadog/newrelic/…), the URL and jsonPath (web), the command (job). */
  query: string;
  /** The metric's message, else the last errored/failed measurement's. */
  message: string;
  series: MeasurementPoint[];
}

export interface AnalysisRunView {
  name: string;
  namespace: string;
  phase: string;
  icon: string;
  /** Background, Step, or the experiment's name for an experiment's run. */
  type: string;
  revision: number;
  /** The canary step that started it (step runs), else undefined. */
  stepIndex?: number;
  message: string;
  age: string;
  /** Still running: `terminate` applies. */
  running: boolean;
  metrics: MetricView[];
}

export interface PodView {
  name: string;
  status: string;
  icon: string;
  ready: string;
  restarts: number;
  age: string;
}

export interface ReplicaSetView {
  name: string;
  status: string;
  icon: string;
  tags: string[];
  images: string[];
  replicas: number;
  available: number;
  /** "delay: 29s" or "delay: passed", '' without a scale-down deadline. */
  scaleDown: string;
  age: string;
  pods: PodView[];
}

export interface ExperimentView {
  name: string;
  status: string;
  icon: string;
  message: string;
  revision: number;
  age: string;
  running: boolean;
  replicaSets: ReplicaSetView[];
  analysisRuns: string[];
}

export interface RevisionView {
  revision: number;
  /** The rollout's current revision. */
  current: boolean;
  replicaSets: ReplicaSetView[];
  analysisRuns: string[];
  experiments: string[];
}

export type StepState = 'done' | 'current' | 'pending';

export interface StepView {
  index: number;
  /** Upstream's step text ("setWeight: 20", "pause: 1m", "analysis"). */
  text: string;
  kind: 'setWeight' | 'pause' | 'analysis' | 'experiment' | 'setCanaryScale' | 'route' | 'plugin' | 'other';
  state: StepState;
  /** For the current step: "resumes in 42s", "waiting for promotion", "analysis running"…; '' otherwise. */
  note: string;
  /** A timed pause: epoch ms the controller resumes it (the webview counts down to it by itself). */
  resumesAt?: number;
  /** The AnalysisRun / Experiment names this step started (their sections in the panel). */
  analysisRuns: string[];
  experiments: string[];
}

export interface ActionButton {
  id: string;
  /** The VS Code command invoked with the workload (the same flow the lenses and the tree use). */
  command: string;
  title: string;
  enabled: boolean;
  /** Why it is disabled. */
  reason?: string;
}

export interface RolloutDetails {
  kind: 'Rollout';
  context: string;
  namespace: string;
  name: string;
  age: string;
  status: string;
  icon: string;
  message: string;
  /** The engine's attention text (paused for promotion, degraded…), '' when none. */
  attention: string;
  strategy: 'Canary' | 'BlueGreen' | '';
  /** "i/N" as upstream prints it, '' without steps. */
  step: string;
  setWeight: string;
  actualWeight: string;
  images: ImageView[];
  replicas: { desired: number; current: number; updated: number; ready: number; available: number };
  revision: number;
  /** "istio", "nginx", "alb"…, '' for a basic canary (replica-count weights). */
  trafficRouter: string;
  /** Blue-green: the active and preview services. */
  services: { active: string; preview: string };
  steps: StepView[];
  revisions: RevisionView[];
  analysisRuns: AnalysisRunView[];
  experiments: ExperimentView[];
  conditions: ConditionView[];
  events: EventView[];
  actions: ActionButton[];
  /** Commands of the actions offered per item rather than in the toolbar ('' when the editor has none). */
  itemCommands: { undo: string; terminate: string };
}

export interface WebhookView {
  name: string;
  type: string;
  url: string;
  /** Gates: 'open', 'closed', 'always open', 'checking…', 'unknown'; '' for other webhooks. */
  gate: string;
  /** The gate the canary is parked on now. */
  waiting: boolean;
}

export interface CanaryMetricView {
  name: string;
  threshold: string;
  interval: string;
  templateRef: string;
}

export interface PhaseStepView {
  phase: string;
  state: StepState | 'failed';
}

export interface CanaryDetails {
  kind: 'Canary';
  context: string;
  namespace: string;
  name: string;
  age: string;
  phase: string;
  icon: string;
  message: string;
  attention: string;
  /** Initializing → … → Succeeded (or Failed), with where this canary is. */
  phases: PhaseStepView[];
  /** Phases seen while the panel was open, oldest first ("Progressing 3m"). */
  history: { phase: string; at: number }[];
  lastTransitionAge: string;
  mode: string;
  weight: number;
  maxWeight: number;
  stepWeight: string;
  iterations: number;
  iterationsTarget: number | undefined;
  failedChecks: number;
  threshold: number;
  interval: string;
  target: string;
  primary: string;
  services: { apex: string; primary: string; canary: string };
  suspended: boolean;
  skipAnalysis: boolean;
  metrics: CanaryMetricView[];
  webhooks: WebhookView[];
  conditions: ConditionView[];
  events: EventView[];
  actions: ActionButton[];
}

export type Details = RolloutDetails | CanaryDetails;

/** Extension → webview. */
export type ToWebview = { type: 'details'; details: Details; renderedAt: number } | { type: 'gone'; message: string } | { type: 'snapshot'; id: number };

/**
 * Webview → extension. `ready.shown`: the `renderedAt` of the data the page rendered from its own HTML (the
 * first data is embedded there), absent when it showed something else (a reload shows its saved state).
 * `rendered.pageMs`: milliseconds since the page's time origin when it had rendered (its load, parse and
 * script included), for the first render's breakdown.
 */
export type FromWebview =
  | { type: 'ready'; shown?: number }
  | { type: 'action'; command: string; args?: Record<string, string> }
  | { type: 'openManifest' }
  | { type: 'rendered'; renderedAt: number; ms: number; pageMs: number }
  | { type: 'snapshot'; id: number; text: string; sections: string[]; buttons: string[]; charts: number; roles: string[]; focusable: number; theme: { kind: string; foreground: string; background: string } };
