/**
 * The actions oracle (issue 9 §5 "Actions"): our action on one Rollout, the plugin's command on its
 * twin (the same spec, another name, driven to the same state), then two comparisons:
 *
 * - what each tool sent: both talk to the API server through a recording proxy on loopback (plain HTTP
 *   in, the API server's HTTPS out), which keeps every write (method, path, content type, body).
 *   Reads, watches and our permission reviews (SelfSubjectAccessReview) are not writes of the action.
 *   The twin's name becomes NAME and restartAt's time becomes <time>, so the two lists compare as they
 *   are;
 * - what the controller made of it: both Rollouts polled until each is settled (spec observed, phase
 *   Healthy, Paused or Degraded) and their outcomes (the phase, message, the spec fields and the status
 *   fields the actions write) are equal, or the deadline passes and the difference is the finding.
 */
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { ApiClient } from '../stack/api';

export interface RecordedWrite {
  method: string;
  path: string;
  contentType: string;
  body: string;
}

/**
 * An HTTP server on 127.0.0.1 that forwards every request to the API server (TLS, the run's CA, the
 * admin's token) and records the writes under the label `recordAs` names at that moment.
 */
export class RecordingProxy {
  private server?: http.Server;
  private label = '';
  readonly writes = new Map<string, RecordedWrite[]>();
  port = 0;

  constructor(
    private readonly apiUrl: string,
    private readonly ca: string,
    private readonly token: string,
  ) {}

  async start(): Promise<void> {
    const target = new URL(this.apiUrl);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const path = req.url ?? '/';
        if (req.method !== 'GET' && !/selfsubjectaccessreviews|selfsubjectrulesreviews/.test(path)) {
          const list = this.writes.get(this.label) ?? [];
          list.push({ method: req.method ?? '', path: path.replace(/\?.*$/, ''), contentType: String(req.headers['content-type'] ?? ''), body: body.toString('utf8') });
          this.writes.set(this.label, list);
        }
        // The proxy authenticates, as `kubectl proxy` does: client-go sends no bearer token over plain HTTP.
        const headers = { ...req.headers, host: target.host, authorization: `Bearer ${this.token}` };
        const up = https.request({ hostname: target.hostname, port: target.port, path, method: req.method, headers, ca: this.ca }, (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        });
        up.on('error', (e) => {
          res.writeHead(502).end(String(e));
        });
        up.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Writes from now on are recorded under `label`. */
  recordAs(label: string): void {
    this.label = label;
  }

  /**
   * A kubeconfig for the proxy (plain HTTP on loopback). The proxy puts the credentials on every
   * request; the token is in the file too because rollout-lens refuses a user without credentials.
   */
  writeKubeconfig(file: string): void {
    fs.writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: recording-proxy`,
        // @kubernetes/client-node sends a token over plain HTTP only with insecure-skip-tls-verify.
        `  cluster: {server: "http://127.0.0.1:${this.port}", insecure-skip-tls-verify: true}`,
        'users:',
        `- name: admin`,
        `  user: {token: "${this.token}"}`,
        'contexts:',
        '- name: recording-proxy',
        '  context: {cluster: recording-proxy, user: admin, namespace: default}',
        'current-context: recording-proxy',
        '',
      ].join('\n'),
    );
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
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
