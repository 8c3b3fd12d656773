import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ContextManager, type ContextsChange } from '../../../src/k8s/contextManager';

function config(current: string, contexts: [string, string][]): string {
  const users = [...new Set(contexts.map(([, u]) => u))];
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${current}`,
    'clusters:',
    '- name: c',
    '  cluster:',
    '    server: https://127.0.0.1:6443',
    'users:',
    ...users.flatMap((u) => [`- name: ${u}`, '  user:', `    token: tok-${u}`]),
    'contexts:',
    ...contexts.flatMap(([n, u]) => [`- name: ${n}`, '  context:', '    cluster: c', `    user: ${u}`]),
    '',
  ].join('\n');
}

function setup(text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-cm-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, text);
  const cm = new ContextManager({ explicitPath: file, watchFiles: false });
  const events: ContextsChange[] = [];
  cm.onDidChangeContexts((e) => events.push(e));
  return { file, cm, events };
}

test('current context defaults to the kubeconfig, can be overridden in memory, watched contexts are extra', () => {
  const { cm, file, events } = setup(
    config('a', [
      ['a', 'ua'],
      ['b', 'ub'],
      ['c', 'uc'],
    ]),
  );
  const before = fs.readFileSync(file, 'utf8');
  assert.equal(cm.currentContext, 'a');
  assert.deepEqual(cm.watchedContexts, ['a']);
  cm.addWatchedContext('c');
  cm.setCurrentContext('b');
  assert.equal(cm.currentContext, 'b');
  assert.deepEqual(cm.watchedContexts, ['b', 'c']);
  assert.throws(() => cm.setCurrentContext('zzz'), /no context named 'zzz'/);
  assert.equal(fs.readFileSync(file, 'utf8'), before, 'never rewrites the kubeconfig');
  assert.equal(events.length, 2);
  cm.removeWatchedContext('c');
  assert.deepEqual(cm.watchedContexts, ['b']);
  cm.setCurrentContext(undefined);
  assert.equal(cm.currentContext, 'a');
});

test('reload reports removed contexts and changed credentials, and forgets choices about removed ones', () => {
  const { cm, file, events } = setup(
    config('a', [
      ['a', 'ua'],
      ['b', 'ub'],
      ['c', 'uc'],
    ]),
  );
  cm.setCurrentContext('b');
  cm.addWatchedContext('c');
  fs.writeFileSync(
    file,
    config('a', [
      ['a', 'ua'],
      ['c', 'uc'],
    ]).replace('tok-uc', 'rotated'),
  );
  cm.reload();
  const e = events.at(-1)!;
  assert.deepEqual(e.removed, ['b']);
  assert.deepEqual(e.credentialsChanged, ['c']);
  assert.equal(e.current, 'a');
  assert.deepEqual(e.watched, ['a', 'c']);
  assert.deepEqual(
    cm.contexts.map((c) => c.name),
    ['a', 'c'],
  );
});
