import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BackgroundQueue } from '../../../../src/core/util/backgroundQueue';

test('processes every key once, in batches separated by yields', async () => {
  const seen: string[] = [];
  const marks: string[] = [];
  const q = new BackgroundQueue<string>({
    batchSize: 2,
    process: (k) => {
      seen.push(k);
      marks.push(k);
      return Promise.resolve();
    },
    yieldNow: () => (marks.push('|'), Promise.resolve()),
  });
  q.enqueue(['a', 'b', 'c', 'a', 'd', 'e']);
  await q.whenIdle();
  assert.deepEqual(seen, ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(marks, ['a', 'b', '|', 'c', 'd', '|', 'e', '|']);
  assert.equal(q.processedCount, 5);
});

test('a removed key is skipped even when its batch already started', async () => {
  const seen: string[] = [];
  const q = new BackgroundQueue<string>({
    batchSize: 10,
    process: (k) => {
      seen.push(k);
      if (k === 'a') q.remove('b');
      return Promise.resolve();
    },
    yieldNow: async () => {},
  });
  q.enqueue(['a', 'b', 'c']);
  await q.whenIdle();
  assert.deepEqual(seen, ['a', 'c']);
});

test('a failing item is reported and the rest still run', async () => {
  const errors: string[] = [];
  const seen: string[] = [];
  const q = new BackgroundQueue<string>({
    batchSize: 1,
    process: (k) => {
      if (k === 'bad') return Promise.reject(new Error('boom'));
      seen.push(k);
      return Promise.resolve();
    },
    onError: (k, e) => errors.push(`${k}:${(e as Error).message}`),
    yieldNow: async () => {},
  });
  q.enqueue(['x', 'bad', 'y']);
  await q.whenIdle();
  assert.deepEqual(seen, ['x', 'y']);
  assert.deepEqual(errors, ['bad:boom']);
});

test('keys enqueued while draining are processed; dispose stops the work', async () => {
  const seen: string[] = [];
  const q = new BackgroundQueue<string>({
    batchSize: 1,
    process: (k) => {
      seen.push(k);
      if (k === 'a') q.enqueue(['late']);
      if (k === 'late') q.dispose();
      return Promise.resolve();
    },
    yieldNow: async () => {},
  });
  q.enqueue(['a', 'b', 'c']);
  await q.whenIdle();
  assert.deepEqual(seen, ['a', 'b', 'c', 'late']);
  q.enqueue(['never']);
  await q.whenIdle();
  assert.deepEqual(seen, ['a', 'b', 'c', 'late']);
});
