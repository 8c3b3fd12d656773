import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_COMMANDS, ACTION_SPECS, runAction } from '../../../src/cli/actions';
import { COMMANDS } from '../../../src/cli/commands';
import { captureIO, closedPort, writeKubeconfig } from './clusterFixture';

const spec = (name: string) => ACTION_SPECS.find((s) => s.name === name)!;

test('every action command is registered, with usage naming --yes and the exit codes', () => {
  const names = ['promote', 'abort', 'retry', 'pause', 'resume', 'restart', 'approve', 'rollback', 'gate-close'];
  assert.deepEqual(ACTION_COMMANDS.map((c) => c.name), names);
  for (const n of names) {
    const c = COMMANDS.find((x) => x.name === n)!;
    assert.ok(c, `${n} registered`);
    assert.match(c.usage, /--yes/);
    assert.match(c.usage, /Exit status: 0/);
  }
  assert.match(COMMANDS.find((c) => c.name === 'promote')!.usage, /--full/);
  assert.match(COMMANDS.find((c) => c.name === 'restart')!.usage, /--in DURATION/);
});

test('usage errors exit 2 before touching a cluster', async () => {
  for (const args of [[], ['a', 'b'], ['x', '-A'], ['x', '--bogus'], ['x', '--in']]) {
    const c = captureIO({ KUBECONFIG: '/nonexistent' });
    assert.equal(await runAction(spec('restart'), args, c.io), 2, `${args.join(' ')}: ${c.err()}`);
  }
});

test('an unreachable server: exit 1, the message names the context, nothing is asked', async () => {
  const kc = writeKubeconfig(`https://127.0.0.1:${await closedPort()}`, { namespace: 'shop' });
  const c = captureIO({}, true);
  assert.equal(await runAction(spec('promote'), ['web', '--kubeconfig', kc, '--yes'], c.io), 1);
  assert.match(c.err(), /Cannot reach the API server in context dev/);
  assert.ok(!c.err().includes('sekret-token-value'));
});
