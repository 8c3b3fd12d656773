/**
 * Small Kubernetes vocabulary shared by the simulated controllers: the resources they touch, owner
 * references, label selectors, condition bookkeeping and the hash names upstream controllers use.
 *
 * Hashes: Kubernetes and Argo Rollouts name ReplicaSets `<owner>-<hash>` where the hash is FNV-32a of
 * the pod template (plus the collision count) rendered through `rand.SafeEncodeString` (decimal digits
 * mapped onto a consonant/digit alphabet so no words appear). Upstream feeds the Go struct through
 * `spew`; we feed canonical JSON instead, so the hashes have the upstream shape and stability (same
 * template, same hash) but not the same values as a real cluster would compute.
 */
import type { GroupVersionResource, KubeObject, ObjectStore } from '../store/objectStore';
import { recordStatusEvent } from './events';

export const GVR = {
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  pods: { group: '', version: 'v1', resource: 'pods' },
  services: { group: '', version: 'v1', resource: 'services' },
  replicaSets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  deployments: { group: 'apps', version: 'v1', resource: 'deployments' },
  rollouts: { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts' },
  analysisRuns: { group: 'argoproj.io', version: 'v1alpha1', resource: 'analysisruns' },
  analysisTemplates: { group: 'argoproj.io', version: 'v1alpha1', resource: 'analysistemplates' },
  clusterAnalysisTemplates: { group: 'argoproj.io', version: 'v1alpha1', resource: 'clusteranalysistemplates' },
  experiments: { group: 'argoproj.io', version: 'v1alpha1', resource: 'experiments' },
  canaries: { group: 'flagger.app', version: 'v1beta1', resource: 'canaries' },
  metricTemplates: { group: 'flagger.app', version: 'v1beta1', resource: 'metrictemplates' },
} satisfies Record<string, GroupVersionResource>;

export const sameGvr = (a: GroupVersionResource, b: GroupVersionResource): boolean => a.group === b.group && a.resource === b.resource;

/** Annotation tests and scenarios use to decide a simulated measurement: Successful, Failed, Inconclusive, Error. */
export const OUTCOME_ANNOTATION = 'rollout-lens.test/outcome';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `k8s.io/apimachinery/pkg/util/rand.SafeEncodeString`. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(s, 'utf8');
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => (v as any)[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((v as any)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** `controller.ComputeHash(template, collisionCount)` in shape: the pod-template-hash label value. */
export function podTemplateHash(template: unknown, collisionCount?: number): string {
  const base = canonicalJson(template) + (collisionCount ? `#${collisionCount}` : '');
  return safeEncode(String(fnv32a(base)));
}

/** Hash of any JSON value in the same encoding (Argo's `currentStepHash`, Flagger's spec checksums). */
export function objectHash(v: unknown): string {
  return safeEncode(String(fnv32a(canonicalJson(v))));
}

/** Five-character pod name suffix, deterministic per (owner, counter) so tests can name pods. */
export function nameSuffix(seed: string): string {
  let h = fnv32a(seed);
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += SAFE_ALPHABET[h % SAFE_ALPHABET.length];
    h = (Math.floor(h / SAFE_ALPHABET.length) ^ fnv32a(`${seed}/${i}`)) >>> 0;
  }
  return out;
}

/** RFC 3339 with seconds, as metav1.Time serialises. */
export const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function controllerRef(owner: KubeObject): NonNullable<KubeObject['metadata']['ownerReferences']>[number] {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  } as any;
}

export function isOwnedBy(obj: KubeObject, owner: KubeObject): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => r.kind === owner.kind && r.name === owner.metadata.name && (!owner.metadata.uid || !r.uid || r.uid === owner.metadata.uid));
}

export function ownerOfKind(obj: KubeObject, kind: string): string | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.kind === kind && r.controller !== false)?.name;
}

export function matchesLabels(labels: Record<string, string> | undefined, selector: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

export function selectorString(matchLabels: Record<string, string> | undefined): string {
  return Object.entries(matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

export const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
/** Structural equality as JSON sees it (keys with undefined values do not count). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => jsonEqual(v, (b as unknown[])[i]));
  const ak = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
  const bk = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => jsonEqual((a as any)[k], (b as any)[k]));
}

/** Parses a Go duration ("10s", "1m30s", "1h") or a bare number of seconds into milliseconds. */
export function durationMs(v: unknown, fallbackMs?: number): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v * 1000;
  if (typeof v !== 'string' || v.trim() === '') return fallbackMs;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let consumed = 0;
  for (let m = re.exec(v); m; m = re.exec(v)) {
    total += Number(m[1]) * unit[m[2]];
    consumed += m[0].length;
  }
  return consumed === v.length ? total : fallbackMs;
}

/**
 * Condition bookkeeping as upstream `SetRolloutCondition` does it: nothing changes when type, status
 * and reason are the same; lastTransitionTime moves only when the status flips.
 */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export function setCondition(conditions: Condition[], next: Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'>, now: Date): Condition[] {
  const current = conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason && current.message === next.message) return conditions;
  const t = rfc3339(now);
  const cond: Condition = {
    ...next,
    lastUpdateTime: t,
    lastTransitionTime: current && current.status === next.status ? current.lastTransitionTime : t,
  };
  return [...conditions.filter((c) => c.type !== next.type), cond];
}

export const removeCondition = (conditions: Condition[], type: string): Condition[] => conditions.filter((c) => c.type !== type);

/** Writes status only when it changed, so reconciles settle instead of looping on their own events. */
export function writeStatus(store: ObjectStore, gvr: GroupVersionResource, obj: KubeObject, status: unknown): KubeObject {
  if (jsonEqual(obj.status ?? {}, status ?? {})) return obj;
  const written = store.updateStatus(gvr, { ...obj, status });
  // What the real controller records about the change (RolloutPaused, AnalysisRunFailed, Flagger's Synced…).
  recordStatusEvent(store, obj, written);
  return written;
}

/** Creates an object and then sets its status through the status subresource, as a controller must. */
export function createWithStatus(store: ObjectStore, gvr: GroupVersionResource, obj: KubeObject): KubeObject {
  const { status, ...rest } = obj;
  const created = store.create(gvr, rest);
  return status === undefined ? created : writeStatus(store, gvr, created, status);
}

export const keyOf = (obj: { metadata: { namespace?: string; name: string } }): string => `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
export const splitKey = (key: string): [string | undefined, string] => {
  const i = key.indexOf('/');
  return [key.slice(0, i) || undefined, key.slice(i + 1)];
};
