/**
 * Label and field selectors in their query-string form, parsed as apimachinery does
 * (`k8s.io/apimachinery/pkg/labels/selector.go`, `pkg/fields/selector.go`):
 *   labels: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, comma-separated (AND);
 *   fields: `metadata.name=x`, `metadata.namespace!=y` (custom resources support only these two).
 * `!=` and `notin` match objects that lack the label, as upstream.
 */
import type { KubeObject } from './objectStore';

export class SelectorError extends Error {}

type Requirement = { key: string; op: 'exists' | 'notexists' } | { key: string; op: 'in' | 'notin'; values: string[] };

export type LabelSelector = (labels: Record<string, string> | undefined) => boolean;

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?)?$/;

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function checkKey(key: string, whole: string): string {
  if (!KEY.test(key)) throw new SelectorError(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}

function checkValue(v: string, whole: string): string {
  if (!VALUE.test(v) || v.length > 63) throw new SelectorError(`unable to parse requirement: invalid label value "${v}" in "${whole}"`);
  return v;
}

function parseRequirement(part: string): Requirement {
  let m = /^(\S+?)\s+(in|notin)\s*\((.*)\)$/.exec(part);
  if (m) {
    const values = m[3].split(',').map((v) => checkValue(v.trim(), part));
    return { key: checkKey(m[1], part), op: m[2] as 'in' | 'notin', values };
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
  if (m) {
    const value = checkValue(m[3], part);
    return { key: checkKey(m[1], part), op: m[2] === '!=' ? 'notin' : 'in', values: [value] };
  }
  m = /^(!?)\s*([^=!\s()]+)$/.exec(part);
  if (m) return { key: checkKey(m[2], part), op: m[1] ? 'notexists' : 'exists' };
  throw new SelectorError(`unable to parse requirement: found '${part}', expected: in, notin, =, ==, !=, exists`);
}

export function parseLabelSelector(text: string | undefined): LabelSelector {
  if (!text || !text.trim()) return () => true;
  const reqs = splitTop(text).map(parseRequirement);
  return (labels) =>
    reqs.every((r) => {
      const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
      switch (r.op) {
        case 'exists':
          return has;
        case 'notexists':
          return !has;
        case 'in':
          return has && r.values.includes(labels[r.key]);
        case 'notin':
          return !has || !r.values.includes(labels[r.key]);
      }
    });
}

export type FieldSelector = (obj: KubeObject) => boolean;

/** Field getters by field label; custom resources only have these two (plus what a type adds). */
const FIELDS: Record<string, (o: KubeObject) => string> = {
  'metadata.name': (o) => o.metadata.name,
  'metadata.namespace': (o) => o.metadata.namespace ?? '',
};

export function parseFieldSelector(text: string | undefined, extraFields: Record<string, (o: KubeObject) => string> = {}): FieldSelector {
  if (!text || !text.trim()) return () => true;
  const tests = splitTop(text).map((part) => {
    const m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw new SelectorError(`invalid selector: '${part}'; can't understand '${part}'`);
    const get = FIELDS[m[1]] ?? extraFields[m[1]];
    if (!get) throw new SelectorError(`field label not supported: ${m[1]}`);
    const negate = m[2] === '!=';
    const value = m[3].trim();
    return (o: KubeObject) => (get(o) === value) !== negate;
  });
  return (o) => tests.every((t) => t(o));
}
