import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationMode, parseTestAnswer, typedNameProblem } from '../../../../src/core/actions/confirmation';

test('production requires the typed name even when skipping is allowed', () => {
  assert.equal(confirmationMode({ production: true, skipConfirmationForNonProduction: true }), 'typedName');
  assert.equal(confirmationMode({ production: false, skipConfirmationForNonProduction: false }), 'modal');
  assert.equal(confirmationMode({ production: false, skipConfirmationForNonProduction: true }), 'none');
});

test('typed name must match exactly (surrounding blanks ignored)', () => {
  assert.equal(typedNameProblem(' web ', 'web'), undefined);
  assert.match(typedNameProblem('we', 'web')!, /Type web/);
  assert.match(typedNameProblem('WEB', 'web')!, /Type web/);
});

test('test answers parse from the environment value; anything else is no answer', () => {
  assert.equal(parseTestAnswer('1'), 'accept');
  assert.equal(parseTestAnswer('accept'), 'accept');
  assert.equal(parseTestAnswer('reject'), 'reject');
  assert.equal(parseTestAnswer('0'), 'reject');
  assert.equal(parseTestAnswer(''), undefined);
  assert.equal(parseTestAnswer('maybe'), undefined);
  assert.equal(parseTestAnswer(undefined), undefined);
});
