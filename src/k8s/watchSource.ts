/**
 * The list and watch calls a ResourceWatcher makes, behind an interface so unit tests can script
 * them (410s, errors, drops, duplicate events) without a server. The real one pages through the list
 * with `limit`/`continue` (a 410 on a continue token means the snapshot expired: the caller re-lists)
 * and opens `?watch=1&resourceVersion=…&allowWatchBookmarks=true` with a randomized server-side
 * timeout as client-go's reflector does (`tools/cache/reflector.go`: 5–10 minutes), so many watches do
 * not all end at once.
 */
import { ApiError } from './errors';
import { isKubeObject, type KubeObject } from './kubeObject';
import { ensureOk, parseJson, type KubeTransport, type WatchHandlers, type WatchStream } from './transport';

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
}

export interface WatchSource {
  /** Lists everything at `path` (all pages). Throws ApiError. */
  list(path: string): Promise<ListResult>;
  /** Opens a watch from `resourceVersion`. Handlers are called asynchronously. */
  watch(path: string, resourceVersion: string, handlers: WatchHandlers): WatchStream;
}

const PAGE = 500;

function withQuery(path: string, query: Record<string, string>): string {
  const q = new URLSearchParams(query).toString();
  return path + (path.includes('?') ? '&' : '?') + q;
}

export function transportWatchSource(transport: KubeTransport, random: () => number = Math.random): WatchSource {
  return {
    async list(path) {
      const items: KubeObject[] = [];
      let cont: string | undefined;
      let resourceVersion = '';
      for (let page = 0; page < 100_000; page++) {
        const res = ensureOk(await transport.request({ path: withQuery(path, cont ? { limit: String(PAGE), continue: cont } : { limit: String(PAGE) }) }));
        const body = parseJson<{ items?: unknown; metadata?: { resourceVersion?: string; continue?: string } }>(res);
        if (!Array.isArray(body.items)) throw new ApiError('other', `the list at ${path} has no items array`);
        // An item without an object's shape has no key to be stored under; the server never sends one.
        for (const it of body.items as unknown[]) if (isKubeObject(it)) items.push(it);
        resourceVersion = body.metadata?.resourceVersion ?? resourceVersion;
        cont = body.metadata?.continue || undefined;
        if (!cont) break;
      }
      return { items, resourceVersion };
    },
    watch(path, resourceVersion, handlers) {
      const timeoutSeconds = String(300 + Math.floor(random() * 300));
      const query: Record<string, string> = { watch: '1', allowWatchBookmarks: 'true', timeoutSeconds };
      if (resourceVersion) query.resourceVersion = resourceVersion;
      return transport.watch(withQuery(path, query), handlers, (Number(timeoutSeconds) + 60) * 1000);
    },
  };
}
