/**
 * The upstream binaries (built and cached by ../build.mjs) and the command lines the stack runs them
 * with. Every listener is on 127.0.0.1 except where a component can only bind all interfaces
 * (the Argo Rollouts controller's metrics/healthz and Flagger's port: their flags take a port, not an
 * address); nothing is ever sent off the machine.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const upstreamDir = path.resolve(__dirname, '..');

export const COMPONENTS = ['etcd', 'kubernetes', 'kwok', 'argo', 'flagger'] as const;

export interface Binaries {
  binDir: string;
  binaries: Record<string, string>;
}

/** Builds (or finds cached) the components; a machine without Go fails here, naming what to install. */
export function upstreamBinaries(names: readonly string[] = COMPONENTS, log: (line: string) => void = () => {}): Binaries {
  let out: string;
  try {
    out = execFileSync(process.execPath, [path.join(upstreamDir, 'build.mjs'), '--json', ...names], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(String(err.stderr || err.message).trim(), { cause: e });
  }
  const r = JSON.parse(out) as Binaries & { timings: Record<string, { ms: number; cached: boolean }> };
  for (const [name, t] of Object.entries(r.timings)) log(`${name}: ${t.cached ? 'cached' : `built in ${(t.ms / 1000).toFixed(0)} s`}`);
  return r;
}

/** A port nobody listens on right now (127.0.0.1). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * kwok's stages, read from the kwok module this stage builds (its `kustomize/stage` folder: node
 * initialize + lease heartbeat, pod ready/complete/delete, what kwok calls the "fast" set). Standalone
 * kwok has none built in. Taken from the Go module cache rather than copied into the repository, so
 * they always match the kwok binary.
 */
export function kwokStages(): string {
  const dir = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'sigs.k8s.io/kwok'], {
    cwd: path.join(upstreamDir, 'kwok'),
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  }).trim();
  const files = ['node/fast/node-initialize.yaml', 'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml', 'pod/fast/pod-ready.yaml', 'pod/fast/pod-complete.yaml', 'pod/fast/pod-delete.yaml'];
  const docs = files.map((f) => fs.readFileSync(path.join(dir, 'kustomize', 'stage', f), 'utf8').trim());
  for (const [i, d] of docs.entries()) {
    const kind = parseAllDocuments(d)[0]?.toJS()?.kind;
    if (kind !== 'Stage') throw new Error(`${files[i]} in ${dir} is not a kwok Stage`);
  }
  return docs.join('\n---\n') + '\n';
}

/** The vendored CRDs the stack installs: Argo Rollouts at the controller's release (v1.9.1) and Flagger's. */
export function crdFiles(engines: readonly string[]): string[] {
  const schemas = path.resolve(upstreamDir, '..', '..', 'schemas', 'upstream');
  const out: string[] = [];
  if (engines.includes('argo')) for (const f of ['rollouts', 'analysistemplates', 'clusteranalysistemplates', 'analysisruns', 'experiments']) out.push(path.join(schemas, 'argoproj.io@v1.9.1', `${f}.yaml`));
  if (engines.includes('flagger')) for (const f of ['canaries', 'metrictemplates', 'alertproviders']) out.push(path.join(schemas, 'flagger.app', `${f}.yaml`));
  return out;
}
