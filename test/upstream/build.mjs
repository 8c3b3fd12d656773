#!/usr/bin/env node
// Builds the upstream components of the test stage from their Go modules (one module per
// dependency graph: Kubernetes, etcd, kwok, Argo Rollouts and Flagger pin different k8s.io
// versions) and caches the binaries outside the clone, keyed by go.mod + go.sum + the build
// recipe below, so a warm run never rebuilds.
//
//   node test/upstream/build.mjs [--json] [component ...]
//
// Prints the directory holding every binary (or, with --json, {binDir, binaries, timings}).
// The cache lives in $ROLLOUT_LENS_UPSTREAM_CACHE, else $XDG_CACHE_HOME/rollout-lens/upstream,
// else ~/.cache/rollout-lens/upstream. Go's own caches (GOCACHE, GOMODCACHE) make a rebuild after
// a recipe change incremental.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function kubernetesVersion() {
  const mod = readFileSync(join(here, 'kubernetes', 'go.mod'), 'utf8');
  const v = /^require k8s\.io\/kubernetes (v1\.(\d+)\.\d+)$/m.exec(mod);
  if (!v) throw new Error('test/upstream/kubernetes/go.mod: no "require k8s.io/kubernetes v1.N.M" line');
  return { gitVersion: v[1], major: '1', minor: v[2] };
}

/** The components: module folder, binaries (name → package) and ldflags. */
export function components() {
  const k = kubernetesVersion();
  // Unstamped, the server reports v0.0.0 and both controllers refuse it.
  const stamp = [
    `-X k8s.io/component-base/version.gitMajor=${k.major}`,
    `-X k8s.io/component-base/version.gitMinor=${k.minor}`,
    `-X k8s.io/component-base/version.gitVersion=${k.gitVersion}`,
    `-X k8s.io/component-base/version.gitTreeState=clean`,
    `-X k8s.io/component-base/version.buildDate=1970-01-01T00:00:00Z`,
    `-X k8s.io/client-go/pkg/version.gitMajor=${k.major}`,
    `-X k8s.io/client-go/pkg/version.gitMinor=${k.minor}`,
    `-X k8s.io/client-go/pkg/version.gitVersion=${k.gitVersion}`,
  ].join(' ');
  return {
    etcd: { dir: 'etcd', binaries: { etcd: 'go.etcd.io/etcd/server/v3' }, ldflags: '' },
    kubernetes: {
      dir: 'kubernetes',
      binaries: {
        'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver',
        'kube-controller-manager': 'k8s.io/kubernetes/cmd/kube-controller-manager',
        'kube-scheduler': 'k8s.io/kubernetes/cmd/kube-scheduler',
        kubectl: 'k8s.io/kubernetes/cmd/kubectl',
      },
      ldflags: stamp,
    },
    kwok: { dir: 'kwok', binaries: { kwok: 'sigs.k8s.io/kwok/cmd/kwok' }, ldflags: '' },
    argo: {
      dir: 'argo',
      binaries: {
        'rollouts-controller': 'github.com/argoproj/argo-rollouts/cmd/rollouts-controller',
        'kubectl-argo-rollouts': 'github.com/argoproj/argo-rollouts/cmd/kubectl-argo-rollouts',
      },
      ldflags: '',
    },
    flagger: {
      dir: 'flagger',
      binaries: {
        flagger: 'github.com/fluxcd/flagger/cmd/flagger',
        loadtester: 'github.com/fluxcd/flagger/cmd/loadtester',
      },
      ldflags: '',
    },
    // The chart tests render with helm (issue 13); -X stamps the version `helm version` reports.
    helm: {
      dir: 'helm',
      binaries: { helm: 'helm.sh/helm/v3/cmd/helm' },
      ldflags: '-X helm.sh/helm/v3/internal/version.version=v3.22.0',
    },
  };
}

export function cacheRoot() {
  if (process.env.ROLLOUT_LENS_UPSTREAM_CACHE) return process.env.ROLLOUT_LENS_UPSTREAM_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'rollout-lens', 'upstream');
}

function keyOf(name, c) {
  const h = createHash('sha256');
  h.update(name);
  for (const f of ['go.mod', 'go.sum']) h.update(readFileSync(join(here, c.dir, f)));
  h.update(JSON.stringify(c.binaries));
  h.update(c.ldflags);
  h.update(execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim());
  return h.digest('hex').slice(0, 16);
}

/** Every binary of component `c` is in its cache folder `out`. */
function isBuilt(c, out) {
  return Object.keys(c.binaries).every((b) => existsSync(join(out, b)));
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Takes `${out}.lock` (holding our pid); waits while a live process holds it; returns the release. */
function lockComponent(out, log) {
  const lock = `${out}.lock`;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    const holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
    if (!Number.isFinite(holder) || !pidAlive(holder)) {
      rmSync(lock, { force: true }); // left by a build that was killed
      continue;
    }
    if (!announced) log(`upstream: waiting for process ${holder}, which is building ${out}`);
    announced = true;
    Atomics.wait(pause, 0, 0, 2000); // build tooling, not a test: a synchronous wait for the other build
  }
}

function buildComponent(name, c, out, log) {
  log(`upstream: building ${name} (${Object.keys(c.binaries).join(', ')}) into ${out}`);
  // Our own scratch folder: a builder without the lock (an older checkout) must never share it.
  const tmp = `${out}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [bin, pkg] of Object.entries(c.binaries)) {
    const args = ['build', '-trimpath', '-o', join(tmp, bin)];
    if (c.ldflags) args.push('-ldflags', c.ldflags);
    args.push(pkg);
    const r = spawnSync('go', args, {
      cwd: join(here, c.dir),
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
    });
    if (r.status !== 0) throw new Error(`go build ${pkg} failed (exit ${r.status})`);
  }
  if (isBuilt(c, out)) {
    rmSync(tmp, { recursive: true, force: true }); // another builder finished first: keep its result
    return;
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
}

/** Builds (or finds cached) every component; returns the bin directory with one link per binary. */
export function buildAll(names = Object.keys(components()), log = (s) => process.stderr.write(s + '\n')) {
  const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (goVersion.error || goVersion.status !== 0) {
    throw new Error(
      'The upstream test stage builds Kubernetes, etcd, kwok, Argo Rollouts and Flagger from their Go modules, ' +
        'and needs Go 1.25 or newer on the PATH (https://go.dev/doc/install; Debian: the golang package is too old). ' +
        'Set ROLLOUT_LENS_UPSTREAM=off to run the other stages only.',
    );
  }
  const all = components();
  const root = cacheRoot();
  const binDir = join(root, 'bin');
  mkdirSync(binDir, { recursive: true });
  const timings = {};
  const binaries = {};
  for (const name of names) {
    const c = all[name];
    if (!c) throw new Error(`unknown component ${name}; known: ${Object.keys(all).join(', ')}`);
    const out = join(root, `${name}-${keyOf(name, c)}`);
    const started = Date.now();
    let complete = isBuilt(c, out);
    if (!complete) {
      // Two runs on one machine (a CI clone beside a working copy, say) may want the same
      // component: one builds under a lock, the other waits for its result instead of racing it.
      const release = lockComponent(out, log);
      try {
        complete = isBuilt(c, out);
        if (!complete) buildComponent(name, c, out, log);
      } finally {
        release();
      }
    }
    timings[name] = { ms: Date.now() - started, cached: complete };
    for (const bin of Object.keys(c.binaries)) {
      const link = join(binDir, bin);
      rmSync(link, { force: true });
      try {
        symlinkSync(join(out, bin), link);
      } catch (e) {
        if (e.code !== 'EEXIST') throw e; // a concurrent run linked it first, to the same key's binary
      }
      binaries[bin] = join(out, bin);
    }
    log(`upstream: ${name} ${complete ? 'cached' : 'built'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  writeFileSync(join(root, 'last-build.json'), JSON.stringify({ timings, at: new Date().toISOString() }, null, 2));
  return { binDir, binaries, timings };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: node test/upstream/build.mjs [--json] [${Object.keys(components()).join(' ')}]\nBuilds (or finds cached) the upstream binaries; prints their bin directory.`);
    process.exit(0);
  }
  const unknownFlag = args.find((a) => a.startsWith('-') && a !== '--json');
  if (unknownFlag) {
    console.error(`upstream: unknown option ${unknownFlag} (known: --json, --help)`);
    process.exit(2);
  }
  const json = args.includes('--json');
  const names = args.filter((a) => !a.startsWith('--'));
  try {
    const result = buildAll(names.length ? names : undefined);
    console.log(json ? JSON.stringify(result) : result.binDir);
  } catch (e) {
    console.error(`upstream: ${e.message}`);
    process.exit(1);
  }
}
