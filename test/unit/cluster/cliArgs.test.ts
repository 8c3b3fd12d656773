import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClusterArgs } from '../../cluster/cliArgs';

test('npm run cluster options: defaults run the controllers and the fault endpoint', () => {
  assert.deepEqual(parseClusterArgs([]), { controllers: true, faultEndpoint: true });
  assert.deepEqual(parseClusterArgs(['--port', '8443', '--kubeconfig', '/tmp/k', '--fixtures', 'dir', '--scenario', 'demo', '--no-controllers', '--engines', 'argo']), {
    controllers: false,
    faultEndpoint: true,
    port: 8443,
    kubeconfigPath: '/tmp/k',
    fixturesDir: 'dir',
    scenario: 'demo',
    engines: ['argo'],
  });
  assert.deepEqual(parseClusterArgs(['--engines', 'none']).engines, []);
  assert.equal(parseClusterArgs(['-h']).help, true);
});

test('npm run cluster options: bad input names the problem and shows usage', () => {
  for (const [args, message] of [
    [['--port'], /--port needs a value/],
    [['--port', 'x'], /--port must be a port number/],
    [['--kubeconfig', '--port'], /--kubeconfig needs a value/],
    [['--engines', 'istio'], /unknown engine "istio"/],
    [['--frobnicate'], /unknown option --frobnicate/],
  ] as const) {
    assert.throws(
      () => parseClusterArgs([...args]),
      (e: Error) => message.test(e.message) && /usage: npm run cluster/.test(e.message),
    );
  }
});
