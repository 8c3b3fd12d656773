import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchCoalescer, KeyedDebouncer, type Timers } from '../../../../src/core/util/debounce';

/** A manual clock: timers fire only when the test advances time. */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const api: Timers = {
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at <= now && timers.has(id)) {
        timers.delete(id);
        t.fn();
      }
    }
  };
  return { api, advance, pending: () => timers.size };
}

test('runs only the last action of a key after the quiet period', () => {
  const t = fakeTimers();
  const d = new KeyedDebouncer<string>(200, t.api);
  const runs: string[] = [];
  d.schedule('a', () => runs.push('a1'));
  t.advance(150);
  d.schedule('a', () => runs.push('a2'));
  t.advance(150);
  assert.deepEqual(runs, []);
  t.advance(50);
  assert.deepEqual(runs, ['a2']);
  assert.equal(d.isPending('a'), false);
});

test('keys do not delay each other', () => {
  const t = fakeTimers();
  const d = new KeyedDebouncer<string>(200, t.api);
  const runs: string[] = [];
  d.schedule('a', () => runs.push('a'));
  t.advance(100);
  d.schedule('b', () => runs.push('b'));
  t.advance(100);
  assert.deepEqual(runs, ['a']);
  t.advance(100);
  assert.deepEqual(runs, ['a', 'b']);
});

test('flush runs the pending action now and only once', () => {
  const t = fakeTimers();
  const d = new KeyedDebouncer<string>(200, t.api);
  let n = 0;
  d.schedule('a', () => n++);
  assert.equal(d.flush('a'), true);
  assert.equal(n, 1);
  t.advance(500);
  assert.equal(n, 1);
  assert.equal(d.flush('a'), false);
});

test('cancel and dispose drop pending actions', () => {
  const t = fakeTimers();
  const d = new KeyedDebouncer<string>(200, t.api);
  let n = 0;
  d.schedule('a', () => n++);
  d.cancel('a');
  d.schedule('b', () => n++);
  d.dispose();
  d.schedule('c', () => n++);
  t.advance(1000);
  assert.equal(n, 0);
  assert.equal(t.pending(), 0);
});

test('coalescer delivers one de-duplicated batch per burst', () => {
  const t = fakeTimers();
  const batches: string[][] = [];
  const c = new BatchCoalescer<string>(50, (b) => batches.push(b), t.api);
  c.add('x', 'y');
  c.add('x');
  t.advance(30);
  c.add('z');
  t.advance(20);
  assert.deepEqual(batches, [['x', 'y', 'z']]);
  c.add('y');
  t.advance(50);
  assert.deepEqual(batches, [['x', 'y', 'z'], ['y']]);
  c.add('q');
  c.dispose();
  t.advance(100);
  assert.equal(batches.length, 2);
});
