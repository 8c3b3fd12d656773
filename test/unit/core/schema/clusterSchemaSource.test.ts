import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine } from '../../../../src/core/kinds';
import type { ClusterSchemaSet } from '../../../../src/core/schema/clusterSchemas';
import { ClusterSchemaSource } from '../../../../src/core/schema/clusterSchemaSource';

const set = (context: string): ClusterSchemaSet => ({ context, crds: new Map(), notInstalled: [], unavailable: [] });

function harness() {
  const state = { engines: ['argo'] as Engine[], trusted: true, enabled: true, context: 'prod-eu' as string | undefined };
  const applied: (string | undefined)[] = [];
  const notices: string[] = [];
  const reads: { context: string; engines: readonly Engine[]; resolve(s: ClusterSchemaSet): void; reject(e: Error): void }[] = [];
  const source = new ClusterSchemaSource({
    engines: () => state.engines,
    trusted: () => state.trusted,
    clusterEnabled: () => state.enabled,
    currentContext: () => state.context,
    read: (context, engines) => new Promise((resolve, reject) => void reads.push({ context, engines, resolve, reject })),
    apply: (s) => void applied.push(s?.context),
    notify: (m) => void notices.push(m),
    log: () => {},
  });
  return { state, applied, notices, reads, source };
}

describe('ClusterSchemaSource: schemaVersion "cluster" in the editor', () => {
  it('reads the current context\'s CRDs for the engines set to "cluster" and applies them', async () => {
    const h = harness();
    h.state.engines = ['argo', 'flagger'];
    const done = h.source.refresh();
    assert.deepEqual(
      h.reads.map((r) => [r.context, r.engines]),
      [['prod-eu', ['argo', 'flagger']]],
    );
    h.reads[0].resolve(set('prod-eu'));
    await done;
    assert.deepEqual(h.applied, ['prod-eu']);
    assert.equal(h.source.schemas?.context, 'prod-eu');
    assert.deepEqual(h.notices, []);
  });

  it('keeps the pinned schemas offline, with one notice per reason', async () => {
    const h = harness();
    h.state.trusted = false;
    await h.source.refresh();
    await h.source.refresh();
    assert.equal(h.notices.length, 1);
    assert.match(h.notices[0], /pinned CRD schemas: schemaVersion "cluster" needs a trusted workspace/);
    h.state.trusted = true;
    h.state.context = undefined;
    await h.source.refresh();
    assert.match(h.notices[1], /no current kube context/);
    h.state.context = 'prod-eu';
    const failing = h.source.refresh();
    h.reads[0].reject(new Error('connect ECONNREFUSED'));
    await failing;
    assert.match(h.notices[2], /the CRDs of context prod-eu could not be read \(connect ECONNREFUSED\)/);
    assert.deepEqual(h.reads.length, 1);
    assert.deepEqual(h.applied, [], 'nothing but the pinned schemas was ever in use');
  });

  it('drops a slow read for a context the user has left, and goes back to pinned when the setting does', async () => {
    const h = harness();
    const first = h.source.refresh();
    h.state.context = 'staging';
    const second = h.source.refresh();
    h.reads[1].resolve(set('staging'));
    h.reads[0].resolve(set('prod-eu'));
    await Promise.all([first, second]);
    assert.deepEqual(h.applied, ['staging']);
    h.state.engines = [];
    await h.source.refresh();
    assert.deepEqual(h.applied, ['staging', undefined]);
    assert.equal(h.reads.length, 2);
  });
});

describe('ClusterSchemaSource: reading state', () => {
  it('says which context is being read until the read ends', async () => {
    const h = harness();
    const done = h.source.refresh();
    assert.equal(h.source.reading, 'prod-eu');
    h.reads[0].resolve(set('prod-eu'));
    await done;
    assert.equal(h.source.reading, undefined);
  });
});
