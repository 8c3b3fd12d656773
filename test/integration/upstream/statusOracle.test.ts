/**
 * The status oracle (issue 9 §5 "Status"): real Rollouts driven by the real Argo Rollouts controller
 * through its phases (healthy, canary paused at a timed and at an indefinite step, progressing,
 * degraded, analysis running, analysis failed, aborted, blue/green preview and promoted, promote-full),
 * and at each one `kubectl argo rollouts get rollout NAME --no-color` against our rendering of the same
 * objects and against `rollout-lens status -o json` (test/upstream/oracle/statusOracle.ts). Every
 * disagreement must be listed in test/upstream/oracle/statusKnownDifferences.ts; the phase × field
 * table goes to test-artifacts/status-oracle.md.
 *
 * Each scenario has its own namespace (so "nothing changed between the two reads" is about its objects
 * only) and they run side by side. Analyses use the stack's simulated Prometheus: a namespace-specific
 * query answers a failing value where the analysis must fail.
 *
 * ROLLOUT_LENS_UPSTREAM=off skips it (printed). Without Go it fails naming what to install.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { until, type KubeObject } from '../../upstream/stack/api';
import { startUpstreamCluster, type UpstreamCluster } from '../../upstream/stack/index';
import { runOurCli } from '../../upstream/oracle/ourCli';
import { STATUS_KNOWN_DIFFERENCES, type StatusKnownDifference } from '../../upstream/oracle/statusKnownDifferences';
import { HEADER_FIELDS, captureSameMoment, compareGet, compareStatusItem, runPlugin, type Capture, type FieldVerdict, type StatusItem } from '../../upstream/oracle/statusOracle';

const off = process.env.ROLLOUT_LENS_UPSTREAM === 'off';
if (off) console.log('# status oracle skipped: ROLLOUT_LENS_UPSTREAM=off');
const skip = off ? 'ROLLOUT_LENS_UPSTREAM=off' : undefined;

const repo = path.resolve(__dirname, '../../..');
const RO = (ns: string, name = '') => `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts${name ? `/${name}` : ''}`;

let cluster: UpstreamCluster;
let plugin: string;
const started = Date.now();

interface PhaseResult {
  phase: string;
  namespace: string;
  name: string;
  capture: Capture;
  verdicts: FieldVerdict[];
}
const results: PhaseResult[] = [];
/** Scenarios that did not reach their phases; the captures they took still count. */
let scenarioFailures: string[] = [];

/** `rollout-lens status -n NS -o json`, in-process, the item for `name`. */
async function ourStatus(ns: string, name: string): Promise<StatusItem | undefined> {
  const r = await runOurCli(['status', '-n', ns, '-o', 'json'], cluster.kubeconfigPath);
  if (r.code !== 0) throw new Error(`rollout-lens status -n ${ns}: exit ${r.code}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { items: (StatusItem & { name: string })[] }).items.find((i) => i.name === name);
}

async function capture(phase: string, ns: string, name: string): Promise<void> {
  const c = await captureSameMoment(cluster.api, { plugin, kubeconfig: cluster.kubeconfigPath, namespace: ns, name, statusRunner: () => ourStatus(ns, name) });
  results.push({ phase, namespace: ns, name, capture: c, verdicts: [...compareGet(c), ...compareStatusItem(c)] });
}

async function rollout(ns: string, name: string): Promise<any> {
  return cluster.api.get(RO(ns, name));
}

/** Polls the rollout until `pred` holds (and its spec was observed), failing with `what` after 120 s. */
async function waitFor(ns: string, name: string, what: string, pred: (r: any) => boolean, ms = 120_000): Promise<any> {
  return until(
    `${ns}/${name}: ${what}`,
    async () => {
      const r = await rollout(ns, name);
      if (r.status?.observedGeneration === String(r.metadata.generation) && pred(r)) return r;
      // until() reports the last error: say where the rollout is instead of "undefined".
      throw new Error(`phase ${phaseOf(r)}: ${r.status?.message ?? ''} ${JSON.stringify(r.status?.conditions?.map((c: any) => `${c.type}=${c.status} ${c.reason}: ${c.message}`) ?? [])}`);
    },
    ms,
    500,
  );
}

const phaseOf = (r: any) => r.status?.phase as string | undefined;

function canaryRollout(ns: string, name: string, steps: unknown[], extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'argoproj/rollouts-demo:blue' }] } },
      strategy: { canary: { steps } },
      ...extra,
    },
  };
}

async function setImage(ns: string, name: string, image: string, extraTemplate: Record<string, unknown> = {}): Promise<void> {
  const patch = { spec: { template: { spec: { containers: [{ name: 'app', image }], ...extraTemplate } } } };
  await cluster.api.json('PATCH', RO(ns, name), patch, 'application/merge-patch+json');
}

async function namespace(ns: string): Promise<void> {
  await cluster.api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
}

/** The plugin's own commands drive the transitions the tools under test only observe (promote, abort). */
async function pluginCommand(args: string[]): Promise<void> {
  const { execFile } = await import('node:child_process');
  await new Promise<void>((resolve, reject) =>
    execFile(plugin, [...args, `--kubeconfig=${cluster.kubeconfigPath}`], { timeout: 60_000, env: { ...process.env, HOME: '/nonexistent' } }, (e, _o, stderr) =>
      e ? reject(new Error(`${args.join(' ')}: ${stderr || e.message}`)) : resolve(),
    ),
  );
}

// --- the scenarios, each in its own namespace -----------------------------------------------------

/** Canary: healthy; a new revision through a timed pause to an indefinite one; promote --full. */
async function canaryScenario(): Promise<void> {
  const ns = 'so-canary';
  const name = 'web';
  await namespace(ns);
  await cluster.api.apply(canaryRollout(ns, name, [{ setWeight: 25 }, { pause: { duration: '20s' } }, { setWeight: 50 }, { pause: {} }]));
  await waitFor(ns, name, 'Healthy', (r) => phaseOf(r) === 'Healthy');
  await capture('healthy (canary)', ns, name);
  await setImage(ns, name, 'argoproj/rollouts-demo:green');
  await waitFor(ns, name, 'the timed pause', (r) => phaseOf(r) === 'Paused' && r.status.currentStepIndex === 1, 60_000);
  await capture('paused at a timed step', ns, name);
  await waitFor(ns, name, 'the indefinite pause', (r) => phaseOf(r) === 'Paused' && r.status.currentStepIndex === 3, 90_000);
  await capture('paused at a step (indefinite)', ns, name);
  await pluginCommand(['promote', name, '-n', ns, '--full']);
  await waitFor(ns, name, 'fully promoted', (r) => phaseOf(r) === 'Healthy' && r.status.stableRS === r.status.currentPodHash);
  await capture('promote-full', ns, name);
}

/** Canary paused at a step, then aborted. */
async function abortScenario(): Promise<void> {
  const ns = 'so-abort';
  const name = 'api';
  await namespace(ns);
  await cluster.api.apply(canaryRollout(ns, name, [{ setWeight: 50 }, { pause: {} }]));
  await waitFor(ns, name, 'Healthy', (r) => phaseOf(r) === 'Healthy');
  await setImage(ns, name, 'argoproj/rollouts-demo:green');
  await waitFor(ns, name, 'paused', (r) => phaseOf(r) === 'Paused');
  await pluginCommand(['abort', name, '-n', ns]);
  await waitFor(ns, name, 'aborted (Degraded)', (r) => phaseOf(r) === 'Degraded' && r.status.abort === true);
  await capture('aborted', ns, name);
}

/** A new revision whose pods can never be scheduled: Progressing, then Degraded at the progress deadline. */
async function deadlineScenario(): Promise<void> {
  const ns = 'so-deadline';
  const name = 'worker';
  await namespace(ns);
  await cluster.api.apply(canaryRollout(ns, name, [{ setWeight: 50 }, { pause: {} }], { progressDeadlineSeconds: 25 }));
  await waitFor(ns, name, 'Healthy', (r) => phaseOf(r) === 'Healthy');
  await setImage(ns, name, 'argoproj/rollouts-demo:green', { nodeSelector: { 'rollout-lens.dev/no-such-node': 'true' } });
  await waitFor(ns, name, 'Progressing', (r) => phaseOf(r) === 'Progressing' && r.status.currentPodHash !== r.status.stableRS, 60_000);
  await capture('progressing', ns, name);
  await waitFor(ns, name, 'Degraded (progress deadline)', (r) => phaseOf(r) === 'Degraded');
  await capture('degraded', ns, name);
}

function analysisTemplate(ns: string): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: 'success-rate', namespace: ns },
    spec: {
      metrics: [
        {
          name: 'success-rate',
          // A step analysis may not run indefinitely (the controller marks the Rollout InvalidSpec):
          // a count long enough to stay Running for the whole test.
          interval: '3s',
          count: 200,
          failureLimit: 0,
          successCondition: 'result[0] >= 0.95',
          provider: { prometheus: { address: 'http://prometheus.monitoring:9090', query: `sum(rate(http_requests_ok{namespace="${ns}"}[1m]))` } },
        },
      ],
    },
  };
}

/** A step analysis that keeps passing (200 measurements: Running for the whole test) or fails at once. */
async function analysisScenario(ns: string, failing: boolean): Promise<void> {
  const name = 'checkout';
  await namespace(ns);
  await cluster.api.apply(analysisTemplate(ns));
  await cluster.api.apply(canaryRollout(ns, name, [{ setWeight: 50 }, { analysis: { templates: [{ templateName: 'success-rate' }] } }, { pause: {} }]));
  await waitFor(ns, name, 'Healthy', (r) => phaseOf(r) === 'Healthy');
  await setImage(ns, name, 'argoproj/rollouts-demo:green');
  if (!failing) {
    await until(
      `${ns}: the step analysis Running with measurements`,
      async () => {
        const runs = (await cluster.api.get(`/apis/argoproj.io/v1alpha1/namespaces/${ns}/analysisruns`)).items as any[];
        return runs.some((a) => a.status?.phase === 'Running' && (a.status.metricResults?.[0]?.successful ?? 0) >= 1);
      },
      90_000,
      500,
    );
    await capture('analysis running', ns, name);
  } else {
    await waitFor(ns, name, 'aborted by the failed analysis', (r) => phaseOf(r) === 'Degraded' && r.status.abort === true);
    await capture('analysis failed', ns, name);
  }
}

/** Blue/green with a preview service and manual promotion: healthy, preview paused, promoted. */
async function blueGreenScenario(): Promise<void> {
  const ns = 'so-bluegreen';
  const name = 'shop';
  await namespace(ns);
  for (const svc of ['shop-active', 'shop-preview']) await cluster.api.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: svc, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 }] } });
  await cluster.api.apply({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: ns },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'argoproj/rollouts-demo:blue' }] } },
      strategy: { blueGreen: { activeService: 'shop-active', previewService: 'shop-preview', autoPromotionEnabled: false, scaleDownDelaySeconds: 600 } },
    },
  });
  await waitFor(ns, name, 'Healthy', (r) => phaseOf(r) === 'Healthy');
  await capture('healthy (blue-green)', ns, name);
  await setImage(ns, name, 'argoproj/rollouts-demo:green');
  await waitFor(ns, name, 'BlueGreenPause', (r) => phaseOf(r) === 'Paused' && (r.status.pauseConditions ?? []).some((p: any) => p.reason === 'BlueGreenPause'));
  await capture('blue-green preview (paused)', ns, name);
  await pluginCommand(['promote', name, '-n', ns]);
  await waitFor(ns, name, 'promoted', (r) => phaseOf(r) === 'Healthy' && r.status.stableRS === r.status.currentPodHash);
  await capture('blue-green promoted (old ReplicaSet in scale-down delay)', ns, name);
}

before(
  async () => {
    if (off) return;
    cluster = await startUpstreamCluster({ engines: ['argo'], log: (l) => console.log(`# upstream: ${l}`) });
    plugin = cluster.binaries['kubectl-argo-rollouts'];
    assert.ok(plugin && fs.existsSync(plugin), 'kubectl-argo-rollouts was not built');
    // The failing analysis's namespace answers 0.1 (below its 0.95 condition); every other query 100.
    cluster.setAnalysisBackends({ prometheus: { rules: [{ match: 'namespace="so-analysis-failed"', value: 0.1 }], default: 100 } });
    const stackReady = Date.now();
    const scenarios = [canaryScenario(), abortScenario(), deadlineScenario(), analysisScenario('so-analysis', false), analysisScenario('so-analysis-failed', true), blueGreenScenario()];
    const settled = await Promise.allSettled(scenarios);
    const failed = settled.flatMap((s) => (s.status === 'rejected' ? [String((s.reason as Error)?.message ?? s.reason)] : []));
    console.log(`# status oracle: stack ${((stackReady - started) / 1000).toFixed(0)} s, scenarios ${((Date.now() - stackReady) / 1000).toFixed(0)} s, ${results.length} captures`);
    scenarioFailures = failed;
  },
  // A cold run builds the components from source first (test/upstream/README.md).
  { timeout: 60 * 60_000 },
);

after(async () => {
  if (off || !cluster) return;
  await cluster.stop();
});

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, '<br>');

function knownFor(phase: string, v: FieldVerdict): StatusKnownDifference | undefined {
  return STATUS_KNOWN_DIFFERENCES.find((k) => (k.phase === '*' || k.phase === phase) && k.field === v.field && (!k.matches || k.matches(v)));
}

function renderTable(): string {
  const fields = [...new Set(results.flatMap((r) => r.verdicts.map((v) => v.field)))];
  const lines = [
    '# Status: `kubectl argo rollouts get rollout` v1.9.1 against our rendering and `rollout-lens status -o json`',
    '',
    `Generated by test/integration/upstream/statusOracle.test.ts on the real controllers. ✓ = the same after normalising ages; ✗ = differs (listed below).`,
    '',
    `| phase | ${fields.join(' | ')} |`,
    `|---|${fields.map(() => '---').join('|')}|`,
  ];
  for (const r of results) lines.push(`| ${r.phase} | ${fields.map((f) => (r.verdicts.find((v) => v.field === f)?.agree ? '✓' : '✗')).join(' | ')} |`);
  const total = results.reduce((n, r) => n + r.verdicts.length, 0);
  const agree = results.reduce((n, r) => n + r.verdicts.filter((v) => v.agree).length, 0);
  lines.push('', `${agree} of ${total} phase × field cells agree.`, '', '## Differences', '', '| phase | field | plugin | ours | listed as |', '|---|---|---|---|---|');
  for (const r of results) for (const v of r.verdicts.filter((x) => !x.agree)) lines.push(`| ${r.phase} | ${v.field} | ${cell(v.plugin)} | ${cell(v.ours)} | ${cell(knownFor(r.phase, v)?.reason ?? '**not listed**')} |`);
  lines.push('', '## The plugin output per phase', '');
  for (const r of results) lines.push(`### ${r.phase} (${r.namespace}/${r.name})`, '', '```text', r.capture.plugin.trimEnd(), '```', '');
  return lines.join('\n') + '\n';
}

test('every phase was reached: the plugin shows the phase the scenario drove the rollout to', { skip }, () => {
  assert.deepEqual(scenarioFailures, [], 'every scenario reached its phases');
  const status = (phase: string) => (results.find((r) => r.phase === phase)?.capture.parsedPlugin.header.Status ?? '').replace(/^\S+\s/, '');
  const expected: Record<string, string> = {
    'healthy (canary)': 'Healthy',
    'paused at a timed step': 'Paused',
    'paused at a step (indefinite)': 'Paused',
    'promote-full': 'Healthy',
    aborted: 'Degraded',
    progressing: 'Progressing',
    degraded: 'Degraded',
    'analysis running': 'Progressing',
    'analysis failed': 'Degraded',
    'healthy (blue-green)': 'Healthy',
    'blue-green preview (paused)': 'Paused',
    'blue-green promoted (old ReplicaSet in scale-down delay)': 'Healthy',
  };
  assert.deepEqual(Object.fromEntries(Object.keys(expected).map((p) => [p, status(p)])), expected);
  // Our side is not an empty echo: the plugin's header has every field it prints for the strategy.
  for (const r of results) for (const f of HEADER_FIELDS.filter((x) => !['Message', 'Step', 'SetWeight', 'ActualWeight'].includes(x))) assert.ok(r.capture.parsedPlugin.header[f], `${r.phase}: plugin header ${f}`);
  assert.ok(
    results.some((r) => r.capture.parsedPlugin.rows.some((x) => x.kind === 'AnalysisRun')),
    'an AnalysisRun is in a tree',
  );
});

test('the plugin and our rendering / rollout-lens status agree at every phase, except the listed differences', { skip }, () => {
  const md = renderTable();
  fs.mkdirSync(path.join(repo, 'test-artifacts'), { recursive: true });
  fs.writeFileSync(path.join(repo, 'test-artifacts/status-oracle.md'), md);
  console.log(md.split('\n## The plugin output')[0].replace(/^/gm, '# '));
  console.log(`# status oracle: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
  const unlisted: string[] = [];
  const used = new Set<StatusKnownDifference>();
  for (const r of results)
    for (const v of r.verdicts.filter((x) => !x.agree)) {
      const k = knownFor(r.phase, v);
      if (k) used.add(k);
      else unlisted.push(`${r.phase} · ${v.field}\n    plugin: ${v.plugin.replace(/\n/g, '\n            ')}\n    ours:   ${v.ours.replace(/\n/g, '\n            ')}`);
    }
  const unused = STATUS_KNOWN_DIFFERENCES.filter((k) => !used.has(k)).map((k) => `${k.phase} · ${k.field}`);
  assert.deepEqual(unlisted, [], `differences not in statusKnownDifferences.ts:\n${unlisted.join('\n')}`);
  assert.deepEqual(unused, [], 'known differences that match nothing any more (remove them)');
});

test('the plugin binary answers for a missing rollout with an error, not an empty tree', { skip }, async () => {
  await assert.rejects(runPlugin(plugin, cluster.kubeconfigPath, 'so-canary', 'no-such-rollout'), /not found/);
});
