/**
 * Text exactly as `kubectl argo rollouts get rollout NAME --no-color` (and `get experiment`) print it.
 * Mirrors argoproj/argo-rollouts `pkg/kubectl-argo-rollouts/cmd/get/get_rollout.go` and `get_experiment.go`:
 * a `%-17s%v` header block, then the NAME/KIND/STATUS/AGE/INFO tree aligned by Go's tabwriter.
 * Like upstream, AGE cells are padded even when INFO is empty, so lines may end in spaces.
 */
import { AnalysisRunInfo, ExperimentInfo, experimentImages, ImageInfo, ReplicaSetInfo, RolloutInfo } from './argoInfo';
import { ICON } from './argoIcons';
import { alignTabs } from './tabWriter';

function field(label: string, value: string | number): string {
  return `${label.padEnd(17)}${value}\n`;
}

function formatImage(img: ImageInfo): string {
  return img.tags.length > 0 ? `${img.image} (${img.tags.join(', ')})` : img.image;
}

function images(out: string[], imgs: ImageInfo[]): void {
  imgs.forEach((img, i) => out.push(field(i === 0 ? 'Images:' : '', formatImage(img))));
}

/** Tree prefixes: the branch for this child, and the indentation its own children continue with. */
function prefixes(isLast: boolean, sub: string): [string, string] {
  return isLast ? [`${sub}└──`, `${sub}   `] : [`${sub}├──`, `${sub}│  `];
}

function row(prefix: string, icon: string, name: string, kind: string, statusIcon: string, status: string, age: string, info: string): string {
  return `${prefix}${icon} ${name}\t${kind}\t${statusIcon} ${status}\t${age}\t${info}\n`;
}

const HEADER = 'NAME\tKIND\tSTATUS\tAGE\tINFO\n';

function replicaSetRows(rs: ReplicaSetInfo, prefix: string, sub: string): string {
  const info: string[] = [];
  if (rs.stable) info.push('stable');
  if (rs.canary) info.push('canary');
  else if (rs.active) info.push('active');
  else if (rs.preview) info.push('preview');
  if (rs.ping) info.push('ping');
  if (rs.pong) info.push('pong');
  if (rs.scaleDownDeadline !== '') info.push(`delay:${rs.scaleDownDelay}`);
  let s = row(prefix, ICON.replicaSet, rs.name, 'ReplicaSet', rs.icon, rs.status, rs.age, info.join(','));
  rs.pods.forEach((pod, i) => {
    const [podPrefix] = prefixes(i === rs.pods.length - 1, sub);
    const podInfo = [`ready:${pod.ready}`];
    if (pod.restarts > 0) podInfo.push(`restarts:${pod.restarts}`);
    s += row(podPrefix, ICON.pod, pod.name, 'Pod', pod.icon, pod.status, pod.age, podInfo.join(','));
  });
  return s;
}

function analysisRunRows(ar: AnalysisRunInfo, prefix: string, sub: string): string {
  const info: string[] = [];
  if (ar.successful > 0) info.push(`${ICON.ok} ${ar.successful}`);
  if (ar.failed > 0) info.push(`${ICON.bad} ${ar.failed}`);
  if (ar.inconclusive > 0) info.push(`${ICON.unknown} ${ar.inconclusive}`);
  if (ar.error > 0) info.push(`${ICON.warning} ${ar.error}`);
  let s = row(prefix, ICON.analysis, ar.name, 'AnalysisRun', ar.icon, ar.status, ar.age, info.join(','));
  ar.jobs.forEach((job, i) => {
    const [jobPrefix] = prefixes(i === ar.jobs.length - 1, sub);
    s += row(jobPrefix, ICON.job, job.name, 'Job', job.icon, job.status, job.age, '');
  });
  return s;
}

function experimentRows(exp: ExperimentInfo, prefix: string, sub: string): string {
  let s = row(prefix, ICON.experiment, exp.name, 'Experiment', exp.icon, exp.status, exp.age, '');
  const total = exp.replicaSets.length + exp.analysisRuns.length;
  let curr = 0;
  for (const rs of exp.replicaSets) s += replicaSetRows(rs, ...prefixes(curr++ === total - 1, sub));
  for (const ar of exp.analysisRuns) s += analysisRunRows(ar, ...prefixes(curr++ === total - 1, sub));
  return s;
}

/** The NAME/KIND/STATUS/AGE/INFO tree of a rollout. */
export function renderRolloutTree(info: RolloutInfo): string {
  let t = HEADER + row('', ICON.rollout, info.name, 'Rollout', info.icon, info.status, info.age, '');
  info.revisions.forEach((rev, i) => {
    const [prefix, sub] = prefixes(i === info.revisions.length - 1, '');
    t += `${prefix}${ICON.revision} revision:${rev}\t\t \t\t\n`;
    const rss = info.replicaSets.filter((r) => r.revision === rev);
    const exps = info.experiments.filter((e) => e.revision === rev);
    const ars = info.analysisRuns.filter((a) => a.revision === rev);
    const total = rss.length + exps.length + ars.length;
    let curr = 0;
    for (const rs of rss) t += replicaSetRows(rs, ...prefixes(curr++ === total - 1, sub));
    for (const exp of exps) t += experimentRows(exp, ...prefixes(curr++ === total - 1, sub));
    for (const ar of ars) t += analysisRunRows(ar, ...prefixes(curr++ === total - 1, sub));
  });
  return alignTabs(t);
}

/** Everything `kubectl argo rollouts get rollout NAME --no-color` prints. */
export function renderRolloutGet(info: RolloutInfo): string {
  const out: string[] = [field('Name:', info.name), field('Namespace:', info.namespace), field('Status:', `${info.icon} ${info.status}`)];
  if (info.message !== '') out.push(field('Message:', info.message));
  out.push(field('Strategy:', info.strategy));
  if (info.strategy === 'Canary') {
    out.push(field('  Step:', info.step), field('  SetWeight:', info.setWeight), field('  ActualWeight:', info.actualWeight));
  }
  images(out, info.images);
  out.push('Replicas:\n');
  out.push(field('  Desired:', info.desired), field('  Current:', info.current), field('  Updated:', info.updated), field('  Ready:', info.ready), field('  Available:', info.available));
  out.push('\n');
  return out.join('') + renderRolloutTree(info);
}

/** Everything `kubectl argo rollouts get experiment NAME --no-color` prints. */
export function renderExperimentGet(exp: ExperimentInfo): string {
  const out: string[] = [field('Name:', exp.name), field('Namespace:', exp.namespace), field('Status:', `${exp.icon} ${exp.status}`)];
  if (exp.message !== '') out.push(field('Message:', exp.message));
  images(out, experimentImages(exp));
  out.push('\n');
  return out.join('') + alignTabs(HEADER + experimentRows(exp, '', ''));
}
