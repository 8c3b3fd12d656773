/**
 * `tsx test/vscode/scenarioReady.ts KUBECONFIG SCENARIO BACKEND TIMEOUT_S`: waits until the test
 * cluster behind KUBECONFIG shows every object of the scenario in its expected state
 * (test/cluster/scenarios `scenarioExpectations`), then prints how long that took.
 *
 * run.sh calls it before a VS Code run so every test starts from the settled scenario. On the fake
 * the simulated controllers get there within seconds; on the upstream stack the real controllers run
 * on wall time (Flagger's analysis intervals, Argo's pauses), a minute or more, and a test that began
 * earlier would race them. Reads through the API with the kubeconfig's current context, as kubectl would.
 *
 * Exit 0 when settled; 1 with the unmet expectations (what each object shows instead) at the deadline.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { scenarioExpectations, type Expectation } from '../cluster/scenarios/index';
import { ApiClient } from '../upstream/stack/api';

/**
 * The expectation as the chosen backend meets it. Upstream's controller words cart's abort
 * differently (test/upstream/README.md, "Differences the real controllers showed"): "RolloutAborted:
 * Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric "error-rate"
 * assessed Failed …" against the fake's "RolloutAborted: metric "error-rate" assessed Failed …".
 * Both carry the reason and the failed metric, which is what the tests read.
 */
export function expectationOn(backend: string, e: Expectation): Expectation {
  if (backend === 'upstream' && e.message instanceof RegExp && /error-rate/.test(e.message.source)) return { ...e, message: /^RolloutAborted: .*metric "error-rate" assessed Failed/i };
  return e;
}

interface Kubeconfig {
  'current-context': string;
  contexts: { name: string; context: { cluster: string; user: string } }[];
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token: string } }[];
}

/** An API client for the kubeconfig's current context (the test clusters' contract: bearer token, CA inline). */
function clientFor(file: string): ApiClient {
  const kc = parse(fs.readFileSync(file, 'utf8')) as Kubeconfig;
  const ctx = kc.contexts.find((c) => c.name === kc['current-context'])?.context;
  const cluster = kc.clusters.find((c) => c.name === ctx?.cluster)?.cluster;
  const user = kc.users.find((u) => u.name === ctx?.user)?.user;
  if (!ctx || !cluster || !user) throw new Error(`${file}: the current context "${kc['current-context']}" has no cluster or user`);
  return new ApiClient(cluster.server, user.token, Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'));
}

/** The unmet expectations now, each with what the object shows instead. */
async function unmet(api: ApiClient, scenario: string, backend: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of scenarioExpectations(scenario).map((x) => expectationOn(backend, x))) {
    const group = e.kind === 'Rollout' ? 'argoproj.io/v1alpha1/namespaces' : 'flagger.app/v1beta1/namespaces';
    const plural = e.kind === 'Rollout' ? 'rollouts' : 'canaries';
    const r = await api.request('GET', `/apis/${group}/${e.namespace}/${plural}/${e.name}`);
    const o = r.status === 200 ? (JSON.parse(r.text) as { status?: { phase?: string; message?: string } }) : undefined;
    const phase = o?.status?.phase;
    const message = o?.status?.message ?? '';
    const messageOk = e.message === undefined || (typeof e.message === 'string' ? message === e.message : e.message.test(message));
    if (phase !== e.phase || !messageOk) out.push(`${e.kind} ${e.namespace}/${e.name}: want ${e.phase}${e.message ? ` (${e.message})` : ''}, have ${o ? `${phase ?? 'no phase'}${message ? ` (${message})` : ''}` : `HTTP ${r.status}`}`);
  }
  return out;
}

async function main(): Promise<void> {
  const [kubeconfig, scenario, backend = 'fake', timeoutS = '300'] = process.argv.slice(2);
  if (!kubeconfig || !scenario) throw new Error('usage: tsx test/vscode/scenarioReady.ts KUBECONFIG SCENARIO [fake|upstream] [TIMEOUT_S]');
  const api = clientFor(kubeconfig);
  const t0 = Date.now();
  const deadline = t0 + Number(timeoutS) * 1000;
  const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  // Which object is last to settle, and when (the wait is the biggest fixed cost of an upstream run).
  let previous = new Set<string>();
  for (;;) {
    const last = await unmet(api, scenario, backend).catch((e: Error) => [`API: ${e.message}`]);
    const keys = new Set(last.map((l) => l.split(':')[0]));
    const settled = [...previous].filter((k) => !keys.has(k));
    if (settled.length && !settled.some((k) => k === 'API')) console.log(`${secs()}: ${settled.join(', ')} in place`);
    previous = keys;
    if (last.length === 0) {
      console.log(`scenario ${scenario} in place on ${backend} after ${secs()}`);
      // For tests that check what the product derives from it (helm's .Capabilities.KubeVersion); run.sh reads this line.
      const version = (await api.get<{ gitVersion?: string }>('/version')).gitVersion;
      console.log(`server version: ${version}`);
      return;
    }
    if (Date.now() > deadline) {
      console.log(`scenario ${scenario} not in place on ${backend} after ${timeoutS} s:\n  ${last.join('\n  ')}`);
      process.exitCode = 1;
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

if (require.main === module)
  main().catch((e: Error) => {
    console.log(`scenarioReady: ${e.message}`);
    process.exitCode = 1;
  });
