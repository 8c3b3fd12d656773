/**
 * The model behind `kubectl argo rollouts get rollout`: a Rollout with its ReplicaSets (and their Pods),
 * Experiments and AnalysisRuns, grouped by revision.
 *
 * Mirrors argoproj/argo-rollouts `pkg/kubectl-argo-rollouts/info/` (`rollout_info.go`, `replicaset_info.go`,
 * `pod_info.go`, `analysisrun_info.go`, `experiment_info.go`, `info.go`). Children are matched to their parent by
 * owner-reference UID, exactly as upstream does, so callers may pass every object of the namespace.
 */
import { rolloutPhase, currentCanaryStep, currentSetWeight, canaryStrategy, blueGreenStrategy, canarySteps, desiredReplicas, rolloutStatus } from './argoPhase';
import { analysisIcon, ICON, replicaSetIcon, rolloutIcon } from './argoIcons';
import { podInfo, PodInfo } from './argoPod';
import { ageOf, humanDuration } from '../util/goDuration';
import { asArray, asInt, asObject, asString, at, JsonObject, metadataOf, parseTime } from '../util/json';

export interface ObjectRef {
  name: string;
  namespace: string;
  uid: string;
  created: Date | undefined;
  /** `kubectl`'s AGE at the `now` given to the interpreter. */
  age: string;
}

export interface ReplicaSetInfo extends ObjectRef {
  status: string;
  icon: string;
  revision: number;
  replicas: number;
  available: number;
  images: string[];
  /** Experiment template that created it (`experiment.argoproj.io/template-name`). */
  template: string;
  /** RFC 3339 `scale-down-deadline` (upstream's un-prefixed DefaultReplicaSetScaleDownDeadlineAnnotationKey), '' when none. */
  scaleDownDeadline: string;
  /** What the INFO column shows after `delay:` ('passed', '3h59m', or '' without a parseable deadline). */
  scaleDownDelay: string;
  stable: boolean;
  canary: boolean;
  active: boolean;
  preview: boolean;
  ping: boolean;
  pong: boolean;
  pods: PodInfo[];
}

export interface JobInfo {
  name: string;
  status: string;
  icon: string;
  metricName: string;
  created: Date | undefined;
  age: string;
}

export interface AnalysisRunInfo extends ObjectRef {
  status: string;
  icon: string;
  revision: number;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  message: string;
  jobs: JobInfo[];
  /** Per metric: its phase, counts and last measured value (for tooltips; upstream's dashboard shows these). */
  metrics: MetricResultInfo[];
}

export interface MetricResultInfo {
  name: string;
  phase: string;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  lastValue: string;
  message: string;
}

export interface ExperimentInfo extends ObjectRef {
  status: string;
  icon: string;
  message: string;
  revision: number;
  replicaSets: ReplicaSetInfo[];
  analysisRuns: AnalysisRunInfo[];
}

export interface ImageInfo {
  image: string;
  tags: string[];
}

export interface RolloutInfo extends ObjectRef {
  status: string;
  message: string;
  icon: string;
  strategy: 'Canary' | 'BlueGreen' | '';
  /** "i/n" for a canary with steps; '' otherwise. */
  step: string;
  stepIndex: number | undefined;
  stepCount: number;
  setWeight: string;
  actualWeight: string;
  desired: number;
  current: number;
  updated: number;
  ready: number;
  available: number;
  replicaSets: ReplicaSetInfo[];
  experiments: ExperimentInfo[];
  analysisRuns: AnalysisRunInfo[];
  images: ImageInfo[];
  revisions: number[];
}

export interface RelatedObjects {
  replicaSets?: unknown[];
  pods?: unknown[];
  analysisRuns?: unknown[];
  experiments?: unknown[];
}

function ref(o: unknown, now: Date): ObjectRef {
  const m = metadataOf(o);
  const created = parseTime(m.creationTimestamp);
  return { name: m.name, namespace: m.namespace, uid: m.uid, created, age: ageOf(created, now) };
}

/** `info.ScaleDownDelay`: 'passed' once the deadline is behind us, else the time left. */
function scaleDownDelay(deadline: string, now: Date): string {
  const t = /^\d{4}-\d\d-\d\dT/.test(deadline) ? parseTime(deadline) : undefined;
  if (!t) return '';
  return t.getTime() < now.getTime() ? 'passed' : humanDuration(t.getTime() - now.getTime());
}

function parseRevision(annotations: Record<string, string>): number {
  const r = annotations['rollout.argoproj.io/revision'];
  return r !== undefined && /^-?\d+$/.test(r) ? Number(r) : 0;
}

function createdMs(o: { created: Date | undefined }): number {
  return o.created ? o.created.getTime() : Number.NEGATIVE_INFINITY;
}

/** `getReplicaSetHealth`: ReplicaFailure, Progressing, ScaledDown or Healthy. */
function replicaSetHealth(rs: JsonObject): string {
  const spec = asObject(rs.spec);
  const st = asObject(rs.status);
  const specReplicas = spec.replicas === undefined || spec.replicas === null ? undefined : asInt(spec.replicas);
  if (metadataOf(rs).generation <= asInt(st.observedGeneration)) {
    const failure = asArray(st.conditions)
      .map(asObject)
      .find((c) => asString(c.type) === 'ReplicaFailure');
    if (failure && asString(failure.status) === 'True') return 'ReplicaFailure';
    if (specReplicas !== undefined && asInt(st.availableReplicas) < specReplicas) return 'Progressing';
  } else {
    return 'Progressing';
  }
  if (specReplicas === 0) return 'ScaledDown';
  return 'Healthy';
}

/** ReplicaSets owned by `ownerUid`, newest revision first, with their pods. Mirrors `GetReplicaSetInfo`. */
export function replicaSetInfos(ownerUid: string, ro: unknown, allReplicaSets: unknown[], allPods: unknown[], now: Date): ReplicaSetInfo[] {
  const infos: ReplicaSetInfo[] = [];
  const st = ro ? rolloutStatus(ro) : {};
  const canary = ro ? canaryStrategy(ro) : undefined;
  const bg = ro ? blueGreenStrategy(ro) : undefined;
  const pingPong = canary !== undefined && canary.pingPong !== undefined && canary.pingPong !== null;
  const stableIsPing = asString(at(st, 'canary', 'stablePingPong')) === 'ping';
  for (const raw of allReplicaSets) {
    const rs = asObject(raw);
    const m = metadataOf(rs);
    if (ownerUid === '' || !m.ownerUids.includes(ownerUid)) continue;
    const status = replicaSetHealth(rs);
    const deadline = m.annotations['scale-down-deadline'] ?? '';
    const r = ref(rs, now);
    // Explicit fields, not a spread: object spread is a slow path in V8 and this runs per object per event.
    const info: ReplicaSetInfo = {
      name: r.name,
      namespace: r.namespace,
      uid: r.uid,
      created: r.created,
      age: r.age,
      status,
      icon: replicaSetIcon(status),
      revision: parseRevision(m.annotations),
      replicas: asInt(at(rs, 'status', 'replicas')),
      available: asInt(at(rs, 'status', 'availableReplicas')),
      images: asArray(at(rs, 'spec', 'template', 'spec', 'containers')).map((c) => asString(asObject(c).image)),
      template: m.annotations['experiment.argoproj.io/template-name'] ?? '',
      scaleDownDeadline: deadline,
      scaleDownDelay: scaleDownDelay(deadline, now),
      stable: false,
      canary: false,
      active: false,
      preview: false,
      ping: false,
      pong: false,
      pods: [],
    };
    if (ro) {
      const hash = m.labels['rollouts-pod-template-hash'] ?? '';
      if (canary) {
        if (asString(st.stableRS) === hash) {
          info.stable = true;
          if (pingPong) [info.ping, info.pong] = [stableIsPing, !stableIsPing];
        } else if (asString(st.currentPodHash) === hash) {
          info.canary = true;
          if (pingPong) [info.ping, info.pong] = [!stableIsPing, stableIsPing];
        }
      }
      if (bg) {
        if (asString(st.stableRS) === hash) info.stable = true;
        if (asString(at(st, 'blueGreen', 'activeSelector')) === hash) info.active = true;
        else if (asString(at(st, 'blueGreen', 'previewSelector')) === hash) info.preview = true;
      }
    }
    infos.push(info);
  }
  // Upstream's comparator never uses its creation-time comparison (a missing `return`), so ties on revision
  // fall through to the name.
  infos.sort((a, b) => (a.revision !== b.revision ? b.revision - a.revision : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byUid = new Map(infos.map((i) => [i.uid, i]));
  for (const raw of allPods) {
    const owner = metadataOf(raw).ownerUids.find((u) => byUid.has(u));
    if (owner !== undefined) byUid.get(owner)!.pods.push(podInfo(asObject(raw), now));
  }
  for (const i of infos) {
    i.pods.sort((a, b) => (createdMs(a) !== createdMs(b) ? createdMs(a) - createdMs(b) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return infos;
}

/** AnalysisRuns owned by `ownerUid`. Mirrors `getAnalysisRunInfo` (its tie-break is by name, descending). */
export function analysisRunInfos(ownerUid: string, allRuns: unknown[], now: Date): AnalysisRunInfo[] {
  const infos: AnalysisRunInfo[] = [];
  for (const raw of allRuns) {
    const run = asObject(raw);
    const m = metadataOf(run);
    if (ownerUid === '' || !m.ownerUids.includes(ownerUid)) continue;
    const st = asObject(run.status);
    const status = asString(st.phase);
    const r = ref(run, now);
    const info: AnalysisRunInfo = {
      name: r.name,
      namespace: r.namespace,
      uid: r.uid,
      created: r.created,
      age: r.age,
      status,
      icon: analysisIcon(status),
      revision: parseRevision(m.annotations),
      successful: 0,
      failed: 0,
      inconclusive: 0,
      error: 0,
      message: asString(st.message),
      jobs: [],
      metrics: [],
    };
    const results = asArray(st.metricResults).map(asObject);
    for (const mr of results) {
      info.successful += asInt(mr.successful);
      info.failed += asInt(mr.failed);
      info.inconclusive += asInt(mr.inconclusive);
      info.error += asInt(mr.error);
      const measurements = asArray(mr.measurements).map(asObject);
      const last = measurements[measurements.length - 1];
      info.metrics.push({
        name: asString(mr.name),
        phase: asString(mr.phase),
        successful: asInt(mr.successful),
        failed: asInt(mr.failed),
        inconclusive: asInt(mr.inconclusive),
        error: asInt(mr.error),
        lastValue: asString(last?.value),
        message: asString(mr.message) || asString(last?.message),
      });
      // analysisutil.ArrayMeasurement reads the first result with this metric's name.
      const first = results.find((r) => asString(r.name) === asString(mr.name)) ?? mr;
      for (const meas of asArray(first.measurements).map(asObject)) {
        const jobName = asObject(meas.metadata)['job-name'];
        if (typeof jobName === 'string') {
          const phase = asString(meas.phase);
          const started = parseTime(meas.startedAt);
          info.jobs.push({ name: jobName, status: phase, icon: analysisIcon(phase), metricName: asString(mr.name), created: started, age: ageOf(started, now) });
        }
      }
    }
    infos.push(info);
  }
  infos.sort((a, b) => {
    if (a.revision !== b.revision) return b.revision - a.revision;
    if (createdMs(a) !== createdMs(b)) return createdMs(a) - createdMs(b);
    return a.name > b.name ? -1 : a.name < b.name ? 1 : 0;
  });
  return infos;
}

/** One Experiment with its ReplicaSets and AnalysisRuns. Mirrors `NewExperimentInfo`. */
export function experimentInfo(exp: unknown, related: RelatedObjects, now: Date): ExperimentInfo {
  const m = metadataOf(exp);
  const st = asObject(asObject(exp).status);
  const status = asString(st.phase);
  const r = ref(exp, now);
  return {
    name: r.name,
    namespace: r.namespace,
    uid: r.uid,
    created: r.created,
    age: r.age,
    status,
    icon: analysisIcon(status),
    message: asString(st.message),
    revision: parseRevision(m.annotations),
    replicaSets: replicaSetInfos(m.uid, undefined, related.replicaSets ?? [], related.pods ?? [], now),
    analysisRuns: analysisRunInfos(m.uid, related.analysisRuns ?? [], now),
  };
}

function experimentInfos(roUid: string, related: RelatedObjects, now: Date): ExperimentInfo[] {
  const infos = (related.experiments ?? []).filter((e) => roUid !== '' && metadataOf(e).ownerUids.includes(roUid)).map((e) => experimentInfo(e, related, now));
  return infos.sort((a, b) => (a.revision !== b.revision ? b.revision - a.revision : createdMs(a) - createdMs(b)));
}

function mergeImage(images: ImageInfo[], image: ImageInfo): void {
  const existing = images.find((i) => i.image === image.image);
  if (existing) existing.tags = [...new Set([...existing.tags, ...image.tags])].sort();
  // A first sighting keeps its tags in the order given (stable before active); only merged tags get sorted.
  else images.push({ image: image.image, tags: [...image.tags] });
  images.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
}

/** Images of an experiment's running ReplicaSets, tagged `Σ:<template>`. Mirrors `ExperimentImages`. */
export function experimentImages(exp: ExperimentInfo): ImageInfo[] {
  const images: ImageInfo[] = [];
  for (const rs of exp.replicaSets) {
    if (rs.replicas <= 0) continue;
    for (const image of rs.images) mergeImage(images, { image, tags: rs.template !== '' ? [`${ICON.experiment}:${rs.template}`] : [] });
  }
  return images;
}

function rolloutImages(replicaSets: ReplicaSetInfo[], experiments: ExperimentInfo[]): ImageInfo[] {
  const images: ImageInfo[] = [];
  for (const rs of replicaSets) {
    if (rs.replicas <= 0) continue;
    const tags = [rs.canary && 'canary', rs.stable && 'stable', rs.active && 'active', rs.preview && 'preview', rs.ping && 'ping', rs.pong && 'pong'].filter((t): t is string => typeof t === 'string');
    for (const image of rs.images) mergeImage(images, { image, tags });
  }
  for (const exp of experiments) for (const img of experimentImages(exp)) mergeImage(images, img);
  return images;
}

/**
 * Interprets a Rollout with the objects around it. `related` may hold every ReplicaSet, Pod, AnalysisRun and
 * Experiment of the namespace: only those owned (by UID) by the rollout or its experiments are used.
 * `now` fixes the ages and the scale-down delay, so one call gives a complete, reproducible view.
 */
export function interpretRollout(rollout: unknown, related: RelatedObjects = {}, now: Date = new Date()): RolloutInfo {
  const ro = asObject(rollout);
  const m = metadataOf(ro);
  const st = rolloutStatus(ro);
  const replicaSets = replicaSetInfos(m.uid, ro, related.replicaSets ?? [], related.pods ?? [], now);
  const experiments = experimentInfos(m.uid, related, now);
  const analysisRuns = analysisRunInfos(m.uid, related.analysisRuns ?? [], now);
  const canary = canaryStrategy(ro);
  const steps = canarySteps(ro);
  let strategy: RolloutInfo['strategy'] = '';
  let step = '';
  let stepIndex: number | undefined;
  let setWeight = '';
  let actualWeight = '';
  if (canary) {
    strategy = 'Canary';
    if (st.currentStepIndex !== undefined && st.currentStepIndex !== null && steps.length > 0) {
      stepIndex = asInt(st.currentStepIndex);
      step = `${stepIndex}/${steps.length}`;
    }
    setWeight = String(currentSetWeight(ro));
    actualWeight = '0';
    const available = asInt(st.availableReplicas);
    if (!currentCanaryStep(ro).step) actualWeight = '100';
    else if (available > 0) {
      if (canary.trafficRouting === undefined || canary.trafficRouting === null) {
        for (const rs of replicaSets) if (rs.canary) actualWeight = String(Math.trunc((rs.available * 100) / available));
      } else {
        const w = at(st, 'canary', 'weights', 'canary', 'weight');
        actualWeight = at(st, 'canary', 'weights') !== undefined ? String(asInt(w)) : setWeight;
      }
    }
  } else if (blueGreenStrategy(ro)) {
    strategy = 'BlueGreen';
  }
  const { phase, message } = rolloutPhase(ro);
  const revisions = [...new Set([...replicaSets, ...experiments, ...analysisRuns].map((x) => x.revision))].sort((a, b) => b - a);
  const r = ref(ro, now);
  return {
    name: r.name,
    namespace: r.namespace,
    uid: r.uid,
    created: r.created,
    age: r.age,
    status: phase,
    message,
    icon: rolloutIcon(phase),
    strategy,
    step,
    stepIndex,
    stepCount: steps.length,
    setWeight,
    actualWeight,
    desired: desiredReplicas(ro),
    current: asInt(st.replicas),
    updated: asInt(st.updatedReplicas),
    ready: asInt(st.readyReplicas),
    available: asInt(st.availableReplicas),
    replicaSets,
    experiments,
    analysisRuns,
    images: rolloutImages(replicaSets, experiments),
    revisions,
  };
}
