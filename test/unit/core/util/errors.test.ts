import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessage, errorText } from '../../../../src/core/util/errors';

test('errorMessage is one line for a user: the message, never the stack', () => {
  const e = new TypeError('bad value');
  assert.equal(errorMessage(e), 'bad value');
  assert.equal(errorMessage('plain string'), 'plain string');
  assert.equal(errorMessage(42), '42');
  assert.equal(errorMessage(undefined), 'undefined');
});

test('errorText keeps what a log needs: name, message and stack', () => {
  const e = new TypeError('bad value');
  const text = errorText(e);
  assert.match(text, /^TypeError: bad value\n\s+at /);
  const noStack = new RangeError('out of range');
  noStack.stack = undefined;
  assert.equal(errorText(noStack), 'RangeError: out of range');
  assert.equal(errorText({ toString: () => 'custom' }), 'custom');
});
