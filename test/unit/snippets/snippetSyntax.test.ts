import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandSnippet, tabStops } from './snippetSyntax';

test('placeholders, mirrors, choices, final stop', () => {
  assert.equal(expandSnippet('name: ${1:web}\nsvc: $1-canary\nmode: ${2|a,b|}\n$0'), 'name: web\nsvc: web-canary\nmode: a\n');
  assert.equal(expandSnippet('${1}-x ${1:y}'), 'y-x y', 'a later default feeds an earlier mirror');
});

test('nested placeholders and variables with defaults', () => {
  assert.equal(expandSnippet('${3:${1:a}-b} $1'), 'a-b a');
  assert.equal(expandSnippet('${TM_FILENAME_BASE:file} $UNKNOWN.', {}), 'file .');
  assert.equal(expandSnippet('${TM_FILENAME_BASE:file}', { TM_FILENAME_BASE: 'r' }), 'r');
});

test('escapes and literal dollars', () => {
  assert.equal(expandSnippet('\\$HOME \\} \\\\ ${1:a\\}b} {$.ok} $ 5$'), '$HOME } \\ a}b {$.ok} $ 5$');
  assert.equal(expandSnippet('${1|x\\,y,z|}'), 'x,y');
  assert.throws(() => expandSnippet('${1:open'), /unterminated/);
  assert.throws(() => expandSnippet('${1/a/b/}'), /transforms/);
});

test('tab stops are listed without $0', () => {
  assert.deepEqual(tabStops('${2:a} $1 $0 \\$3'), [1, 2]);
});
