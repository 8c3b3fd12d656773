import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath, lineStarts, positionAt, withSeverityOverrides, type Finding } from '../../../src/core/findings';

const finding = (code: string, severity: Finding['severity'] = 'warning'): Finding => ({ code, severity, message: code, range: { start: 0, end: 1 }, path: [], source: 'references' });

test('formatPath renders Kubernetes field paths', () => {
  assert.equal(formatPath(['spec', 'strategy', 'steps', 1, 'setWeight']), 'spec.strategy.steps[1].setWeight');
  assert.equal(formatPath([]), '');
});

test('positionAt maps offsets to zero-based line and character, CRLF included', () => {
  const starts = lineStarts('a\r\nbc\nd');
  assert.deepEqual(positionAt(starts, 0), { line: 0, character: 0 });
  assert.deepEqual(positionAt(starts, 4), { line: 1, character: 1 });
  assert.deepEqual(positionAt(starts, 6), { line: 2, character: 0 });
});

test('severity overrides change, keep or drop findings by code', () => {
  const input = [finding('references/unresolved'), finding('references/service-labels', 'error'), finding('other')];
  const out = withSeverityOverrides(input, { 'references/unresolved': 'off', 'references/service-labels': 'warning' });
  assert.deepEqual(out.map((f) => [f.code, f.severity]), [['references/service-labels', 'warning'], ['other', 'warning']]);
  assert.equal(withSeverityOverrides(input, undefined).length, 3);
  assert.equal(input[1].severity, 'error', 'the input is not mutated');
});
