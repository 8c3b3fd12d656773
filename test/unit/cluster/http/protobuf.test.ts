import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, decodeProtobufObject, decodeSelfSubjectAccessReview } from '../../../cluster/http/protobuf';
import { StatusError } from '../../../cluster/store/storeErrors';

// A minimal protobuf writer, to build what client-go's generated marshallers emit.
function field(n: number, value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([varint(n * 8 + 2), varint(bytes.length), bytes]);
}
function varint(v: number): Buffer {
  const out: number[] = [];
  do {
    out.push((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>>= 7;
  } while (v > 0);
  return Buffer.from(out);
}
function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = Buffer.concat([field(1, apiVersion), field(2, kind)]);
  return Buffer.concat([Buffer.from('k8s\0', 'binary'), field(1, typeMeta), field(2, raw)]);
}

test('decodes a SelfSubjectAccessReview as kubectl auth can-i sends it', () => {
  const attrs = Buffer.concat([field(1, 'team-a'), field(2, 'patch'), field(3, 'argoproj.io'), field(5, 'rollouts'), field(6, 'status')]);
  const spec = field(1, attrs);
  const body = envelope('authorization.k8s.io/v1', 'SelfSubjectAccessReview', Buffer.concat([field(1, Buffer.alloc(0)), field(2, spec)]));
  assert.deepEqual(decodeSelfSubjectAccessReview(body), {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { namespace: 'team-a', verb: 'patch', group: 'argoproj.io', resource: 'rollouts', subresource: 'status' } },
  });
});

test('decodes a Namespace (kubectl create namespace) with labels; other kinds are 415, garbage 400', () => {
  const label = Buffer.concat([field(1, 'team'), field(2, 'a')]);
  const meta = Buffer.concat([field(1, 'ns1'), field(11, label)]);
  const ns = envelope('v1', 'Namespace', Buffer.concat([field(1, meta), field(2, Buffer.alloc(0))]));
  assert.deepEqual(decodeProtobufObject(ns), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1', labels: { team: 'a' } }, spec: {} });
  assert.throws(
    () => decodeProtobufObject(envelope('v1', 'Pod', Buffer.alloc(0))),
    (e: unknown) => e instanceof StatusError && e.code === 415,
  );
  assert.throws(
    () => decodeProtobufObject(Buffer.from('{"kind":"Namespace"}')),
    (e: unknown) => e instanceof StatusError && e.code === 400,
  );
  assert.throws(
    () => decodeProtobufObject(Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from([0x0a, 0x50])])),
    (e: unknown) => e instanceof StatusError && e.code === 400,
  );
});

test('decodeMessage reads varints and repeated fields', () => {
  const m = decodeMessage(Buffer.concat([varint(8), varint(300), field(2, 'a'), field(2, 'b')]));
  assert.deepEqual(m.get(1), [300]);
  assert.deepEqual(m.get(2)!.map(String), ['a', 'b']);
});

test('decodes ConfigMap data and Secret data (bytes → base64) as kubectl create configmap|secret send them', () => {
  const meta = field(1, field(1, 'cfg'));
  const entry = (k: string, v: string | Buffer) => Buffer.concat([field(1, k), field(2, v)]);
  const cm = envelope('v1', 'ConfigMap', Buffer.concat([meta, field(2, entry('a', 'b'))]));
  assert.deepEqual(decodeProtobufObject(cm), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } });
  const secret = envelope('v1', 'Secret', Buffer.concat([meta, field(2, entry('p', Buffer.from([0xff, 0x00]))), field(3, '')]));
  assert.deepEqual(decodeProtobufObject(secret), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cfg' }, type: 'Opaque', data: { p: '/wA=' } });
});
