import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, RealClock } from '../../../cluster/controllers/clock';

test('FakeClock fires due timers in due order with now() at each due time', () => {
  const c = new FakeClock('2026-01-01T00:00:00Z');
  const seen: string[] = [];
  c.setTimeout(() => seen.push(`b@${c.now().toISOString()}`), 2000);
  c.setTimeout(() => seen.push(`a@${c.now().toISOString()}`), 1000);
  c.setTimeout(() => seen.push('c'), 5000);
  c.advance(2500);
  assert.deepEqual(seen, ['a@2026-01-01T00:00:01.000Z', 'b@2026-01-01T00:00:02.000Z']);
  assert.equal(c.now().toISOString(), '2026-01-01T00:00:02.500Z');
  assert.equal(c.pendingTimers, 1);
});

test('FakeClock: ties fire in scheduling order, timers scheduled while advancing fire in the same advance', () => {
  const c = new FakeClock(0);
  const seen: number[] = [];
  c.setTimeout(() => {
    seen.push(1);
    c.setTimeout(() => seen.push(3), 0);
  }, 10);
  c.setTimeout(() => seen.push(2), 10);
  c.advance(10);
  assert.deepEqual(seen, [1, 2, 3]);
});

test('FakeClock: cancel removes a timer; advance(0) runs only what is due now', () => {
  const c = new FakeClock(0);
  let fired = 0;
  const cancel = c.setTimeout(() => fired++, 0);
  c.setTimeout(() => fired++, 1);
  cancel();
  c.advance(0);
  assert.equal(fired, 0);
  c.advance(1);
  assert.equal(fired, 1);
});

test('FakeClock refuses a timer chain that never settles instead of hanging', () => {
  const c = new FakeClock(0);
  c.maxFiringsPerAdvance = 50;
  const loop = () => c.setTimeout(loop, 0);
  loop();
  assert.throws(() => c.advance(0), /more than 50 timers/);
});

test('FakeClock.advanceUntil reports whether the condition held within the limit', () => {
  const c = new FakeClock(0);
  let done = false;
  c.setTimeout(() => (done = true), 3000);
  assert.equal(
    c.advanceUntil(() => done, 10_000, 500),
    true,
  );
  assert.equal(c.now().getTime(), 3000);
  assert.equal(
    c.advanceUntil(() => false, 1000, 500),
    false,
  );
});

test('RealClock runs timers on wall time and can cancel them', async () => {
  const c = new RealClock();
  const before = Date.now();
  assert.ok(Math.abs(c.now().getTime() - before) < 1000);
  let cancelled = false;
  const cancel = c.setTimeout(() => (cancelled = true), 5);
  cancel();
  // RealClock's timers are unref'd (a simulated controller must not keep a server's process alive), so
  // when this file has nothing else pending the loop could empty before it fires: hold it open meanwhile.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    await new Promise<void>((resolve) => c.setTimeout(resolve, 10));
  } finally {
    clearInterval(keepAlive);
  }
  assert.equal(cancelled, false);
});
