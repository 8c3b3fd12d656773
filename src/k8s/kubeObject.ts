/**
 * An object as the API server sends it in a list or a watch event: decoded JSON, not client-node's
 * model classes (those are what its deserializer builds; a `creationTimestamp` there is a Date, here
 * a string). The watch layer reads only the identity fields of `metadata`, so only those are typed;
 * the rest is interpreted where it is read (core/status, core/tree), through core/util/json.ts's
 * accessors.
 */
import { asOptionalObject, type JsonObject } from '../core/util/json';

export interface KubeObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObjectMeta;
  [field: string]: unknown;
}

/**
 * Whether a decoded JSON value has an API object's shape as far as KubeObject promises: an object
 * whose apiVersion and kind are strings when present, and whose `metadata`, when present, is an
 * object whose identity fields are strings when present.
 */
export function isKubeObject(v: unknown): v is KubeObject {
  const o = asOptionalObject(v);
  if (!o || !optionalStrings(o, ['apiVersion', 'kind'])) return false;
  if (o.metadata === undefined) return true;
  const meta = asOptionalObject(o.metadata);
  return !!meta && optionalStrings(meta, ['name', 'namespace', 'uid', 'resourceVersion']);
}

function optionalStrings(o: JsonObject, fields: readonly string[]): boolean {
  return fields.every((f) => o[f] === undefined || typeof o[f] === 'string');
}
