/**
 * The details panel's model of a Flagger Canary: where it is on Flagger's phase path, weight and
 * iterations against their targets, failed checks against the threshold, metrics with thresholds, the
 * webhooks with their type and (for gates) the loadtester's answer, conditions and the canary's events
 * (Flagger records every advance, halt and rollback as an Event on the Canary, `pkg/controller/events.go`).
 *
 * The phase path follows `pkg/controller/scheduler.go`: Initializing → Initialized → (Waiting, behind a
 * confirm-rollout gate) → Progressing → (WaitingPromotion, behind a confirm-promotion gate) → Promoting →
 * Finalising → Succeeded; a failed analysis ends in Failed from wherever it was.
 */
import { awaitedGate } from '../actions/flagger';
import { interpretCanary } from '../status/flagger';
import { asArray, asObject, at, metadataOf } from '../util/json';
import { summarizeCanary } from '../actions/availability';
import { actionButtons, conditionViews, type CommandOf } from './common';
import { eventsFor } from './events';
import type { CanaryDetails, PhaseStepView } from './viewModel';

export interface CanaryDetailsInput {
  context: string;
  canary: unknown;
  events: unknown[];
  now: Date;
  commandOf: CommandOf;
  /** By webhook name: what the loadtester said ('open', 'closed', 'checking…'). */
  gateStates?: Record<string, string>;
  /** Phases observed while the panel was open. */
  history?: { phase: string; at: number }[];
}

const GATE_TYPES = new Set(['confirm-rollout', 'confirm-promotion', 'confirm-traffic-increase', 'rollback']);

const CANARY_ICONS: Record<string, string> = { Succeeded: '✔', Initialized: '✔', Failed: '✖', Waiting: '॥', WaitingPromotion: '॥', Terminated: '•', Terminating: '◌' };

export function canaryPhasePath(phase: string, webhookTypes: string[]): PhaseStepView[] {
  const path = ['Initializing', 'Initialized'];
  if (webhookTypes.includes('confirm-rollout') || phase === 'Waiting') path.push('Waiting');
  path.push('Progressing');
  if (webhookTypes.includes('confirm-promotion') || phase === 'WaitingPromotion') path.push('WaitingPromotion');
  path.push('Promoting', 'Finalising', 'Succeeded');
  if (phase === 'Failed' || phase === 'Terminating' || phase === 'Terminated') {
    // The analysis ran (Progressing) and then failed or the canary was deleted.
    const upTo = path.indexOf('Progressing');
    return [...path.slice(0, upTo + 1).map((p) => ({ phase: p, state: 'done' as const })), { phase, state: phase === 'Failed' ? ('failed' as const) : ('current' as const) }];
  }
  const at_ = path.indexOf(phase);
  return path.map((p, i) => ({ phase: p, state: at_ < 0 ? 'pending' : i < at_ ? 'done' : i === at_ ? (phase === 'Succeeded' ? 'done' : 'current') : 'pending' }));
}

/** Appends `phase` to an observed history when it differs from the last entry (returns the same array otherwise). */
export function withPhase(history: { phase: string; at: number }[], phase: string, at: number, max = 20): { phase: string; at: number }[] {
  if (phase === '' || history[history.length - 1]?.phase === phase) return history;
  return [...history, { phase, at }].slice(-max);
}

export function canaryDetails(input: CanaryDetailsInput): CanaryDetails {
  const { canary, now } = input;
  const info = interpretCanary(canary, now);
  const summary = summarizeCanary(canary, now);
  const m = metadataOf(canary);
  const awaited = awaitedGate(canary);
  const types = info.webhooks.map((w) => w.type);
  const a = info.analysis;
  return {
    kind: 'Canary',
    context: input.context,
    namespace: info.namespace,
    name: info.name,
    age: info.age,
    phase: info.phase || 'Unknown',
    icon: CANARY_ICONS[info.phase] ?? '◌',
    message: info.promoted?.message ?? '',
    attention: summary.attention?.message ?? '',
    phases: canaryPhasePath(info.phase, types),
    history: input.history ?? [],
    lastTransitionAge: info.lastTransitionAge,
    mode: a.mode,
    weight: info.canaryWeight,
    maxWeight: a.maxWeight,
    stepWeight: a.stepWeights.length > 0 ? a.stepWeights.join(', ') : a.stepWeight !== undefined ? String(a.stepWeight) : '',
    iterations: info.iterations,
    iterationsTarget: a.iterations,
    failedChecks: info.failedChecks,
    threshold: a.threshold,
    interval: a.interval,
    target: `${info.target.kind}/${info.target.name}`,
    primary: `${info.primary.kind}/${info.primary.name}`,
    services: info.services,
    suspended: info.suspended,
    skipAnalysis: info.skipAnalysis,
    metrics: info.metrics.map((x) => ({ name: x.name, threshold: x.threshold, interval: x.interval, templateRef: x.templateRef })),
    webhooks: info.webhooks.map((w) => ({ name: w.name, type: w.type, url: w.url, gate: GATE_TYPES.has(w.type) ? (input.gateStates?.[w.name] ?? 'unknown') : '', waiting: awaited !== undefined && w.type === awaited })),
    conditions: conditionViews(asArray(at(asObject(canary), 'status', 'conditions')), now),
    events: eventsFor(input.events, [{ kind: 'Canary', name: m.name, uid: m.uid }], now),
    actions: actionButtons(summary, input.commandOf),
  };
}
