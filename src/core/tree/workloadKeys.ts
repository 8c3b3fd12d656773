/**
 * The cluster model's stable keys for the two workload kinds the editor shows
 * (`argoproj.io/Rollout/<ns>/<name>`, `flagger.app/Canary/<ns>/<name>`; see k8s/kindWatch.ts objectKey).
 */
export type WorkloadKind = 'Rollout' | 'Canary';

const GROUP: Record<WorkloadKind, string> = { Rollout: 'argoproj.io', Canary: 'flagger.app' };

export function workloadKey(kind: WorkloadKind, namespace: string, name: string): string {
  return `${GROUP[kind]}/${kind}/${namespace}/${name}`;
}

export function parseWorkloadKey(key: string): { kind: WorkloadKind; namespace: string; name: string } | undefined {
  const m = /^(argoproj\.io\/Rollout|flagger\.app\/Canary)\/([^/]*)\/([^/]+)$/.exec(key);
  if (!m) return undefined;
  return { kind: m[1].endsWith('Rollout') ? 'Rollout' : 'Canary', namespace: m[2], name: m[3] };
}
