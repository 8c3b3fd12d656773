/**
 * The contract between the test API server (which owns storage, resourceVersions and watches) and the
 * simulated controllers (which read and write objects like a real controller would, through this
 * interface instead of HTTP). Objects are plain JSON as the API server would return them.
 */
export interface GroupVersionResource {
  group: string; // '' for the core group
  version: string;
  resource: string; // plural, e.g. 'rollouts'
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
    [k: string]: unknown;
  };
  spec?: any;
  status?: any;
  [k: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  gvr: GroupVersionResource;
  object: KubeObject;
}

export interface ObjectStore {
  get(gvr: GroupVersionResource, namespace: string | undefined, name: string): KubeObject | undefined;
  /** Sorted by namespace then name. Selectors use the query-string syntax (`app=x,tier in (a,b)`). */
  list(gvr: GroupVersionResource, namespace?: string, options?: { labelSelector?: string; fieldSelector?: string }): KubeObject[];
  /** Assigns uid, resourceVersion, generation=1, creationTimestamp. Throws if it exists. */
  create(gvr: GroupVersionResource, obj: KubeObject): KubeObject;
  /** Replaces spec/metadata (not status when the kind has a status subresource); bumps generation when spec changed. */
  update(gvr: GroupVersionResource, obj: KubeObject): KubeObject;
  /** Replaces only status (what a controller does through /status). */
  updateStatus(gvr: GroupVersionResource, obj: KubeObject): KubeObject;
  delete(gvr: GroupVersionResource, namespace: string | undefined, name: string): void;
  /** Every change, after it is committed. Returns an unsubscribe function. */
  subscribe(listener: (e: StoreEvent) => void): () => void;
}

/** Time as the controllers see it: fixed and steppable in tests, real in the demo. */
export interface Clock {
  now(): Date;
  /** Calls fn after ms of this clock's time; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): () => void;
}
