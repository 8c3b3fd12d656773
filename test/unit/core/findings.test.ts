import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath, lineStarts, positionAt } from '../../../src/core/findings';

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
