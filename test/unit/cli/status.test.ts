import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStatus } from '../../../src/cli/status';
import { parseClusterFlags } from '../../../src/cli/clusterCli';
import { captureIO, closedPort, writeKubeconfig } from './clusterFixture';

test('flags: shared cluster flags, command flags, inline values, conflicts', () => {
  const f = parseClusterFlags(
    ['--context=prod', '-n', 'shop', '-o', 'json', '-w', 'x'],
    [
      { name: 'output', alias: '-o', takesValue: true },
      { name: 'watch', alias: '-w', takesValue: false },
    ],
  );
  assert.ok(typeof f !== 'string');
  assert.equal(f.context, 'prod');
  assert.equal(f.namespace, 'shop');
  assert.deepEqual(f.extra, { output: 'json', watch: true });
  assert.deepEqual(f.positional, ['x']);
  assert.match(parseClusterFlags(['-n', 'a', '-A']) as string, /not both/);
  assert.match(parseClusterFlags(['--bogus']) as string, /unknown option --bogus/);
  assert.match(parseClusterFlags(['--context']) as string, /--context needs a value/);
  assert.match(parseClusterFlags(['-n', '-A']) as string, /--namespace needs a value/);
});

test('an unreachable API server: exit 1 with a short message, quickly, and no token in the output', async () => {
  const kc = writeKubeconfig(`https://127.0.0.1:${await closedPort()}`);
  const c = captureIO();
  const code = await runStatus(['--kubeconfig', kc, '-v'], c.io);
  assert.equal(code, 1);
  assert.match(c.err(), /Cannot reach the API server in context dev \(ECONNREFUSED\)/);
  assert.ok(!c.err().includes('sekret-token-value'));
  const j = captureIO();
  assert.equal(await runStatus(['--kubeconfig', kc, '-o', 'json'], j.io), 1);
  const doc = JSON.parse(j.out());
  assert.deepEqual(doc.items, []);
  assert.equal(doc.errors[0].context, 'dev');
});

test('kubeconfig problems are usage errors (exit 2) with the reason', async () => {
  const none = captureIO({ KUBECONFIG: '/nonexistent/config' });
  assert.equal(await runStatus([], none.io), 2);
  assert.match(none.err(), /no kube contexts found in \/nonexistent\/config/);
  const kc = writeKubeconfig('https://127.0.0.1:1', { current: '' });
  const nocur = captureIO();
  assert.equal(await runStatus(['--kubeconfig', kc], nocur.io), 2);
  assert.match(nocur.err(), /has no current context: pass --context \(one of dev\)/);
  const bad = captureIO();
  assert.equal(await runStatus(['--kubeconfig', kc, '--context', 'prod'], bad.io), 2);
  assert.match(bad.err(), /no context named 'prod'.*contexts: dev/);
  assert.equal(await runStatus(['--kubeconfig', kc, '--request-timeout', '0'], captureIO().io), 2);
  assert.equal(await runStatus(['--kubeconfig', kc, 'extra'], captureIO().io), 2);
});
