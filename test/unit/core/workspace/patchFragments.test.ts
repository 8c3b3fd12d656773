import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/core/findings';
import { patchAwareValidator, withoutIncompleteObjectFindings } from '../../../../src/core/workspace/patchFragments';

const f = (code: string, source: Finding['source']): Finding => ({ code, source, severity: 'error', message: code, range: { start: 0, end: 1 }, path: [] });

test('patch fragments keep value problems and drop completeness problems', () => {
  const all = [f('schema/required', 'schema'), f('schema/type', 'schema'), f('schema/unknown-field', 'schema'), f('argo/selector-missing', 'rules'), f('references/unresolved', 'references'), f('yaml/syntax', 'yaml'), f('schema/one-of', 'schema')];
  assert.deepEqual(withoutIncompleteObjectFindings(all).map((x) => x.code), ['schema/type', 'schema/unknown-field', 'yaml/syntax']);
});

test('patchAwareValidator filters only files the index calls patch fragments', () => {
  const inner = { validate: (_u: string, _t: string) => ({ findings: [f('schema/required', 'schema'), f('schema/type', 'schema')] }), forgotten: [] as string[], forget(u: string) { this.forgotten.push(u); } };
  const v = patchAwareValidator(inner, (u) => u === 'patch.yaml');
  assert.deepEqual(v.validate('patch.yaml', '').findings.map((x) => x.code), ['schema/type']);
  assert.deepEqual(v.validate('full.yaml', '').findings.map((x) => x.code), ['schema/required', 'schema/type']);
  v.forget('patch.yaml');
  assert.deepEqual(inner.forgotten, ['patch.yaml']);
});
