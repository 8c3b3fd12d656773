/**
 * `rollout-lens status` output: the table (both engines in one) and the stable JSON document for scripts.
 * The JSON shape is versioned (`apiVersion: rollout-lens.dev/v1`); fields are only ever added, never renamed.
 * The actions are printed, not decided, here: the rows come from src/core/actions/availability.ts.
 */
import type { StatusSummary } from './summary';
import { alignTabs } from './tabWriter';
import type { WorkloadKind } from '../kinds';

/** A summary with the actions offered now (src/core/actions `LiveSummary` is one). */
export interface StatusRow extends StatusSummary {
  availableActions: readonly string[];
  unavailableActions: readonly { action: string; reason: string }[];
}

export interface StatusTableOptions {
  /** Adds CONTEXT, IMAGES, ACTIONS and MESSAGE columns. */
  wide?: boolean;
  /** The ACTIONS column's words, by action id (src/core/actions `ACTION_TITLES`); the id when missing. */
  actionTitles?: Readonly<Record<string, string>>;
}

function clean(s: string): string {
  // A tab or newline inside a cell would break the alignment.
  return s.replace(/[\t\r\n]+/g, ' ');
}

function weightText(s: StatusRow): string {
  if (!s.weights) return '-';
  return s.weights.set === s.weights.actual ? `${s.weights.actual}` : `${s.weights.actual}/${s.weights.set}`;
}

function stepText(s: StatusRow): string {
  if (s.progress) return s.progress;
  return s.step ? `${s.step.index}/${s.step.count}` : '-';
}

/** Sorted by context, namespace, kind, name; kubectl-style columns separated by 3 spaces. */
export function renderStatusTable(summaries: readonly StatusRow[], opts: StatusTableOptions = {}): string {
  if (summaries.length === 0) return 'No rollouts or canaries found.\n';
  const rows = [...summaries].sort((a, b) => `${a.context ?? ''}\0${a.namespace}\0${a.kind}\0${a.name}`.localeCompare(`${b.context ?? ''}\0${b.namespace}\0${b.kind}\0${b.name}`));
  const header = opts.wide ? ['CONTEXT', 'NAMESPACE', 'NAME', 'KIND', 'STATUS', 'STEP', 'WEIGHT', 'REVISION', 'AGE', 'IMAGES', 'ACTIONS', 'MESSAGE'] : ['NAMESPACE', 'NAME', 'KIND', 'STATUS', 'STEP', 'WEIGHT', 'AGE', 'ATTENTION'];
  const lines = [header];
  for (const s of rows) {
    const status = s.statusText;
    if (opts.wide) {
      const images = s.images.map((i) => (i.tags.length ? `${i.image} (${i.tags.join(',')})` : i.image)).join(', ') || '-';
      lines.push(
        [
          s.context ?? '-',
          s.namespace,
          s.name,
          s.kind,
          status,
          stepText(s),
          weightText(s),
          s.revision || '-',
          s.age,
          images,
          s.availableActions.map((a) => opts.actionTitles?.[a] ?? a).join(',') || '-',
          s.attention?.message || s.message || '',
        ].map(clean),
      );
    } else {
      lines.push([s.namespace, s.name, s.kind, status, stepText(s), weightText(s), s.age, s.attention?.reason ?? ''].map(clean));
    }
  }
  return alignTabs(lines.map((l) => l.join('\t')).join('\n') + '\n', 3)
    .split('\n')
    .map((l) => l.replace(/ +$/, ''))
    .join('\n');
}

export interface StatusJsonItem {
  context: string | null;
  engine: 'argo' | 'flagger';
  kind: WorkloadKind;
  namespace: string;
  name: string;
  health: string;
  status: string;
  message: string;
  description: string;
  revision: string | null;
  step: { index: number; count: number } | null;
  weights: { set: number; actual: number; measured: boolean } | null;
  progress: string | null;
  images: { image: string; tags: string[] }[];
  attention: { reason: string; message: string } | null;
  actions: { available: string[]; unavailable: { action: string; reason: string }[] };
  age: string;
}

export interface StatusJson {
  apiVersion: 'rollout-lens.dev/v1';
  kind: 'StatusList';
  items: StatusJsonItem[];
  /** Contexts that could not be read, with the reason (unreachable, unauthorized…). */
  errors: { context: string; message: string }[];
}

export function toStatusJson(summaries: readonly StatusRow[], errors: { context: string; message: string }[] = []): StatusJson {
  return {
    apiVersion: 'rollout-lens.dev/v1',
    kind: 'StatusList',
    items: summaries.map((s) => ({
      context: s.context ?? null,
      engine: s.engine,
      kind: s.kind,
      namespace: s.namespace,
      name: s.name,
      health: s.health,
      status: s.statusText,
      message: s.message,
      description: s.description,
      revision: s.revision || null,
      step: s.step ?? null,
      weights: s.weights ?? null,
      progress: s.progress || null,
      images: s.images,
      attention: s.attention ?? null,
      actions: { available: [...s.availableActions], unavailable: s.unavailableActions.map((u) => ({ ...u })) },
      age: s.age,
    })),
    errors,
  };
}
