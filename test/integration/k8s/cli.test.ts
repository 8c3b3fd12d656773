/**
 * The CLI end to end, in-process (`main()` with captured IO), against a cluster running the
 * controllers and the `e2e` scenario (ROLLOUT_LENS_BACKEND: the fake's simulated controllers, or the
 * real Argo Rollouts and Flagger on the upstream stack): status for both engines, and the actions
 * taking real objects through their transitions.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startClusterBackend, type ClusterBackend } from '../../upstream/backend';
import { scenarioExpectations, unmetExpectations } from '../../cluster/scenarios/index';
import type { KubeObject } from '../../cluster/store/objectStore';
import { main } from '../../../src/cli';
import { runStatus } from '../../../src/cli/status';
import type { CliIO } from '../../../src/cli/command';
import { CANARIES, ROLLOUTS, kubeOf, rollout, until, type Kube } from './helpers';
import { isolatedHome, kubectl, kubectlAvailable } from '../cluster/helpers';

let cluster: ClusterBackend;
let kube: Kube;

/** What the scenario's expectations say is not there yet (read through the API on upstream). */
async function unmet(): Promise<string[]> {
  const seen = new Map<string, KubeObject | undefined>();
  for (const e of scenarioExpectations('e2e')) seen.set(`${e.kind}/${e.namespace}/${e.name}`, await kube.get(e.kind === 'Rollout' ? ROLLOUTS : CANARIES, e.namespace, e.name));
  return unmetExpectations('e2e', (e) => seen.get(`${e.kind}/${e.namespace}/${e.name}`));
}

before(
  async () => {
    cluster = await startClusterBackend({ controllers: true, scenario: 'e2e' });
    kube = kubeOf(cluster);
    // The real controllers run on wall time: minutes, not the fake's seconds.
    let last: string[] = [];
    await until('scenario settled', async () => (last = await unmet()).length === 0, cluster.upstream ? 600_000 : 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${last.join('; ')}`);
    });
  },
  { timeout: 900_000 },
);

after(async () => {
  await cluster?.stop();
});

function io(opts: { interactive?: boolean; answers?: string[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const prompts: string[] = [];
  const answers = [...(opts.answers ?? [])];
  const cio: CliIO = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(''),
    isInteractive: opts.interactive ?? false,
    prompt: (q) => {
      prompts.push(q);
      return Promise.resolve(answers.shift() ?? '');
    },
    cwd: process.cwd(),
    env: { ...process.env, KUBECONFIG: cluster.kubeconfigPath },
  };
  return { cio, out: () => out.join(''), err: () => err.join(''), prompts };
}

const ro = async (ns: string, name: string) => (await kube.get(ROLLOUTS, ns, name))!;
const cn = async (ns: string, name: string) => (await kube.get(CANARIES, ns, name))!;

/**
 * The effect of an action as the real kubectl reads it back (`kubectl get -o json`), so the round
 * trips prove what a user checking with kubectl would see; without kubectl on PATH, the API. On
 * upstream, the stack's kubectl of the server's release (the machine's may be outside the skew).
 */
const noKubectl = kubectlAvailable();
const kubectlHome = isolatedHome();
after(() => kubectlHome.dispose());
const kubectlEnv = () => (cluster.upstream ? { ...kubectlHome.env, PATH: `${path.dirname(cluster.upstream.binaries.kubectl)}:${process.env.PATH}` } : kubectlHome.env);
const STORE_OF = {
  'rollouts.argoproj.io': ROLLOUTS,
  'canaries.flagger.app': CANARIES,
  'analysisruns.argoproj.io': { group: 'argoproj.io', version: 'v1alpha1', resource: 'analysisruns' },
  'experiments.argoproj.io': { group: 'argoproj.io', version: 'v1alpha1', resource: 'experiments' },
};
async function readBack(kind: keyof typeof STORE_OF, ns: string, name: string): Promise<any> {
  if (noKubectl && !cluster.upstream) return kube.get(STORE_OF[kind], ns, name);
  const r = await kubectl(cluster, kubectlEnv(), ['get', kind, name, '-n', ns, '-o', 'json']);
  if (r.code !== 0) throw new Error(`kubectl get ${kind} ${ns}/${name}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test('status -A -o json lists both engines with the same summaries as the tree', async () => {
  const c = io();
  assert.equal(await main(['status', '-A', '-o', 'json'], c.cio), 0, c.err());
  const doc = JSON.parse(c.out());
  assert.equal(doc.apiVersion, 'rollout-lens.dev/v1');
  const by = (kind: string, ns: string, name: string) => doc.items.find((i: any) => i.kind === kind && i.namespace === ns && i.name === name);
  assert.equal(by('Rollout', 'payments', 'checkout').status, 'Paused');
  assert.equal(by('Rollout', 'payments', 'checkout').context, cluster.contextName);
  assert.ok(by('Rollout', 'payments', 'checkout').actions.available.includes('promote'));
  assert.equal(by('Canary', 'test', 'frontend').status, 'WaitingPromotion');
  assert.equal(by('Canary', 'test', 'backend').status, 'Failed');
  assert.deepEqual(doc.errors, []);
});

test('status -n NS prints one table for that namespace; unknown context and bad flags are usage errors', async () => {
  const c = io();
  assert.equal(await main(['status', '-n', 'payments'], c.cio), 0, c.err());
  const lines = c.out().trim().split('\n');
  assert.match(lines[0], /^NAMESPACE\s+NAME\s+KIND\s+STATUS/);
  assert.ok(
    lines.some((l) => /payments\s+checkout\s+Rollout\s+Paused/.test(l)),
    c.out(),
  );
  assert.ok(lines.slice(1).every((l) => l.startsWith('payments')));
  const bad = io();
  assert.equal(await main(['status', '--context', 'nope'], bad.cio), 2);
  assert.match(bad.err(), /no context named 'nope'/);
  assert.equal(await main(['status', '-o', 'yaml'], io().cio), 2);
  assert.equal(await main(['status', '-n', 'a', '-A'], io().cio), 2);
});

test('an action without --yes refuses in a non-interactive run, naming what it would do; nothing changes', async () => {
  const before = (await ro('payments', 'checkout')).metadata.resourceVersion;
  const c = io();
  assert.equal(await main(['promote', 'checkout', '-n', 'payments'], c.cio), 1);
  assert.match(c.err(), new RegExp(`About to promote Rollout payments/checkout in context ${cluster.contextName}`));
  assert.match(c.err(), /refusing to act without confirmation in a non-interactive run; pass --yes/);
  assert.match(c.err(), /PATCH \/apis\/argoproj.io\/v1alpha1\/namespaces\/payments\/rollouts\/checkout\/status \(application\/merge-patch\+json\)/);
  assert.equal((await ro('payments', 'checkout')).metadata.resourceVersion, before);
});

test('on a terminal it asks; "n" cancels, "y" proceeds', async () => {
  const no = io({ interactive: true, answers: ['n'] });
  assert.equal(await main(['promote', 'ledger', '-n', 'payments'], no.cio), 1);
  assert.equal(no.prompts.length, 1);
  assert.match(no.err(), /Cancelled: nothing was sent/);
  assert.equal((await ro('payments', 'ledger')).status.phase, 'Paused');
  const yes = io({ interactive: true, answers: ['y'] });
  assert.equal(await main(['promote', 'ledger', '-n', 'payments'], yes.cio), 0, yes.err());
  assert.match(yes.out(), /Promoted Rollout payments\/ledger in context .*: Ends the blue-green pause/);
  // Blue-green: the active service switches to the new ReplicaSet.
  await until(
    'ledger active switched',
    async () => {
      const s = (await ro('payments', 'ledger')).status;
      return s.phase === 'Healthy' && s.blueGreen?.activeSelector === s.currentPodHash;
    },
    30_000,
  );
});

test('promote --yes moves a paused canary rollout to its next step', async () => {
  const before = (await ro('payments', 'checkout')).status.currentStepIndex;
  const c = io();
  assert.equal(await main(['promote', 'checkout', '-n', 'payments', '--yes'], c.cio), 0, c.err());
  assert.match(c.out(), /^Promoted Rollout payments\/checkout in context /);
  await until('next step, read back by kubectl', async () => ((await readBack('rollouts.argoproj.io', 'payments', 'checkout')).status.currentStepIndex ?? 0) > before, 30_000);
});

test('abort → Degraded, retry → progressing again', async () => {
  const a = io();
  assert.equal(await main(['abort', 'search', '-n', 'shop', '--yes'], a.cio), 0, a.err());
  await until('degraded, read back by kubectl', async () => (await readBack('rollouts.argoproj.io', 'shop', 'search')).status.phase === 'Degraded', 30_000);
  const r = io();
  assert.equal(await main(['retry', 'search', '-n', 'shop', '-y'], r.cio), 0, r.err());
  await until(
    'progressing again, read back by kubectl',
    async () => {
      const status = (await readBack('rollouts.argoproj.io', 'shop', 'search')).status;
      return status.abort !== true && status.phase !== 'Degraded';
    },
    30_000,
  );
});

test('approve opens the Flagger gate through the service proxy: WaitingPromotion → promoted', async () => {
  const c = io();
  assert.equal(await main(['approve', 'frontend', '-n', 'test', '--yes'], c.cio), 0, c.err());
  assert.match(c.out(), /Approved Canary test\/frontend in context .*Opens the loadtester gate/);
  await until('frontend promoted, read back by kubectl', async () => ['Promoting', 'Finalising', 'Succeeded'].includes((await readBack('canaries.flagger.app', 'test', 'frontend')).status?.phase), 60_000);
});

test('rollback opens the rollback gate through the service proxy: a new revision in analysis → Failed', async () => {
  // A new revision of frontend's Deployment starts a new analysis (after the approve test it had succeeded).
  const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };
  await until('frontend settled after its promotion', async () => (await cn('test', 'frontend')).status?.phase === 'Succeeded', 90_000);
  // Read, modify, write, again on a 409: on the real stack Flagger writes the Deployment too (client-go's RetryOnConflict).
  await until(
    "a new revision written to frontend's Deployment",
    async () => {
      const dep = (await kube.get(DEPLOYMENTS, 'test', 'frontend'))!;
      const template = dep.spec.template;
      try {
        await kube.update(DEPLOYMENTS, { ...dep, spec: { ...dep.spec, template: { ...template, metadata: { ...template.metadata, annotations: { ...template.metadata?.annotations, 'rollout-lens.test/revision': 'rollback-test' } } } } });
        return true;
      } catch (e) {
        if ((e as { status?: number }).status === 409) return false;
        throw e;
      }
    },
    30_000,
  );
  await until('frontend analysing the new revision', async () => ['Progressing', 'WaitingPromotion'].includes((await cn('test', 'frontend')).status?.phase), 60_000);
  const c = io();
  assert.equal(await main(['rollback', 'frontend', '-n', 'test', '--yes'], c.cio), 0, c.err());
  await until('frontend rolled back, read back by kubectl', async () => (await readBack('canaries.flagger.app', 'test', 'frontend')).status?.phase === 'Failed', 60_000);
});

test('unavailable and failing actions explain themselves with exit 1; usage errors exit 2', async () => {
  const gone = io();
  assert.equal(await main(['promote', 'nosuch', '-n', 'payments', '--yes'], gone.cio), 1);
  assert.match(gone.err(), /Rollout payments\/nosuch was not found in context/);
  const failed = io();
  assert.equal(await main(['approve', 'backend', '-n', 'test', '--yes'], failed.cio), 1);
  assert.match(failed.err(), /not waiting for approval/);
  assert.equal(await main(['promote', '-n', 'payments'], io().cio), 2);
  assert.equal(await main(['restart', 'checkout', '-n', 'payments', '--in', 'soon', '--yes'], io().cio), 2);
  const viewer = io();
  assert.equal(await main(['pause', 'checkout', '-n', 'payments', '--context', cluster.contextFor('viewer'), '--yes'], viewer.cio), 1);
  assert.match(viewer.err(), /not permitted .*may not patch rollouts/);
});

test('status --watch -o json until stopped: prints only tables that differ (a label change prints nothing), and holds the ReplicaSets of a namespace that gains its first Rollout', async () => {
  await kube.namespace('watching');
  const c = io();
  const ac = new AbortController();
  const done = runStatus(['-n', 'watching', '--watch', '-o', 'json'], c.cio, { signal: ac.signal });
  const docs = () =>
    c
      .out()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { kind: string; items: { name: string; images: { image: string; tags: string[] }[]; age: string }[] });
  await until('first document (no Rollouts yet)', () => docs().length >= 1, 20_000);
  assert.deepEqual(docs()[0].items, []);
  // The namespace had no Rollout when the watch started: its ReplicaSets were not held then.
  await kube.create(ROLLOUTS, rollout('watching', 'first'));
  await until(
    'first is Healthy with its ReplicaSet images tagged stable',
    () =>
      docs()
        .at(-1)
        ?.items.find((i) => i.name === 'first')
        ?.images.some((i) => i.tags.includes('stable')) === true,
    120_000,
  );
  for (let n = 0; n < 3; n++) {
    // The real controller may write the rollout between the read and the write (409 Conflict, seen on
    // a loaded machine): read it again and retry, as kubectl edit does.
    await until(
      `label touched=${n} written`,
      async () => {
        const cur = (await kube.get(ROLLOUTS, 'watching', 'first'))!;
        try {
          return await kube.update(ROLLOUTS, { ...cur, metadata: { ...cur.metadata, labels: { ...(cur.metadata.labels ?? {}), touched: String(n) } } });
        } catch (e) {
          // The API server's Status (upstream) or the fake store's StatusError.
          if ((e as { status?: number }).status === 409 || (e as { code?: number }).code === 409) return undefined;
          throw e;
        }
      },
      20_000,
    );
  }
  // Created after the label changes on the same watch stream, so seen after them.
  await kube.create(ROLLOUTS, rollout('watching', 'second'));
  await until(
    'second listed',
    () =>
      docs()
        .at(-1)
        ?.items.some((i) => i.name === 'second') === true,
    20_000,
  );
  ac.abort();
  assert.equal(await done, 0);
  for (const d of docs()) assert.equal(d.kind, 'StatusList');
  const shown = docs().map((d) => JSON.stringify(d.items.map((i) => ({ ...i, age: undefined }))));
  for (let i = 1; i < shown.length; i++) assert.notEqual(shown[i], shown[i - 1], `document ${i} repeats document ${i - 1}`);
});

test("undo: back to the previous revision's template (a JSON Patch), which the controller rolls out; an unknown revision fails", async () => {
  await kube.namespace('history');
  const base = rollout('history', 'web');
  await kube.create(ROLLOUTS, { ...base, spec: { ...base.spec, strategy: { canary: { steps: [] } }, template: { ...base.spec.template, spec: { containers: [{ name: 'app', image: 'app:v1' }] } } } });
  const revision = async () => (await ro('history', 'web')).metadata.annotations?.['rollout.argoproj.io/revision'];
  const healthyAt = (rev: string) => until(`web Healthy at revision ${rev}`, async () => (await revision()) === rev && (await ro('history', 'web')).status?.phase === 'Healthy', 60_000);
  await healthyAt('1');
  const cur = await ro('history', 'web');
  await kube.update(ROLLOUTS, { ...cur, spec: { ...cur.spec, template: { ...cur.spec.template, spec: { containers: [{ name: 'app', image: 'app:v2' }] } } } });
  await healthyAt('2');
  const refused = io();
  assert.equal(await main(['undo', 'web', '-n', 'history'], refused.cio), 1);
  assert.match(refused.err(), /About to undo Rollout history\/web in context /);
  assert.match(
    refused.err(),
    /PATCH \/apis\/argoproj.io\/v1alpha1\/namespaces\/history\/rollouts\/web \(application\/json-patch\+json\) \[\{"op":"replace","path":"\/spec\/template","value":\{"metadata":\{"labels":\{"app":"web"\}\},"spec":\{"containers":\[\{"name":"app","image":"app:v1"/,
  );
  assert.equal(await revision(), '2');
  const c = io();
  assert.equal(await main(['undo', 'web', '-n', 'history', '--yes'], c.cio), 0, c.err());
  assert.match(c.out(), /^Undid Rollout history\/web in context .*: Replaces the pod template of rollout 'web' with revision 1's/);
  await until("the template is revision 1's, read back by kubectl", async () => (await readBack('rollouts.argoproj.io', 'history', 'web')).spec.template.spec.containers[0].image === 'app:v1', 30_000);
  await healthyAt('3');
  const missing = io();
  assert.equal(await main(['undo', 'web', '-n', 'history', '--to-revision', '9', '--yes'], missing.cio), 1);
  assert.match(missing.err(), /unable to find specified revision 9 in history/);
  const back = io();
  assert.equal(await main(['undo', 'web', '-n', 'history', '--to-revision=2', '--yes'], back.cio), 0, back.err());
  await until("revision 2's template again, read back by kubectl", async () => (await readBack('rollouts.argoproj.io', 'history', 'web')).spec.template.spec.containers[0].image === 'app:v2', 30_000);
});

test('set image: one container or every one (*), init containers included, which the controller rolls out; an unknown container fails naming those there are', async () => {
  await kube.namespace('images');
  const base = rollout('images', 'shop');
  const containers = (app: string, init: string) => ({ initContainers: [{ name: 'migrate', image: init }], containers: [{ name: 'app', image: app }] });
  await kube.create(ROLLOUTS, { ...base, spec: { ...base.spec, strategy: { canary: { steps: [] } }, template: { ...base.spec.template, spec: containers('app:v1', 'migrate:v1') } } });
  const revision = async () => (await ro('images', 'shop')).metadata.annotations?.['rollout.argoproj.io/revision'];
  const healthyAt = (rev: string) => until(`shop Healthy at revision ${rev}`, async () => (await revision()) === rev && (await ro('images', 'shop')).status?.phase === 'Healthy', 60_000);
  const images = async () => {
    const spec = (await readBack('rollouts.argoproj.io', 'images', 'shop')).spec.template.spec;
    return [...spec.initContainers, ...spec.containers].map((c: { name: string; image: string }) => `${c.name}=${c.image}`).join(' ');
  };
  await healthyAt('1');
  const refused = io();
  assert.equal(await main(['set', 'image', 'shop', 'app=app:v2', '-n', 'images'], refused.cio), 1);
  assert.match(refused.err(), /About to set image Rollout images\/shop in context /);
  assert.match(refused.err(), /app: app:v1 → app:v2/);
  assert.ok(
    refused
      .err()
      .includes(
        'PATCH /apis/argoproj.io/v1alpha1/namespaces/images/rollouts/shop (application/json-patch+json) [{"op":"test","path":"/spec/template/spec/containers/0/name","value":"app"},{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"app:v2"}]',
      ),
    refused.err(),
  );
  assert.equal(await images(), 'migrate=migrate:v1 app=app:v1');
  const one = io();
  assert.equal(await main(['set', 'image', 'shop', 'app=app:v2', '-n', 'images', '--yes'], one.cio), 0, one.err());
  assert.match(one.out(), /^Set the image of Rollout images\/shop in context .*: Sets the image in the pod template of rollout 'shop': app: app:v1 → app:v2/);
  assert.equal(await images(), 'migrate=migrate:v1 app=app:v2', 'read back by kubectl');
  await healthyAt('2');
  const all = io();
  assert.equal(await main(['set', 'image', 'shop', '*=app:v3', '-n', 'images', '--yes'], all.cio), 0, all.err());
  assert.equal(await images(), 'migrate=app:v3 app=app:v3');
  await healthyAt('3');
  const same = io();
  assert.equal(await main(['set', 'image', 'shop', 'app=app:v3', '-n', 'images', '--yes'], same.cio), 0, same.err());
  assert.match(same.out(), /^Nothing to do for Rollout images\/shop .*already runs app:v3/);
  const missing = io();
  assert.equal(await main(['set', 'image', 'shop', 'nginx=nginx:1', '-n', 'images', '--yes'], missing.cio), 1);
  assert.match(missing.err(), /unable to find container named "nginx" in rollout 'shop' \(containers: migrate \(initContainers\), app\)/);
  assert.equal(await revision(), '3');
});

test("set image on a workloadRef rollout sets the Deployment's image, as upstream does", async () => {
  await kube.namespace('images');
  const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };
  await kube.create(DEPLOYMENTS, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'ref-deploy', namespace: 'images' },
    spec: { replicas: 0, selector: { matchLabels: { app: 'ref' } }, template: { metadata: { labels: { app: 'ref' } }, spec: { containers: [{ name: 'app', image: 'app:v1' }] } } },
  });
  const base = rollout('images', 'ref');
  await kube.create(ROLLOUTS, { ...base, spec: { replicas: 1, selector: { matchLabels: { app: 'ref' } }, workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ref-deploy' }, strategy: { canary: { steps: [] } } } });
  const c = io();
  assert.equal(await main(['set', 'image', 'ref', 'app=app:v2', '-n', 'images', '--yes'], c.cio), 0, c.err());
  assert.match(c.out(), /rollout 'ref''s Deployment 'ref-deploy' \(spec\.workloadRef\): app: app:v1 → app:v2/);
  assert.equal((await kube.get(DEPLOYMENTS, 'images', 'ref-deploy'))!.spec.template.spec.containers[0].image, 'app:v2');
  assert.equal((await ro('images', 'ref')).spec.template, undefined, 'the rollout itself is not changed');
});

test('terminate analysisrun|experiment: a running AnalysisRun and Experiment end Successful; a completed one is nothing to do', async () => {
  await kube.namespace('history');
  const AR = STORE_OF['analysisruns.argoproj.io'];
  const EXP = STORE_OF['experiments.argoproj.io'];
  await kube.create(AR, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name: 'long', namespace: 'history' },
    spec: { metrics: [{ name: 'rate', interval: '1h', count: 10, provider: { job: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } } } }] },
  });
  const tmpl = { name: 'canary', replicas: 1, selector: { matchLabels: { app: 'exp' } }, template: { metadata: { labels: { app: 'exp' } }, spec: { containers: [{ name: 'app', image: 'app:v2' }] } } };
  await kube.create(EXP, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', metadata: { name: 'trial', namespace: 'history' }, spec: { duration: '1h', templates: [tmpl] } });
  await until('the run and the experiment running', async () => (await kube.get(AR, 'history', 'long'))?.status?.phase === 'Running' && (await kube.get(EXP, 'history', 'trial'))?.status?.phase === 'Running', 60_000);
  const refused = io();
  assert.equal(await main(['terminate', 'analysisrun', 'long', '-n', 'history'], refused.cio), 1);
  assert.match(refused.err(), /PATCH \/apis\/argoproj.io\/v1alpha1\/namespaces\/history\/analysisruns\/long \(application\/merge-patch\+json\) \{"spec":\{"terminate":true\}\}/);
  const a = io();
  assert.equal(await main(['terminate', 'analysisrun', 'long', '-n', 'history', '--yes'], a.cio), 0, a.err());
  assert.match(a.out(), /^Terminated AnalysisRun history\/long in context /);
  await until(
    'run terminated, read back by kubectl',
    async () => {
      const s = (await readBack('analysisruns.argoproj.io', 'history', 'long')).status;
      return s?.phase === 'Successful' && s.message === 'Run Terminated';
    },
    30_000,
  );
  const again = io();
  assert.equal(await main(['terminate', 'ar', 'long', '-n', 'history', '--yes'], again.cio), 0, again.err());
  assert.match(again.out(), /^Nothing to do for AnalysisRun history\/long .*already completed \(Successful\)/);
  const e = io();
  assert.equal(await main(['terminate', 'exp', 'trial', '-n', 'history', '--yes'], e.cio), 0, e.err());
  assert.match(e.out(), /^Terminated Experiment history\/trial in context /);
  await until('experiment terminated, read back by kubectl', async () => (await readBack('experiments.argoproj.io', 'history', 'trial')).status?.phase === 'Successful', 30_000);
  const gone = io();
  assert.equal(await main(['terminate', 'experiment', 'nosuch', '-n', 'history', '--yes'], gone.cio), 1);
  assert.match(gone.err(), /Experiment history\/nosuch was not found in context/);
});
