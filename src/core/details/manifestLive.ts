/**
 * The bridge between a Rollout manifest in the repository and the rollout running in the cluster:
 * which of the file's canary steps the live rollout has done, which it is at (with what it is doing
 * there), and whether the file's pod template images are what runs live.
 *
 * The comparison reads the live rollout's own pod template (what the controller is rolling out) and the
 * images of its ReplicaSets by role (stable/canary, or active/preview, from interpretRollout): a file
 * equal to the live template while a canary runs beside an older stable is "what the canary runs"; a file
 * equal only to the stable is the previous version. Containers are paired by name.
 */
import { locate, type ManifestDocument } from '../manifest/manifestDocument';
import { interpretRollout, type RelatedObjects } from '../status/argoInfo';
import { canarySteps, rolloutStatus } from '../status/argoPhase';
import { asArray, asBool, asObject, asString, at } from '../util/json';
import { currentStepNote } from './rolloutDetails';

export interface StepDecoration {
  index: number;
  state: 'done' | 'current' | 'pending';
  /** File offsets of the step's item in `steps:`. */
  start: number;
  end: number;
  /** For the current step: "◀ paused here · 3m", "◀ analysis running". */
  label: string;
}

export interface LiveComparison {
  state: 'canary' | 'stable' | 'same' | 'differs' | 'unknown';
  /** The lens title: "live canary runs this file", "differs from live: image app:v2 here, app:v1 live". */
  text: string;
}

interface Container {
  name: string;
  image: string;
}

function containers(podSpec: unknown): Container[] {
  return [...asArray(at(podSpec, 'initContainers')), ...asArray(at(podSpec, 'containers'))].map(asObject).map((c) => ({ name: asString(c.name), image: asString(c.image) }));
}

function sameImages(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length > 0 && x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The current-step label shown at the end of the step's line. */
export function stepLabel(note: string): string {
  if (note.startsWith('waiting for promotion')) return `◀ paused here${note.includes('·') ? ` · ${note.split('· ')[1]}` : ''}`;
  if (note.startsWith('resumes in') || note === 'resuming') return `◀ paused here · ${note}`;
  return `◀ ${note}`;
}

/**
 * The file's steps with the live rollout's progress. Empty when the document has no canary steps; when
 * the live steps differ from the file's, the current label says so (the index may not mean the same step).
 */
export function stepDecorations(md: ManifestDocument, liveRollout: unknown, now: Date): StepDecoration[] {
  const fileSteps = asArray(at(md.value, 'spec', 'strategy', 'canary', 'steps'));
  if (fileSteps.length === 0) return [];
  const liveSteps = canarySteps(liveRollout);
  const st = rolloutStatus(liveRollout);
  const index = st.currentStepIndex === undefined || st.currentStepIndex === null ? (liveSteps.length > 0 ? 0 : undefined) : Number(st.currentStepIndex);
  if (index === undefined) return [];
  const differs = JSON.stringify(fileSteps) !== JSON.stringify(liveSteps);
  const out: StepDecoration[] = [];
  fileSteps.forEach((_, i) => {
    const loc = locate(md, ['spec', 'strategy', 'canary', 'steps', i]);
    if (!loc.exact || !loc.valueRange) return;
    const state = i < index ? 'done' : i === index && !asBool(st.abort) ? 'current' : 'pending';
    let label = '';
    if (state === 'current') {
      const note = currentStepNote(liveRollout, asObject(liveSteps[i] ?? fileSteps[i]), now, asString(at(st, 'canary', 'currentStepAnalysisRunStatus', 'status')));
      label = stepLabel(note) + (differs ? ' (live steps differ from this file)' : '');
    }
    out.push({ index: i, state, start: loc.valueRange.start, end: loc.valueRange.end, label });
  });
  return out;
}

/** The file's pod template images against what runs live. */
export function compareWithLive(fileRollout: unknown, liveRollout: unknown, related: RelatedObjects, now: Date): LiveComparison {
  const file = containers(at(fileRollout, 'spec', 'template', 'spec'));
  if (file.length === 0) {
    return at(fileRollout, 'spec', 'workloadRef') !== undefined ? { state: 'unknown', text: 'images come from the workloadRef: not compared' } : { state: 'unknown', text: 'no pod template images in this file' };
  }
  const live = containers(at(liveRollout, 'spec', 'template', 'spec'));
  const info = interpretRollout(liveRollout, related, now);
  const role = (tag: string) => info.replicaSets.filter((r) => r.replicas > 0 && (tag === 'stable' ? r.stable : tag === 'canary' ? r.canary : tag === 'active' ? r.active : r.preview)).flatMap((r) => r.images);
  const bg = info.strategy === 'BlueGreen';
  const newer = bg ? role('preview') : role('canary');
  const older = bg ? role('active') : role('stable');
  const fileImages = file.map((c) => c.image);
  const newName = bg ? 'preview' : 'canary';
  const oldName = bg ? 'active' : 'stable';
  if (
    live.length > 0 &&
    sameImages(
      fileImages,
      live.map((c) => c.image),
    )
  ) {
    if (newer.length > 0 && !sameImages(newer, older)) return { state: 'canary', text: `live ${newName} runs this file` };
    return { state: 'same', text: older.length > 0 ? `live ${oldName} runs this file` : 'live runs this file' };
  }
  if (sameImages(fileImages, older)) return { state: 'stable', text: `live ${oldName} runs this file; the cluster is rolling out ${[...new Set(live.map((c) => c.image))].join(', ')}` };
  const diffs: string[] = [];
  for (const c of file) {
    const l = live.find((x) => x.name === c.name);
    if (!l) diffs.push(`container ${c.name} is not live`);
    else if (l.image !== c.image) diffs.push(`image ${c.image} here, ${l.image} live`);
  }
  for (const l of live) if (!file.some((c) => c.name === l.name)) diffs.push(`live container ${l.name} is not in this file`);
  return { state: 'differs', text: `differs from live: ${diffs.join('; ') || 'images differ'}` };
}
