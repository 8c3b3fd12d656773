import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { ManifestLocations } from '../../../../src/core/lens/manifestLocations';

const rollout = (name: string, ns?: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: ${name}\n${ns ? `  namespace: ${ns}\n` : ''}spec: {}\n`;

test('finds exact-namespace definitions before namespace-less ones', () => {
  const idx = new ManifestLocations();
  idx.update('file:///b.yaml', parseManifestFile(rollout('web')));
  idx.update('file:///a.yaml', parseManifestFile(rollout('web', 'payments')));
  idx.update('file:///c.yaml', parseManifestFile(rollout('web', 'other')));
  assert.deepEqual(
    idx.find('Rollout', 'payments', 'web').map((l) => l.uri),
    ['file:///a.yaml', 'file:///b.yaml'],
  );
  assert.deepEqual(
    idx.find('Rollout', 'staging', 'web').map((l) => l.uri),
    ['file:///b.yaml'],
  );
  assert.deepEqual(idx.find('Canary', 'payments', 'web'), []);
});

test('re-indexing a file replaces its entries; removing drops them', () => {
  const idx = new ManifestLocations();
  assert.deepEqual(idx.update('file:///a.yaml', parseManifestFile(rollout('web', 'payments'))), ['Rollout/web']);
  assert.deepEqual(idx.update('file:///a.yaml', parseManifestFile(rollout('web', 'payments') + '# edited\n')), [], 'same objects: nothing to refresh');
  assert.deepEqual(idx.update('file:///a.yaml', parseManifestFile(rollout('api', 'payments'))).sort(), ['Rollout/api', 'Rollout/web']);
  assert.equal(idx.has('Rollout', 'payments', 'web'), false);
  assert.equal(idx.has('Rollout', 'payments', 'api'), true);
  assert.deepEqual(idx.remove('file:///a.yaml'), ['Rollout/api']);
  assert.equal(idx.has('Rollout', 'payments', 'api'), false);
  assert.equal(idx.size, 0);
});

test('multi-document files index each workload with its offset', () => {
  const text = rollout('a', 'n') + '---\n' + rollout('b', 'n');
  const idx = new ManifestLocations();
  idx.update('u', parseManifestFile(text));
  const [b] = idx.find('Rollout', 'n', 'b');
  assert.ok(text.slice(b.offset).startsWith('apiVersion'));
  assert.ok(b.offset > 0);
});
