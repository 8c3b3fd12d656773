/**
 * The Rollouts tree: "Needs attention" on top, then context → namespace → Rollout / Canary → the
 * revision → ReplicaSet → Pod / AnalysisRun / Experiment tree (Flagger: workloads, webhooks, metrics).
 *
 * Model, then view: the cluster model says which object keys changed; `nodesToRefresh` maps them to
 * the nodes on screen and a coalescer fires `onDidChangeTreeData` with those nodes (an array), so
 * one watch event redraws one row. Nodes are kept per stable id (context/namespace/kind/name) and
 * the same object is returned every time, so expansion and selection survive refreshes.
 * `getChildren` never shows UI: problems are nodes that say what is wrong and offer the fix, and
 * the empty states (untrusted, no kubeconfig, no contexts) are the view's welcome content.
 * Related objects (ReplicaSets, Pods, AnalysisRuns…) are watched only while a workload of their
 * namespace is expanded (ref-counted `watchRelated`).
 */
import * as vscode from 'vscode';
import { gateStateRequests } from '../../core/actions/flagger';
import { BatchCoalescer } from '../../core/util/debounce';
import { isWorkloadKey, parseWorkloadKey, workloadKey } from '../../core/tree/workloadKeys';
import { ATTENTION_GROUP_ID, attentionItemNodeId, contextNodeId, contextStateNodeId, itemNodeId, namespaceNodeId, nodesToRefresh, TREE_REFRESH_BATCH_MS } from '../../core/tree/treeRefresh';
import type { ModelChange } from '../../k8s/clusterModel';
import type { KubeObject } from '../../k8s/kubeObject';
import type { ClusterView, ModelView } from './clusterView';
import type { WorkloadKind } from '../../core/kinds';
import { workloadChildren } from './workloadChildren';
import type { RunRef } from '../../core/tree/workloadDetail';
import { contextItem, engineText, phaseIcon, stateItem, workloadItem } from './treeItems';
import { errorMessage } from '../../core/util/errors';

export const ROLLOUTS_VIEW_ID = 'rolloutLens.rollouts';

export type NodeKind = 'attention' | 'context' | 'state' | 'namespace' | 'workload' | 'detail' | 'message';

export interface TreeNode {
  id: string;
  kind: NodeKind;
  context?: string;
  namespace?: string;
  /** Workloads: the model key (`argoproj.io/Rollout/ns/name`). */
  key?: string;
  workloadKind?: WorkloadKind;
  name?: string;
  /** Detail and message nodes carry their finished TreeItem. */
  item?: vscode.TreeItem;
  children?: TreeNode[];
  /** An AnalysisRun/Experiment row: the object its context menu's commands act on (terminate). */
  target?: { context: string; kind: RunRef['kind']; namespace: string; name: string };
}

export interface TreeDeps {
  view: ClusterView;
  /** Whether a manifest for the workload exists in the workspace (enables "Open Manifest"). */
  hasManifest(kind: WorkloadKind, namespace: string, name: string): boolean;
}

export class RolloutTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, TreeNode>();
  /** Parent id → ids of the children last returned (what is on screen). */
  private readonly shownChildren = new Map<string, string[]>();
  private readonly expanded = new Set<string>();
  private readonly relatedHolds = new Map<string, { model: ModelView; hold: vscode.Disposable }>(); // `${ctx}|${ns}`
  private attentionKeys = new Set<string>();
  /** Gate states per `${context}|${canary key}`, cleared when the canary changes. */
  private readonly gates = new Map<string, Record<string, string>>();
  private readonly coalescer: BatchCoalescer<string>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: TreeDeps) {
    this.coalescer = new BatchCoalescer<string>(TREE_REFRESH_BATCH_MS, (ids) => this.fire(ids));
    deps.view.onDidChangeModel((c) => this.onModelChange(c), this, this.disposables);
    deps.view.onDidChangeContexts(
      () => {
        this.releaseStaleRelated();
        this.fire(['root']);
      },
      this,
      this.disposables,
    );
  }

  /** Lets the tree release related watches when workloads collapse. */
  attach(tree: vscode.TreeView<TreeNode>): void {
    tree.onDidCollapseElement((e) => this.collapsed(e.element), this, this.disposables);
    tree.onDidExpandElement((e) => e.element.kind === 'workload' && this.expanded.add(e.element.id), this, this.disposables);
  }

  refreshAll(): void {
    this.releaseStaleRelated();
    this.fire(['root']);
  }

  /** Refreshes the shown workload rows with these `Kind/name`s (their "Open Manifest" availability changed). */
  refreshWorkloadsNamed(kindNames: readonly string[]): void {
    if (kindNames.length === 0) return;
    const wanted = new Set(kindNames);
    const ids = [...this.nodes.values()].filter((n) => n.kind === 'workload' && wanted.has(`${n.workloadKind}/${n.name}`) && this.isShown(n.id)).map((n) => n.id);
    if (ids.length) this.coalescer.add(...ids);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'attention': {
        const item = new vscode.TreeItem('Needs attention', vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('bell', new vscode.ThemeColor('charts.yellow'));
        item.description = `${this.attentionKeys.size}`;
        item.contextValue = 'attention';
        return item;
      }
      case 'context':
        return this.contextItem(node);
      case 'namespace': {
        const item = new vscode.TreeItem(node.namespace!, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'namespace';
        return item;
      }
      case 'workload':
        return this.workloadItem(node);
      default:
        return node.item!;
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    // Structural for the levels "reveal" needs (so an item can be revealed before its parents were shown).
    if (node.kind === 'workload' && !node.id.startsWith('attention|')) return this.namespaceNode(node.context!, node.namespace!);
    if (node.kind === 'namespace') return this.contextNode(node.context!);
    if (node.kind === 'context' || node.kind === 'attention') return undefined;
    for (const [parentId, ids] of this.shownChildren) {
      if (ids.includes(node.id)) return parentId === 'root' ? undefined : this.nodes.get(parentId);
    }
    return undefined;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    try {
      const children = this.computeChildren(node);
      this.remember(node?.id ?? 'root', children);
      return children;
    } catch (err) {
      // Never throw into the tree (it would show a generic error); say it in a node.
      const msg = this.message(`${node?.id ?? 'root'}|error`, `Could not build this part of the tree: ${errorMessage(err)}`, 'error');
      return [msg];
    }
  }

  /** The node of a live workload, for "reveal" (undefined when not in the model). */
  workloadNode(context: string, kind: WorkloadKind, namespace: string, name: string): TreeNode | undefined {
    const key = workloadKey(kind, namespace, name);
    if (!this.deps.view.model(context)?.get(key)) return undefined;
    return this.intern({ id: itemNodeId(context, key), kind: 'workload', context, namespace, key, workloadKind: kind, name });
  }

  contextNode(context: string): TreeNode {
    return this.intern({ id: contextNodeId(context), kind: 'context', context });
  }

  namespaceNode(context: string, namespace: string): TreeNode {
    return this.intern({ id: namespaceNodeId(context, namespace), kind: 'namespace', context, namespace });
  }

  private computeChildren(node?: TreeNode): TreeNode[] {
    const view = this.deps.view;
    if (!node) {
      if (view.phase !== 'ready') return [];
      const contexts = view.watchedContexts();
      const roots: TreeNode[] = [];
      this.attentionKeys = this.collectAttention();
      if (this.attentionKeys.size > 0) roots.push(this.intern({ id: ATTENTION_GROUP_ID, kind: 'attention' }));
      for (const c of contexts) roots.push(this.contextNode(c));
      return roots;
    }
    switch (node.kind) {
      case 'attention':
        return [...this.attentionKeys].sort().map((k) => {
          const [context, key] = splitOnce(k, '\u0000');
          const w = parseWorkloadKey(key)!;
          return this.intern({ id: attentionItemNodeId(context, key), kind: 'workload', context, namespace: w.namespace, key, workloadKind: w.kind, name: w.name });
        });
      case 'context':
        return this.contextChildren(node.context!);
      case 'namespace':
        return this.namespaceChildren(node.context!, node.namespace!);
      case 'workload':
        return this.workloadDetail(node);
      case 'detail':
        return node.children ?? [];
      default:
        return [];
    }
  }

  private contextChildren(context: string): TreeNode[] {
    const model = this.deps.view.model(context);
    if (!model) return [this.message(`${contextNodeId(context)}|none`, 'Not watched', 'circle-slash')];
    const state = model.state;
    const out: TreeNode[] = [];
    if (state.phase !== 'connected') {
      out.push(this.stateNode(context, model));
      if (state.phase !== 'reconnecting' && state.phase !== 'unreachable') return out;
    }
    const byNs = new Map<string, number>();
    for (const o of [...model.rollouts(), ...model.canaries()]) {
      const ns = o.metadata?.namespace ?? '';
      byNs.set(ns, (byNs.get(ns) ?? 0) + 1);
    }
    if (state.forbiddenNamespaces.length > 0) {
      out.push(this.message(`${contextNodeId(context)}|forbidden`, `Not readable: ${state.forbiddenNamespaces.join(', ')}`, 'lock', 'Your account may not list rollouts or canaries in these namespaces.'));
    }
    if (byNs.size === 0 && state.phase === 'connected') {
      out.push(state.synced ? this.message(`${contextNodeId(context)}|empty`, 'No rollouts or canaries', 'info', engineText(model)) : this.message(`${contextNodeId(context)}|loading`, 'Loading…', 'loading~spin'));
    }
    for (const ns of [...byNs.keys()].sort()) out.push(this.namespaceNode(context, ns));
    return out;
  }

  private namespaceChildren(context: string, namespace: string): TreeNode[] {
    const model = this.deps.view.model(context);
    if (!model) return [];
    const items: TreeNode[] = [];
    const add = (kind: WorkloadKind, objs: readonly KubeObject[]) => {
      for (const o of objs) {
        const name = o.metadata?.name;
        if ((o.metadata?.namespace ?? '') !== namespace || !name) continue;
        const key = workloadKey(kind, namespace, name);
        items.push(this.intern({ id: itemNodeId(context, key), kind: 'workload', context, namespace, key, workloadKind: kind, name }));
      }
    };
    add('Rollout', model.rollouts());
    add('Canary', model.canaries());
    return items.sort((a, b) => a.name!.localeCompare(b.name!) || a.workloadKind!.localeCompare(b.workloadKind!));
  }

  private workloadDetail(node: TreeNode): TreeNode[] {
    const model = this.deps.view.model(node.context!);
    const obj = model?.get(node.key!);
    if (!model || !obj) return [];
    this.expanded.add(node.id);
    this.holdRelated(model, node.namespace!);
    if (!model.relatedSynced(node.namespace!)) return [this.message(`${node.id}|loading`, 'Loading ReplicaSets, Pods and analysis…', 'loading~spin')];
    const gates = node.workloadKind === 'Canary' ? this.gateStates(node, obj) : {};
    return workloadChildren(node.id, node.workloadKind!, obj, model.related(node.namespace!), (id, label, opts) => this.detail(id, label, opts, node), gates);
  }

  /**
   * The gates' states of a canary, read through the service proxy when its children are built and
   * again after the canary changes (the model's change event clears the entry), never on a timer.
   */
  private gateStates(node: TreeNode, canary: unknown): Record<string, string> {
    const key = `${node.context}|${node.key}`;
    const cached = this.gates.get(key);
    if (cached) return cached;
    const states: Record<string, string> = {};
    this.gates.set(key, states);
    for (const g of gateStateRequests(canary)) {
      if (g.fixed) states[g.webhook.name] = g.fixed === 'open' ? 'always open' : 'always closed';
      else if (g.request) {
        states[g.webhook.name] = 'checking…';
        const req = g.request;
        void this.deps.view.gateState(node.context!, { proxyPath: req.proxyPath, method: req.method, body: req.body }).then((s) => {
          if (this.gates.get(key) !== states) return; // superseded
          states[g.webhook.name] = s;
          this.coalescer.add(node.id);
        });
      }
    }
    return states;
  }

  private contextItem(node: TreeNode): vscode.TreeItem {
    const view = this.deps.view;
    return contextItem(node.id, node.context!, view.model(node.context!)?.state, view.currentContext() === node.context);
  }

  private stateNode(context: string, model: ModelView): TreeNode {
    const item = stateItem(contextStateNodeId(context), context, model.state);
    return this.intern({ id: item.id!, kind: 'state', context, item });
  }

  private workloadItem(node: TreeNode): vscode.TreeItem {
    const obj = this.deps.view.model(node.context!)?.get(node.key!);
    const status = obj ? this.deps.view.status(node.workloadKind!, obj, node.context!) : undefined;
    const manifest = this.deps.hasManifest(node.workloadKind!, node.namespace!, node.name!);
    return workloadItem({ id: node.id, context: node.context!, namespace: node.namespace!, kind: node.workloadKind!, name: node.name! }, status, manifest, node.id.startsWith('attention|'), node);
  }

  private detail(id: string, label: string, opts: { description?: string; icon?: string; phase?: string; tooltip?: string; children?: TreeNode[]; expanded?: boolean; run?: RunRef }, workload: TreeNode): TreeNode {
    const collapsible = opts.children?.length ? (opts.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(label, collapsible);
    item.id = id;
    item.description = opts.description;
    item.iconPath = opts.phase ? phaseIcon(opts.phase) : opts.icon ? new vscode.ThemeIcon(opts.icon) : undefined;
    item.tooltip = opts.tooltip;
    item.contextValue = 'detail';
    if (!opts.run) return this.intern({ id, kind: 'detail', item, children: opts.children });
    // A run row keys the catalogue's menus like a workload row (`workload.AnalysisRun;,terminate,` while it runs).
    const { kind, name, running } = opts.run;
    item.contextValue = `workload.${kind};,${running ? 'terminate,' : ''}`;
    return this.intern({ id, kind: 'detail', item, children: opts.children, target: { context: workload.context!, kind, namespace: workload.namespace!, name } });
  }

  private message(id: string, label: string, icon: string, tooltip?: string): TreeNode {
    const item = new vscode.TreeItem(label);
    item.id = id;
    item.iconPath = new vscode.ThemeIcon(icon);
    item.tooltip = tooltip;
    item.contextValue = 'message';
    return this.intern({ id, kind: 'message', item });
  }

  /** Returns the existing node object for an id (updated), so VS Code keeps its identity. */
  private intern(n: TreeNode): TreeNode {
    const existing = this.nodes.get(n.id);
    if (existing) {
      Object.assign(existing, n);
      return existing;
    }
    this.nodes.set(n.id, n);
    return n;
  }

  private remember(parentId: string, children: TreeNode[]): void {
    const ids = children.map((c) => c.id);
    const before = this.shownChildren.get(parentId);
    this.shownChildren.set(parentId, ids);
    if (!before) return;
    const keep = new Set(ids);
    for (const id of before) if (!keep.has(id)) this.forgetSubtree(id);
  }

  private forgetSubtree(id: string): void {
    const kids = this.shownChildren.get(id);
    this.shownChildren.delete(id);
    this.expanded.delete(id);
    this.nodes.delete(id);
    for (const k of kids ?? []) this.forgetSubtree(k);
  }

  private isShown(id: string): boolean {
    if (id === 'root') return true;
    for (const ids of this.shownChildren.values()) if (ids.includes(id)) return true;
    return false;
  }

  private onModelChange(change: ModelChange): void {
    const ids: string[] = [];
    // Attention membership may change with any workload change.
    const workloadKeys = change.keys.filter(isWorkloadKey);
    for (const k of workloadKeys) this.gates.delete(`${change.context}|${k}`);
    if (workloadKeys.length > 0 || change.stateChanged) {
      const next = this.collectAttention();
      const had = this.attentionKeys.size > 0;
      const same = next.size === this.attentionKeys.size && [...next].every((k) => this.attentionKeys.has(k));
      if (!same) {
        if (had !== next.size > 0) ids.push('root');
        else ids.push(ATTENTION_GROUP_ID);
      }
      for (const k of workloadKeys) ids.push(attentionItemNodeId(change.context, k));
    }
    const plan = nodesToRefresh(change, {
      isShown: (id) => this.isShown(id),
      expandedItems: (ctx, ns) => [...this.expanded].filter((id) => id.startsWith(`item|${ctx}|`) && this.nodes.get(id)?.namespace === ns),
    });
    if (plan === 'root') ids.push('root');
    else ids.push(...plan);
    const shown = ids.filter((id) => id === 'root' || this.isShown(id));
    if (shown.length) this.coalescer.add(...shown);
  }

  private fire(ids: string[]): void {
    if (ids.includes('root')) {
      this.changed.fire(undefined);
      return;
    }
    const nodes = ids.map((id) => this.nodes.get(id)).filter((n): n is TreeNode => !!n);
    if (nodes.length) this.changed.fire(nodes);
  }

  private collectAttention(): Set<string> {
    const out = new Set<string>();
    const view = this.deps.view;
    if (view.phase !== 'ready') return out;
    for (const context of view.watchedContexts()) {
      const model = view.model(context);
      if (!model) continue;
      const scan = (kind: WorkloadKind, objs: readonly KubeObject[]) => {
        for (const o of objs) {
          const name = o.metadata?.name;
          if (!name) continue;
          if (view.status(kind, o, context).attention) out.add(`${context}\u0000${workloadKey(kind, o.metadata?.namespace ?? '', name)}`);
        }
      };
      scan('Rollout', model.rollouts());
      scan('Canary', model.canaries());
    }
    return out;
  }

  private holdRelated(model: ModelView, namespace: string): void {
    const k = `${model.context}|${namespace}`;
    const held = this.relatedHolds.get(k);
    if (held?.model === model) return;
    held?.hold.dispose();
    this.relatedHolds.set(k, { model, hold: model.watchRelated(namespace) });
  }

  /** Drops related watches of contexts that are gone or whose model was rebuilt. */
  private releaseStaleRelated(): void {
    for (const [k, h] of this.relatedHolds) {
      if (this.deps.view.model(h.model.context) !== h.model) {
        h.hold.dispose();
        this.relatedHolds.delete(k);
      }
    }
  }

  private collapsed(node: TreeNode): void {
    if (node.kind !== 'workload') return;
    this.expanded.delete(node.id);
    const k = `${node.context}|${node.namespace}`;
    const stillOpen = [...this.expanded].some((id) => {
      const n = this.nodes.get(id);
      return n && `${n.context}|${n.namespace}` === k;
    });
    if (!stillOpen) {
      this.relatedHolds.get(k)?.hold.dispose();
      this.relatedHolds.delete(k);
    }
  }

  private releaseAllRelated(): void {
    for (const d of this.relatedHolds.values()) d.hold.dispose();
    this.relatedHolds.clear();
    this.expanded.clear();
  }

  dispose(): void {
    this.coalescer.dispose();
    this.releaseAllRelated();
    this.changed.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return [s.slice(0, i), s.slice(i + sep.length)];
}
