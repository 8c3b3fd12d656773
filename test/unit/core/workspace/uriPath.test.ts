import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basenameOf, dirnameOf, isKustomizationUri, joinUri } from '../../../../src/core/workspace/uriPath';

test('joinUri folds . and .. for file URIs and plain paths', () => {
  assert.equal(joinUri('file:///repo/overlay', '../base/r.yaml'), 'file:///repo/base/r.yaml');
  assert.equal(joinUri('file:///repo/overlay', './p.yaml'), 'file:///repo/overlay/p.yaml');
  assert.equal(joinUri('/repo/a', 'b/../c.yaml'), '/repo/a/c.yaml');
  assert.equal(joinUri('rel/dir', '../x.yaml'), 'rel/x.yaml');
});

test('dirname, basename, kustomization names', () => {
  assert.equal(dirnameOf('file:///repo/a.yaml'), 'file:///repo');
  assert.equal(basenameOf('file:///repo/a.yaml'), 'a.yaml');
  assert.ok(isKustomizationUri('file:///x/kustomization.yml'));
  assert.ok(isKustomizationUri('/x/Kustomization'));
  assert.ok(!isKustomizationUri('/x/my-kustomization.yaml'));
});
