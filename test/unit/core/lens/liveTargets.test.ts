import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { kustomizationNamespaceFor, liveTargets, resolveNamespace } from '../../../../src/core/lens/liveTargets';

const text = [
  '# leading comment',
  'apiVersion: argoproj.io/v1alpha1',
  'kind: Rollout',
  'metadata:',
  '  name: web',
  '  namespace: payments',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: web}',
  '---',
  '',
  'apiVersion: flagger.app/v1beta1',
  'kind: Canary',
  'metadata:',
  '  name: podinfo',
  '---',
  'apiVersion: argoproj.io/v1alpha1',
  'kind: AnalysisTemplate',
  'metadata: {name: t}',
  '---',
  'apiVersion: argoproj.io/v1alpha1',
  'kind: Rollout',
  'metadata: {}',
  '',
].join('\n');

test('finds named Rollouts and Canaries with the offset of their first content line', () => {
  const targets = liveTargets(parseManifestFile(text));
  assert.deepEqual(
    targets.map((t) => [t.kind, t.engine, t.name, t.namespace, t.index]),
    [
      ['Rollout', 'argo', 'web', 'payments', 0],
      ['Canary', 'flagger', 'podinfo', undefined, 2],
    ],
  );
  assert.ok(text.slice(targets[0].offset).startsWith('apiVersion: argoproj.io'));
  assert.ok(text.slice(targets[1].offset).startsWith('apiVersion: flagger.app'));
});

test('Helm templates get no live lens', () => {
  const t = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: {{ .Values.name }}\n';
  assert.deepEqual(liveTargets(parseManifestFile(t)), []);
});

test('namespace precedence: kustomization, then document, then the context default', () => {
  assert.deepEqual(resolveNamespace('a', 'k', 'c'), { namespace: 'k', source: 'kustomization' });
  assert.deepEqual(resolveNamespace('a', undefined, 'c'), { namespace: 'a', source: 'document' });
  assert.deepEqual(resolveNamespace(undefined, undefined, 'c'), { namespace: 'c', source: 'context' });
  assert.deepEqual(resolveNamespace(undefined, undefined, undefined), { namespace: 'default', source: 'context' });
});

test('a kustomization namespace applies only to files it lists', () => {
  const k = 'namespace: prod\nresources:\n  - ./rollout.yaml\n  - base/\n';
  assert.equal(kustomizationNamespaceFor(k, 'rollout.yaml'), 'prod');
  assert.equal(kustomizationNamespaceFor(k, 'base/x.yaml'), 'prod');
  assert.equal(kustomizationNamespaceFor(k, 'other.yaml'), undefined);
  assert.equal(kustomizationNamespaceFor('resources: [rollout.yaml]\n', 'rollout.yaml'), undefined);
  assert.equal(kustomizationNamespaceFor(': : [broken', 'rollout.yaml'), undefined);
});
