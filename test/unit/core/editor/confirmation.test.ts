import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationDetail, confirmationMessage, confirmationMode, matchesAnyContextPattern, matchesContextPattern, typedNameProblem } from '../../../../src/core/editor/confirmation';

test('production requires the typed name even when skipping is allowed', () => {
  assert.equal(confirmationMode({ production: true, skipConfirmationForNonProduction: true }), 'typedName');
  assert.equal(confirmationMode({ production: false, skipConfirmationForNonProduction: false }), 'modal');
  assert.equal(confirmationMode({ production: false, skipConfirmationForNonProduction: true }), 'none');
});

test('context patterns: * wildcard, whole name, case-insensitive, regex characters literal', () => {
  assert.equal(matchesContextPattern('prod-eu', '*prod*'), true);
  assert.equal(matchesContextPattern('PROD-eu', 'prod-*'), true);
  assert.equal(matchesContextPattern('preprod', 'prod*'), false);
  assert.equal(matchesContextPattern('a.b', 'a.b'), true);
  assert.equal(matchesContextPattern('axb', 'a.b'), false);
  assert.equal(matchesContextPattern('anything', '  '), false);
  assert.equal(matchesAnyContextPattern('kind-dev', ['*prod*', '*prd*']), false);
  assert.equal(matchesAnyContextPattern('eks-prd-1', ['*prod*', '*prd*']), true);
});

test('the message names the action, kind, namespace, name and context', () => {
  const s = { context: 'prod-eu', namespace: 'payments', kind: 'Rollout', name: 'web' };
  assert.equal(confirmationMessage('Promote', s, true), 'Promote Rollout payments/web in context prod-eu? prod-eu is a production context.');
  assert.equal(confirmationDetail(['a', 'b']), '• a\n• b');
  assert.equal(typedNameProblem(' web ', 'web'), undefined);
  assert.match(typedNameProblem('we', 'web')!, /Type web/);
});
