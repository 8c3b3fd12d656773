/**
 * The test cluster's storage: an in-memory `ObjectStore` with the bookkeeping etcd and the generic
 * registry (`k8s.io/apiserver/pkg/registry/generic/registry/store.go`) do for a real API server:
 *
 * - one global, monotonic resourceVersion (a decimal string, like etcd's revision); every committed
 *   change takes the next one, and a no-op update takes none and emits nothing;
 * - uid, creationTimestamp and generation=1 on create; generation bumps when `spec` changes (for kinds
 *   without a status subresource, when anything outside `metadata` changes, as for CRDs upstream);
 * - the status subresource (`customresource/status_strategy.go`): for kinds that have it, `update`
 *   keeps the stored status and `updateStatus` keeps everything but status (a missing status clears it);
 *   kinds without it persist status through `update`;
 * - optimistic concurrency: a write that carries a resourceVersion other than the stored one is a
 *   409 Conflict; one without a resourceVersion is unconditional (CRDs allow that);
 * - background cascading delete by ownerReferences (the garbage collector, done synchronously) and
 *   namespace deletion removing everything in the namespace;
 * - a bounded history of events so a watch can resume from a resourceVersion, and answer 410 Gone
 *   (`changesSince` returns undefined) once that version has fallen out of the window.
 *
 * Listeners run synchronously after each commit, in commit order even when a listener writes (events
 * raised during dispatch are queued behind the current one), so every subscriber sees the same order.
 */
import type { Clock, GroupVersionResource, KubeObject, ObjectStore, StoreEvent, WatchEventType } from './objectStore';
import { ResourceRegistry, apiVersionFor, gvrKey, type ResourceType } from '../http/resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { alreadyExists, conflict, invalid, notFound } from './storeErrors';
import { applyPatch, type PatchType } from './patch';

export interface MemoryStoreOptions {
  registry?: ResourceRegistry;
  clock?: Pick<Clock, 'now'>;
  /** How many events a watch can resume across (older resourceVersions get 410 Gone). */
  historyLimit?: number;
  /** Create a Namespace object when an object is stored in a namespace that does not exist (default true). */
  autoCreateNamespaces?: boolean;
  /**
   * Start counting resourceVersions after this one, with no history before it: a store that replaces
   * another (a server restarted with its data lost) so that clients' old versions are answered 410.
   */
  initialResourceVersion?: number;
}

export interface CreateOptions {
  /**
   * Keep the object's own uid, creationTimestamp and generation (fixtures taken from a real cluster:
   * their ownerReferences point at those uids and their ages matter).
   */
  preserveMetadata?: boolean;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

const NAMESPACES: GroupVersionResource = { group: '', version: 'v1', resource: 'namespaces' };

export class MemoryStore implements ObjectStore {
  readonly registry: ResourceRegistry;
  private readonly clock: Pick<Clock, 'now'>;
  private readonly historyLimit: number;
  private readonly autoCreateNamespaces: boolean;
  /** gvrKey → "namespace/name" → object. */
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly pending: StoreEvent[] = [];
  private dispatching = false;
  private history: StoreEvent[] = [];
  /** The oldest resourceVersion a watch may resume from (events after it are all in `history`). */
  private historyFloor = 0;
  private rv = 0;
  private uidCounter = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.registry = options.registry ?? new ResourceRegistry();
    this.clock = options.clock ?? { now: () => new Date() };
    this.historyLimit = options.historyLimit ?? 5000;
    this.autoCreateNamespaces = options.autoCreateNamespaces ?? true;
    this.rv = options.initialResourceVersion ?? 0;
    this.historyFloor = this.rv;
  }

  /** The latest committed resourceVersion (what a list returns as its own metadata.resourceVersion). */
  get resourceVersion(): string {
    return String(this.rv);
  }

  typeOf(gvr: GroupVersionResource): ResourceType | undefined {
    return this.registry.get(gvr);
  }

  get(gvr: GroupVersionResource, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.bucket(gvr).get(this.key(gvr, this.typeOf(gvr)?.namespaced === false ? undefined : namespace, name));
    return o && structuredClone(o);
  }

  list(gvr: GroupVersionResource, namespace?: string, options: ListOptions = {}): KubeObject[] {
    const labels = parseLabelSelector(options.labelSelector);
    const fields = parseFieldSelector(options.fieldSelector);
    const out: KubeObject[] = [];
    const scoped = namespace !== undefined && namespace !== '' && this.typeOf(gvr)?.namespaced !== false;
    for (const o of this.bucket(gvr).values()) {
      if (scoped && o.metadata.namespace !== namespace) continue;
      if (!labels(o.metadata.labels) || !fields(o)) continue;
      out.push(structuredClone(o));
    }
    return out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  }

  create(gvr: GroupVersionResource, input: KubeObject, options: CreateOptions = {}): KubeObject {
    const type = this.typeOf(gvr);
    const obj = structuredClone(input);
    this.fillTypeMeta(gvr, type, obj);
    obj.metadata ??= { name: '' };
    if (!obj.metadata.name && typeof obj.metadata.generateName === 'string' && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${suffix(this.uidCounter + 1)}`;
    }
    const name = obj.metadata.name;
    if (!name) throw invalid(obj.kind, gvr.group, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
    const namespace = this.scopeNamespace(gvr, type, obj.metadata.namespace, name);
    const bucket = this.bucket(gvr);
    const key = this.key(gvr, namespace, name);
    if (bucket.has(key)) throw alreadyExists(gvr.group, gvr.resource, name);
    if (namespace !== undefined && this.autoCreateNamespaces) this.ensureNamespace(namespace);
    if (namespace === undefined) delete obj.metadata.namespace;
    else obj.metadata.namespace = namespace;
    const keep = options.preserveMetadata;
    obj.metadata.uid = keep && obj.metadata.uid ? obj.metadata.uid : this.nextUid();
    obj.metadata.creationTimestamp = keep && obj.metadata.creationTimestamp ? obj.metadata.creationTimestamp : isoSeconds(this.clock.now());
    obj.metadata.generation = keep && obj.metadata.generation ? obj.metadata.generation : 1;
    delete obj.metadata.selfLink;
    delete obj.metadata.deletionTimestamp;
    obj.metadata.resourceVersion = String(++this.rv);
    bucket.set(key, obj);
    this.emit('ADDED', gvr, obj);
    return structuredClone(obj);
  }

  update(gvr: GroupVersionResource, input: KubeObject): KubeObject {
    const type = this.typeOf(gvr);
    return this.write(gvr, input, (old, next) => {
      if (type?.statusSubresource) {
        if (old.status === undefined) delete next.status;
        else next.status = structuredClone(old.status);
      }
      return next;
    });
  }

  updateStatus(gvr: GroupVersionResource, input: KubeObject): KubeObject {
    return this.write(gvr, input, (old, next) => {
      const merged = structuredClone(old);
      if (next.status === undefined) delete merged.status;
      else merged.status = next.status;
      return merged;
    });
  }

  /**
   * Applies a JSON merge patch or JSON patch to the stored object, then writes it through `update` or
   * (subresource 'status') `updateStatus`, exactly as the API server's PATCH handler does.
   */
  patch(gvr: GroupVersionResource, namespace: string | undefined, name: string, patchType: PatchType, patch: unknown, subresource?: 'status'): KubeObject {
    const type = this.typeOf(gvr);
    const ns = this.scopeNamespace(gvr, type, namespace, name);
    const current = this.bucket(gvr).get(this.key(gvr, ns, name));
    if (!current) throw notFound(gvr.group, gvr.resource, name);
    const patched = applyPatch(structuredClone(current), patchType, patch) as KubeObject;
    // A patch may carry a resourceVersion precondition; without one it applies to the current version.
    if (patched.metadata?.resourceVersion === undefined) {
      patched.metadata = { ...(patched.metadata ?? {}), resourceVersion: current.metadata.resourceVersion };
    }
    return subresource === 'status' ? this.updateStatus(gvr, patched) : this.update(gvr, patched);
  }

  delete(gvr: GroupVersionResource, namespace: string | undefined, name: string): void {
    this.remove(gvr, namespace, name);
  }

  /** Deletes and returns the object as it was at deletion (with the deletion's resourceVersion). */
  remove(gvr: GroupVersionResource, namespace: string | undefined, name: string, precondition?: { resourceVersion?: string; uid?: string }): KubeObject {
    const type = this.typeOf(gvr);
    const ns = this.scopeNamespace(gvr, type, namespace, name);
    const bucket = this.bucket(gvr);
    const key = this.key(gvr, ns, name);
    const old = bucket.get(key);
    if (!old) throw notFound(gvr.group, gvr.resource, name);
    if (precondition?.resourceVersion && precondition.resourceVersion !== old.metadata.resourceVersion) throw conflict(gvr.group, gvr.resource, name);
    if (precondition?.uid && precondition.uid !== old.metadata.uid) throw conflict(gvr.group, gvr.resource, name);
    bucket.delete(key);
    const gone = structuredClone(old);
    gone.metadata.resourceVersion = String(++this.rv);
    this.emit('DELETED', gvr, gone);
    this.collectGarbage(old);
    return structuredClone(gone);
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /**
   * Events committed after resourceVersion `rv`, or undefined when that version is older than the
   * history window (the API server's "too old resource version", 410 Gone).
   */
  changesSince(rv: string): StoreEvent[] | undefined {
    const n = Number(rv);
    if (!Number.isInteger(n) || n < this.historyFloor) return undefined;
    return this.history.filter((e) => Number(e.object.metadata.resourceVersion) > n).map((e) => ({ ...e, object: structuredClone(e.object) }));
  }

  /** Drops the event history, as a restarted server with a compacted etcd would: older watches get 410. */
  forgetHistory(): void {
    this.history = [];
    this.historyFloor = this.rv;
  }

  /** Every type that has at least one object, for dumps and fixtures. */
  allObjects(): { gvr: GroupVersionResource; object: KubeObject }[] {
    const out: { gvr: GroupVersionResource; object: KubeObject }[] = [];
    for (const t of this.registry.types) {
      const gvr = { group: t.group, version: t.version, resource: t.resource };
      for (const o of this.list(gvr)) out.push({ gvr, object: o });
    }
    return out;
  }

  // --- internals ---------------------------------------------------------------------------------

  private write(gvr: GroupVersionResource, input: KubeObject, prepare: (old: KubeObject, next: KubeObject) => KubeObject): KubeObject {
    const type = this.typeOf(gvr);
    const incoming = structuredClone(input);
    this.fillTypeMeta(gvr, type, incoming);
    const name = incoming.metadata?.name;
    if (!name) throw invalid(incoming.kind, gvr.group, '', [{ field: 'metadata.name', message: 'Required value: name is required' }]);
    const ns = this.scopeNamespace(gvr, type, incoming.metadata.namespace, name);
    const bucket = this.bucket(gvr);
    const key = this.key(gvr, ns, name);
    const old = bucket.get(key);
    if (!old) throw notFound(gvr.group, gvr.resource, name);
    const wanted = incoming.metadata.resourceVersion;
    if (wanted !== undefined && wanted !== '' && wanted !== old.metadata.resourceVersion) throw conflict(gvr.group, gvr.resource, name);
    if (incoming.metadata.uid !== undefined && incoming.metadata.uid !== old.metadata.uid) {
      throw conflict(gvr.group, gvr.resource, name);
    }
    const next = prepare(old, incoming);
    // Fields the server owns survive any write.
    next.metadata.uid = old.metadata.uid;
    next.metadata.creationTimestamp = old.metadata.creationTimestamp;
    next.metadata.generation = old.metadata.generation;
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (ns === undefined) delete next.metadata.namespace;
    else next.metadata.namespace = ns;
    if (deepEqual(next, old)) return structuredClone(old);
    if (generationChanges(type, old, next)) next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    next.metadata.resourceVersion = String(++this.rv);
    bucket.set(key, next);
    this.emit('MODIFIED', gvr, next);
    return structuredClone(next);
  }

  private fillTypeMeta(gvr: GroupVersionResource, type: ResourceType | undefined, obj: KubeObject): void {
    if (type) {
      obj.apiVersion ||= apiVersionFor(type);
      obj.kind ||= type.kind;
    }
  }

  /** The namespace an object lives in: required for namespaced types, dropped for cluster-scoped ones. */
  private scopeNamespace(gvr: GroupVersionResource, type: ResourceType | undefined, namespace: string | undefined, name: string): string | undefined {
    const namespaced = type ? type.namespaced : namespace !== undefined && namespace !== '';
    if (!namespaced) return undefined;
    if (!namespace) throw invalid(type?.kind ?? gvr.resource, gvr.group, name, [{ field: 'metadata.namespace', message: 'Required value' }]);
    return namespace;
  }

  private ensureNamespace(namespace: string): void {
    if (this.bucket(NAMESPACES).has(this.key(NAMESPACES, undefined, namespace))) return;
    this.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  }

  /** What the garbage collector and the namespace controller would remove after a delete. */
  private collectGarbage(deleted: KubeObject): void {
    const isNamespace = deleted.kind === 'Namespace' && deleted.apiVersion === 'v1';
    for (const t of this.registry.types) {
      const gvr = { group: t.group, version: t.version, resource: t.resource };
      for (const o of [...this.bucket(gvr).values()]) {
        const owned = o.metadata.ownerReferences?.some((r) => r.uid === deleted.metadata.uid);
        const inNamespace = isNamespace && t.namespaced && o.metadata.namespace === deleted.metadata.name;
        if ((owned || inNamespace) && this.bucket(gvr).has(this.key(gvr, o.metadata.namespace, o.metadata.name))) {
          this.remove(gvr, o.metadata.namespace, o.metadata.name);
        }
      }
    }
  }

  private emit(type: WatchEventType, gvr: GroupVersionResource, obj: KubeObject): void {
    const event: StoreEvent = { type, gvr: { ...gvr }, object: structuredClone(obj) };
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.historyFloor = Number(dropped[dropped.length - 1].object.metadata.resourceVersion);
    }
    this.pending.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      while (this.pending.length) {
        const e = this.pending.shift()!;
        for (const l of [...this.listeners]) {
          try {
            l({ ...e, object: structuredClone(e.object) });
          } catch (err) {
            // A faulty subscriber must not stop the others or undo a committed write; surface it loudly.
            queueMicrotask(() => {
              throw err;
            });
          }
        }
      }
    } finally {
      this.dispatching = false;
    }
  }

  private bucket(gvr: GroupVersionResource): Map<string, KubeObject> {
    const k = gvrKey(gvr);
    let b = this.objects.get(k);
    if (!b) this.objects.set(k, (b = new Map()));
    return b;
  }

  private key(_gvr: GroupVersionResource, namespace: string | undefined, name: string): string {
    return `${namespace ?? ''}/${name}`;
  }

  private nextUid(): string {
    // Deterministic but well-formed (version 4 layout) so runs are reproducible.
    const n = ++this.uidCounter;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  }
}

function generationChanges(type: ResourceType | undefined, old: KubeObject, next: KubeObject): boolean {
  if (type?.statusSubresource) return !deepEqual(old.spec, next.spec);
  const strip = (o: KubeObject) => {
    const { metadata: _m, ...rest } = o;
    return rest;
  };
  return !deepEqual(strip(old), strip(next));
}

/** Seconds precision, as the API server serialises metav1.Time. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** generateName's 5-character suffix (upstream draws from "bcdfghjklmnpqrstvwxz2456789"). */
function suffix(n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let x = (n * 2654435761) >>> 0;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += alphabet[x % alphabet.length];
    x = Math.floor(x / alphabet.length) + i * 7919;
  }
  return s;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}
