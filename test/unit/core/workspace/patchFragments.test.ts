import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/core/findings';
import { withoutIncompleteObjectFindings } from '../../../../src/core/workspace/patchFragments';

const f = (code: string, source: Finding['source']): Finding => ({ code, source, severity: 'error', message: code, range: { start: 0, end: 1 }, path: [] });

test('patch fragments keep value problems and drop completeness problems', () => {
  const all = [
    f('schema/required', 'schema'),
    f('schema/type', 'schema'),
    f('schema/unknown-field', 'schema'),
    f('argo/selector-missing', 'rules'),
    f('references/unresolved', 'references'),
    f('yaml/syntax', 'yaml'),
    f('schema/one-of', 'schema'),
  ];
  assert.deepEqual(
    withoutIncompleteObjectFindings(all).map((x) => x.code),
    ['schema/type', 'schema/unknown-field', 'yaml/syntax'],
  );
});
