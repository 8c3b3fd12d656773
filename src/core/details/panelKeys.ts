/**
 * Which model change keys (`<group>/<Kind>/<namespace>/<name>`, src/k8s objectKey) can change a details
 * panel: the workload itself and, for a Rollout, the ReplicaSets, Pods, AnalysisRuns and Experiments of
 * its namespace (ownership is resolved when the panel renders; a cheap namespace test here keeps an
 * unrelated namespace's churn from waking it). A Canary's panel reads only the Canary.
 */
import { workloadKey } from '../tree/workloadKeys';
import { knownKind, type WorkloadKind } from '../kinds';

/** Key prefixes (`<group>/<Kind>/`) of what a Rollout's panel shows besides the Rollout. */
const ROLLOUT_RELATED = ['apps/ReplicaSet/', 'core/Pod/', ...(['AnalysisRun', 'Experiment'] as const).map((k) => `${knownKind(k).group}/${k}/`)];

export function keyConcerns(key: string, kind: WorkloadKind, namespace: string, name: string): boolean {
  if (key === workloadKey(kind, namespace, name)) return true;
  if (kind !== 'Rollout') return false;
  const prefix = ROLLOUT_RELATED.find((p) => key.startsWith(p));
  return prefix !== undefined && key.slice(prefix.length).startsWith(`${namespace}/`);
}

/** The panel's identity: one panel per object per context. */
export function panelId(ref: { context: string; kind: WorkloadKind; namespace: string; name: string }): string {
  return `${ref.context}|${workloadKey(ref.kind, ref.namespace, ref.name)}`;
}
