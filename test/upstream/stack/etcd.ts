/**
 * etcd's own v3 API (the JSON gateway on the client URL, loopback only) for the reliability tests:
 * what the API server stores, changed underneath it.
 *
 * - `compact(revision)` is what the API server's compactor does every five minutes: history before
 *   that revision is gone, and a watch that resumes from older is answered "required revision has
 *   been compacted", which the API server turns into 410 Gone.
 * - `put`/`remove` of custom resources write the API server's storage directly, as a second API
 *   server of an HA control plane would while the one a client talks to is down. Custom resources
 *   are stored as JSON under `/registry/<group>/<resource>/<namespace>/<name>` (built-in kinds are
 *   protobuf, so only custom resources are written this way).
 */
import crypto from 'node:crypto';
import http from 'node:http';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

export interface StoredObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; [k: string]: unknown };
  [k: string]: unknown;
}

export class EtcdClient {
  constructor(readonly url: string) {}

  /** POST to the gateway; etcd answers JSON, int64s as strings. */
  call<T = any>(path: string, body: unknown): Promise<T> {
    const data = JSON.stringify(body);
    const u = new URL(path, this.url);
    return new Promise((resolve, reject) => {
      const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }, timeout: 10_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`etcd ${path}: ${res.statusCode} ${text}`));
          resolve(JSON.parse(text) as T);
        });
      });
      req.on('timeout', () => req.destroy(new Error(`etcd ${path}: timed out`)));
      req.on('error', reject);
      req.end(data);
    });
  }

  /** The store's current revision (what the API server hands out as resourceVersion). */
  async revision(): Promise<number> {
    const r = await this.call<{ header: { revision: string } }>('/v3/kv/range', { key: b64('/'), limit: 1, count_only: true });
    return Number(r.header.revision);
  }

  /** Compacts history before `revision` (default: the current one), physically, as the API server's compactor does. */
  async compact(revision?: number): Promise<number> {
    const rev = revision ?? (await this.revision());
    await this.call('/v3/kv/compaction', { revision: String(rev), physical: true });
    return rev;
  }

  /** The stored JSON of a custom resource, or undefined. */
  async get(group: string, resource: string, namespace: string, name: string): Promise<StoredObject | undefined> {
    const r = await this.call<{ kvs?: { value: string }[] }>('/v3/kv/range', { key: b64(customResourceKey(group, resource, namespace, name)) });
    return r.kvs?.length ? (JSON.parse(unb64(r.kvs[0].value)) as StoredObject) : undefined;
  }

  /**
   * Writes a custom resource as the API server stores it: no resourceVersion (the server derives it
   * from the etcd revision), a uid and creationTimestamp when new, generation bumped on spec changes
   * is the writer's business (pass it in `obj`).
   */
  async put(group: string, resource: string, obj: StoredObject): Promise<void> {
    const { resourceVersion: _ignored, ...metadata } = obj.metadata;
    const stored = { ...obj, metadata: { uid: crypto.randomUUID(), creationTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), generation: 1, ...metadata } };
    await this.call('/v3/kv/put', { key: b64(customResourceKey(group, resource, obj.metadata.namespace, obj.metadata.name)), value: b64(JSON.stringify(stored)) });
  }

  /** Deletes a custom resource (or, with `name` omitted, every one in the namespace; with neither, the whole resource). */
  async remove(group: string, resource: string, namespace?: string, name?: string): Promise<number> {
    const key = customResourceKey(group, resource, namespace, name);
    const prefix = name ? undefined : key.endsWith('/') ? key : `${key}/`;
    const body = prefix ? { key: b64(prefix), range_end: b64(prefixEnd(prefix)) } : { key: b64(key) };
    const r = await this.call<{ deleted?: string }>('/v3/kv/deleterange', body);
    return Number(r.deleted ?? 0);
  }
}

export function customResourceKey(group: string, resource: string, namespace?: string, name?: string): string {
  return ['/registry', group, resource, namespace, name].filter((p) => p !== undefined).join('/');
}

/** The end of a prefix range: the prefix with its last byte incremented (etcd's clientv3.GetPrefixRangeEnd). */
function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  bytes[bytes.length - 1] += 1;
  return bytes.toString('utf8');
}
