/**
 * The children of a Rollout or Canary in the tree, as plain specs (the editor turns them into tree
 * items). For Argo Rollouts it is `kubectl argo rollouts get`'s tree, grouped by revision:
 * revision → ReplicaSet → Pods, AnalysisRuns (with their jobs) and Experiments, using the pure
 * interpretation in core/status/argoInfo.ts. For Flagger: the primary and canary workloads, the
 * analysis status (weight, iterations, failed checks), webhooks (gates) and metrics from the spec.
 * Ids are built from names and revisions, never positions, so expansion survives updates.
 */
import { interpretRollout, type AnalysisRunInfo, type ExperimentInfo, type ReplicaSetInfo } from '../status/argoInfo';
import { asArray, asInt, asObject, asString, metadataOf, valueText, type JsonObject } from '../util/json';

export interface DetailSpec {
  /** Unique among siblings; joined with the parent's id. */
  idParts: (string | number)[];
  label: string;
  description?: string;
  /** Phase word for the status icon (Healthy, Running, Failed…). */
  phase?: string;
  /** Codicon name when there is no phase. */
  icon?: string;
  tooltip?: string;
  expanded?: boolean;
  children?: DetailSpec[];
  /** An AnalysisRun or Experiment row: what `terminate` acts on, offered while it runs. */
  run?: RunRef;
}

export interface RunRef {
  kind: 'AnalysisRun' | 'Experiment';
  name: string;
  running: boolean;
}

/** Phases after which a run or experiment no longer runs (upstream's `IsCompleted`). */
const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);
const runRef = (kind: RunRef['kind'], name: string, status: string): RunRef => ({ kind, name, running: !COMPLETED.has(status) });

export interface RelatedLists {
  replicaSets: unknown[];
  pods: unknown[];
  analysisRuns: unknown[];
  experiments: unknown[];
  deployments: unknown[];
}

export function rolloutDetail(rollout: unknown, related: RelatedLists, now: Date = new Date()): DetailSpec[] {
  const info = interpretRollout(rollout, related, now);
  const revisions = [...new Set([...info.revisions, ...info.replicaSets.map((r) => r.revision)])].sort((a, b) => b - a);
  const out: DetailSpec[] = [];
  for (const rev of revisions) {
    const rss = info.replicaSets.filter((r) => r.revision === rev);
    const runs = info.analysisRuns.filter((a) => a.revision === rev);
    const exps = info.experiments.filter((e) => e.revision === rev);
    const tags = [...new Set(rss.flatMap(rsTags))];
    out.push({
      idParts: ['rev', rev],
      label: `revision ${rev}`,
      description: tags.join(', ') || undefined,
      icon: 'git-commit',
      expanded: tags.length > 0,
      children: [...rss.map(replicaSetSpec), ...exps.map(experimentSpec), ...runs.map(analysisRunSpec)],
    });
  }
  if (out.length === 0) out.push({ idParts: ['none'], label: 'No ReplicaSets yet', icon: 'info' });
  return out;
}

function rsTags(rs: ReplicaSetInfo): string[] {
  return [rs.stable && 'stable', rs.canary && 'canary', rs.active && 'active', rs.preview && 'preview', rs.ping && 'ping', rs.pong && 'pong'].filter((t): t is string => typeof t === 'string');
}

function replicaSetSpec(rs: ReplicaSetInfo): DetailSpec {
  const tags = rsTags(rs);
  return {
    idParts: ['rs', rs.name],
    label: rs.name,
    description: [rs.status, tags.join(', '), `${rs.available}/${rs.replicas} available`, rs.scaleDownDelay && `delay: ${rs.scaleDownDelay}`].filter(Boolean).join(' · '),
    phase: rs.status,
    tooltip: `ReplicaSet ${rs.name}\n${rs.images.join('\n')}`,
    expanded: tags.length > 0 && rs.pods.length <= 10,
    children: rs.pods.map((p) => ({
      idParts: ['pod', p.name],
      label: p.name,
      description: `${p.status} · ready ${p.ready}${p.restarts ? ` · ${p.restarts} restarts` : ''} · ${p.age}`,
      phase: podPhase(p.status),
      tooltip: `Pod ${p.name}`,
    })),
  };
}

function podPhase(status: string): string {
  if (status === 'Running' || status === 'Completed') return 'Running';
  if (/Pending|ContainerCreating|PodInitializing|Init:/.test(status)) return 'Pending';
  if (status === 'Terminating') return 'ScaledDown';
  return 'Error';
}

function analysisRunSpec(run: AnalysisRunInfo): DetailSpec {
  const counts = [run.successful && `✔ ${run.successful}`, run.failed && `✖ ${run.failed}`, run.inconclusive && `? ${run.inconclusive}`, run.error && `⚠ ${run.error}`].filter(Boolean).join(' ');
  return {
    idParts: ['ar', run.name],
    label: run.name,
    description: ['AnalysisRun', run.status, counts].filter(Boolean).join(' · '),
    phase: run.status || 'Pending',
    tooltip: [`AnalysisRun ${run.name}: ${run.status}`, run.message].filter(Boolean).join('\n'),
    run: runRef('AnalysisRun', run.name, run.status),
    children: run.jobs.map((j) => ({ idParts: ['job', j.name], label: j.name, description: `Job · ${j.metricName} · ${j.status}`, phase: j.status })),
  };
}

function experimentSpec(exp: ExperimentInfo): DetailSpec {
  return {
    idParts: ['exp', exp.name],
    label: exp.name,
    description: ['Experiment', exp.status].filter(Boolean).join(' · '),
    phase: exp.status || 'Pending',
    tooltip: [`Experiment ${exp.name}: ${exp.status}`, exp.message].filter(Boolean).join('\n'),
    run: runRef('Experiment', exp.name, exp.status),
    children: [...exp.replicaSets.map(replicaSetSpec), ...exp.analysisRuns.map(analysisRunSpec)],
  };
}

/** `gateStates`: by webhook name, the state read from the loadtester (open, closed, unknown, checking…). */
export function canaryDetail(canary: unknown, related: RelatedLists, gateStates: Record<string, string> = {}): DetailSpec[] {
  const c = asObject(canary);
  const spec = asObject(c.spec);
  const status = asObject(c.status);
  const target = asObject(spec.targetRef);
  const ns = metadataOf(c).namespace;
  const out: DetailSpec[] = [];
  const targetName = asString(target.name);
  const deployments = related.deployments.map(asObject).filter((d) => metadataOf(d).namespace === ns);
  for (const [role, name] of [
    ['primary', `${targetName}-primary`],
    ['canary', targetName],
  ] as const) {
    if (!targetName) break;
    const d = deployments.find((x) => metadataOf(x).name === name);
    const ready = asInt(asObject(d?.status).readyReplicas);
    const desired = asInt(asObject(d?.spec).replicas);
    out.push({
      idParts: ['wl', role],
      label: name,
      description: d ? `${role} · ${asString(target.kind) || 'Deployment'} · ${ready}/${desired} ready` : `${role} · not found`,
      phase: !d ? 'Pending' : ready >= desired ? (desired === 0 ? 'ScaledDown' : 'Healthy') : 'Progressing',
    });
  }
  const analysis = asObject(spec.analysis);
  const checks = [
    `phase ${asString(status.phase) || 'unknown'}`,
    typeof status.canaryWeight === 'number' ? `weight ${status.canaryWeight}%` : '',
    typeof status.iterations === 'number' && status.iterations > 0 ? `iteration ${status.iterations}${analysis.iterations ? `/${valueText(analysis.iterations)}` : ''}` : '',
    `failed checks ${valueText(status.failedChecks ?? 0)}${analysis.threshold ? `/${valueText(analysis.threshold)}` : ''}`,
  ].filter(Boolean);
  const promoted = asArray(status.conditions)
    .map(asObject)
    .find((x) => x.type === 'Promoted');
  out.push({
    idParts: ['analysis'],
    label: 'analysis',
    description: checks.join(' · '),
    icon: 'graph-line',
    tooltip: [promoted?.message, status.lastTransitionTime && `last transition ${valueText(status.lastTransitionTime)}`].filter(Boolean).join('\n') || undefined,
  });
  countedGroup(out, 'webhooks', 'plug', asArray(analysis.webhooks).map(asObject), (h, i) => {
    const state = typeof h.name === 'string' ? gateStates[h.name] : undefined;
    return {
      idParts: ['hook', typeof h.name === 'string' ? h.name : i],
      label: valueText(h.name ?? `webhook ${i + 1}`),
      description: [h.type ?? 'rollout', isGate(h.type) ? `gate${state ? ` ${state}` : ''}` : '', h.url].filter(Boolean).join(' · '),
      icon: !isGate(h.type) ? 'plug' : state === 'open' ? 'unlock' : state === 'closed' ? 'lock' : 'debug-pause',
    };
  });
  countedGroup(out, 'metrics', 'pulse', asArray(analysis.metrics).map(asObject), (m, i) => {
    const r = asObject(m.thresholdRange);
    const range = [r.min !== undefined && `min ${valueText(r.min)}`, r.max !== undefined && `max ${valueText(r.max)}`].filter(Boolean).join(', ');
    return { idParts: ['metric', typeof m.name === 'string' ? m.name : i], label: valueText(m.name ?? `metric ${i + 1}`), description: [range, m.interval && `every ${valueText(m.interval)}`].filter(Boolean).join(' · '), icon: 'pulse' };
  });
  return out;
}

/** A row named `id` with its items' count and one child per item; no row when there are none. */
function countedGroup(out: DetailSpec[], id: string, icon: string, items: JsonObject[], child: (item: JsonObject, i: number) => DetailSpec): void {
  if (items.length) out.push({ idParts: [id], label: id, description: `${items.length}`, icon, children: items.map(child) });
}

function isGate(type: unknown): boolean {
  return type === 'confirm-rollout' || type === 'confirm-promotion' || type === 'confirm-traffic-increase' || type === 'rollback';
}
