/**
 * How tree nodes look: ThemeIcons chosen by phase, descriptions, and MarkdownString tooltips.
 * Presentation only; the state comes from the cluster model through ClusterView.
 */
import * as vscode from 'vscode';
import type { ConnectionState } from '../../k8s/clusterModel';
import type { LiveStatus } from './clusterView';

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

export function connectionDescription(state: ConnectionState, current: boolean, now = Date.now()): string {
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
  void now;
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
