/**
 * The test API server on the wire: raw HTTPS requests, checked against what kube-apiserver answers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestCluster, type TestCluster } from '../../cluster/index';
import type { ProxyRequest } from '../../cluster/http/proxy';
import { VIEW_RULES } from '../../cluster/auth/rbac';
import { GVR, api, openStream, rollout, waitFor } from './helpers';

let cluster: TestCluster;
const RO = '/apis/argoproj.io/v1alpha1';

before(async () => {
  cluster = await startTestCluster({
    bookmarkIntervalMs: 100,
    historyLimit: 50,
    users: [
      { name: 'admin', rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] },
      { name: 'viewer', rules: VIEW_RULES },
      { name: 'team-a', rules: [{ verbs: ['get', 'list', 'watch', 'patch'], apiGroups: ['argoproj.io'], resources: ['rollouts'], namespaces: ['team-a'] }] },
    ],
  });
});

after(async () => {
  await cluster?.stop();
});

function isStatus(body: any, code: number, reason: string) {
  assert.equal(body.kind, 'Status');
  assert.equal(body.apiVersion, 'v1');
  assert.equal(body.status, 'Failure');
  assert.equal(body.code, code);
  assert.equal(body.reason, reason);
  assert.equal(typeof body.message, 'string');
}

test('missing, unknown and expired tokens get a 401 Status', async () => {
  for (const token of [null, 'nope']) {
    const r = await api(cluster, 'GET', '/api', { token });
    assert.equal(r.status, 401);
    isStatus(r.json, 401, 'Unauthorized');
  }
  const viewerToken = cluster.tokenFor('viewer');
  assert.equal((await api(cluster, 'GET', '/api', { token: viewerToken })).status, 200);
  cluster.faults.expireToken(viewerToken);
  try {
    assert.equal((await api(cluster, 'GET', `${RO}/rollouts`, { token: viewerToken })).status, 401);
  } finally {
    cluster.faults.reset();
  }
});

test('legacy discovery lists groups and resources with subresources, short names and verbs', async () => {
  const version = await api(cluster, 'GET', '/version');
  assert.equal(version.json.gitVersion, 'v1.32.4');
  const apis = await api(cluster, 'GET', '/apis');
  const groups = apis.json.groups.map((g: any) => g.name);
  assert.ok(groups.includes('argoproj.io') && groups.includes('flagger.app') && groups.includes('apps'));
  const argo = await api(cluster, 'GET', RO);
  const byName = Object.fromEntries(argo.json.resources.map((r: any) => [r.name, r]));
  assert.deepEqual(byName.rollouts.shortNames, ['ro']);
  assert.equal(byName.rollouts.namespaced, true);
  assert.ok(byName.rollouts.verbs.includes('watch'));
  assert.deepEqual(byName['rollouts/status'].verbs, ['get', 'patch', 'update']);
  assert.equal(byName['rollouts/scale'].kind, 'Scale');
  assert.equal(byName.clusteranalysistemplates.namespaced, false);
  assert.equal(byName['analysisruns/status'], undefined, 'AnalysisRun has no status subresource');
  assert.equal((await api(cluster, 'GET', '/apis/nope.example/v1')).status, 404);
});

test('aggregated discovery is served when asked for, with the v2 content type', async () => {
  const accept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
  const r = await api(cluster, 'GET', '/apis', { accept });
  assert.match(String(r.headers['content-type']), /as=APIGroupDiscoveryList/);
  assert.equal(r.json.kind, 'APIGroupDiscoveryList');
  const flagger = r.json.items.find((i: any) => i.metadata.name === 'flagger.app');
  const canaries = flagger.versions[0].resources.find((x: any) => x.resource === 'canaries');
  assert.equal(canaries.scope, 'Namespaced');
  assert.deepEqual(
    canaries.subresources.map((s: any) => s.subresource),
    ['status'],
  );
  const core = await api(cluster, 'GET', '/api', { accept });
  assert.equal(core.json.items[0].metadata.name, '');
});

test('create, get, conflict on stale resourceVersion, generation and status subresource semantics', async () => {
  const ns = 'crud';
  assert.equal((await api(cluster, 'POST', `${RO}/namespaces/${ns}/rollouts`, { body: rollout('a', ns) })).status, 404, 'namespace must exist');
  await api(cluster, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } } });
  const created = await api(cluster, 'POST', `${RO}/namespaces/${ns}/rollouts`, { body: rollout('a', ns) });
  assert.equal(created.status, 201);
  assert.equal(created.json.metadata.generation, 1);
  const dup = await api(cluster, 'POST', `${RO}/namespaces/${ns}/rollouts`, { body: rollout('a', ns) });
  assert.equal(dup.status, 409);
  isStatus(dup.json, 409, 'AlreadyExists');
  assert.equal(dup.json.message, 'rollouts.argoproj.io "a" already exists');
  assert.deepEqual(dup.json.details, { name: 'a', group: 'argoproj.io', kind: 'rollouts' });

  const put = await api(cluster, 'PUT', `${RO}/namespaces/${ns}/rollouts/a`, { body: { ...created.json, spec: { ...created.json.spec, replicas: 2 }, status: { phase: 'Ignored' } } });
  assert.equal(put.status, 200);
  assert.equal(put.json.metadata.generation, 2);
  assert.equal(put.json.status, undefined);
  const stale = await api(cluster, 'PUT', `${RO}/namespaces/${ns}/rollouts/a`, { body: created.json });
  isStatus(stale.json, 409, 'Conflict');
  const unconditional = await api(cluster, 'PUT', `${RO}/namespaces/${ns}/rollouts/a`, { body: { ...put.json, metadata: { ...put.json.metadata, resourceVersion: undefined } } });
  isStatus(unconditional.json, 422, 'Invalid');
  assert.equal(unconditional.json.message, 'Rollout.argoproj.io "a" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update');

  const status = await api(cluster, 'PUT', `${RO}/namespaces/${ns}/rollouts/a/status`, { body: { ...put.json, spec: { replicas: 9 }, status: { phase: 'Paused' } } });
  assert.equal(status.json.status.phase, 'Paused');
  assert.equal(status.json.spec.replicas, 2);
  assert.equal(status.json.metadata.generation, 2);
  const get = await api(cluster, 'GET', `${RO}/namespaces/${ns}/rollouts/a`);
  assert.equal(get.json.status.phase, 'Paused');
  const missing = await api(cluster, 'GET', `${RO}/namespaces/${ns}/rollouts/zz`);
  isStatus(missing.json, 404, 'NotFound');
  const wrongKind = await api(cluster, 'POST', `${RO}/namespaces/${ns}/rollouts`, { body: { ...rollout('b', ns), kind: 'Canary' } });
  isStatus(wrongKind.json, 400, 'BadRequest');
  const noStatusSub = await api(cluster, 'GET', `${RO}/namespaces/${ns}/analysisruns/x/status`);
  assert.equal(noStatusSub.status, 404);
});

test('merge patch, JSON patch (with test op), strategic merge 415 for custom resources, patch on /status', async () => {
  const ns = 'patching';
  cluster.store.create(GVR.rollouts, rollout('p', ns));
  const url = `${RO}/namespaces/${ns}/rollouts/p`;
  const merge = await api(cluster, 'PATCH', url, { body: { spec: { paused: true } }, contentType: 'application/merge-patch+json' });
  assert.equal(merge.json.spec.paused, true);
  assert.equal(merge.json.metadata.generation, 2);
  const json = await api(cluster, 'PATCH', url, {
    body: [
      { op: 'test', path: '/spec/paused', value: true },
      { op: 'remove', path: '/spec/paused' },
    ],
    contentType: 'application/json-patch+json',
  });
  assert.equal(json.status, 200);
  assert.equal(json.json.spec.paused, undefined);
  const failedTest = await api(cluster, 'PATCH', url, { body: [{ op: 'test', path: '/spec/replicas', value: 7 }], contentType: 'application/json-patch+json' });
  assert.equal(failedTest.status, 422);
  const smp = await api(cluster, 'PATCH', url, { body: { spec: {} }, contentType: 'application/strategic-merge-patch+json' });
  isStatus(smp.json, 415, 'UnsupportedMediaType');
  const st = await api(cluster, 'PATCH', `${url}/status`, { body: { status: { pauseConditions: null, abort: true }, spec: { replicas: 5 } }, contentType: 'application/merge-patch+json' });
  assert.equal(st.json.status.abort, true);
  assert.equal(st.json.spec.replicas, 1, '/status ignores spec');
  const stale = await api(cluster, 'PATCH', url, { body: { metadata: { resourceVersion: '1' }, spec: { replicas: 3 } }, contentType: 'application/merge-patch+json' });
  isStatus(stale.json, 409, 'Conflict');
  const scale = await api(cluster, 'PATCH', `${url}/scale`, { body: { spec: { replicas: 4 } }, contentType: 'application/merge-patch+json' });
  assert.equal(scale.json.kind, 'Scale');
  assert.equal(scale.json.spec.replicas, 4);
  assert.equal(cluster.store.get(GVR.rollouts, ns, 'p')!.spec.replicas, 4);
});

test('list: namespaced and cluster-wide, selectors, limit/continue, resourceVersion', async () => {
  for (const [name, ns, tier] of [
    ['l1', 'list-a', 'web'],
    ['l2', 'list-a', 'db'],
    ['l3', 'list-b', 'web'],
  ]) {
    cluster.store.create(GVR.rollouts, { ...rollout(name, ns), metadata: { name, namespace: ns, labels: { tier } } });
  }
  const all = await api(cluster, 'GET', `${RO}/rollouts?labelSelector=${encodeURIComponent('tier in (web,db)')}`);
  assert.equal(all.json.kind, 'RolloutList');
  assert.equal(all.json.metadata.resourceVersion, cluster.store.resourceVersion);
  assert.deepEqual(
    all.json.items.map((o: any) => o.metadata.name),
    ['l1', 'l2', 'l3'],
  );
  const ns = await api(cluster, 'GET', `${RO}/namespaces/list-a/rollouts?labelSelector=tier%3Dweb`);
  assert.deepEqual(
    ns.json.items.map((o: any) => o.metadata.name),
    ['l1'],
  );
  const field = await api(cluster, 'GET', `${RO}/rollouts?fieldSelector=metadata.namespace%3Dlist-b`);
  assert.deepEqual(
    field.json.items.map((o: any) => o.metadata.name),
    ['l3'],
  );
  const badField = await api(cluster, 'GET', `${RO}/rollouts?fieldSelector=spec.replicas%3D1`);
  isStatus(badField.json, 400, 'BadRequest');
  const page1 = await api(cluster, 'GET', `${RO}/rollouts?labelSelector=tier&limit=2`);
  assert.equal(page1.json.items.length, 2);
  assert.equal(page1.json.metadata.remainingItemCount, 1);
  const page2 = await api(cluster, 'GET', `${RO}/rollouts?labelSelector=tier&limit=2&continue=${encodeURIComponent(page1.json.metadata.continue)}`);
  assert.deepEqual(
    page2.json.items.map((o: any) => o.metadata.name),
    ['l3'],
  );
  assert.equal(page2.json.metadata.continue, undefined);
  cluster.store.create(GVR.rollouts, rollout('l4', 'list-c'));
  cluster.store.forgetHistory(); // as if etcd compacted past the first page's version
  const expired = await api(cluster, 'GET', `${RO}/rollouts?labelSelector=tier&limit=2&continue=${encodeURIComponent(page1.json.metadata.continue)}`);
  isStatus(expired.json, 410, 'Expired');
  const core = await api(cluster, 'GET', '/api/v1/namespaces');
  assert.equal(core.json.items[0].kind, undefined, 'built-in list items carry no kind, as upstream');
});

test('Table output for kubectl get, with CRD printer columns', async () => {
  cluster.store.create(GVR.rollouts, { ...rollout('t1', 'tables'), spec: { replicas: 3 } });
  const r = await api(cluster, 'GET', `${RO}/namespaces/tables/rollouts`, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
  assert.equal(r.json.kind, 'Table');
  assert.deepEqual(
    r.json.columnDefinitions.map((c: any) => c.name),
    ['Name', 'Desired', 'Current', 'Up-to-date', 'Available', 'Age'],
  );
  assert.equal(r.json.rows[0].cells[0], 't1');
  assert.equal(r.json.rows[0].cells[1], 3);
  assert.equal(r.json.rows[0].object.kind, 'PartialObjectMetadata');
});

test('watch: from a resourceVersion, initial ADDED events, selectors, bookmarks, timeoutSeconds', async () => {
  const ns = 'watching';
  const first = cluster.store.create(GVR.rollouts, rollout('w1', ns));
  const fromRv = await openStream(cluster, `${RO}/namespaces/${ns}/rollouts?watch=true&resourceVersion=${first.metadata.resourceVersion}&allowWatchBookmarks=true`);
  const initial = await openStream(cluster, `${RO}/namespaces/${ns}/rollouts?watch=1&labelSelector=app%3Dw2`);
  try {
    assert.equal(fromRv.status, 200);
    const w2 = cluster.store.create(GVR.rollouts, rollout('w2', ns));
    cluster.store.update(GVR.rollouts, { ...w2, spec: { ...w2.spec, replicas: 2 } });
    cluster.store.delete(GVR.rollouts, ns, 'w1');
    const seen = await waitFor('three events', () => {
      const evs = fromRv.events.filter((e) => e.type !== 'BOOKMARK');
      return evs.length >= 3 && evs;
    });
    assert.deepEqual(
      seen.map((e: any) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED w2', 'MODIFIED w2', 'DELETED w1'],
    );
    await waitFor('a bookmark', () => fromRv.events.find((e) => e.type === 'BOOKMARK' && Number(e.object.metadata.resourceVersion) >= Number(cluster.store.resourceVersion)));
    const sel = await waitFor('selector-matched events', () => initial.events.length >= 2 && initial.events);
    assert.deepEqual(
      sel.map((e: any) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED w2', 'MODIFIED w2'],
    );
  } finally {
    fromRv.close();
    initial.close();
  }
  const short = await openStream(cluster, `${RO}/rollouts?watch=true&timeoutSeconds=1`);
  await waitFor('the server to end a watch after timeoutSeconds', () => short.ended, 5000);
});

test('watch from a resourceVersion older than the history window: ERROR 410 Expired, then the stream ends', async () => {
  const ns = 'expiry';
  const o = cluster.store.create(GVR.rollouts, rollout('e', ns));
  for (let i = 0; i < 60; i++) cluster.store.update(GVR.rollouts, { ...cluster.store.get(GVR.rollouts, ns, 'e')!, spec: { replicas: i + 2 } });
  const s = await openStream(cluster, `${RO}/rollouts?watch=true&resourceVersion=${o.metadata.resourceVersion}`);
  await waitFor('the stream to end', () => s.ended);
  assert.equal(s.events.length, 1);
  assert.equal(s.events[0].type, 'ERROR');
  isStatus(s.events[0].object, 410, 'Expired');
  assert.match(s.events[0].object.message, /^too old resource version: /);
});

test('RBAC: exact Forbidden messages, namespace-limited rules, SelfSubjectAccessReview', async () => {
  cluster.store.create(GVR.rollouts, rollout('r', 'team-a'));
  const viewer = cluster.tokenFor('viewer');
  const denied = await api(cluster, 'PATCH', `${RO}/namespaces/team-a/rollouts/r/status`, { token: viewer, body: { status: {} }, contentType: 'application/merge-patch+json' });
  isStatus(denied.json, 403, 'Forbidden');
  assert.equal(denied.json.message, 'rollouts.argoproj.io "r" is forbidden: User "viewer" cannot patch resource "rollouts/status" in API group "argoproj.io" in the namespace "team-a"');
  const teamA = cluster.tokenFor('team-a');
  assert.equal((await api(cluster, 'GET', `${RO}/namespaces/team-a/rollouts`, { token: teamA })).status, 200);
  const clusterWide = await api(cluster, 'GET', `${RO}/rollouts`, { token: teamA });
  assert.equal(clusterWide.json.message, 'rollouts.argoproj.io is forbidden: User "team-a" cannot list resource "rollouts" in API group "argoproj.io" at the cluster scope');
  const review = (namespace: string, verb: string, subresource = '') => ({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { namespace, verb, group: 'argoproj.io', resource: 'rollouts', subresource } },
  });
  const yes = await api(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: teamA, body: review('team-a', 'patch') });
  assert.equal(yes.status, 201);
  assert.equal(yes.json.status.allowed, true);
  const no = await api(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: teamA, body: review('team-a', 'patch', 'status') });
  assert.equal(no.json.status.allowed, false);
  const elsewhere = await api(cluster, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token: teamA, body: review('other', 'list') });
  assert.equal(elsewhere.json.status.allowed, false);
});

test('service proxy: in-process handlers (data and node style), loopback targets, 503 without a backend', async () => {
  const unregister = cluster.registerServiceProxy('test', 'loadtester', 80, (req: ProxyRequest) => ({ status: 200, body: { path: req.path, query: req.query, method: req.method, body: req.body.toString() } }));
  cluster.registerServiceProxy('test', 'nodestyle', 8080, (req, res, path) => {
    res.writeHead(202, { 'content-type': 'text/plain' });
    res.end(`node ${req.method} ${path}`);
  });
  const r = await api(cluster, 'POST', '/api/v1/namespaces/test/services/loadtester:80/proxy/gate/check?x=1', { body: { name: 'c' } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { path: '/gate/check', query: 'x=1', method: 'POST', body: '{"name":"c"}' });
  const n = await api(cluster, 'GET', '/api/v1/namespaces/test/services/nodestyle/proxy/healthz');
  assert.equal(n.status, 202);
  assert.equal(n.text, 'node GET /healthz');
  const byName = await api(cluster, 'GET', '/api/v1/namespaces/test/services/nodestyle:http/proxy/named');
  assert.equal(byName.text, 'node GET /named', 'a named port resolves through the Service object');
  unregister();
  const gone = await api(cluster, 'GET', '/api/v1/namespaces/test/services/loadtester:80/proxy/x');
  isStatus(gone.json, 503, 'ServiceUnavailable');
  const noService = await api(cluster, 'GET', '/api/v1/namespaces/test/services/absent/proxy/x');
  assert.equal(noService.status, 404);
  const backend = http.createServer((req, res) => res.end(`loopback ${req.url} auth=${req.headers.authorization ?? 'none'}`));
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
  try {
    cluster.registerServiceProxy('test', 'real', 9090, { url: `http://127.0.0.1:${(backend.address() as AddressInfo).port}` });
    const lb = await api(cluster, 'GET', '/api/v1/namespaces/test/services/real:9090/proxy/metrics?q=1');
    assert.equal(lb.text, 'loopback /metrics?q=1 auth=none', 'forwarded without the caller credentials');
  } finally {
    await new Promise((r) => backend.close(r));
  }
  const viewerProxy = await api(cluster, 'POST', '/api/v1/namespaces/test/services/nodestyle/proxy/x', { token: cluster.tokenFor('viewer') });
  assert.equal(viewerProxy.json.message, 'services "nodestyle" is forbidden: User "viewer" cannot create resource "services/proxy" in API group "" in the namespace "test"');
});

test('faults: failing requests, forbidden namespace, dropped watches', async () => {
  cluster.faults.failNext(2, { path: /\/rollouts/ });
  assert.equal((await api(cluster, 'GET', `${RO}/rollouts`)).status, 500);
  assert.equal((await api(cluster, 'GET', '/version')).status, 200, 'the path filter spares other requests');
  assert.equal((await api(cluster, 'GET', `${RO}/rollouts`)).status, 500);
  assert.equal((await api(cluster, 'GET', `${RO}/rollouts`)).status, 200);
  cluster.faults.forbidNamespace('team-a');
  const f = await api(cluster, 'GET', `${RO}/namespaces/team-a/rollouts`);
  assert.equal(f.status, 403);
  cluster.faults.allowNamespace('team-a');
  assert.equal((await api(cluster, 'GET', `${RO}/namespaces/team-a/rollouts`)).status, 200);
  const w = await openStream(cluster, `${RO}/rollouts?watch=true&resourceVersion=${cluster.store.resourceVersion}`);
  await waitFor('the watch to register', () => cluster.faults.dropWatches() > 0);
  await waitFor('the dropped watch to end', () => w.ended);
  cluster.faults.reset();
});

test('fieldValidation: Strict rejects unknown fields with 400, Warn answers with a Warning header', async () => {
  const ns = 'validation';
  cluster.store.create(GVR.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const bad = { ...rollout('v', ns), specs: {} };
  const strict = await api(cluster, 'POST', `${RO}/namespaces/${ns}/rollouts?fieldValidation=Strict`, { body: bad });
  isStatus(strict.json, 400, 'BadRequest');
  assert.equal(strict.json.message, 'Rollout in version "v1alpha1" cannot be handled as a Rollout: strict decoding error: unknown field "specs"');
  const warn = await api(cluster, 'POST', `${RO}/namespaces/${ns}/rollouts?fieldValidation=Warn`, { body: bad });
  assert.equal(warn.status, 201);
  assert.equal(warn.headers.warning, '299 - "unknown field \\"specs\\""');
});

test('watch with a label selector: an object that stops matching is DELETED, one that starts matching is ADDED', async () => {
  const ns = 'transitions';
  const o = cluster.store.create(GVR.rollouts, { ...rollout('t', ns), metadata: { name: 't', namespace: ns, labels: { tier: 'web' } } });
  const s = await openStream(cluster, `${RO}/namespaces/${ns}/rollouts?watch=true&resourceVersion=${o.metadata.resourceVersion}&labelSelector=tier%3Dweb`);
  try {
    const off = cluster.store.update(GVR.rollouts, { ...o, metadata: { ...o.metadata, labels: { tier: 'db' } } });
    cluster.store.update(GVR.rollouts, { ...off, spec: { replicas: 5 } }); // not matching: not sent
    const back = cluster.store.get(GVR.rollouts, ns, 't')!;
    cluster.store.update(GVR.rollouts, { ...back, metadata: { ...back.metadata, labels: { tier: 'web' } } });
    await waitFor('two transitions', () => s.events.length >= 2);
    assert.deepEqual(
      s.events.map((e) => `${e.type} ${e.object.metadata.labels.tier}`),
      ['DELETED db', 'ADDED web'],
    );
  } finally {
    s.close();
  }
  // Resuming from the first version replays the same transitions.
  const replay = await openStream(cluster, `${RO}/namespaces/${ns}/rollouts?watch=true&resourceVersion=${o.metadata.resourceVersion}&labelSelector=tier%3Dweb`);
  try {
    await waitFor('the replay', () => replay.events.length >= 2);
    assert.deepEqual(
      replay.events.map((e) => `${e.type} ${e.object.metadata.labels.tier}`),
      ['DELETED db', 'ADDED web'],
    );
  } finally {
    replay.close();
  }
});

test('built-in field selectors: events by involvedObject, pods by phase; unknown labels are 400', async () => {
  const ns = 'fields';
  const EVENTS = { group: '', version: 'v1', resource: 'events' };
  const ev = (name: string, object: string) => ({ apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: ns }, involvedObject: { kind: 'Rollout', name: object, namespace: ns }, reason: 'RolloutPaused', type: 'Normal' });
  cluster.store.create(EVENTS, ev('e1', 'a'));
  cluster.store.create(EVENTS, ev('e2', 'b'));
  const r = await api(cluster, 'GET', `/api/v1/namespaces/${ns}/events?fieldSelector=${encodeURIComponent('involvedObject.name=b,involvedObject.kind=Rollout')}`);
  assert.deepEqual(
    r.json.items.map((e: any) => e.metadata.name),
    ['e2'],
  );
  const bad = await api(cluster, 'GET', `/api/v1/namespaces/${ns}/events?fieldSelector=spec.nope%3D1`);
  assert.equal(bad.json.message, 'field label not supported: spec.nope');
});
