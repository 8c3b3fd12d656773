/**
 * Charts and overlays validated as rendered (`npm run bench -- render`, issue 13): what our part adds
 * to the tool's own run. A chart of 20 templates (7 Rollouts, their versioned AnalysisTemplates and
 * Services, from test/fixtures/helm/checkout) is rendered by `helm template` alone, and rendered,
 * validated and mapped back to its templates by validateHelmChart (the CLI's --helm and the editor's
 * rendered diagnostics); a repository of 10 overlays over one base (from test/fixtures/kustomize) is
 * built by `kubectl kustomize` alone, and built, validated and mapped to its patches and base by
 * validateKustomization. Both contenders run interleaved, round-robin, in the same process and run, so
 * load drifts hit them alike; medians and the ratio ours ÷ tool alone. A report, never a test: speed
 * does not fail a run. helm is the one the upstream build makes (ROLLOUT_LENS_HELM, else
 * `node test/upstream/build.mjs --json helm`); without it the chart half says why and is skipped.
 */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ValidationEngine } from '../../src/core/validation/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../../src/core/validation/limits';
import { validateHelmChart } from '../../src/render/helmSources';
import { validateKustomization } from '../../src/render/kustomizeSources';
import { findOnPath, helmTemplate, kustomizeBuild } from '../../src/render/renderTools';

const root = path.resolve(__dirname, '..', '..');
const RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 9);
const ROLLOUTS = 7;
const OVERLAYS = 10;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The fixture chart grown to 20 templates: ROLLOUTS copies of its Rollout and AnalysisTemplate,
 * Services for all but the last (whose two Services are then unresolved references: warnings, so the
 * mapping of findings to templates is part of what is measured).
 */
function writeChart(dir: string): number {
  const src = path.join(root, 'test', 'fixtures', 'helm', 'checkout');
  fs.mkdirSync(path.join(dir, 'templates'), { recursive: true });
  for (const f of ['Chart.yaml', 'values.yaml']) fs.copyFileSync(path.join(src, f), path.join(dir, f));
  fs.copyFileSync(path.join(src, 'templates', '_helpers.tpl'), path.join(dir, 'templates', '_helpers.tpl'));
  const read = (f: string) => fs.readFileSync(path.join(src, 'templates', f), 'utf8');
  // The fixture's planted typo goes: the bench measures a chart as it should be.
  const rollout = read('rollout.yaml').replace(/^\s*- setWeigth: 100\n/m, '');
  const analysis = read('analysistemplate.yaml');
  const services = read('services.yaml');
  let templates = 0;
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, 'templates', name), text);
    templates++;
  };
  for (let i = 0; i < ROLLOUTS; i++) {
    write(
      `rollout-${i}.yaml`,
      rollout.replaceAll('{{ include "checkout.fullname" . }}', `{{ include "checkout.fullname" . }}-${i}`).replace('success-rate-{{ include "checkout.versionSuffix" . }}', `success-rate-{{ include "checkout.versionSuffix" . }}-${i}`),
    );
    write(`analysistemplate-${i}.yaml`, analysis.replace('success-rate-{{ include "checkout.versionSuffix" . }}', `success-rate-{{ include "checkout.versionSuffix" . }}-${i}`));
    if (i < ROLLOUTS - 1) write(`services-${i}.yaml`, services.replace('{{ include "checkout.fullname" $ }}-{{ $role }}', `{{ include "checkout.fullname" $ }}-${i}-{{ $role }}`));
  }
  return templates;
}

/** The fixture's base (its planted error fixed) and OVERLAYS overlays, each patching the replicas and the steps. */
function writeOverlays(dir: string): string[] {
  const base = path.join(dir, 'base');
  fs.cpSync(path.join(root, 'test', 'fixtures', 'kustomize', 'base'), base, { recursive: true });
  fs.writeFileSync(path.join(base, 'rollout.yaml'), fs.readFileSync(path.join(base, 'rollout.yaml'), 'utf8').replace(/minReadySeconds: soon.*$/m, 'minReadySeconds: 10'));
  const overlays: string[] = [];
  for (let i = 0; i < OVERLAYS; i++) {
    const o = path.join(dir, 'overlays', `env-${i}`);
    fs.mkdirSync(o, { recursive: true });
    fs.writeFileSync(path.join(o, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: checkout-env-${i}\nresources:\n  - ../../base\npatches:\n  - path: rollout-patch.yaml\n`);
    fs.writeFileSync(
      path.join(o, 'rollout-patch.yaml'),
      `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: checkout\nspec:\n  replicas: ${i + 2}\n  strategy:\n    canary:\n      steps:\n        - setWeight: ${10 + i * 5}\n        - pause: {duration: 30s}\n        - setWeight: 100\n`,
    );
    overlays.push(o);
  }
  return overlays;
}

function helmBinary(): string | string[] {
  if (process.env.ROLLOUT_LENS_HELM) return process.env.ROLLOUT_LENS_HELM;
  try {
    const out = execFileSync(process.execPath, [path.join(root, 'test', 'upstream', 'build.mjs'), '--json', 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return (JSON.parse(out) as { binaries: Record<string, string> }).binaries.helm;
  } catch (err) {
    return [`helm could not be built (node test/upstream/build.mjs helm): ${(err as Error).message.split('\n')[0]}`];
  }
}

/** The tool alone, as a user runs it: one process, its output read. */
function tool(file: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => execFile(file, args, { maxBuffer: 256 << 20 }, (err, _out, stderr) => (err ? reject(new Error(`${path.basename(file)} ${args[0]}: ${String(stderr) || err.message}`)) : resolve())));
}

async function compare(title: string, contenders: Record<string, () => Promise<unknown>>): Promise<void> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const fn of Object.values(contenders)) await fn(); // warm: file cache, the engine's schemas
  for (let i = 0; i < RUNS; i++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const t0 = performance.now();
      await fn();
      samples[name].push(performance.now() - t0);
    }
  }
  const [toolName, oursName] = Object.keys(contenders);
  const t = median(samples[toolName]);
  const o = median(samples[oursName]);
  console.log(title);
  console.log(`  ${toolName.padEnd(44)} ${t.toFixed(1).padStart(8)} ms`);
  console.log(`  ${oursName.padEnd(44)} ${o.toFixed(1).padStart(8)} ms   ${(o / t).toFixed(2)}× the tool alone (our part: ${(o - t).toFixed(1)} ms)`);
}

export async function run(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'render-bench-'));
  const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: DEFAULT_MAX_FILE_BYTES });
  const label = (abs: string) => path.relative(scratch, abs);
  console.log(`medians of ${RUNS} interleaved runs; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
  try {
    const helm = helmBinary();
    if (typeof helm === 'string') {
      const chart = path.join(scratch, 'chart');
      const templates = writeChart(chart);
      let findings = 0;
      await compare(`a chart of ${templates} templates (${ROLLOUTS} Rollouts), helm ${execFileSync(helm, ['version', '--short'], { encoding: 'utf8' }).trim()}`, {
        'helm template alone': () => tool(helm, ['template', '--namespace', 'default', '--', 'release', chart]),
        'render + validate + map (validateHelmChart)': async () => {
          const reports = await validateHelmChart({ chart, valueFiles: [], label, engine, severityOverrides: {}, render: (c, v) => helmTemplate(c, { helm, valueFiles: v }) });
          findings = (reports ?? []).reduce((n, r) => n + r.findings.length, 0);
        },
      });
      console.log(`  (findings on the chart: ${findings})`);
    } else console.log(`chart: skipped: ${helm[0]}`);

    const kubectl = findOnPath('kubectl');
    if (kubectl) {
      const overlays = writeOverlays(path.join(scratch, 'repo'));
      let findings = 0;
      await compare(`a repository of ${OVERLAYS} overlays over one base, each built in turn`, {
        'kubectl kustomize alone': async () => {
          for (const o of overlays) await tool(kubectl, ['kustomize', o]);
        },
        'build + validate + map (validateKustomization)': async () => {
          findings = 0;
          for (const o of overlays) {
            const reports = await validateKustomization({ dir: o, label, engine, severityOverrides: {}, build: (d) => kustomizeBuild(d) });
            findings += (reports ?? []).reduce((n, r) => n + r.findings.length, 0);
          }
        },
      });
      console.log(`  (findings over the overlays: ${findings})`);
    } else console.log('overlays: skipped: kubectl is not on the PATH');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
