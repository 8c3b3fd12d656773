/**
 * Watch streams, with the resourceVersion semantics of the API server's watch cache
 * (`k8s.io/apiserver/pkg/storage/cacher/cacher.go`, `handlers/watch.go`):
 *
 * - the response is `200`, `application/json`, chunked: one `{"type","object"}` JSON document per line;
 * - `resourceVersion` unset or "0": synthetic ADDED events for every current object, then live events
 *   (with `sendInitialEvents=true` a BOOKMARK annotated `k8s.io/initial-events-end` follows them);
 * - `resourceVersion=N`: every event after N, then live ones. When N has left the history window the
 *   cacher's error watcher answers `200` with a single ERROR event carrying a 410 `Expired` Status,
 *   then closes: clients re-list (client-node's ListWatch and client-go's reflector both do);
 * - `allowWatchBookmarks=true`: periodic BOOKMARK events carrying only the latest resourceVersion;
 * - `timeoutSeconds`: the server ends the stream cleanly after that long;
 * - label/field selectors: an object that stops matching is sent as DELETED, one that starts
 *   matching as ADDED, as the cacher does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, StoreEvent } from './objectStore';
import type { MemoryStore } from './memoryStore';
import { apiVersionFor, gvrKey, gvrOf, type ResourceType } from '../http/resources';
import type { FieldSelector, LabelSelector } from './selectors';
import { StatusError } from './storeErrors';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  labels: LabelSelector;
  fields: FieldSelector;
  resourceVersion?: string;
  sendInitialEvents: boolean;
  allowBookmarks: boolean;
  timeoutSeconds: number;
  /** Turns an object into what goes on the wire (plain, or a Table row for kubectl get -w). */
  encode: (obj: KubeObject, first: boolean) => unknown;
}

export class WatchHub {
  private readonly streams = new Set<{ end: (abrupt: boolean) => void }>();

  constructor(
    private readonly store: MemoryStore,
    private readonly bookmarkIntervalMs: number,
  ) {}

  get openWatches(): number {
    return this.streams.size;
  }

  /** Ends every open watch: cleanly (the stream finishes) or abruptly (the socket is destroyed). */
  dropAll(abrupt = false): number {
    const n = this.streams.size;
    for (const s of [...this.streams]) s.end(abrupt);
    return n;
  }

  serve(req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
    // The client may have hung up while the request waited (injected latency): nothing to serve, and
    // 'close' has already fired, so nothing would ever clean up a subscription made now.
    if (req.destroyed || res.destroyed || !res.socket || res.socket.destroyed) return;
    const key = gvrKey(gvrOf(w.type));
    const matches = (o: KubeObject) => (!w.namespace || o.metadata.namespace === w.namespace) && w.labels(o.metadata.labels) && w.fields(o);
    let first = true;
    const write = (type: string, object: unknown) => {
      res.write(`${JSON.stringify({ type, object })}\n`);
    };
    const send = (type: string, obj: KubeObject) => {
      write(type, w.encode(obj, first));
      first = false;
    };

    // Decide what to replay before subscribing; everything here runs in one tick, so nothing is lost.
    let replay: StoreEvent[] = [];
    let initial: KubeObject[] = [];
    const rv = w.resourceVersion;
    if (!rv || rv === '0' || w.sendInitialEvents) {
      initial = this.store.list(gvrOf(w.type), w.namespace).filter(matches);
    } else {
      const since = this.store.changesSince(rv);
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
      if (since === undefined) {
        const expired = new StatusError(410, 'Expired', `too old resource version: ${rv} (${this.store.resourceVersion})`);
        write('ERROR', expired.toStatus());
        res.end();
        return;
      }
      replay = since.filter((e) => gvrKey(e.gvr) === key);
    }
    if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();

    // Names this watcher has been told exist, to turn selector transitions into ADDED/DELETED.
    const known = new Set<string>();
    const id = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const deliver = (e: StoreEvent) => {
      if (gvrKey(e.gvr) !== key) return;
      const now = matches(e.object);
      const had = known.has(id(e.object));
      if (e.type === 'DELETED') {
        if (now || had) send('DELETED', e.object);
        known.delete(id(e.object));
      } else if (now) {
        send(had && e.type !== 'ADDED' ? 'MODIFIED' : 'ADDED', e.object);
        known.add(id(e.object));
      } else if (had) {
        send('DELETED', e.object);
        known.delete(id(e.object));
      }
    };

    for (const o of initial) {
      send('ADDED', o);
      known.add(id(o));
    }
    if (w.sendInitialEvents) {
      write('BOOKMARK', this.bookmark(w.type, { 'k8s.io/initial-events-end': 'true' }));
    }
    if (rv && rv !== '0' && !w.sendInitialEvents) {
      // Resuming: the client knew what matched at `rv`. Objects whose first replayed event is not an
      // ADDED existed then; objects untouched since still match as they do now.
      const firstSeen = new Map<string, StoreEvent>();
      for (const e of replay) if (!firstSeen.has(id(e.object))) firstSeen.set(id(e.object), e);
      for (const [k, e] of firstSeen) if (e.type !== 'ADDED') known.add(k);
      for (const o of this.store.list(gvrOf(w.type), w.namespace).filter(matches)) if (!firstSeen.has(id(o))) known.add(id(o));
      for (const e of replay) deliver(e);
    }

    const unsubscribe = this.store.subscribe(deliver);
    const timers: NodeJS.Timeout[] = [];
    if (w.allowBookmarks && this.bookmarkIntervalMs > 0) {
      timers.push(setInterval(() => write('BOOKMARK', this.bookmark(w.type)), this.bookmarkIntervalMs).unref());
    }
    // Unref'd: an open watch must never be what keeps a test process alive (the listening server is).
    timers.push(setTimeout(() => stream.end(false), w.timeoutSeconds * 1000).unref());
    const stream = {
      end: (abrupt: boolean) => {
        cleanup();
        if (abrupt) res.destroy();
        else res.end();
      },
    };
    const cleanup = () => {
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      this.streams.delete(stream);
    };
    this.streams.add(stream);
    req.on('close', cleanup);
    res.on('close', cleanup);
  }

  private bookmark(type: ResourceType, annotations?: Record<string, string>): unknown {
    return {
      kind: type.kind,
      apiVersion: apiVersionFor(type),
      metadata: { resourceVersion: this.store.resourceVersion, creationTimestamp: null, ...(annotations ? { annotations } : {}) },
    };
  }
}
