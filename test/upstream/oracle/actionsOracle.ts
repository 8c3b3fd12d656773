/**
 * The actions oracle (issue 9 §5 "Actions"): our action on one Rollout, the plugin's command on its
 * twin (the same spec, another name, driven to the same state), then two comparisons:
 *
 * - what each tool sent: both talk to the API server through the loopback proxy (HTTPS with a
 *   certificate from the stack's CA, each tool's own bearer token forwarded), which keeps every write
 *   (method, path, content type, body).
 *   Reads, watches and our permission reviews (SelfSubjectAccessReview) are not writes of the action.
 *   The twin's name becomes NAME and restartAt's time becomes <time>, so the two lists compare as they
 *   are;
 * - what the controller made of it: both Rollouts polled until each is settled (spec observed, phase
 *   Healthy, Paused or Degraded) and their outcomes (the phase, message, the spec fields and the status
 *   fields the actions write) are equal, or the deadline passes and the difference is the finding.
 */
import type { ApiClient } from '../stack/api';
import type { UpstreamCluster } from '../stack/index';
import { loopbackProxyFor, type LoopbackProxy, type ProxiedRequest } from '../loopbackProxy';

/** A write as the proxy saw it, the path without its query. */
export type RecordedWrite = ProxiedRequest;

/**
 * The loopback proxy (../loopbackProxy.ts) in front of the stack, recording the writes under the label
 * `recordAs` names at that moment. Reads, watches and permission reviews are not writes of an action.
 */
export class RecordingProxy {
  private readonly proxy: LoopbackProxy;
  private label = '';
  readonly writes = new Map<string, RecordedWrite[]>();

  constructor(private readonly cluster: UpstreamCluster) {
    this.proxy = loopbackProxyFor(cluster, (r) => {
      if (r.method === 'GET' || /selfsubjectaccessreviews|selfsubjectrulesreviews/.test(r.path)) return;
      const list = this.writes.get(this.label) ?? [];
      list.push({ ...r, path: r.path.replace(/\?.*$/, '') });
      this.writes.set(this.label, list);
    });
  }

  start(): Promise<void> {
    return this.proxy.start();
  }

  /** Writes from now on are recorded under `label`. */
  recordAs(label: string): void {
    this.label = label;
  }

  /**
   * A kubeconfig for the proxy: the stack's users and tokens (the admin's context current), the
   * proxy's address, and the stack's CA, which issued the proxy's certificate.
   */
  writeKubeconfig(file: string): void {
    this.proxy.writeKubeconfig(file, [...this.cluster.users]);
  }

  stop(): Promise<void> {
    return this.proxy.stop();
  }
}

/** A write with the object's name and the restart time abstracted, the body's keys sorted. */
export function normaliseWrite(w: RecordedWrite, name: string): string {
  const path = w.path.split(`/${name}`).join('/NAME');
  let body = w.body;
  try {
    body = JSON.stringify(sortKeys(JSON.parse(w.body)));
  } catch {
    /* not JSON: compared as it is */
  }
  body = body.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>');
  return `${w.method} ${path} (${w.contentType.split(';')[0]}) ${body}`;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** What the controller made of an action: the fields a user reads and the ones the actions write. */
export interface Outcome {
  phase: string;
  message: string;
  specPaused: boolean;
  restartAt: 'set' | 'unset';
  abort: boolean;
  promoteFull: boolean;
  pauseConditions: string;
  controllerPause: boolean;
  currentStepIndex: number | null;
  fullyPromoted: boolean;
  restartedAt: 'set' | 'unset';
  /** The pod template's images (set image, undo). */
  images: string;
}

export function outcomeOf(r: any): Outcome {
  const st = r.status ?? {};
  return {
    phase: st.phase ?? '',
    message: String(st.message ?? ''),
    specPaused: r.spec?.paused === true,
    restartAt: r.spec?.restartAt ? 'set' : 'unset',
    abort: st.abort === true,
    promoteFull: st.promoteFull === true,
    pauseConditions: (st.pauseConditions ?? []).map((p: any) => p.reason).join(','),
    controllerPause: st.controllerPause === true,
    currentStepIndex: typeof st.currentStepIndex === 'number' ? st.currentStepIndex : null,
    fullyPromoted: !!st.stableRS && st.stableRS === st.currentPodHash,
    restartedAt: st.restartedAt ? 'set' : 'unset',
    images: (r.spec?.template?.spec?.containers ?? []).map((c: any) => `${c.name}=${c.image}`).join(' '),
  };
}

const SETTLED = new Set(['Healthy', 'Paused', 'Degraded']);

function settled(r: any): boolean {
  return r.status?.observedGeneration === String(r.metadata.generation) && SETTLED.has(r.status?.phase);
}

/**
 * Polls both rollouts until both are settled with equal outcomes; after `ms`, returns whatever each
 * last showed (the caller reports the difference). Equal outcomes of two settled rollouts are what the
 * oracle asks; a transient equality would need both to be settled at once in the same wrong state.
 */
export async function settleTwins(api: ApiClient, ns: string, ours: string, theirs: string, ms: number): Promise<{ ours: Outcome; theirs: Outcome; agreed: boolean }> {
  const path = (n: string) => `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts/${n}`;
  const deadline = Date.now() + ms;
  for (;;) {
    const [a, b] = [await api.get(path(ours)), await api.get(path(theirs))];
    const [oa, ob] = [outcomeOf(a), outcomeOf(b)];
    const agreed = settled(a) && settled(b) && JSON.stringify(oa) === JSON.stringify(ob);
    if (agreed || Date.now() > deadline) return { ours: oa, theirs: ob, agreed };
    await new Promise((r) => setTimeout(r, 500));
  }
}
