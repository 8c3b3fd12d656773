/**
 * Property-based robustness of the validation engine (and the schema hover/completion that share its
 * parse): corpus documents mutated by deleted lines, swapped value types, random characters and deep
 * nesting. Asserted: nothing throws, every range lies inside the text, the amount of output is
 * bounded, and an engine that saw the original (incremental path) agrees with a fresh one.
 * No timing assertions: "bounded time" is shown by every run finishing and by the size and nesting
 * limits skipping what would be expensive.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { MAX_FLOW_DEPTH, ValidationEngine, type FileValidation } from '../../../../src/core/validation/engine';
import { schemaCompletionsAt, schemaHoverAt } from '../../../../src/core/schema/schemaAssist';
import { MAX_PROBLEMS } from '../../../../src/core/schema/validateValue';

const corpusDir = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'corpus');
const index = JSON.parse(fs.readFileSync(path.join(corpusDir, 'INDEX.json'), 'utf8')) as { file: string; expected: string }[];
// A spread of kinds and shapes: every 7th corpus file keeps the run small but varied.
const samples = index.filter((_, i) => i % 7 === 0).map((e) => fs.readFileSync(path.join(corpusDir, e.file), 'utf8'));
const options = { argoSchemaVersion: 'latest' as const, maxFileBytes: 2 * 1024 * 1024 };

type Mutation = (text: string) => string;

const deleteLines = fc.array(fc.nat(), { minLength: 1, maxLength: 6 }).map(
  (picks): Mutation =>
    (text) => {
      const lines = text.split('\n');
      for (const p of picks) if (lines.length > 1) lines.splice(p % lines.length, 1);
      return lines.join('\n');
    },
);

const REPLACEMENTS = ['[]', '{}', '[1, 2]', '{a: 1}', '"text"', '42', '-1.5', 'true', 'null', '~', '""', '"2024-01-01T00:00:00Z"', '*alias', '&anchor x', '|\n  block'];
const swapTypes = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...REPLACEMENTS)), { minLength: 1, maxLength: 5 }).map(
  (swaps): Mutation =>
    (text) => {
      const lines = text.split('\n');
      for (const [p, r] of swaps) {
        const i = p % lines.length;
        lines[i] = lines[i].replace(/^(\s*(?:- )?[^:#]+:)\s.*$/, `$1 ${r}`).replace(/^(\s*- )[^:]*$/, `$1${r}`);
      }
      return lines.join('\n');
    },
);

const randomChars = fc.array(fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 8 })), { minLength: 1, maxLength: 5 }).map(
  (inserts): Mutation =>
    (text) => {
      let out = text;
      for (const [p, s] of inserts) {
        const at = p % (out.length + 1);
        out = out.slice(0, at) + s + out.slice(at);
      }
      return out;
    },
);

const deepNesting = fc.tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom('block', 'seq', 'flow')).map(
  ([depth, style]): Mutation =>
    (text) => {
      let nest: string;
      if (style === 'block') nest = Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n';
      else if (style === 'seq') nest = Array.from({ length: depth }, (_, i) => `${' '.repeat(i * 2)}- `).join('\n') + 'x\n';
      else nest = `deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      const at = text.indexOf('\nspec:');
      return at < 0 ? nest + text : text.slice(0, at + 1) + nest + text.slice(at + 1);
    },
);

const mutation = fc.oneof(deleteLines, swapTypes, randomChars, deepNesting);

function assertSound(text: string, r: FileValidation): void {
  for (const f of r.findings) {
    assert.ok(Number.isInteger(f.range.start) && Number.isInteger(f.range.end), `integer range ${JSON.stringify(f.range)}`);
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `range ${JSON.stringify(f.range)} outside ${text.length}`);
    assert.ok(f.message.length > 0 && f.code.includes('/'));
  }
  const docs = Math.max(1, r.file.documents.length);
  assert.ok(r.findings.length <= docs * (MAX_PROBLEMS + 100), `bounded output: ${r.findings.length} findings for ${docs} documents`);
}

const sortKey = (r: FileValidation) => r.findings.map((f) => `${f.range.start}:${f.range.end}:${f.code}:${f.message}`).sort();

describe('ValidationEngine under mutation (fast-check)', () => {
  it('never throws, keeps ranges inside the text, bounds its output, and incremental equals fresh', () => {
    fc.assert(
      fc.property(fc.nat(samples.length - 1), mutation, fc.nat(), (i, mutate, cursor) => {
        const original = samples[i];
        const text = mutate(original);
        const warm = new ValidationEngine(options);
        warm.validate('f', original);
        const incremental = warm.validate('f', text);
        assertSound(text, incremental);
        const fresh = new ValidationEngine(options).validate('f', text);
        assert.deepEqual(sortKey(incremental), sortKey(fresh));
        const offset = text.length ? cursor % (text.length + 1) : 0;
        const hover = schemaHoverAt(fresh.file, offset, 'latest');
        if (hover) assert.ok(hover.range.start >= 0 && hover.range.end <= text.length);
        schemaCompletionsAt(fresh.file, offset, 'v1.9.1');
      }),
      { numRuns: 150 },
    );
  });

  it('survives arbitrary text, not just mutated manifests', () => {
    const engine = new ValidationEngine(options);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (tail) => {
        const text = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n${tail}`;
        assertSound(text, engine.validate('any', text));
      }),
      { numRuns: 200 },
    );
  });

  it('skips a 10 MB file with one notice, and finishes it when the limit allows', () => {
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const s = samples[i % samples.length];
      parts.push(s.endsWith('\n') ? s : s + '\n');
      size += s.length + 1;
    }
    const big = parts.join('---\n');
    const limited = new ValidationEngine(options).validate('big', big);
    assert.deepEqual(limited.findings, []);
    assert.match(limited.skipped?.reason ?? '', /larger than the 2 MiB limit/);
    const unlimited = new ValidationEngine({ ...options, maxFileBytes: 64 * 1024 * 1024 }).validate('big', big);
    assert.equal(unlimited.skipped, undefined);
    assert.ok(unlimited.file.documents.length > 1000);
    assertSound(big, unlimited);
  });

  it('skips flow nesting beyond the limit rather than hanging', () => {
    const r = new ValidationEngine(options).validate('deep', `a: ${'{'.repeat(MAX_FLOW_DEPTH * 8)}`);
    assert.ok(r.skipped);
  });
});
