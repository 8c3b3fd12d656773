import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanDuration, parseGoDuration } from '../../../../src/core/status/goDuration';

describe('parseGoDuration (Go time.ParseDuration)', () => {
  const ok: [string, number][] = [['0', 0], ['5s', 5000], ['30s', 30000], ['1h30m', 5400000], ['1.5h', 5400000], ['.5s', 500], ['5.s', 5000], ['-1m', -60000], ['+2ms', 2], ['100us', 0.1], ['100µs', 0.1], ['100μs', 0.1], ['1000000ns', 1], ['2h45m30.5s', 9930500]];
  for (const [s, ms] of ok) it(`${s} = ${ms}ms`, () => assert.equal(parseGoDuration(s), ms));
  const bad: [string, RegExp][] = [['', /invalid duration ""/], ['1d', /unknown unit "d" in duration "1d"/], ['10', /missing unit in duration "10"/], ['.s', /invalid duration/], ['abc', /invalid duration/], ['1h-5m', /unknown unit "h-" in duration "1h-5m"/], ['9999999999h', /invalid duration/]];
  for (const [s, re] of bad) it(`rejects ${JSON.stringify(s)}`, () => assert.throws(() => parseGoDuration(s), re));
});

describe('humanDuration (apimachinery HumanDuration)', () => {
  const s = 1000;
  const cases: [number, string][] = [[-5 * s, '<invalid>'], [-0.5 * s, '0s'], [0, '0s'], [119 * s, '119s'], [150 * s, '2m30s'], [180 * s, '3m'], [11 * 60 * s, '11m'], [3 * 3600 * s, '3h'], [(4 * 3600 - 1) * s, '3h59m'], [9 * 3600 * s, '9h'], [7 * 86400 * s, '7d'], [(7 * 86400 + 3 * 3600) * s, '7d3h'], [30 * 86400 * s, '30d'], [(3 * 365 + 10) * 86400 * s, '3y10d'], [9 * 365 * 86400 * s, '9y']];
  for (const [ms, want] of cases) it(`${ms}ms → ${want}`, () => assert.equal(humanDuration(ms), want));
});
