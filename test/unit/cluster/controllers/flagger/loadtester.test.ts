/** The simulated Flagger loadtester answers exactly as fluxcd/flagger pkg/loadtester/server.go does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Loadtester } from '../../../../cluster/controllers/flagger/loadtester';

const body = (o: unknown) => JSON.stringify(o);
const call = (lt: Loadtester, path: string, b = '', method = 'POST') => {
  const r = lt.call({ method, path, body: b });
  return { status: r.status, text: r.body.toString('utf8') };
};
const podinfo = body({ name: 'podinfo', namespace: 'test' });

test('gate: unknown is closed (403 Forbidden), open → 202 empty, check → 200 Approved, close → 403 again', () => {
  const lt = new Loadtester();
  assert.deepEqual(call(lt, '/gate/check', podinfo), { status: 403, text: 'Forbidden' });
  assert.deepEqual(call(lt, '/gate/open', podinfo), { status: 202, text: '' });
  assert.deepEqual(call(lt, '/gate/check', podinfo), { status: 200, text: 'Approved' });
  assert.equal(lt.isGateOpen('podinfo', 'test'), true);
  assert.equal(call(lt, '/gate/check', body({ name: 'podinfo', namespace: 'other' })).status, 403, 'keyed by name and namespace');
  assert.deepEqual(call(lt, '/gate/close', podinfo), { status: 202, text: '' });
  assert.deepEqual(call(lt, '/gate/check', podinfo), { status: 403, text: 'Forbidden' });
});

test('rollback gate is a separate key (rollback.<name>.<ns>)', () => {
  const lt = new Loadtester();
  call(lt, '/gate/open', podinfo);
  assert.deepEqual(call(lt, '/rollback/check', podinfo), { status: 403, text: 'Forbidden' });
  assert.equal(call(lt, '/rollback/open', podinfo).status, 202);
  assert.deepEqual(call(lt, '/rollback/check', podinfo), { status: 200, text: 'Approved' });
  assert.equal(lt.isRollbackOpen('podinfo', 'test'), true);
  assert.equal(call(lt, '/rollback/close', podinfo).status, 202);
  assert.equal(call(lt, '/rollback/check', podinfo).status, 403);
});

test('approve/halt/healthz ignore the body; any method works', () => {
  const lt = new Loadtester();
  assert.deepEqual(call(lt, '/gate/approve', 'not json', 'GET'), { status: 200, text: 'OK' });
  assert.deepEqual(call(lt, '/gate/halt', ''), { status: 403, text: 'Forbidden' });
  assert.deepEqual(call(lt, '/healthz', '', 'GET'), { status: 200, text: 'OK' });
  assert.equal(call(lt, '/gate/open', podinfo, 'PUT').status, 202);
});

test('bad JSON is 400 with an empty body (empty body, wrong field types, non-object)', () => {
  const lt = new Loadtester();
  for (const bad of ['', '{', '[1]', body({ name: 1 }), body({ metadata: { a: 1 } })]) {
    assert.deepEqual(call(lt, '/gate/check', bad), { status: 400, text: '' }, bad);
  }
});

test('task runner: no metadata 400, unknown type 400, cmd queued 202, bash blocking 200', () => {
  const lt = new Loadtester();
  assert.deepEqual(call(lt, '/', podinfo), { status: 400, text: 'metadata not found in payload' });
  assert.deepEqual(call(lt, '/', body({ name: 'p', metadata: { type: 'nope' } })), { status: 400, text: 'unknown task type nope' });
  assert.equal(call(lt, '/', body({ name: 'p', metadata: { cmd: 'hey -z 1m http://podinfo-canary.test:9898/' } })).status, 202);
  assert.equal(call(lt, '/', body({ name: 'p', metadata: { type: 'bash', cmd: 'true' } })).status, 200);
  assert.equal(lt.queuedTasks, 1);
});

test('namespace regexp authorizer answers 403 Forbidden for other namespaces', () => {
  const lt = new Loadtester(/^test$/);
  assert.equal(call(lt, '/gate/open', podinfo).status, 202);
  assert.deepEqual(call(lt, '/gate/open', body({ name: 'x', namespace: 'prod' })), { status: 403, text: 'Forbidden' });
});

test('the proxy handler serves the same answers over real HTTP', async () => {
  const lt = new Loadtester();
  const handler = lt.proxyHandler();
  const server = http.createServer((req, res) => handler(req, res, req.url ?? '/'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const open = await fetch(`http://127.0.0.1:${port}/gate/open`, { method: 'POST', body: podinfo, headers: { 'content-type': 'application/json' } });
    assert.equal(open.status, 202);
    assert.equal(await open.text(), '');
    const check = await fetch(`http://127.0.0.1:${port}/gate/check`, { method: 'POST', body: podinfo });
    assert.equal(check.status, 200);
    assert.equal(await check.text(), 'Approved');
    assert.equal(lt.requests.at(-1)?.path, '/gate/check');
  } finally {
    server.close();
  }
});
