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

test('merges lists, removes exact duplicates and sorts by position', () => {
  const specs = findingsToSpecs([[f(10, 12), f(1, 2, 'a')], [f(10, 12), f(5, 6, 'ref/missing')]], 100);
  assert.deepEqual(
    specs.map((s) => [s.start, s.end, s.code]),
    [
      [1, 2, 'a'],
      [5, 6, 'ref/missing'],
      [10, 12, 'schema/x'],
    ],
  );
});

test('clamps ranges into the text, so stale or broken ranges never reach the editor', () => {
  const specs = findingsToSpecs([[f(90, 200), f(-5, 3), f(50, 40), f(NaN, NaN)]], 100);
  for (const s of specs) {
    assert.ok(s.start >= 0 && s.end <= 100 && s.start <= s.end, JSON.stringify(s));
  }
  assert.deepEqual(specs.map((s) => [s.start, s.end]), [[0, 0], [0, 3], [50, 50], [90, 100]]);
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
