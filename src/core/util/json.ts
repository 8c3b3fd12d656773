/**
 * Readers for plain JSON values: manifests as parsed from YAML and objects as the API server returns
 * them (no typed client). Either can be anything (an old CRD version, a half-written status, a field
 * of the wrong type mid-edit), so every reader returns a safe default instead of throwing, the way
 * Go's zero values make upstream's code total.
 */

/** A JSON object: a Kubernetes object, or any object inside one. */
export type JsonObject = Record<string, unknown>;

/** The value when it is a plain object, else undefined (Go's nil pointer to a struct). */
export function asOptionalObject(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

/** The value when it is a plain object, else an empty one (Go's zero-value struct). */
export function asObject(v: unknown): JsonObject {
  return asOptionalObject(v) ?? {};
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

/**
 * A field's value as text: a scalar the way `String()` prints it, an object or list (a value of the
 * wrong type mid-edit) as its JSON rather than "[object Object]".
 */
export function valueText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'object':
      return JSON.stringify(v);
    default:
      return String(v);
  }
}

/** Go's nil-pointer test for an optional struct field: present in YAML (even `{}`) and not null. */
export function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** Walks a path of keys (objects) and indexes (arrays); undefined as soon as a step is missing. */
export function at(root: unknown, ...path: readonly (string | number)[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (typeof seg === 'number') cur = Array.isArray(cur) ? cur[seg] : undefined;
    else cur = asOptionalObject(cur)?.[seg];
    if (cur === undefined) return undefined;
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
    ownerUids: asArray(m.ownerReferences)
      .map((r) => asString(asObject(r).uid))
      .filter((u) => u !== ''),
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
