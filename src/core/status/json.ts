/**
 * Defensive readers for Kubernetes objects as the API server returns them (plain JSON, no typed client).
 * Live objects can be anything: an old CRD version, a half-written status, a hand-edited fixture. Every
 * reader returns a safe default instead of throwing, the way Go's zero values make upstream's code total.
 */

/** A Kubernetes object (or any JSON object) as parsed from the wire. */
export type KubeObject = Record<string, unknown>;

export function asObject(v: unknown): KubeObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as KubeObject) : {};
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A string field, '' when absent or not a string (Go's zero value). */
export function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** An integer field, `fallback` when absent. Accepts numeric strings, as some fixtures carry them. */
export function asInt(v: unknown, fallback = 0): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number.parseInt(v, 10);
  return fallback;
}

/** An optional integer: undefined when absent (Go's *int32 nil). */
export function asOptionalInt(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = asInt(v, Number.NaN);
  return Number.isNaN(n) ? undefined : n;
}

export function asBool(v: unknown): boolean {
  return v === true;
}

/** Walks a path of keys; any missing link yields undefined. */
export function at(root: unknown, ...path: string[]): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as KubeObject)[key];
  }
  return cur;
}

export function metadataOf(o: unknown): { name: string; namespace: string; uid: string; creationTimestamp: string; labels: Record<string, string>; annotations: Record<string, string>; generation: number; ownerUids: string[] } {
  const m = asObject(asObject(o).metadata);
  return {
    name: asString(m.name),
    namespace: asString(m.namespace),
    uid: asString(m.uid),
    creationTimestamp: asString(m.creationTimestamp),
    labels: stringMap(m.labels),
    annotations: stringMap(m.annotations),
    generation: asInt(m.generation),
    ownerUids: asArray(m.ownerReferences).map((r) => asString(asObject(r).uid)).filter((u) => u !== ''),
  };
}

/** A label/annotation map with only string values. Returns the object itself (read-only) when already clean:
 *  this runs for every object on every watch event, so it avoids copying. */
export function stringMap(v: unknown): Record<string, string> {
  const o = asObject(v);
  for (const k in o) {
    if (typeof o[k] !== 'string') {
      const out: Record<string, string> = {};
      for (const [key, val] of Object.entries(o)) if (typeof val === 'string') out[key] = val;
      return out;
    }
  }
  return o as Record<string, string>;
}

/** Parses an RFC 3339 timestamp; undefined when absent or malformed. */
export function parseTime(v: unknown): Date | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t);
}
