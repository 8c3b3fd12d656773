/**
 * Small pieces of wording and matching shared by the validator, hover and completion: how a
 * schema's type is named, how a value is quoted in a message, "did you mean" suggestions, the
 * placeholder a missing field is inserted with, and the formats the API server actually checks.
 */
import type { SchemaNode } from './catalog';
import { valueText } from '../util/json';

/** The type a user reads: "integer or string" for int-or-string, "any" for preserve-unknown nodes. */
export function typeLabel(s: SchemaNode): string {
  if (s['x-kubernetes-int-or-string']) return 'integer or string';
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object' && !s.properties) {
    return `map of ${typeLabel(s.additionalProperties)}`;
  }
  if (s.type === 'array' && s.items) return `list of ${typeLabel(s.items)}`;
  if (s.type) return s.type;
  if (s['x-kubernetes-preserve-unknown-fields']) return 'any';
  return 'any';
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `string ${quote(v)}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `integer ${v}` : `number ${v}`;
  return `${typeof v} ${valueText(v)}`;
}

export function quote(s: string): string {
  const short = s.length > 40 ? `${s.slice(0, 37)}...` : s;
  return JSON.stringify(short);
}

/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), so
 * `lables` is one step from `labels`; cut off early once it exceeds `max` (only close names matter).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, before[j - 2] + 1);
      cur[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** The sibling a misspelt key most likely meant: case-insensitive match, or a small edit distance. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const exactCase = candidates.find((c) => c.toLowerCase() === lower);
  if (exactCase) return exactCase;
  const max = Math.max(1, Math.min(3, Math.floor(name.length / 4)));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), max);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** What `insertKey` puts after `key: ` so the document stays valid YAML and the type is obvious. */
export function placeholderFor(s: SchemaNode | undefined): string {
  if (!s) return '""';
  if (s.enum && s.enum.length) return JSON.stringify(s.enum.find((e) => e !== '') ?? s.enum[0]);
  if (s['x-kubernetes-int-or-string']) return '""';
  switch (s.type) {
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    default:
      return '""';
  }
}

// kube-openapi strfmt accepts RFC 3339 and the ISO 8601 variants Go's time layouts cover: optional
// seconds and fraction, `T`, `t` or a blank between date and time, `Z`, `z` or a numeric offset
// (with or without colon), or no zone at all (local time).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$/;

export function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

/**
 * Formats the API server validates (kubernetes/kube-openapi `pkg/validation/strfmt/format.go`;
 * unknown formats are ignored, as the API reference of `JSONSchemaProps.format` says): of the ones these CRDs use, only
 * `date-time`. `int32`, `int64`, `string` and `url` are unknown to it and ignored.
 */
export function formatProblem(format: string, s: string): string | undefined {
  if ((format === 'date-time' || format === 'datetime') && !isDateTime(s)) return 'an RFC 3339 date-time such as 2024-01-31T12:00:00Z';
  return undefined;
}

const patternCache = new Map<string, RegExp | null>();

/** Compiled `pattern` (unicode, like ajv and Go RE2 for these patterns); null when JS cannot compile it. */
export function patternRegExp(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re;
}
