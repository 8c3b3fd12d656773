/**
 * The schema oracle's pure parts (test/upstream/oracle): the seeded mutation generator, kubectl's
 * document split, and reading field paths out of API server messages. The oracle itself, against
 * the real API server, is test/integration/upstream/schemaOracle.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { parseManifestFile } from '../../../src/core/manifest/manifestFile';
import { rootSchema } from '../../../src/core/schema/catalog';
import { withObjectMeta } from '../../../src/core/schema/validateValue';
import { MUTATION_OPS, emit, generateMutations, seededRandom, typo, type MutationBase } from '../../upstream/oracle/mutations';
import { parseServerError, pathRelation, splitKubectlDocuments } from '../../upstream/oracle/serverMessages';
import { trimKubectlRecord } from '../../upstream/oracle/schemaOracle';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: 80}]
        resources: {limits: {cpu: 100m}}
  strategy:
    canary:
      maxSurge: 25%
      steps: [{setWeight: 20}, {pause: {duration: 10s}}]
`;

const CANARY = `apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {name: podinfo, namespace: test}
spec:
  provider: istio
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
  service: {port: 9898, targetPort: http}
  analysis: {interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10}
`;

const bases = (): MutationBase[] =>
  [ROLLOUT, CANARY].map((text, i) => {
    const md = parseManifestFile(text).documents[0];
    return { id: `base-${i}.yaml[0]`, value: md.value as Record<string, unknown>, schema: withObjectMeta(rootSchema(md.known!, 'v1.9.1')!) };
  });

describe('schema oracle mutations', () => {
  it('are deterministic for a seed, distinct, and differ between seeds', () => {
    const a = generateMutations(bases(), 120, 7);
    const b = generateMutations(bases(), 120, 7);
    assert.deepEqual(a, b);
    assert.equal(new Set(a.map((m) => m.text)).size, 120);
    assert.notDeepEqual(
      generateMutations(bases(), 120, 8).map((m) => m.text),
      a.map((m) => m.text),
    );
  });

  it('cover every operator, and never touch apiVersion or kind', () => {
    const ms = generateMutations(bases(), 250, 1);
    assert.deepEqual([...new Set(ms.map((m) => m.op))].sort(), [...MUTATION_OPS].sort());
    for (const m of ms) {
      const v = parse(m.text, { version: '1.1' });
      const original = parse(m.base.startsWith('base-0') ? ROLLOUT : CANARY);
      assert.equal(v.apiVersion, original.apiVersion, m.id);
      assert.equal(v.kind, original.kind, m.id);
    }
  });

  it('spread key typos over depths, each a near miss of the original key', () => {
    const typos = generateMutations(bases(), 150, 3).filter((m) => m.op === 'typo-key');
    assert.ok(new Set(typos.map((m) => m.path.length)).size >= 4, `depths: ${[...new Set(typos.map((m) => m.path.length))].join(', ')}`);
    const rnd = seededRandom(1);
    for (const key of ['setWeight', 'replicas', 'containers']) {
      const t = typo(key, rnd, new Set([key]))!;
      assert.notEqual(t, key);
      assert.ok(Math.abs(t.length - key.length) <= 1);
    }
  });

  it('write YAML 1.1 scalars unquoted on purpose, and quote every other string go-yaml would misread', () => {
    const ms = generateMutations(bases(), 150, 5).filter((m) => m.op === 'yaml11-scalar');
    assert.ok(ms.length > 0);
    for (const m of ms) assert.doesNotMatch(m.text, /__ORACLE_RAW_/);
    assert.equal(emit({ a: 'yes', b: '0755', c: 'on' }), 'a: "yes"\nb: "0755"\nc: "on"\n');
    assert.equal(emit({ a: '__ORACLE_RAW_0__' }, 'on'), 'a: on\n');
  });
});

describe('schema oracle: kubectl documents and server messages', () => {
  it('splits documents where kubectl does: `---` alone or before a comment', () => {
    assert.deepEqual(splitKubectlDocuments('a: 1\n---\nb: 2\n--- # c\nc: 3\n---x: 1\n'), ['a: 1\n', 'b: 2\n', 'c: 3\n---x: 1\n']);
  });

  it('reads the field paths of strict decoding, field and Go decoding errors', () => {
    assert.deepEqual(parseServerError('Rollout in version "v1alpha1" cannot be handled as a Rollout: strict decoding error: unknown field "metadata.lables", unknown field "spec.strategy.canary.steps[0].setWeigth"'), {
      kind: 'strict-decoding',
      paths: ['metadata.lables', 'spec.strategy.canary.steps[0].setWeigth'],
    });
    assert.deepEqual(
      parseServerError(
        'Rollout.argoproj.io "b" is invalid: [spec.strategy.canary.maxSurge: Invalid value: "number": spec.strategy.canary.maxSurge in body must be of type integer,string: "number", <nil>: Invalid value: "": "x" must validate at least one schema (anyOf), spec.template.spec.containers[0].ports[1]: Duplicate value: {"containerPort":80}]',
      ),
      { kind: 'invalid', paths: ['spec.strategy.canary.maxSurge', 'spec.template.spec.containers[0].ports[1]'] },
    );
    assert.deepEqual(parseServerError('Rollout.argoproj.io "x" is invalid: .spec.replicas: Invalid value: -5: should be a non-negative integer'), { kind: 'invalid', paths: ['spec.replicas'] });
    assert.deepEqual(parseServerError('json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'), { kind: 'decode', paths: ['metadata.labels'] });
    assert.equal(parseServerError('error converting YAML to JSON: yaml: line 4: did not find expected key').kind, 'yaml');
  });

  it('relates paths exactly, by ancestry, and without list indices', () => {
    assert.equal(pathRelation('spec.a[0].b', 'spec.a[0].b'), 'exact');
    assert.equal(pathRelation('metadata.labels', 'metadata.labels.tier'), 'near');
    assert.equal(pathRelation('metadata.ownerReferences.uid', 'metadata.ownerReferences[0].uid'), 'near');
    assert.equal(pathRelation('spec.ab', 'spec.a'), undefined);
  });

  it("cuts a file's record out of kubectl's stderr", () => {
    assert.equal(
      trimKubectlRecord('": AnalysisTemplate.argoproj.io "" is invalid: metadata.name: Required value\nError from server (Invalid): error when creating "'),
      'AnalysisTemplate.argoproj.io "" is invalid: metadata.name: Required value',
    );
    assert.equal(trimKubectlRecord(': error converting YAML to JSON: yaml: line 4: did not find expected key, unable to decode "'), 'error converting YAML to JSON: yaml: line 4: did not find expected key');
  });
});
