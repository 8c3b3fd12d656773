/**
 * ajv as an independent oracle for the standard JSON Schema keywords. Our walk (schemaFindings)
 * implements the API server's semantics, which are stricter than plain JSON Schema (closed objects,
 * list-map keys, embedded metadata), so the relation checked is one-way: every document ajv rejects
 * against the same generated schema, after the API server's own preprocessing (nulls pruned, status
 * dropped where a status subresource ignores it), must be rejected by us too, at or below the path
 * ajv names. Run over every corpus document and deterministic type-swapping mutations of them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import type { ManifestDocument } from '../../../../src/core/manifest/manifestDocument';
import { schemaFindings, hasBlockingSyntaxErrors } from '../../../../src/core/validation/schemaFindings';

const root = path.resolve(__dirname, '..', '..', '..', '..');
const corpusDir = path.join(root, 'test', 'fixtures', 'corpus');
const index = JSON.parse(fs.readFileSync(path.join(root, 'schemas', 'index.json'), 'utf8')) as { kind: string; versions: string[]; file: string }[];

const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true, string: true, url: true } });
addFormats(ajv, ['date-time']);
const validators = new Map<string, ValidateFunction>();
function validatorFor(kind: string): ValidateFunction | undefined {
  if (!validators.has(kind)) {
    const entry = index.find((e) => e.kind === kind && e.versions.includes('latest'));
    if (!entry) return undefined;
    validators.set(kind, ajv.compile(JSON.parse(fs.readFileSync(path.join(root, 'schemas', entry.file), 'utf8'))));
  }
  return validators.get(kind);
}

/** What the API server validates: null fields pruned, status dropped where the status subresource ignores it. */
function asServerSees(value: unknown, statusSubresource: boolean): unknown {
  const prune = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(prune);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = prune(x);
      return out;
    }
    return v;
  };
  const pruned = prune(value) as Record<string, unknown>;
  if (statusSubresource) delete pruned.status;
  return pruned;
}

const pointerPath = (p: string) =>
  p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

function checkAgreement(md: ManifestDocument, label: string): { ajvRejected: boolean } {
  const validate = md.known && validatorFor(md.known.kind);
  if (!validate || md.templated || hasBlockingSyntaxErrors(md) || !md.value || typeof md.value !== 'object') return { ajvRejected: false };
  const ok = validate(asServerSees(md.value, md.known!.statusSubresource));
  const errors = [...(validate.errors ?? [])];
  if (ok) return { ajvRejected: false };
  const ours = schemaFindings(md, 'latest')
    .filter((f) => f.severity === 'error')
    .map((f) => f.path.map(String));
  assert.ok(ours.length > 0, `${label}: ajv rejects (${errors.map((e) => `${e.instancePath} ${e.message}`).join('; ')}) but we report nothing`);
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue; // reported through their branches' paths
    const at = pointerPath(e.instancePath);
    const covered = ours.some((p) => at.slice(0, Math.min(at.length, p.length)).every((s, i) => s === p[i]));
    assert.ok(covered, `${label}: ajv error at ${e.instancePath || '/'} (${e.message}) has no finding of ours on that path; ours: ${ours.map((p) => p.join('.')).join(', ')}`);
  }
  return { ajvRejected: true };
}

/** Deterministic mutations: each scalar leaf in turn (up to a cap) gets a value of another type. */
function mutations(md: ManifestDocument, cap: number): string[] {
  const out: string[] = [];
  const leaves: Node[] = [];
  const walk = (n: unknown) => {
    if (isMap(n)) for (const it of n.items) walk(it.value);
    else if (isSeq(n)) for (const it of n.items) walk(it);
    else if (isScalar(n) && n.range) leaves.push(n);
  };
  walk(md.doc.contents);
  const step = Math.max(1, Math.floor(leaves.length / cap));
  for (let i = 0; i < leaves.length && out.length < cap; i += step) {
    const leaf = leaves[i] as Node & { value: unknown; range: [number, number, number] };
    const replacement = typeof leaf.value === 'number' ? '"seven"' : typeof leaf.value === 'boolean' ? '[1]' : '{x: 1}';
    out.push(md.text.slice(0, leaf.range[0]) + replacement + md.text.slice(leaf.range[1]));
  }
  return out;
}

interface Entry {
  file: string;
}
const corpus = (JSON.parse(fs.readFileSync(path.join(corpusDir, 'INDEX.json'), 'utf8')) as Entry[]).map((e) => ({ file: e.file, text: fs.readFileSync(path.join(corpusDir, e.file), 'utf8') }));

describe('schema findings agree with ajv on the standard keywords', () => {
  it('every corpus document ajv rejects, we reject on the same path', () => {
    let checked = 0;
    for (const c of corpus)
      for (const md of parseManifestFile(c.text).documents)
        if (md.known) {
          checked++;
          checkAgreement(md, c.file);
        }
    assert.ok(checked > 300, `checked ${checked} documents`);
  });

  it('type-swapping mutations of corpus documents: ajv rejections are ours too', () => {
    let rejected = 0;
    let total = 0;
    for (const c of corpus.slice(0, 120))
      for (const md of parseManifestFile(c.text).documents)
        if (md.known && !md.templated) {
          for (const text of mutations(md, 6)) {
            const mutated = parseManifestFile(text).documents[0];
            if (!mutated) continue;
            total++;
            if (checkAgreement(mutated, `${c.file} (mutated)`).ajvRejected) rejected++;
          }
        }
    // The mutations must actually exercise the comparison, or this test proves nothing.
    assert.ok(rejected > 50, `ajv rejected ${rejected} of ${total} mutated documents`);
  });
});
