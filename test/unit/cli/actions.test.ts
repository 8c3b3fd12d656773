import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_COMMANDS, ACTION_SPECS, runAction } from '../../../src/cli/actions';
import { captureIO, closedPort, writeKubeconfig } from './clusterFixture';

const spec = (name: string) => ACTION_SPECS.find((s) => s.cli.name === name)!;
const findCommand = (name: string) => ACTION_COMMANDS.find((c) => c.name === name);

test('every action command is registered, with usage naming --yes and the exit codes', () => {
  const names = ['promote', 'resume', 'pause', 'abort', 'retry', 'restart', 'undo', 'set', 'approve', 'gate-close', 'rollback', 'terminate'];
  assert.deepEqual(
    ACTION_COMMANDS.map((c) => c.name),
    names,
  );
  for (const n of names) {
    const c = findCommand(n)!;
    assert.ok(c, `${n} registered`);
    assert.match(c.usage, /--yes/);
    assert.match(c.usage, /Exit status: 0/);
  }
  assert.match(findCommand('promote')!.usage, /--full/);
  assert.match(findCommand('restart')!.usage, /--in DURATION/);
  assert.match(findCommand('undo')!.usage, /^Usage: rollout-lens undo NAME \[options\]$/m);
  assert.match(findCommand('undo')!.usage, /--to-revision N +the revision to go back to/);
  assert.match(findCommand('terminate')!.usage, /^Usage: rollout-lens terminate analysisrun\|experiment NAME \[options\]$/m);
  assert.match(findCommand('set')!.usage, /^Usage: rollout-lens set image NAME CONTAINER=IMAGE \[options\]$/m);
});

test('usage errors exit 2 before touching a cluster', async () => {
  for (const args of [[], ['a', 'b'], ['x', '-A'], ['x', '--bogus'], ['x', '--in']]) {
    const c = captureIO({ KUBECONFIG: '/nonexistent' });
    assert.equal(await runAction(spec('restart'), args, c.io), 2, `${args.join(' ')}: ${c.err()}`);
  }
  for (const args of [
    ['web', '--to-revision', 'two'],
    ['web', '--to-revision=-1'],
    ['web', '--to-revision'],
  ]) {
    const c = captureIO({ KUBECONFIG: '/nonexistent' });
    assert.equal(await runAction(spec('undo'), args, c.io), 2, `${args.join(' ')}: ${c.err()}`);
  }
  for (const [args, said] of [
    [['web', 'app=nginx:1'], /expected 'set image', not 'set web'/],
    [['image', 'web'], /expected one Rollout name and CONTAINER=IMAGE/],
    [['image', 'web', 'app'], /expected CONTAINER=IMAGE/],
    [['image', 'web', 'app=a=b'], /one '='/],
    [['image', 'web', 'app=Bad Image'], /contains whitespace/],
    [['image', 'web', 'app=nginx', 'extra'], /expected one Rollout name and CONTAINER=IMAGE/],
  ] as const) {
    const c = captureIO({ KUBECONFIG: '/nonexistent' });
    assert.equal(await runAction(spec('set'), [...args], c.io), 2, `${args.join(' ')}: ${c.err()}`);
    assert.match(c.err(), said);
    assert.match(c.err(), /^rollout-lens set image: /);
  }
  for (const args of [['run-1'], ['rollout', 'web'], ['analysisrun'], ['ar', 'a', 'b']]) {
    const c = captureIO({ KUBECONFIG: '/nonexistent' });
    assert.equal(await runAction(spec('terminate'), args, c.io), 2, `${args.join(' ')}: ${c.err()}`);
    assert.match(c.err(), /expected analysisrun or experiment and one name/);
  }
});

test('an unreachable server: exit 1, the message names the context, nothing is asked', async () => {
  const kc = writeKubeconfig(`https://127.0.0.1:${await closedPort()}`, { namespace: 'shop' });
  const c = captureIO({}, true);
  assert.equal(await runAction(spec('promote'), ['web', '--kubeconfig', kc, '--yes'], c.io), 1);
  assert.match(c.err(), /Cannot reach the API server in context dev/);
  assert.ok(!c.err().includes('sekret-token-value'));
  const t = captureIO({}, true);
  assert.equal(await runAction(spec('terminate'), ['exp', 'web-exp', '--kubeconfig', kc, '--yes'], t.io), 1);
  assert.match(t.err(), /Cannot reach the API server in context dev/);
});
