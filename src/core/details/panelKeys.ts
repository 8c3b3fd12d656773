/**
 * Which model change keys (`<group>/<Kind>/<namespace>/<name>`, src/k8s objectKey) can change a details
 * panel: the workload itself and, for a Rollout, the ReplicaSets, Pods, AnalysisRuns and Experiments of
 * its namespace (ownership is resolved when the panel renders; a cheap namespace test here keeps an
 * unrelated namespace's churn from waking it). A Canary's panel reads only the Canary.
 */
import { workloadKey } from '../tree/workloadKeys';
import type { WorkloadKind } from '../kinds';

const ROLLOUT_RELATED = /^(apps\/ReplicaSet|core\/Pod|argoproj\.io\/AnalysisRun|argoproj\.io\/Experiment)\/([^/]*)\//;

export function keyConcerns(key: string, kind: WorkloadKind, namespace: string, name: string): boolean {
  if (key === workloadKey(kind, namespace, name)) return true;
  if (kind !== 'Rollout') return false;
  const m = ROLLOUT_RELATED.exec(key);
  return m !== null && m[2] === namespace;
}

/** The panel's identity: one panel per object per context. */
export function panelId(ref: { context: string; kind: WorkloadKind; namespace: string; name: string }): string {
  return `${ref.context}|${workloadKey(ref.kind, ref.namespace, ref.name)}`;
}
