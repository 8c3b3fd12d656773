/**
 * Test doubles for the cluster layer: a fake clock (timers run only when the test advances time)
 * and a scripted WatchSource (each list/watch call is recorded; the test answers it).
 */
import type { Timers } from '../../../src/k8s/timers';
import type { KubeRequest, KubeResponse, KubeTransport, WatchHandlers, WatchStream } from '../../../src/k8s/transport';
import type { ListResult, WatchSource } from '../../../src/k8s/watchSource';

export class FakeTimers implements Timers {
  private t = 1_000_000;
  private seq = 0;
  readonly pending = new Map<number, { at: number; fn: () => void }>();
  randomValue = 0.5;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.pending.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.pending.delete(h as number);
  }
  random(): number {
    return this.randomValue;
  }
  /** Delays of the pending timers, relative to now. */
  delays(): number[] {
    return [...this.pending.values()].map((p) => p.at - this.t).sort((a, b) => a - b);
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, p]) => p.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
      await flush();
    }
    this.t = end;
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

export interface PendingList {
  path: string;
  resolve(r: ListResult): void;
  reject(e: unknown): void;
}
export interface OpenWatch {
  path: string;
  resourceVersion: string;
  handlers: WatchHandlers;
  aborted: boolean;
}

export class ScriptedSource implements WatchSource {
  readonly lists: PendingList[] = [];
  readonly watches: OpenWatch[] = [];
  list(path: string): Promise<ListResult> {
    return new Promise((resolve, reject) => this.lists.push({ path, resolve, reject }));
  }
  watch(path: string, resourceVersion: string, handlers: WatchHandlers): WatchStream {
    const w: OpenWatch = { path, resourceVersion, handlers, aborted: false };
    this.watches.push(w);
    return { abort: () => void (w.aborted = true) };
  }
  lastList(): PendingList {
    const l = this.lists.at(-1);
    if (!l) throw new Error('no list call');
    return l;
  }
  lastWatch(): OpenWatch {
    const w = this.watches.at(-1);
    if (!w) throw new Error('no watch call');
    return w;
  }
}

export function obj(ns: string, name: string, rv: string, extra: Record<string, unknown> = {}): any {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { namespace: ns, name, resourceVersion: rv, uid: `uid-${ns}-${name}` }, ...extra };
}

/** A transport answering GETs from a table of path → response (or a thrown network error); the paths asked are recorded. */
export function tableTransport(answer: (path: string) => KubeResponse | Error): KubeTransport & { paths: string[] } {
  const paths: string[] = [];
  return {
    server: 'https://fake',
    stats: { requests: 0, bytesIn: 0, bytesOut: 0 },
    paths,
    request(req: KubeRequest) {
      paths.push(req.path);
      const a = answer(req.path);
      if (a instanceof Error) return Promise.reject(a);
      return Promise.resolve(a);
    },
    watch: () => ({ abort() {} }),
    dispose() {},
  };
}
