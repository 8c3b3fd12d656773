/**
 * The details panel's model of an Argo Rollout: the header `kubectl argo rollouts get rollout` prints
 * (interpretRollout, not re-derived here), the steps timeline with the current step's countdown and the
 * runs each step started, revisions → ReplicaSets → pods, the AnalysisRuns with their measurement
 * series, experiments, conditions and the events of the rollout and everything it owns.
 *
 * Step ↔ run links follow upstream's naming (rollout/analysis.go, rollout/experiment.go): a step's
 * AnalysisRun and Experiment are `<rollout>-<podHash>-<revision>-<stepIndex>` (experiment runs append
 * `-<analysis name>`), labelled with the pod template hash; the current step's run is also named in
 * `status.canary.currentStepAnalysisRunStatus` / `currentExperiment`.
 */
import { canaryStrategy, blueGreenStrategy, canarySteps, pauseConditions, rolloutPhase, rolloutSpec, rolloutStatus } from '../status/argoPhase';
import { experimentInfo, interpretRollout, type RelatedObjects, type ReplicaSetInfo } from '../status/argoInfo';
import { canaryStepText, timedPauseRemainingMs } from '../status/argoSteps';
import { ageOf, humanDuration } from '../util/goDuration';
import { asArray, asBool, asObject, asString, at, JsonObject, metadataOf, parseTime } from '../util/json';
import { summarizeRollout } from '../actions/availability';
import { analysisRunView } from './analysis';
import { actionButtons, conditionViews, type CommandOf } from './common';
import { eventsFor, type InvolvedObject } from './events';
import type { ActionButton, ExperimentView, ReplicaSetView, RevisionView, RolloutDetails, StepView } from './viewModel';

export interface RolloutDetailsInput {
  context: string;
  rollout: unknown;
  /** The namespace's (or just this rollout's) ReplicaSets, Pods, AnalysisRuns, Experiments. */
  related: RelatedObjects;
  events: unknown[];
  now: Date;
  commandOf: CommandOf;
}

function stepKind(step: JsonObject): StepView['kind'] {
  if (step.setWeight !== undefined) return 'setWeight';
  if (step.pause !== undefined) return 'pause';
  if (step.analysis) return 'analysis';
  if (step.experiment) return 'experiment';
  if (step.setCanaryScale) return 'setCanaryScale';
  if (step.setHeaderRoute || step.setMirrorRoute) return 'route';
  if (step.plugin) return 'plugin';
  return 'other';
}

/**
 * Set image is not in the summary (it needs a container and an image, asked for when it runs); the toolbar
 * offers it on every rollout, and its plan says when a rollout cannot take it (no such container, a
 * workloadRef to something other than a Deployment).
 */
function askingButtons(commandOf: CommandOf): ActionButton[] {
  const c = commandOf('set-image');
  return c ? [{ id: 'set-image', command: c.command, title: `${c.title}…`, enabled: true }] : [];
}

/** The traffic router(s) a canary uses: "istio", "nginx", "plugin argoproj-labs/gatewayAPI"; '' for none. */
export function trafficRouterOf(rollout: unknown): string {
  const tr = asObject(canaryStrategy(rollout)?.trafficRouting);
  const names: string[] = [];
  for (const [k, v] of Object.entries(tr)) {
    if (v === null || typeof v !== 'object') continue;
    if (k === 'plugins') names.push(...Object.keys(asObject(v)).map((p) => `plugin ${p}`));
    else if (k !== 'managedRoutes') names.push(k);
  }
  return names.join(', ');
}

function replicaSetView(rs: ReplicaSetInfo): ReplicaSetView {
  const tags = [rs.stable && 'stable', rs.canary && 'canary', rs.active && 'active', rs.preview && 'preview', rs.ping && 'ping', rs.pong && 'pong', rs.template && `Σ:${rs.template}`].filter(
    (t): t is string => typeof t === 'string' && t !== '',
  );
  return {
    name: rs.name,
    status: rs.status,
    icon: rs.icon,
    tags,
    images: rs.images,
    replicas: rs.replicas,
    available: rs.available,
    scaleDown: rs.scaleDownDelay ? `delay: ${rs.scaleDownDelay}` : '',
    age: rs.age,
    pods: rs.pods.map((p) => ({ name: p.name, status: p.status, icon: p.icon, ready: p.ready, restarts: p.restarts, age: p.age })),
  };
}

/** What the current step is doing, in the words the panel and the manifest decoration use. */
export function currentStepNote(rollout: unknown, step: JsonObject, now: Date, runPhase: string): string {
  const st = rolloutStatus(rollout);
  if (asBool(st.abort)) return 'aborted';
  const { phase, message } = rolloutPhase(rollout);
  if (phase === 'Degraded') return `degraded: ${message.split(':')[0]}`;
  const reasons = pauseConditions(rollout).map((c) => asString(c.reason));
  if (reasons.includes('InconclusiveAnalysisRun')) return 'analysis inconclusive: promote or abort';
  if (asBool(rolloutSpec(rollout).paused) && !reasons.includes('CanaryPauseStep')) return 'paused manually';
  const kind = stepKind(step);
  if (kind === 'pause') {
    if (!reasons.includes('CanaryPauseStep') && !asBool(st.controllerPause)) return 'pausing';
    const left = timedPauseRemainingMs(rollout, now);
    if (left !== undefined) return left > 0 ? `resumes in ${humanDuration(left)}` : 'resuming';
    const since = parseTime(pauseConditions(rollout).find((c) => asString(c.reason) === 'CanaryPauseStep')?.startTime);
    return since ? `waiting for promotion · ${ageOf(since, now)}` : 'waiting for promotion';
  }
  if (kind === 'analysis') return runPhase ? `analysis ${runPhase === 'Running' || runPhase === 'Pending' ? 'running' : runPhase.toLowerCase()}` : 'analysis starting';
  if (kind === 'experiment') return runPhase ? `experiment ${runPhase === 'Running' || runPhase === 'Pending' ? 'running' : runPhase.toLowerCase()}` : 'experiment starting';
  if (kind === 'setWeight') return 'shifting traffic';
  return 'in progress';
}

export function rolloutDetails(input: RolloutDetailsInput): RolloutDetails {
  const { rollout, related, now } = input;
  const info = interpretRollout(rollout, related, now);
  const summary = summarizeRollout(rollout, now, related);
  const m = metadataOf(rollout);
  const st = rolloutStatus(rollout);
  const revision = Number(m.annotations['rollout.argoproj.io/revision'] ?? 0) || 0;

  const experimentNames = new Set(info.experiments.map((e) => e.name)); // an experiment's runs carry its name as type
  const runs = info.analysisRuns.map((r) => related.analysisRuns?.find((o) => metadataOf(o).uid === r.uid)).filter((o) => o !== undefined);
  const runViews = runs.map((o) => analysisRunView(o, now));
  const experiments: ExperimentView[] = [];
  for (const e of info.experiments) {
    const raw = (related.experiments ?? []).find((o) => metadataOf(o).uid === e.uid);
    const full = raw ? experimentInfo(raw, related, now) : e;
    for (const r of full.analysisRuns) {
      const o = (related.analysisRuns ?? []).find((x) => metadataOf(x).uid === r.uid);
      if (o) runViews.push(analysisRunView(o, now, e.name));
    }
    experiments.push({
      name: e.name,
      status: e.status,
      icon: e.icon,
      message: e.message,
      revision: e.revision,
      age: e.age,
      running: !['Successful', 'Failed', 'Error', 'Inconclusive'].includes(e.status) && at(raw, 'spec', 'terminate') !== true,
      replicaSets: full.replicaSets.map(replicaSetView),
      analysisRuns: full.analysisRuns.map((r) => r.name),
    });
  }

  // Steps, with the runs each one started (in the current revision).
  const steps: StepView[] = [];
  const specSteps = canarySteps(rollout);
  const index = info.stepIndex;
  const currentRun = asString(at(st, 'canary', 'currentStepAnalysisRunStatus', 'name'));
  const currentExp = asString(at(st, 'canary', 'currentExperiment'));
  specSteps.forEach((s, i) => {
    const state = index === undefined ? 'pending' : i < index ? 'done' : i === index ? 'current' : 'pending';
    const stepRuns = runViews.filter((r) => r.type === 'Step' && r.revision === revision && (r.stepIndex === i || (state === 'current' && r.name === currentRun))).map((r) => r.name);
    const stepExps = stepKind(s) === 'experiment' ? info.experiments.filter((e) => e.revision === revision && (e.name.endsWith(`-${i}`) || (state === 'current' && e.name === currentExp))).map((e) => e.name) : [];
    const runPhase = stepKind(s) === 'analysis' ? (runViews.find((r) => r.name === stepRuns[stepRuns.length - 1])?.phase ?? '') : (info.experiments.find((e) => e.name === stepExps[stepExps.length - 1])?.status ?? '');
    const view: StepView = {
      index: i,
      text: canaryStepText(s),
      kind: stepKind(s),
      state,
      note: state === 'current' ? currentStepNote(rollout, s, now, runPhase) : '',
      analysisRuns: [...new Set(stepRuns)],
      experiments: [...new Set(stepExps)],
    };
    if (state === 'current' && view.note.startsWith('resumes in')) view.resumesAt = now.getTime() + (timedPauseRemainingMs(rollout, now) ?? 0);
    steps.push(view);
  });

  // Revisions: newest first, each with what belongs to it.
  const revisions: RevisionView[] = info.revisions.map((rev) => ({
    revision: rev,
    current: rev === revision,
    replicaSets: info.replicaSets.filter((r) => r.revision === rev).map(replicaSetView),
    analysisRuns: runViews.filter((r) => r.revision === rev && !experimentNames.has(r.type)).map((r) => r.name),
    experiments: info.experiments.filter((e) => e.revision === rev).map((e) => e.name),
  }));

  const involved: InvolvedObject[] = [
    { kind: 'Rollout', name: m.name, uid: m.uid },
    ...info.replicaSets.map((r) => ({ kind: 'ReplicaSet', name: r.name, uid: r.uid })),
    ...runs.map((o) => ({ kind: 'AnalysisRun', name: metadataOf(o).name, uid: metadataOf(o).uid })),
    ...runViews.filter((r) => !runs.some((o) => metadataOf(o).name === r.name)).map((r) => ({ kind: 'AnalysisRun', name: r.name })),
    ...info.experiments.map((e) => ({ kind: 'Experiment', name: e.name, uid: e.uid })),
  ];
  const bg = blueGreenStrategy(rollout);
  return {
    kind: 'Rollout',
    context: input.context,
    namespace: info.namespace,
    name: info.name,
    age: info.age,
    status: info.status || 'Unknown',
    icon: info.icon,
    message: info.message,
    attention: summary.attention?.message ?? '',
    strategy: info.strategy,
    step: info.step,
    setWeight: info.setWeight,
    actualWeight: info.actualWeight,
    images: info.images.map((i) => ({ image: i.image, tags: i.tags })),
    replicas: { desired: info.desired, current: info.current, updated: info.updated, ready: info.ready, available: info.available },
    revision,
    trafficRouter: trafficRouterOf(rollout),
    services: { active: asString(bg?.activeService), preview: asString(bg?.previewService) },
    steps,
    revisions,
    analysisRuns: runViews,
    experiments,
    conditions: conditionViews(asArray(st.conditions), now),
    events: eventsFor(input.events, involved, now),
    actions: [...actionButtons(summary, input.commandOf), ...askingButtons(input.commandOf)],
    itemCommands: { undo: input.commandOf('undo')?.command ?? '', terminate: input.commandOf('terminate')?.command ?? '' },
  };
}
