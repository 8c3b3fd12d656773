/**
 * How tree nodes look: ThemeIcons chosen by phase, descriptions, and MarkdownString tooltips.
 * Presentation only; the state comes from the cluster model through ClusterView.
 */
import * as vscode from 'vscode';
import { unsummarizedFor } from '../../core/actions/catalogue';
import type { ConnectionState } from '../../k8s/clusterModel';
import type { LiveStatus, ModelView } from './clusterView';
import type { WorkloadKind } from '../../core/kinds';

const green = new vscode.ThemeColor('charts.green');
const yellow = new vscode.ThemeColor('charts.yellow');
const red = new vscode.ThemeColor('charts.red');
const blue = new vscode.ThemeColor('charts.blue');

export function phaseIcon(phase: string): vscode.ThemeIcon {
  switch (phase) {
    case 'Healthy':
    case 'Succeeded':
    case 'Initialized':
    case 'Running':
    case 'Successful':
    case 'ScaledDown':
      return new vscode.ThemeIcon(phase === 'ScaledDown' ? 'circle-outline' : 'pass', phase === 'ScaledDown' ? undefined : green);
    case 'Progressing':
    case 'Promoting':
    case 'Finalising':
    case 'Initializing':
    case 'Pending':
      return new vscode.ThemeIcon('sync~spin', blue);
    case 'Paused':
    case 'Waiting':
    case 'WaitingPromotion':
    case 'Inconclusive':
      return new vscode.ThemeIcon('debug-pause', yellow);
    case 'Degraded':
    case 'Failed':
    case 'Error':
    case 'ReplicaFailure':
    case 'Terminated':
      return new vscode.ThemeIcon('error', red);
    case 'InvalidSpec':
      return new vscode.ThemeIcon('warning', red);
    default:
      return new vscode.ThemeIcon('circle-outline');
  }
}

export function connectionIcon(state: ConnectionState): vscode.ThemeIcon {
  switch (state.phase) {
    case 'connected':
      return new vscode.ThemeIcon(state.synced ? 'vm-active' : 'sync~spin', state.synced ? green : blue);
    case 'connecting':
    case 'reconnecting':
      return new vscode.ThemeIcon('sync~spin', yellow);
    case 'unauthorized':
    case 'forbidden':
      return new vscode.ThemeIcon('lock', red);
    case 'unreachable':
      return new vscode.ThemeIcon('debug-disconnect', red);
    case 'notInstalled':
      return new vscode.ThemeIcon('circle-slash');
    default:
      return new vscode.ThemeIcon('vm-outline');
  }
}

export function connectionDescription(state: ConnectionState, current: boolean): string {
  const parts: string[] = [];
  if (current) parts.push('current');
  switch (state.phase) {
    case 'connected':
      parts.push(state.synced ? 'connected' : 'loading…');
      if (state.scope === 'namespaces') parts.push('per namespace');
      break;
    case 'reconnecting':
    case 'unreachable':
      parts.push(`${state.phase}${state.nextAttemptAt ? ` · retry at ${clock(state.nextAttemptAt)}` : ''}`);
      break;
    case 'notInstalled':
      parts.push('no Argo Rollouts or Flagger');
      break;
    default:
      parts.push(state.phase);
  }
  return parts.join(' · ');
}

export function clock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function workloadTooltip(kind: string, namespace: string, name: string, context: string, s: LiveStatus): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.supportThemeIcons = true;
  md.appendMarkdown(`**${escape(kind)} ${escape(namespace)}/${escape(name)}**  \n`);
  md.appendMarkdown(`context \`${escape(context)}\`\n\n`);
  md.appendMarkdown(`**${escape(s.description)}**\n\n`);
  if (s.message) md.appendMarkdown(`${escape(s.message)}\n\n`);
  if (s.attention) md.appendMarkdown(`$(bell) ${escape(s.attention)}\n\n`);
  for (const d of s.details) md.appendMarkdown(`- ${escape(d)}\n`);
  return md;
}

export function stateTooltip(context: string, state: ConnectionState): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escape(context)}**: ${escape(state.phase)}\n\n`);
  if (state.message) md.appendMarkdown(`${escape(state.message)}\n\n`);
  if (state.nextAttemptAt) md.appendMarkdown(`Next attempt at ${clock(state.nextAttemptAt)}\n\n`);
  if (state.forbiddenNamespaces.length) md.appendMarkdown(`Not readable: ${state.forbiddenNamespaces.map(escape).join(', ')}\n`);
  return md;
}

function escape(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}

export function contextItem(id: string, context: string, state: ConnectionState | undefined, current: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(context, current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = id;
  if (state) {
    item.iconPath = connectionIcon(state);
    item.description = connectionDescription(state, current);
    item.tooltip = stateTooltip(context, state);
  }
  item.contextValue = current ? 'context.current' : 'context.watched';
  return item;
}

/** The row that says what is wrong with a context's connection, with the command that fixes it. */
export function stateItem(id: string, context: string, s: ConnectionState): vscode.TreeItem {
  const item = new vscode.TreeItem(s.message ?? stateLabel(s.phase, context));
  item.id = id;
  item.iconPath = connectionIcon(s);
  item.tooltip = stateTooltip(context, s);
  item.description = s.nextAttemptAt ? `retry at ${clock(s.nextAttemptAt)}` : undefined;
  item.contextValue = `contextState.${s.phase}`;
  const fix = fixFor(s.phase, context);
  if (fix) item.command = fix;
  return item;
}

export interface WorkloadRow {
  id: string;
  context: string;
  namespace: string;
  kind: WorkloadKind;
  name: string;
}

/**
 * A Rollout/Canary row. contextValue `workload.<Kind>;,<action>,<action>,…,[;manifest]` drives the
 * context menus (package.json `viewItem =~ /^workload\.Rollout;.*,promote,/`): the catalogue's action ids
 * the summary offers now, then those it offers on every object of the kind (undo).
 */
export function workloadContextValue(kind: WorkloadKind, actions: readonly string[], hasManifest: boolean): string {
  const ids = [...actions, ...unsummarizedFor(kind).map((a) => a.id)];
  return `workload.${kind};,${ids.join(',')},${hasManifest ? ';manifest' : ''}`;
}

export function workloadItem(row: WorkloadRow, status: LiveStatus | undefined, hasManifest: boolean, inAttention: boolean, commandArg: unknown): vscode.TreeItem {
  const item = new vscode.TreeItem(row.name, inAttention || !status ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = row.id;
  if (!status) {
    item.description = 'deleted';
    item.iconPath = new vscode.ThemeIcon('trash');
    return item;
  }
  item.iconPath = phaseIcon(status.phase);
  // Attention rows stay short (the state and where); the tooltip carries the full reason.
  item.description = inAttention ? `${status.description} · ${row.context}/${row.namespace}` : status.description;
  item.tooltip = workloadTooltip(row.kind, row.namespace, row.name, row.context, status);
  // An attention row says so (`;attention` last), for its "Reveal in Rollouts View" menu entry.
  item.contextValue = workloadContextValue(row.kind, status.actions, hasManifest) + (inAttention ? ';attention' : '');
  item.resourceUri = vscode.Uri.from({ scheme: 'rollout-lens', authority: row.context, path: `/${row.namespace}/${row.kind}/${row.name}` });
  // A click opens the details panel, on an attention row too: it is why the user looks there (the twistie
  // still expands a namespace row; the attention row's context menu reveals it in the tree).
  item.command = { command: 'rolloutLens.showDetails', title: 'Show Details', arguments: [commandArg] };
  return item;
}

function stateLabel(phase: string, context: string): string {
  switch (phase) {
    case 'connecting':
      return `Connecting to ${context}…`;
    case 'notInstalled':
      return `Neither Argo Rollouts nor Flagger is installed in ${context}`;
    default:
      return `${context}: ${phase}`;
  }
}

function fixFor(phase: string, context: string): vscode.Command | undefined {
  switch (phase) {
    case 'unauthorized':
      return { command: 'rolloutLens.openKubeconfig', title: 'Open kubeconfig', arguments: [context] };
    case 'unreachable':
    case 'reconnecting':
      return { command: 'rolloutLens.refresh', title: 'Retry now', arguments: [context] };
    case 'forbidden':
      return { command: 'workbench.action.openSettings', title: 'Configure namespaces', arguments: ['rolloutLens.cluster.namespaces'] };
    case 'notInstalled':
      return { command: 'rolloutLens.refresh', title: 'Check again', arguments: [context] };
    default:
      return undefined;
  }
}

/** Which engines a context has, for the empty-context row's tooltip. */
export function engineText(model: ModelView): string {
  const e = model.engines;
  if (!e) return '';
  const parts = [];
  if (e.argo.installed) parts.push(`Argo Rollouts ${e.argo.version ?? e.argo.apiVersion ?? ''}`.trim());
  if (e.flagger.installed) parts.push(`Flagger ${e.flagger.version ?? e.flagger.apiVersion ?? ''}`.trim());
  return parts.length ? `Installed: ${parts.join(', ')}` : '';
}
