/**
 * Pure helpers of the schema oracle: how kubectl splits a file into documents, and which field
 * paths an API server error names, normalized to the validator's `formatPath` form
 * (`spec.strategy.canary.steps[0].setWeight`, no leading dot).
 */

/**
 * The documents of a file as kubectl reads them (k8s.io/apimachinery/pkg/util/yaml YAMLReader): a
 * line starting with `---` ends a document when what follows on it is empty or a comment.
 */
export function splitKubectlDocuments(text: string): string[] {
  const docs: string[] = [];
  let cur: string[] = [];
  for (const line of text.split(/(?<=\n)/)) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest === '' || rest.startsWith('#')) {
        docs.push(cur.join(''));
        cur = [];
        continue;
      }
    }
    cur.push(line);
  }
  docs.push(cur.join(''));
  return docs;
}

/** A document with nothing but comments and blank lines (kubectl skips it). */
export function isBlankDocument(text: string): boolean {
  return text.split('\n').every((l) => l.trim() === '' || l.trim().startsWith('#'));
}

const FIELD_ERRORS = 'Invalid value|Required value|Unsupported value|Duplicate value|Too many|Too long|Forbidden|Not found|Exceeded quota|Internal error';

/** `.spec.x` / `spec.x` / `spec.steps[0].x` → `spec.steps[0].x`. */
export function normalizePath(p: string): string {
  return p.trim().replace(/^\./, '');
}

export type ServerErrorKind = 'strict-decoding' | 'invalid' | 'decode' | 'yaml' | 'not-found' | 'other';

export interface ServerError {
  kind: ServerErrorKind;
  /** Field paths the message names (normalized), in order, without duplicates. */
  paths: string[];
}

/**
 * What an API server (or kubectl client-side) error message says: its kind and the field paths.
 * - strict decoding: `unknown field "spec.foo"`, `duplicate field "spec.bar"`;
 * - field errors (422): `spec.replicas: Invalid value: ...`, `metadata.name: Required value: ...`
 *   (`<nil>` entries name no field);
 * - Go decoding: `cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`;
 * - YAML that does not convert: `error converting YAML to JSON: yaml: line 3: ...`.
 */
export function parseServerError(message: string): ServerError {
  const paths: string[] = [];
  const add = (p: string) => {
    const n = normalizePath(p);
    if (n && !paths.includes(n)) paths.push(n);
  };
  let kind: ServerErrorKind = 'other';
  if (/error converting YAML to JSON|yaml: (line \d+|unmarshal errors|did not find|mapping values|could not find)/.test(message) && !/strict decoding error/.test(message)) kind = 'yaml';
  for (const m of message.matchAll(/(?:unknown|duplicate) field "([^"]+)"/g)) {
    kind = 'strict-decoding';
    add(m[1]);
  }
  if (kind === 'other' && /strict decoding error/.test(message)) kind = 'strict-decoding';
  for (const m of message.matchAll(/Go struct field [A-Za-z0-9_]+\.([A-Za-z0-9_.[\]]+) of type/g)) {
    kind = kind === 'other' ? 'decode' : kind;
    add(m[1]);
  }
  const fieldRe = new RegExp(`(?:^|[\\[:]\\s*|, )([A-Za-z_.][\\w.\\[\\]/-]*|<nil>): (?:${FIELD_ERRORS})`, 'g');
  for (const m of message.matchAll(fieldRe)) {
    if (kind === 'other') kind = 'invalid';
    if (m[1] !== '<nil>') add(m[1]);
  }
  if (kind === 'other' && /\bnot found\b/.test(message)) kind = 'not-found';
  return { kind, paths };
}

/**
 * How a server path and one of ours relate: `exact`; `near` when one is an ancestor of the other
 * (the server names `metadata.labels` where we name the value `metadata.labels.tier`); else none.
 */
export function pathRelation(server: string, ours: string): 'exact' | 'near' | undefined {
  if (server === ours) return 'exact';
  const under = (a: string, b: string) => a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
  if (under(ours, server) || under(server, ours)) return 'near';
  // Some server messages leave out list indices (`metadata.ownerReferences.uid: must not be empty`).
  const unindexed = ours.replace(/\[\d+\]/g, '');
  return server === unindexed || under(unindexed, server) ? 'near' : undefined;
}
