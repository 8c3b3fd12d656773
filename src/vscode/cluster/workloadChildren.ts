/** Turns the pure detail specs (core/tree/workloadDetail.ts) into tree nodes with stable ids. */
import { canaryDetail, rolloutDetail, type DetailSpec, type RunRef } from '../../core/tree/workloadDetail';
import { childNodeId } from '../../core/tree/treeRefresh';
import type { RelatedObjects } from '../../k8s/clusterModel';
import type { WorkloadKind } from '../../core/kinds';

export type DetailFactory<N> = (id: string, label: string, opts: { description?: string; icon?: string; phase?: string; tooltip?: string; children?: N[]; expanded?: boolean; run?: RunRef }) => N;

export function workloadChildren<N>(parentId: string, kind: WorkloadKind, obj: unknown, related: RelatedObjects, make: DetailFactory<N>, gateStates: Record<string, string> = {}): N[] {
  const specs = kind === 'Rollout' ? rolloutDetail(obj, related) : canaryDetail(obj, related, gateStates);
  const build = (pid: string, s: DetailSpec): N => {
    const id = childNodeId(pid, ...s.idParts);
    return make(id, s.label, { description: s.description, icon: s.icon, phase: s.phase, tooltip: s.tooltip, expanded: s.expanded, run: s.run, children: s.children?.map((c) => build(id, c)) });
  };
  return specs.map((s) => build(parentId, s));
}
