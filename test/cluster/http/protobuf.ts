/**
 * Just enough of Kubernetes' protobuf encoding to read what kubectl's typed clients send for built-in
 * types (`Content-Type: application/vnd.kubernetes.protobuf`); `kubectl auth can-i` posts its
 * SelfSubjectAccessReview that way. The envelope (`k8s.io/apimachinery/pkg/runtime/serializer/protobuf`)
 * is the magic bytes `k8s\0` then a `runtime.Unknown` message {1: TypeMeta{1: apiVersion, 2: kind},
 * 2: raw}, where raw is the object's own message (field numbers from `k8s.io/api/.../generated.proto`).
 * Decoded: SelfSubjectAccessReview, Namespace, ConfigMap and Secret (`kubectl create namespace|configmap|
 * secret`); other kinds get 415.
 * Answers go back as JSON, which every client accepts.
 */
import { StatusError } from '../store/storeErrors';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Fields = Map<number, (Buffer | number)[]>;

/** Decodes one message level: field number → values (varints as numbers, length-delimited as bytes). */
export function decodeMessage(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let i = 0;
  const varint = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (i >= buf.length) throw new Error('truncated varint');
      const b = buf[i++];
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
      shift += 7;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    let value: Buffer | number;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      if (i + len > buf.length) throw new Error('truncated field');
      value = buf.subarray(i, i + len);
      i += len;
    } else if (wire === 1) {
      value = Number(buf.readBigUInt64LE(i));
      i += 8;
    } else if (wire === 5) {
      value = buf.readUInt32LE(i);
      i += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

function str(f: Fields, n: number): string | undefined {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
}

function msg(f: Fields, n: number): Fields | undefined {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? decodeMessage(v) : undefined;
}

/** The envelope's type and raw object message. */
export function decodeEnvelope(body: Buffer): { apiVersion?: string; kind?: string; raw: Buffer } {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new StatusError(400, 'BadRequest', 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  const unknown = decodeMessage(body.subarray(4));
  const typeMeta = msg(unknown, 1);
  const raw = unknown.get(2)?.[0];
  return { apiVersion: typeMeta && str(typeMeta, 1), kind: typeMeta && str(typeMeta, 2), raw: Buffer.isBuffer(raw) ? raw : Buffer.alloc(0) };
}

function envelopeOrBadRequest(body: Buffer): ReturnType<typeof decodeEnvelope> {
  try {
    return decodeEnvelope(body);
  } catch (e) {
    if (e instanceof StatusError) throw e;
    throw new StatusError(400, 'BadRequest', `error decoding protobuf body: ${(e as Error).message}`);
  }
}

/** A SelfSubjectAccessReview in its JSON form, from the protobuf body kubectl sends. */
export function decodeSelfSubjectAccessReview(body: Buffer): Record<string, unknown> {
  const env = envelopeOrBadRequest(body);
  if (env.kind !== 'SelfSubjectAccessReview') throw new StatusError(415, 'UnsupportedMediaType', `the test API server reads protobuf only for SelfSubjectAccessReview, not ${env.kind}; send JSON`);
  const review = decodeMessage(env.raw);
  const spec = msg(review, 2);
  const ra = spec && msg(spec, 1);
  const nra = spec && msg(spec, 2);
  const out: Record<string, unknown> = {};
  if (ra) {
    const attrs: Record<string, string> = {};
    const names = ['', 'namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
    for (let n = 1; n < names.length; n++) {
      const v = str(ra, n);
      if (v) attrs[names[n]] = v;
    }
    out.resourceAttributes = attrs;
  }
  if (nra) out.nonResourceAttributes = { path: str(nra, 1), verb: str(nra, 2) };
  return { apiVersion: env.apiVersion, kind: env.kind, spec: out };
}

/** A proto map<string, string|bytes> (repeated {1: key, 2: value} entries); bytes values as base64. */
function stringMap(f: Fields, n: number, values: 'utf8' | 'base64' = 'utf8'): Record<string, string> | undefined {
  const entries = f.get(n);
  if (!entries?.length) return undefined;
  const out: Record<string, string> = {};
  for (const e of entries) {
    if (!Buffer.isBuffer(e)) continue;
    const kv = decodeMessage(e);
    const v = kv.get(2)?.[0];
    out[str(kv, 1) ?? ''] = Buffer.isBuffer(v) ? v.toString(values) : '';
  }
  return out;
}

/** ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto): the fields a client sets. */
function objectMeta(f: Fields | undefined): Record<string, unknown> {
  if (!f) return {};
  const meta: Record<string, unknown> = {};
  const set = (key: string, v: unknown) => {
    if (v !== undefined && v !== '') meta[key] = v;
  };
  set('name', str(f, 1));
  set('generateName', str(f, 2));
  set('namespace', str(f, 3));
  set('resourceVersion', str(f, 6));
  set('labels', stringMap(f, 11));
  set('annotations', stringMap(f, 12));
  return meta;
}

/** A protobuf-encoded built-in object as JSON, for the kinds this server decodes. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  const env = envelopeOrBadRequest(body);
  if (env.kind === 'SelfSubjectAccessReview') return decodeSelfSubjectAccessReview(body);
  if (env.kind === 'SelfSubjectRulesReview') {
    // {1 metadata, 2 spec {1 namespace}}
    const spec = msg(decodeMessage(env.raw), 2);
    return { apiVersion: env.apiVersion, kind: env.kind, spec: { namespace: (spec && str(spec, 1)) || undefined } };
  }
  const obj = decodeMessage(env.raw);
  const head = { apiVersion: env.apiVersion, kind: env.kind, metadata: objectMeta(msg(obj, 1)) };
  // ConfigMap {1 metadata, 2 data, 3 binaryData, 4 immutable}; Secret {1 metadata, 2 data (bytes), 3 type, 4 stringData}.
  if (env.kind === 'ConfigMap') {
    const data = stringMap(obj, 2);
    return { ...head, ...(data ? { data } : {}) };
  }
  if (env.kind === 'Secret') {
    const raw = stringMap(obj, 2, 'base64');
    const stringData = stringMap(obj, 4);
    return { ...head, type: str(obj, 3) || 'Opaque', ...(raw ? { data: raw } : {}), ...(stringData ? { stringData } : {}) };
  }
  if (env.kind !== 'Namespace') throw new StatusError(415, 'UnsupportedMediaType', `the test API server reads protobuf only for SelfSubjectAccessReview, Namespace, ConfigMap and Secret, not ${env.kind}; send JSON`);
  const ns = obj;
  const spec = msg(ns, 2);
  const finalizers = (spec?.get(1) ?? []).filter((b) => Buffer.isBuffer(b)).map((b) => b.toString('utf8'));
  return { ...head, spec: finalizers.length ? { finalizers } : {} };
}
