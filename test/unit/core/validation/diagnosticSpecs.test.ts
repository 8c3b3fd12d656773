import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../../src/core/findings';
import { findingsToSpecs, formatBytes, isScannablePath, oversizedNotice } from '../../../../src/core/validation/diagnosticSpecs';

const f = (start: number, end: number, code = 'schema/x', message = 'm'): Finding => ({
  code,
  severity: 'error',
  message,
  range: { start, end },
  path: [],
  source: 'schema',
});

test('findings become specs with their offsets, severity, code and message', () => {
  assert.deepEqual(findingsToSpecs([f(1, 2, 'a', 'first'), f(5, 9)]), [
    { start: 1, end: 2, severity: 'error', code: 'a', message: 'first' },
    { start: 5, end: 9, severity: 'error', code: 'schema/x', message: 'm' },
  ]);
});

test('oversized notice names size, limit and the setting', () => {
  const n = oversizedNotice(5 * 1024 * 1024, 2 * 1024 * 1024);
  assert.equal(n.severity, 'info');
  assert.match(n.message, /5\.0 MB.*2\.0 MB.*rolloutLens\.validation\.maxFileSize/);
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(2048), '2.0 KB');
});

test('scannable paths are YAML outside dependency and VCS folders', () => {
  assert.equal(isScannablePath('/repo/apps/rollout.yaml'), true);
  assert.equal(isScannablePath('C:\\repo\\apps\\x.YML'), true);
  assert.equal(isScannablePath('/repo/node_modules/pkg/x.yaml'), false);
  assert.equal(isScannablePath('/repo/.git/x.yaml'), false);
  assert.equal(isScannablePath('/repo/apps/x.json'), false);
});
