/**
 * Which model change keys (`<group>/<Kind>/<namespace>/<name>`, src/k8s objectKey) can change a details
 * panel: the workload itself and, for a Rollout, the ReplicaSets, Pods, AnalysisRuns and Experiments of
 * its namespace (ownership is resolved when the panel renders; a cheap namespace test here keeps an
 * unrelated namespace's churn from waking it). A Canary's panel reads only the Canary. Events (watched per
 * namespace while a panel is open) wake a panel when they are about its object or what it owns.
 */
import { workloadKey } from '../tree/workloadKeys';
import { knownKind, type WorkloadKind } from '../kinds';
import { asObject, asString } from '../util/json';

/** Key prefixes (`<group>/<Kind>/`) of what a Rollout's panel shows besides the Rollout. */
const ROLLOUT_RELATED = ['apps/ReplicaSet/', 'core/Pod/', ...(['AnalysisRun', 'Experiment'] as const).map((k) => `${knownKind(k).group}/${k}/`)];

export function keyConcerns(key: string, kind: WorkloadKind, namespace: string, name: string): boolean {
  if (key === workloadKey(kind, namespace, name)) return true;
  if (kind !== 'Rollout') return false;
  const prefix = ROLLOUT_RELATED.find((p) => key.startsWith(p));
  return prefix !== undefined && key.slice(prefix.length).startsWith(`${namespace}/`);
}

/** The panel's identity: one panel per object per context. */
export function panelId(ref: { context: string; kind: WorkloadKind; namespace: string; name: string }): string {
  return `${ref.context}|${workloadKey(ref.kind, ref.namespace, ref.name)}`;
}

/** Whether an Event is about the workload or what it owns (named after it: see eventConcerns). */
function aboutWorkload(event: unknown, name: string): boolean {
  const e = asObject(event);
  const involved = asString(asObject(e.involvedObject ?? e.regarding).name);
  return involved === name || involved.startsWith(`${name}-`);
}

const NO_KEYS: ReadonlySet<string> = new Set();

/**
 * Whether a changed Event (its key and, when it still exists, the object) concerns a panel: one of the
 * panel's namespace whose involved object is the workload or is named after it as its owner names what it
 * creates (`<rollout>-<hash>` ReplicaSets, `<rollout>-<hash>-<revision>-<step>` runs, `<target>-primary`).
 * A deleted Event (expired, or deleted by hand) is gone from the model by the time the change arrives, so
 * its involved object is unknown: it concerns the panel when its key is one the panel's last render had
 * among its Events (`shown`, from concerningEventKeys), so that it leaves the list at once.
 */
export function eventConcerns(key: string, event: unknown, namespace: string, name: string, shown: ReadonlySet<string> = NO_KEYS): boolean {
  if (!key.startsWith(`core/Event/${namespace}/`)) return false;
  if (event === undefined) return shown.has(key);
  return aboutWorkload(event, name);
}

/** The model keys (`core/Event/<namespace>/<name>`) of a namespace's Events that concern the panel of `name`. */
export function concerningEventKeys(events: readonly unknown[], namespace: string, name: string): Set<string> {
  const keys = new Set<string>();
  for (const e of events) {
    const eventName = asString(asObject(asObject(e).metadata).name);
    if (eventName !== '' && aboutWorkload(e, name)) keys.add(`core/Event/${namespace}/${eventName}`);
  }
  return keys;
}
