import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SchemaNode } from '../../../../src/core/schema/catalog';
import { MAX_PROBLEMS, validateDocumentValue } from '../../../../src/core/schema/validateValue';

// Small synthetic schemas pin each Kubernetes rule on its own; schemaFindings.test.ts runs the real CRDs.
const root = (spec: SchemaNode): SchemaNode => ({
  type: 'object',
  required: ['spec'],
  properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec },
});
const run = (spec: SchemaNode, value: unknown) => validateDocumentValue({ apiVersion: 'x/v1', kind: 'K', metadata: { name: 'n', labels: { a: 'b' }, uid: 'u', managedFields: [{ any: 1 }] }, spec: value }, root(spec), 'K');
const codes = (spec: SchemaNode, value: unknown) => run(spec, value).map((p) => `${p.code}@${p.path.join('.')}`);

describe('validateDocumentValue: Kubernetes structural semantics', () => {
  it('closes objects with properties and bare `type: object`', () => {
    const spec: SchemaNode = { type: 'object', properties: { a: { type: 'string' }, empty: { type: 'object' } } };
    assert.deepEqual(codes(spec, { a: 'x', b: 1, empty: { c: 1 } }), ['schema/unknown-field@spec.b', 'schema/unknown-field@spec.empty.c']);
  });

  it('checks root metadata as ObjectMeta: typed labels, unknown fields with suggestions, server fields accepted', () => {
    const doc = (metadata: unknown) => validateDocumentValue({ kind: 'K', metadata, spec: {} }, root({ type: 'object' }), 'K');
    assert.deepEqual(doc({ name: 'x', creationTimestamp: null, resourceVersion: '1', generation: 2 }), []);
    const [typo] = doc({ name: 'x', lables: { a: 'b' } });
    assert.equal(typo.message, 'metadata.lables: unknown field "lables" in metadata; did you mean `labels`?');
    assert.deepEqual(
      doc({ labels: { a: 1 } }).map((p) => `${p.code}@${p.path.join('.')}`),
      ['schema/type@metadata.labels.a'],
    );
  });

  it("prunes a null map value like a null property, and closes metadata.ownerReferences items (the schema oracle's findings)", () => {
    const labels: SchemaNode = { type: 'object', properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } } };
    assert.deepEqual(codes(labels, { matchLabels: { app: null, tier: 'web' } }), []);
    assert.deepEqual(codes(labels, { matchLabels: { app: 1 } }), ['schema/type@spec.matchLabels.app']);
    const doc = (metadata: unknown) => validateDocumentValue({ kind: 'K', metadata, spec: {} }, root({ type: 'object' }), 'K').map((p) => `${p.code}@${p.path.join('.')}`);
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'r', uid: 'u', controller: true, blockOwnerDeletion: true };
    assert.deepEqual(doc({ name: 'x', ownerReferences: [owner] }), []);
    assert.deepEqual(doc({ name: 'x', ownerReferences: [{ ...owner, fooBar: 1 }] }), ['schema/unknown-field@metadata.ownerReferences.0.fooBar']);
    assert.deepEqual(doc({ name: 'x', ownerReferences: [{ ...owner, controller: 'yes' }] }), ['schema/type@metadata.ownerReferences.0.controller']);
  });

  it('keeps preserve-unknown-fields nodes open, and checks their declared properties', () => {
    assert.deepEqual(codes({ 'x-kubernetes-preserve-unknown-fields': true }, { any: [1, { x: null }] }), []);
    const partly: SchemaNode = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { n: { type: 'integer' } } };
    assert.deepEqual(codes(partly, { n: 'x', other: true }), ['schema/type@spec.n']);
  });

  it('treats null for a declared field as absent (also for required), but not for unknown keys', () => {
    const spec: SchemaNode = { type: 'object', required: ['steps'], properties: { steps: { type: 'array' }, opt: { type: 'string' } } };
    assert.deepEqual(codes(spec, { opt: null, steps: null }), ['schema/required@spec.steps']);
    assert.deepEqual(codes(spec, { steps: [], ghost: null }), ['schema/unknown-field@spec.ghost']);
  });

  it('accepts integer or string for int-or-string, with and without anyOf', () => {
    const withAnyOf: SchemaNode = { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] };
    const bare: SchemaNode = { 'x-kubernetes-int-or-string': true };
    for (const s of [withAnyOf, bare]) {
      assert.deepEqual(codes(s, 8080), []);
      assert.deepEqual(codes(s, 'http'), []);
      assert.deepEqual(codes(s, 1.5), ['schema/type@spec']);
      assert.deepEqual(codes(s, { port: 1 }), ['schema/type@spec']);
      assert.deepEqual(codes(s, true), ['schema/type@spec']);
    }
  });

  it('ignores the formats the API server ignores and checks date-time', () => {
    const spec: SchemaNode = { type: 'object', properties: { i: { type: 'integer', format: 'int32' }, u: { type: 'string', format: 'url' }, s: { type: 'string', format: 'string' }, t: { type: 'string', format: 'date-time' } } };
    assert.deepEqual(codes(spec, { i: 2 ** 40, u: 'not a url', s: '', t: '2024-01-31T12:00:00Z' }), []);
    assert.deepEqual(codes(spec, { t: '2024-13-01T00:00:00Z' }), ['schema/format@spec.t']);
    assert.deepEqual(codes(spec, { t: 'yesterday' }), ['schema/format@spec.t']);
  });

  it('requires exactly one oneOf branch (kube-openapi counts valid alternatives)', () => {
    const spec: SchemaNode = { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' }, c: { type: 'integer' } }, oneOf: [{ required: ['a', 'b'] }, { required: ['a', 'c'] }] };
    assert.deepEqual(codes(spec, { a: 1, b: 1 }), []);
    assert.deepEqual(codes(spec, { a: 1, b: 1, c: 1 }), ['schema/one-of@spec']);
    const [none] = run(spec, { b: 1 });
    assert.equal(none.code, 'schema/one-of');
    assert.match(none.message, /exactly one of \{a, b\} \| \{a, c\}; none matches/);
  });

  it('reports duplicate list-map keys after defaulting (ports protocol TCP) and duplicate set elements', () => {
    const ports: SchemaNode = {
      type: 'array',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
      items: { type: 'object', required: ['containerPort'], properties: { containerPort: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
    };
    assert.deepEqual(codes(ports, [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }]), []);
    const dup = run(ports, [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }]);
    assert.deepEqual(
      dup.map((p) => `${p.code}@${p.path.join('.')}`),
      ['schema/duplicate-list-key@spec.1.containerPort'],
    );
    assert.match(dup[0].message, /containerPort=80, protocol="TCP" \(already at spec\[0\]\)/);
    const set: SchemaNode = { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'integer' } };
    assert.deepEqual(codes(set, [1, 2, 1]), ['schema/duplicate-list-key@spec.2']);
  });

  it('checks type, enum, pattern, bounds and lengths at the value', () => {
    const spec: SchemaNode = {
      type: 'object',
      properties: {
        e: { type: 'string', enum: ['', 'info', 'warn'] },
        p: { type: 'string', pattern: '^[0-9]+(m|s)' },
        n: { type: 'integer', minimum: 1, maximum: 3 },
        l: { type: 'string', maxLength: 2 },
        xs: { type: 'array', maxItems: 1, items: { type: 'string' } },
      },
    };
    assert.deepEqual(codes(spec, { e: '', p: '1m30s', n: 2, l: 'ab', xs: ['a'] }), []);
    assert.deepEqual(codes(spec, { e: 'debug', p: '1h', n: 4, l: 'abc', xs: ['a', 2] }), [
      'schema/enum@spec.e',
      'schema/pattern@spec.p',
      'schema/maximum@spec.n',
      'schema/max-length@spec.l',
      'schema/max-items@spec.xs',
      'schema/type@spec.xs.1',
    ]);
  });

  it('suggests a close sibling for an unknown key and offers replace + remove fixes', () => {
    const spec: SchemaNode = { type: 'object', properties: { strategy: { type: 'object' }, replicas: { type: 'integer' } } };
    const [p] = run(spec, { stratgy: {} });
    assert.equal(p.message, 'spec.stratgy: unknown field "stratgy" in spec; did you mean `strategy`?');
    assert.deepEqual(p.fixes, [
      { kind: 'replaceKey', with: 'strategy' },
      { kind: 'removeKey', key: 'stratgy' },
    ]);
    assert.deepEqual(p.anchor, { path: ['spec', 'stratgy'], at: 'key' });
  });

  it('anchors a missing field at its parent and offers an insertKey with a typed placeholder', () => {
    const spec: SchemaNode = { type: 'object', required: ['port'], properties: { port: { type: 'number' } } };
    const [p] = run(spec, {});
    assert.deepEqual(p.anchor, { path: ['spec'], at: 'key' });
    assert.deepEqual(p.path, ['spec', 'port']);
    assert.deepEqual(p.fixes, [{ kind: 'insertKey', key: 'port', placeholder: '0' }]);
    assert.equal(p.message, 'spec: missing required field "port" (number)');
  });

  it('bounds the number of problems per document', () => {
    const spec: SchemaNode = { type: 'object', properties: {} };
    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    assert.equal(run(spec, wide).length, MAX_PROBLEMS);
  });

  it('reports a non-mapping document once', () => {
    const problems = validateDocumentValue(['a'], root({ type: 'object' }), 'K');
    assert.deepEqual(
      problems.map((p) => p.code),
      ['schema/type'],
    );
  });
});
