/**
 * An informer cache in front of the store, as real controllers have (client-go shared informers with
 * a namespace index and an owner index): reads come from memory, fed by the store's change events;
 * writes go to the store and are written through with what it returns, so a reconcile reads its own
 * writes even when events arrive later. Without it every reconcile would list whole resource types,
 * which is quadratic for a cluster with thousands of objects (the benchmark's).
 *
 * An event never moves an object backwards: one whose resourceVersion is older than the cached copy
 * is ignored. Cached objects are shared: callers copy before changing them (the controllers do).
 */
import type { GroupVersionResource, KubeObject, ObjectStore, StoreEvent } from '../store/objectStore';

const gvrKey = (g: GroupVersionResource) => `${g.group}/${g.resource}`;
const rvOf = (o: KubeObject) => Number(o.metadata.resourceVersion ?? NaN);

interface Bucket {
  /** namespace → name → object */
  byNamespace: Map<string, Map<string, KubeObject>>;
  /** "<ns>/<ownerKind>/<ownerName>" → names */
  byOwner: Map<string, Set<string>>;
}

export class ObjectCache implements ObjectStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    gvrs: GroupVersionResource[],
  ) {
    this.unsubscribe = store.subscribe((e) => this.apply(e));
    for (const gvr of gvrs) {
      this.buckets.set(gvrKey(gvr), { byNamespace: new Map(), byOwner: new Map() });
      for (const o of store.list(gvr)) this.put(gvr, o);
    }
  }

  dispose(): void {
    this.unsubscribe();
  }

  get(gvr: GroupVersionResource, namespace: string | undefined, name: string): KubeObject | undefined {
    const b = this.bucket(gvr);
    if (!b) return this.store.get(gvr, namespace, name);
    return b.byNamespace.get(namespace ?? '')?.get(name);
  }

  list(gvr: GroupVersionResource, namespace?: string): KubeObject[] {
    const b = this.bucket(gvr);
    if (!b) return this.store.list(gvr, namespace);
    if (namespace) return [...(b.byNamespace.get(namespace)?.values() ?? [])];
    return [...b.byNamespace.values()].flatMap((m) => [...m.values()]);
  }

  /** Objects of a type in a namespace whose controller owner is `<ownerKind>/<ownerName>`. */
  ownedBy(gvr: GroupVersionResource, namespace: string | undefined, ownerKind: string, ownerName: string): KubeObject[] {
    const b = this.bucket(gvr);
    if (!b) return [];
    const names = b.byOwner.get(`${namespace ?? ''}/${ownerKind}/${ownerName}`);
    if (!names) return [];
    const m = b.byNamespace.get(namespace ?? '');
    return [...names]
      .sort()
      .map((n) => m?.get(n))
      .filter((o): o is KubeObject => !!o);
  }

  create(gvr: GroupVersionResource, obj: KubeObject): KubeObject {
    return this.put(gvr, this.store.create(gvr, obj));
  }

  update(gvr: GroupVersionResource, obj: KubeObject): KubeObject {
    return this.put(gvr, this.store.update(gvr, obj));
  }

  updateStatus(gvr: GroupVersionResource, obj: KubeObject): KubeObject {
    return this.put(gvr, this.store.updateStatus(gvr, obj));
  }

  delete(gvr: GroupVersionResource, namespace: string | undefined, name: string): void {
    this.store.delete(gvr, namespace, name);
    const o = this.get(gvr, namespace, name);
    if (o) this.remove(gvr, o);
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    return this.store.subscribe(listener);
  }

  private bucket(gvr: GroupVersionResource): Bucket | undefined {
    return this.buckets.get(gvrKey(gvr));
  }

  private apply(e: StoreEvent): void {
    if (!this.bucket(e.gvr)) return; // not a cached type: reads go to the store
    if (e.type === 'DELETED') {
      const cached = this.get(e.gvr, e.object.metadata.namespace, e.object.metadata.name);
      if (cached && !(rvOf(cached) > rvOf(e.object))) this.remove(e.gvr, cached);
    } else this.put(e.gvr, e.object);
  }

  private put(gvr: GroupVersionResource, o: KubeObject): KubeObject {
    const b = this.bucket(gvr);
    if (!b) return o;
    const ns = o.metadata.namespace ?? '';
    let m = b.byNamespace.get(ns);
    if (!m) b.byNamespace.set(ns, (m = new Map()));
    const old = m.get(o.metadata.name);
    if (old && rvOf(old) > rvOf(o)) return o; // a late event: keep the newer copy
    if (old) this.unindex(b, old);
    m.set(o.metadata.name, o);
    for (const r of o.metadata.ownerReferences ?? []) {
      const k = `${ns}/${r.kind}/${r.name}`;
      let s = b.byOwner.get(k);
      if (!s) b.byOwner.set(k, (s = new Set()));
      s.add(o.metadata.name);
    }
    return o;
  }

  private remove(gvr: GroupVersionResource, o: KubeObject): void {
    const b = this.bucket(gvr);
    if (!b) return;
    b.byNamespace.get(o.metadata.namespace ?? '')?.delete(o.metadata.name);
    this.unindex(b, o);
  }

  private unindex(b: Bucket, o: KubeObject): void {
    const ns = o.metadata.namespace ?? '';
    for (const r of o.metadata.ownerReferences ?? []) b.byOwner.get(`${ns}/${r.kind}/${r.name}`)?.delete(o.metadata.name);
  }
}
