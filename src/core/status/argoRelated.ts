/**
 * Groups a namespace's ReplicaSets, Pods, AnalysisRuns and Experiments by owner once, so the model can hand
 * `interpretRollout` just the objects of one rollout instead of every object of the namespace (which would make
 * interpreting N rollouts O(N × objects)). Ownership is by owner-reference UID, as upstream matches it:
 * rollout → ReplicaSets, AnalysisRuns, Experiments; experiment → ReplicaSets, AnalysisRuns; ReplicaSet → Pods.
 */
import { RelatedObjects } from './argoInfo';
import { metadataOf } from '../util/json';

export type RelatedIndex = (rolloutUid: string) => RelatedObjects;

export function indexRelatedByOwner(all: RelatedObjects): RelatedIndex {
  const byOwner = new Map<string, { replicaSets: unknown[]; pods: unknown[]; analysisRuns: unknown[]; experiments: unknown[] }>();
  const bucket = (uid: string) => {
    let b = byOwner.get(uid);
    if (!b) byOwner.set(uid, (b = { replicaSets: [], pods: [], analysisRuns: [], experiments: [] }));
    return b;
  };
  for (const key of ['replicaSets', 'pods', 'analysisRuns', 'experiments'] as const) {
    for (const o of all[key] ?? []) for (const uid of new Set(metadataOf(o).ownerUids)) bucket(uid)[key].push(o);
  }
  return (rolloutUid) => {
    const out = { replicaSets: [] as unknown[], pods: [] as unknown[], analysisRuns: [] as unknown[], experiments: [] as unknown[] };
    const own = byOwner.get(rolloutUid);
    if (!own) return out;
    out.experiments.push(...own.experiments);
    out.analysisRuns.push(...own.analysisRuns);
    out.replicaSets.push(...own.replicaSets);
    for (const exp of own.experiments) {
      const e = byOwner.get(metadataOf(exp).uid);
      if (e) {
        out.replicaSets.push(...e.replicaSets);
        out.analysisRuns.push(...e.analysisRuns);
      }
    }
    for (const rs of out.replicaSets) out.pods.push(...(byOwner.get(metadataOf(rs).uid)?.pods ?? []));
    return out;
  };
}
