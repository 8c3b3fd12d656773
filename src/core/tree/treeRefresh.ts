/**
 * Stable tree node ids and the mapping from "which objects changed" (the cluster model's stable keys,
 * `argoproj.io/Rollout/ns/name`) to the smallest set of tree nodes to refresh. VS Code keeps
 * expansion and selection by TreeItem.id, so ids name what a node shows (context/namespace/kind/name),
 * never a position or a counter.
 *
 * Refresh rules: a changed Rollout/Canary refreshes its own node when shown; a new one refreshes the
 * nearest shown ancestor (namespace, else context, else the root); a changed ReplicaSet/Pod/
 * AnalysisRun/Experiment/Deployment refreshes the expanded items of its namespace (their children
 * are built from those objects); a connection-state change refreshes the context node.
 */
import { isWorkloadKey } from './workloadKeys';

/**
 * How long the tree gathers node refreshes before firing onDidChangeTreeData. The cluster model has
 * already batched its events (50 ms), so this only merges what arrives from several contexts and gate
 * reads at once; kept short because both delays add up in event-to-tree latency (npm run bench).
 */
export const TREE_REFRESH_BATCH_MS = 25;

export interface ParsedKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Parses `group/Kind/namespace/name` (names and namespaces cannot contain `/`). */
export function parseObjectKey(key: string): ParsedKey | undefined {
  const parts = key.split('/');
  if (parts.length < 4) return undefined;
  const name = parts[parts.length - 1];
  const namespace = parts[parts.length - 2];
  const kind = parts[parts.length - 3];
  const group = parts.slice(0, parts.length - 3).join('/');
  if (!name || !kind) return undefined;
  return { group, kind, namespace, name };
}

export const ATTENTION_GROUP_ID = 'attention';
export const contextNodeId = (context: string) => `ctx|${context}`;
export const contextStateNodeId = (context: string) => `ctx|${context}|state`;
export const namespaceNodeId = (context: string, namespace: string) => `ns|${context}|${namespace}`;
export const itemNodeId = (context: string, key: string) => `item|${context}|${key}`;
export const attentionItemNodeId = (context: string, key: string) => `attention|${context}|${key}`;
/** Children of an item: `<item id>|<part>` (e.g. `|rev|3`, `|rs|web-6f7c9`, `|pod|web-6f7c9-abcde`). */
export const childNodeId = (parentId: string, ...parts: (string | number)[]) => `${parentId}|${parts.join('|')}`;

export interface ShownTree {
  isShown(id: string): boolean;
  /** Ids of item nodes in context/namespace whose children have been built (expanded at least once). */
  expandedItems(context: string, namespace: string): string[];
}

export interface ModelChangeLike {
  context: string;
  keys: readonly string[];
  stateChanged: boolean;
}

/** Node ids to refresh, or 'root' when the whole tree must be asked again. */
export function nodesToRefresh(change: ModelChangeLike, shown: ShownTree): string[] | 'root' {
  const out = new Set<string>();
  const ctxId = contextNodeId(change.context);
  if (change.stateChanged) {
    if (!shown.isShown(ctxId)) return 'root';
    out.add(ctxId);
  }
  for (const key of change.keys) {
    const k = parseObjectKey(key);
    if (!k) continue;
    if (isWorkloadKey(key)) {
      const item = itemNodeId(change.context, key);
      const ns = namespaceNodeId(change.context, k.namespace);
      if (shown.isShown(item)) {
        out.add(item);
        // A deleted or renamed item also changes its namespace's list.
        out.add(ns);
      } else if (shown.isShown(ns)) out.add(ns);
      else if (shown.isShown(ctxId)) out.add(ctxId);
      else return 'root';
    } else {
      for (const id of shown.expandedItems(change.context, k.namespace)) out.add(id);
    }
  }
  return [...out];
}
