/**
 * The Events that belong to one rollout or canary: those whose `involvedObject` is the object itself
 * or one of its ReplicaSets, AnalysisRuns and Experiments (matched by UID when the event has one,
 * else by kind and name, as `kubectl describe` does with its field selector), newest first.
 * Handles both event shapes the API serves: core/v1 (`lastTimestamp`, `count`) and the
 * events.k8s.io series (`eventTime`, `series.lastObservedTime`, `series.count`).
 */
import { ageOf } from '../util/goDuration';
import { asInt, asObject, asString, at, parseTime } from '../util/json';
import type { EventView } from './viewModel';

export interface InvolvedObject {
  kind: string;
  name: string;
  uid?: string;
}

export const MAX_EVENTS = 50;

function eventTime(e: Record<string, unknown>): number {
  const t = parseTime(at(e, 'series', 'lastObservedTime')) ?? parseTime(e.lastTimestamp) ?? parseTime(e.eventTime) ?? parseTime(e.firstTimestamp) ?? parseTime(at(e, 'metadata', 'creationTimestamp'));
  return t ? t.getTime() : 0;
}

export function eventsFor(events: unknown[], involved: InvolvedObject[], now: Date, limit = MAX_EVENTS): EventView[] {
  const byName = new Map(involved.map((i) => [`${i.kind}/${i.name}`, i.uid ?? '']));
  const out: EventView[] = [];
  for (const raw of events) {
    const e = asObject(raw);
    const io = asObject(e.involvedObject ?? e.regarding);
    const uid = asString(io.uid);
    const ref = `${asString(io.kind)}/${asString(io.name)}`;
    const known = byName.get(ref);
    // Same kind and name but another UID: an earlier object of that name (deleted and re-created).
    if (known === undefined || (uid !== '' && known !== '' && uid !== known)) continue;
    const atMs = eventTime(e);
    out.push({
      type: asString(e.type) || 'Normal',
      reason: asString(e.reason),
      message: asString(e.message ?? e.note),
      object: ref,
      count: Math.max(1, asInt(e.count) || asInt(at(e, 'series', 'count'))),
      at: atMs,
      age: atMs ? ageOf(new Date(atMs), now) : '',
    });
  }
  out.sort((a, b) => b.at - a.at || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  return out.slice(0, limit);
}
