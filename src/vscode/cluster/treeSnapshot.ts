/**
 * The Rollouts tree as plain data, depth-first, as a user would see it with everything expanded down
 * to maxDepth: for the in-host tests, through the extension's API (`rolloutsTree()`). Expanding
 * workloads starts their related watches, as expanding them in the view does.
 */
import * as vscode from 'vscode';
import type { RolloutTreeProvider, TreeNode } from './rolloutTree';

export interface TreeSnapshotNode {
  id: string;
  label: string;
  description?: string;
  contextValue?: string;
  /** An AnalysisRun/Experiment row: what its context menu's commands receive (TreeNode.target). */
  target?: TreeNode['target'];
  children: TreeSnapshotNode[];
}

export function treeSnapshot(tree: RolloutTreeProvider, maxDepth = 3): TreeSnapshotNode[] {
  const walk = (node: TreeNode | undefined, depth: number): TreeSnapshotNode[] =>
    tree.getChildren(node).map((c) => {
      const item = tree.getTreeItem(c);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return {
        id: String(item.id ?? c.id),
        label,
        description: typeof item.description === 'string' ? item.description : undefined,
        contextValue: item.contextValue,
        ...(c.target ? { target: { ...c.target } } : {}),
        children: depth + 1 < maxDepth && item.collapsibleState !== vscode.TreeItemCollapsibleState.None ? walk(c, depth + 1) : [],
      };
    });
  return walk(undefined, 0);
}
