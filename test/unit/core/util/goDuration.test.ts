import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageOf, formatSeconds, GoDurationError, humanDuration, parseGoDuration, rolloutPauseSeconds, tryParseGoDuration } from '../../../../src/core/util/goDuration';

/**
 * What Go 1.26's `time.ParseDuration` returns for each input: nanoseconds, or the error text
 * (`err.Error()`). Recorded by running the real function over these inputs, so the table is Go's
 * answer, not ours: sign and "0" special cases, fractions truncated to the nanosecond, the int64
 * limits on both sides, Go's byte-wise `quote` in messages.
 */
const GO: [string, bigint | string][] = [
  ['0', 0n],
  ['+0', 0n],
  ['-0', 0n],
  ['00', 'time: missing unit in duration "00"'],
  ['0s', 0n],
  ['5s', 5000000000n],
  ['30s', 30000000000n],
  ['1h30m', 5400000000000n],
  ['1.5h', 5400000000000n],
  ['2h45m30.5s', 9930500000000n],
  ['.5s', 500000000n],
  ['5.s', 5000000000n],
  ['-1m', -60000000000n],
  ['+2ms', 2000000n],
  ['100us', 100000n],
  ['100µs', 100000n],
  ['100μs', 100000n],
  ['1000000ns', 1000000n],
  ['1.0000000001s', 1000000000n],
  ['0.333333333333h', 1199999999998n],
  ['1.00000000000000000000000000001h', 3600000000000n],
  ['1.9999999999ns', 1n],
  ['9223372036854775807ns', 9223372036854775807n],
  ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ['-9223372036854775808ns', -9223372036854775808n],
  ['-9223372036854775809ns', 'time: invalid duration "-9223372036854775809ns"'],
  ['2562047h', 9223369200000000000n],
  ['2562048h', 'time: invalid duration "2562048h"'],
  ['2562047h47m16.854775807s', 9223372036854775807n],
  ['2562047h47m16.854775808s', 'time: invalid duration "2562047h47m16.854775808s"'],
  ['-2562047h47m16.854775808s', -9223372036854775808n],
  ['92233720368547758070ns', 'time: invalid duration "92233720368547758070ns"'],
  ['', 'time: invalid duration ""'],
  ['+', 'time: invalid duration "+"'],
  ['-', 'time: invalid duration "-"'],
  ['.', 'time: invalid duration "."'],
  ['1d', 'time: unknown unit "d" in duration "1d"'],
  ['10', 'time: missing unit in duration "10"'],
  ['1.5', 'time: missing unit in duration "1.5"'],
  ['abc', 'time: invalid duration "abc"'],
  ['1h-5m', 'time: unknown unit "h-" in duration "1h-5m"'],
  ['1h 5m', 'time: unknown unit "h " in duration "1h 5m"'],
  [' 1h', 'time: invalid duration " 1h"'],
  ['1H', 'time: unknown unit "H" in duration "1H"'],
  ['1S', 'time: unknown unit "S" in duration "1S"'],
  ['9999999999h', 'time: invalid duration "9999999999h"'],
  ['.s', 'time: invalid duration ".s"'],
  ['-.s', 'time: invalid duration "-.s"'],
  ['1..5s', 'time: missing unit in duration "1..5s"'],
  ['1.2.3s', 'time: missing unit in duration "1.2.3s"'],
  ['5m30', 'time: missing unit in duration "5m30"'],
  ['1e3s', 'time: unknown unit "e" in duration "1e3s"'],
  ['3.14159265358979323846264338327950288419716939937510s', 3141592653n],
  ['1s\u0000', 'time: unknown unit "s\\x00" in duration "1s\\x00"'],
  ['1é', 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
  ['1mm', 'time: unknown unit "mm" in duration "1mm"'],
  ['1ms2', 'time: missing unit in duration "1ms2"'],
  ['1"x', 'time: unknown unit "\\"x" in duration "1\\"x"'],
  ['1\\x', 'time: unknown unit "\\\\x" in duration "1\\\\x"'],
  ['10000000000000000000000ns', 'time: invalid duration "10000000000000000000000ns"'],
  ['0.0000000001s', 0n],
  ['s', 'time: invalid duration "s"'],
  ['1s1', 'time: missing unit in duration "1s1"'],
  ['1ns1ns', 2n],
  ['1m.5s', 60500000000n],
  ['1h.5m', 3630000000000n],
];

describe('parseGoDuration is Go time.ParseDuration', () => {
  for (const [input, want] of GO) {
    if (typeof want === 'bigint') {
      const ms = Number(want) / 1e6;
      it(`${JSON.stringify(input)} = ${want}ns`, () => {
        assert.equal(parseGoDuration(input), ms);
        assert.equal(tryParseGoDuration(input), ms);
      });
    } else {
      it(`${JSON.stringify(input)} fails as Go does`, () => {
        assert.throws(
          () => parseGoDuration(input),
          (e: unknown) => e instanceof GoDurationError && e.message === want,
        );
        assert.equal(tryParseGoDuration(input), undefined);
      });
    }
  }
});

describe('humanDuration (apimachinery HumanDuration)', () => {
  const s = 1000;
  const cases: [number, string][] = [
    [-5 * s, '<invalid>'],
    [-0.5 * s, '0s'],
    [0, '0s'],
    [119 * s, '119s'],
    [150 * s, '2m30s'],
    [180 * s, '3m'],
    [11 * 60 * s, '11m'],
    [3 * 3600 * s, '3h'],
    [(4 * 3600 - 1) * s, '3h59m'],
    [9 * 3600 * s, '9h'],
    [7 * 86400 * s, '7d'],
    [(7 * 86400 + 3 * 3600) * s, '7d3h'],
    [30 * 86400 * s, '30d'],
    [(3 * 365 + 10) * 86400 * s, '3y10d'],
    [9 * 365 * 86400 * s, '9y'],
  ];
  for (const [ms, want] of cases) it(`${ms}ms → ${want}`, () => assert.equal(humanDuration(ms), want));
  it('ageOf: <unknown> without a creation time, else the time since', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    assert.equal(ageOf(undefined, now), '<unknown>');
    assert.equal(ageOf(new Date('2026-01-01T11:57:30Z'), now), '2m30s');
  });
});

describe('formatSeconds (a manifest duration as a user writes it)', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [-3, '0s'],
    [30, '30s'],
    [300, '5m'],
    [5400, '1h30m'],
    [3661, '1h1m1s'],
  ];
  for (const [sec, want] of cases) it(`${sec}s → ${want}`, () => assert.equal(formatSeconds(sec), want));
});

describe("rolloutPauseSeconds (Argo's RolloutPause.DurationSeconds)", () => {
  const cases: [unknown, number | undefined][] = [
    [undefined, undefined],
    [null, undefined],
    [true, undefined],
    [{}, undefined],
    [30, 30],
    [0, 0],
    ['45', 45],
    ['+45', 45],
    ['-5', -5], // strconv.ParseInt(s, 10, 32) accepts a sign
    ['1h30m', 5400],
    ['1.9s', 1],
    ['500ms', 0], // int32(d.Seconds()) truncates
    ['2147483647', 2147483647],
    ['2147483648', -1], // out of int32 range: not an int, and no unit either
    ['10x', -1],
    ['1d', -1],
    ['', -1],
    ['30 seconds', -1],
  ];
  for (const [d, want] of cases) it(`${JSON.stringify(d)} → ${want}`, () => assert.equal(rolloutPauseSeconds(d), want));
});
