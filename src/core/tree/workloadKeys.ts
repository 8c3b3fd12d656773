/**
 * The cluster model's stable keys for the two workload kinds the editor shows
 * (`argoproj.io/Rollout/<ns>/<name>`, `flagger.app/Canary/<ns>/<name>`; see k8s/kindWatch.ts objectKey).
 * Groups come from the kinds table (core/kinds.ts).
 */
import { knownKind, type WorkloadKind } from '../kinds';

/** `<group>/<kind>/`: what every key of that kind starts with. */
export function workloadKeyPrefix(kind: WorkloadKind): string {
  return `${knownKind(kind).group}/${kind}/`;
}

const PREFIXES: readonly [WorkloadKind, string][] = (['Rollout', 'Canary'] as const).map((k) => [k, workloadKeyPrefix(k)]);

export function workloadKey(kind: WorkloadKind, namespace: string, name: string): string {
  return `${workloadKeyPrefix(kind)}${namespace}/${name}`;
}

export function isWorkloadKey(key: string): boolean {
  return PREFIXES.some(([, p]) => key.startsWith(p));
}

export function parseWorkloadKey(key: string): { kind: WorkloadKind; namespace: string; name: string } | undefined {
  const hit = PREFIXES.find(([, p]) => key.startsWith(p));
  if (!hit) return undefined;
  const m = /^([^/]*)\/([^/]+)$/.exec(key.slice(hit[1].length));
  return m ? { kind: hit[0], namespace: m[1], name: m[2] } : undefined;
}
