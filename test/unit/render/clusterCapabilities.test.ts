import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Emitter } from '../../../src/core/events';
import { ConnectedCapabilities, type CapabilitiesSession } from '../../../src/render/clusterCapabilities';

/** A session whose clusters answer from `servers` (context → version and API versions), counting the asks. */
function fakeSession(servers: Record<string, { version: string; apis: string[] } | 'down'>) {
  const models = new Emitter<{ context: string; stateChanged: boolean }>();
  const contexts = new Emitter<void>();
  const phases = new Map<string, string>();
  const asks: string[] = [];
  const answer = <T>(ctx: string, pick: (s: { version: string; apis: string[] }) => T): Promise<T> => {
    asks.push(ctx);
    const s = servers[ctx];
    return s === 'down' ? Promise.reject(new Error('connect ECONNREFUSED')) : Promise.resolve(pick(s));
  };
  const session = {
    phase: 'ready',
    context: 'staging' as string | undefined,
    currentContext() {
      return this.context;
    },
    serverVersion: (ctx: string) => answer(ctx, (s) => s.version),
    apiVersions: (ctx: string) => answer(ctx, (s) => s.apis),
    model: (ctx: string) => ({ state: { phase: phases.get(ctx) ?? 'connected' } }),
    onDidChangeModel: models.event,
    onDidChangeContexts: contexts.event,
  } satisfies CapabilitiesSession & { context: string | undefined };
  const setPhase = (ctx: string, phase: string) => {
    phases.set(ctx, phase);
    models.fire({ context: ctx, stateChanged: true });
  };
  return { session, asks, setPhase, switchTo: (ctx: string) => ((session.context = ctx), contexts.fire()) };
}

const settle = () => new Promise((r) => setImmediate(r));

test('read once per context: renders in a row ask the cluster once', async () => {
  const f = fakeSession({ staging: { version: 'v1.32.4', apis: ['argoproj.io/v1alpha1'] } });
  const caps = new ConnectedCapabilities(f.session);
  assert.deepEqual(await caps.get(), { kubeVersion: 'v1.32.4', apiVersions: ['argoproj.io/v1alpha1'] });
  await caps.get();
  f.setPhase('staging', 'connected'); // a state change that is no reconnect
  await caps.get();
  assert.deepEqual(f.asks, ['staging', 'staging']); // one /version and one discovery
  caps.dispose();
});

test('back to connected after an outage: read again, and a changed answer (upgraded cluster) fires onDidChange', async () => {
  const servers: Record<string, { version: string; apis: string[] }> = { staging: { version: 'v1.32.4', apis: ['v1'] } };
  const f = fakeSession(servers);
  const caps = new ConnectedCapabilities(f.session);
  let changes = 0;
  caps.onDidChange(() => changes++);
  await caps.get();
  // The cluster goes away, is upgraded and gets Argo Rollouts meanwhile, and comes back.
  f.setPhase('staging', 'unreachable');
  servers.staging = { version: 'v1.33.1', apis: ['v1', 'argoproj.io/v1alpha1'] };
  f.setPhase('staging', 'connecting');
  assert.equal(f.asks.length, 2, 'nothing asked before the model is connected again');
  f.setPhase('staging', 'connected');
  await settle();
  assert.equal(changes, 1);
  assert.deepEqual(await caps.get(), { kubeVersion: 'v1.33.1', apiVersions: ['v1', 'argoproj.io/v1alpha1'] });
  assert.equal(f.asks.length, 4);
  // Another outage after which the cluster says the same: read again, but nothing to render again for.
  f.setPhase('staging', 'reconnecting');
  f.setPhase('staging', 'connected');
  await settle();
  assert.deepEqual([f.asks.length, changes], [6, 1]);
  caps.dispose();
});

test('a context switch reads the new context (and again when switched back), and renders again', async () => {
  const f = fakeSession({ staging: { version: 'v1.32.4', apis: [] }, prod: { version: 'v1.30.2', apis: ['argoproj.io/v1alpha1'] } });
  const caps = new ConnectedCapabilities(f.session);
  let changes = 0;
  caps.onDidChange(() => changes++);
  assert.equal((await caps.get())?.kubeVersion, 'v1.32.4');
  f.switchTo('prod');
  assert.equal(changes, 1);
  assert.deepEqual(await caps.get(), { kubeVersion: 'v1.30.2', apiVersions: ['argoproj.io/v1alpha1'] });
  f.switchTo('staging');
  assert.equal((await caps.get())?.kubeVersion, 'v1.32.4');
  assert.deepEqual(f.asks, ['staging', 'staging', 'prod', 'prod', 'staging', 'staging']);
  caps.dispose();
});

test('a cluster that does not answer is not remembered; a session that is not ready is never asked', async () => {
  const servers: Record<string, { version: string; apis: string[] } | 'down'> = { staging: 'down' };
  const f = fakeSession(servers);
  const caps = new ConnectedCapabilities(f.session);
  assert.equal(await caps.get(), undefined);
  servers.staging = { version: 'v1.32.4', apis: [] };
  assert.equal((await caps.get())?.kubeVersion, 'v1.32.4');
  f.session.phase = 'untrusted';
  const before = f.asks.length;
  assert.equal(await caps.get(), undefined);
  assert.equal(f.asks.length, before);
  caps.dispose();
});
