import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextNodeId, itemNodeId, namespaceNodeId, nodesToRefresh, parseObjectKey, type ShownTree } from '../../../../src/core/tree/treeRefresh';

const ro = 'argoproj.io/Rollout/payments/web';
const shown = (ids: string[], expanded: Record<string, string[]> = {}): ShownTree => ({
  isShown: (id) => ids.includes(id),
  expandedItems: (ctx, ns) => expanded[`${ctx}/${ns}`] ?? [],
});

test('parses stable keys, core group included', () => {
  assert.deepEqual(parseObjectKey(ro), { group: 'argoproj.io', kind: 'Rollout', namespace: 'payments', name: 'web' });
  assert.deepEqual(parseObjectKey('core/Pod/ns/p-1'), { group: 'core', kind: 'Pod', namespace: 'ns', name: 'p-1' });
  assert.equal(parseObjectKey('nonsense'), undefined);
});

test('a shown item refreshes itself and its namespace list, nothing else', () => {
  const t = shown([contextNodeId('c'), namespaceNodeId('c', 'payments'), itemNodeId('c', ro)]);
  assert.deepEqual(nodesToRefresh({ context: 'c', keys: [ro], stateChanged: false }, t), [itemNodeId('c', ro), namespaceNodeId('c', 'payments')]);
});

test('a new item refreshes the nearest shown ancestor', () => {
  assert.deepEqual(nodesToRefresh({ context: 'c', keys: [ro], stateChanged: false }, shown([contextNodeId('c'), namespaceNodeId('c', 'payments')])), [namespaceNodeId('c', 'payments')]);
  assert.deepEqual(nodesToRefresh({ context: 'c', keys: [ro], stateChanged: false }, shown([contextNodeId('c')])), [contextNodeId('c')]);
  assert.equal(nodesToRefresh({ context: 'c', keys: [ro], stateChanged: false }, shown([])), 'root');
});

test('related objects refresh only the expanded items of their namespace', () => {
  const t = shown([contextNodeId('c')], { 'c/payments': ['item-a', 'item-b'] });
  assert.deepEqual(nodesToRefresh({ context: 'c', keys: ['apps/ReplicaSet/payments/web-1', 'core/Pod/payments/web-1-x', 'core/Pod/other/z'], stateChanged: false }, t), ['item-a', 'item-b']);
});

test('a state change refreshes the context node, or the root when it is not shown yet', () => {
  assert.deepEqual(nodesToRefresh({ context: 'c', keys: [], stateChanged: true }, shown([contextNodeId('c')])), [contextNodeId('c')]);
  assert.equal(nodesToRefresh({ context: 'c', keys: [], stateChanged: true }, shown([])), 'root');
});
