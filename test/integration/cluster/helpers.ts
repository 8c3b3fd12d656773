/**
 * Helpers for talking to the test cluster in integration tests: raw HTTPS requests that trust the
 * cluster's CA (read from its kubeconfig, as any client would), watch streams read line by line, the
 * real kubectl run with an isolated HOME and discovery cache, and polling with a deadline.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { TestCluster } from '../../cluster/index';

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function caOf(cluster: TestCluster): string {
  const kc = parseYaml(fs.readFileSync(cluster.kubeconfigPath, 'utf8'));
  return Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString('utf8');
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

export interface ApiOptions {
  body?: unknown;
  contentType?: string;
  token?: string | null;
  accept?: string;
}

export function api(cluster: TestCluster, method: string, urlPath: string, o: ApiOptions = {}): Promise<ApiAnswer> {
  const ca = caOf(cluster);
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : Buffer.isBuffer(o.body) ? o.body : Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
    const headers: Record<string, string> = {};
    const token = o.token === undefined ? cluster.token : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (body) headers['content-type'] = o.contentType ?? 'application/json';
    if (o.accept) headers.accept = o.accept;
    const req = https.request(`${cluster.url}${urlPath}`, { method, ca, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A watch (or any streaming GET) whose JSON lines accumulate in `events`. */
export interface Stream {
  status: number;
  events: any[];
  ended: boolean;
  error?: Error;
  close(): void;
}

export function openStream(cluster: TestCluster, urlPath: string, o: { token?: string; accept?: string } = {}): Promise<Stream> {
  const ca = caOf(cluster);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${o.token ?? cluster.token}` };
    if (o.accept) headers.accept = o.accept;
    const req = https.request(`${cluster.url}${urlPath}`, { method: 'GET', ca, headers }, (res) => {
      const s: Stream = { status: res.statusCode ?? 0, events: [], ended: false, close: () => req.destroy() };
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim()) s.events.push(JSON.parse(line));
        }
      });
      res.on('end', () => (s.ended = true));
      res.on('close', () => (s.ended = true));
      res.on('error', (e) => {
        s.error = e;
        s.ended = true;
      });
      resolve(s);
    });
    req.on('error', reject);
    req.end();
  });
}

export function kubectlAvailable(): string | undefined {
  const r = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 20_000 });
  if (r.error || r.status !== 0) return `kubectl not on PATH (${r.error?.message ?? r.stderr.trim()})`;
  return undefined;
}

/** A private HOME and discovery cache, so runs never share or pollute ~/.kube/cache. */
export function isolatedHome(): { env: NodeJS.ProcessEnv; dispose(): void } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-kubectl-'));
  const env = { ...process.env, HOME: home, KUBECACHEDIR: path.join(home, 'cache'), KUBECONFIG: '' };
  return { env, dispose: () => fs.rmSync(home, { recursive: true, force: true }) };
}

export interface KubectlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function kubectl(cluster: Pick<TestCluster, 'kubeconfigPath'>, env: NodeJS.ProcessEnv, args: string[], input?: string, timeoutMs = 30_000): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', cluster.kubeconfigPath, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubectl ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** A long-running kubectl (e.g. `get -w`) whose output is read while it runs. */
export function kubectlBackground(cluster: TestCluster, env: NodeJS.ProcessEnv, args: string[]): { output(): string; stop(): Promise<void> } {
  const child = spawn('kubectl', ['--kubeconfig', cluster.kubeconfigPath, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const closed = new Promise<void>((r) => child.on('close', () => r()));
  return {
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      await closed;
    },
  };
}

export const GVR = {
  rollouts: { group: 'argoproj.io', version: 'v1alpha1', resource: 'rollouts' },
  canaries: { group: 'flagger.app', version: 'v1beta1', resource: 'canaries' },
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
};

export function rollout(name: string, namespace: string, extra: Record<string, unknown> = {}) {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name, namespace, labels: { app: name } }, spec: { replicas: 1, strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } } }, ...extra };
}
