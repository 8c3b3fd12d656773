/**
 * Durations as the tools we mirror write and print them; the one parser every layer uses.
 *
 * - `parseGoDuration` is Go's `time.ParseDuration` (go/src/time/format.go, `ParseDuration`,
 *   `leadingInt`, `leadingFraction`, `quote`): an optional sign, then one or more
 *   `<digits>[.<digits>]<unit>` terms with units ns, us, µs (U+00B5), μs (U+03BC), ms, s, m, h; a
 *   bare "0" needs no unit. It is what Argo Rollouts reads for `pause.duration`, a metric's
 *   `interval`/`initialDelay` and `kubectl argo rollouts restart --in`, and Flagger for
 *   `analysis.interval`. Like Go it counts integer nanoseconds (a fraction is truncated to the
 *   nanosecond, the total must fit an int64) and fails with Go's own message, so a user can search
 *   the text the controller would log.
 * - `humanDuration` is k8s.io/apimachinery `pkg/util/duration/duration.go` `HumanDuration`, the AGE
 *   column of `kubectl argo rollouts get`.
 */

/** Nanoseconds per unit (go/src/time/format.go `unitMap`). */
const UNIT_NANOS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['µs', 1_000n], // U+00B5 micro sign
  ['μs', 1_000n], // U+03BC Greek small letter mu
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const TWO_63 = 1n << 63n;

/** Go's `*time.parseDurationError`: the message is exactly what `err.Error()` returns. */
export class GoDurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoDurationError';
  }
}

/**
 * Go's `time.quote`: ASCII printable characters as they are (with `"` and `\` escaped), every byte
 * of anything else (non-ASCII, control characters) as `\xNN` of its UTF-8 encoding.
 */
const UTF8 = new TextEncoder();

function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of UTF8.encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      out += c === 0x22 || c === 0x5c ? `\\${ch}` : ch;
    }
  }
  return `${out}"`;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** Go's `time.ParseDuration` in integer nanoseconds; a message instead when Go returns an error. */
function parseNanos(orig: string): bigint | string {
  const invalid = `time: invalid duration ${goQuote(orig)}`;
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return invalid;
  let d = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    // leadingInt: [0-9]*, an error once the value passes 1<<63.
    let i = 0;
    let v = 0n;
    for (; isDigit(s[i]); i++) {
      if (v > TWO_63 / 10n) return invalid;
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > TWO_63) return invalid;
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction: (\.[0-9]*)?, which stops gaining precision instead of failing.
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let overflow = false;
      let j = 0;
      for (; isDigit(s[j]); j++) {
        if (overflow) continue;
        if (f > (TWO_63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > TWO_63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return invalid; // no digits, e.g. ".s" or "-.s"
    // The unit runs to the next '.' or digit.
    let u = 0;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    if (u === 0) return `time: missing unit in duration ${goQuote(orig)}`;
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNIT_NANOS.get(unitName);
    if (unit === undefined) return `time: unknown unit ${goQuote(unitName)} in duration ${goQuote(orig)}`;
    if (v > TWO_63 / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      // float64, as Go does: nanosecond-accurate for fractions of an hour, truncated toward zero.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO_63) return invalid;
    }
    d += v;
    if (d > TWO_63) return invalid;
  }
  if (neg) return -d;
  if (d > TWO_63 - 1n) return invalid;
  return d;
}

/**
 * Parses a Go duration into milliseconds (sub-millisecond parts kept as a fraction).
 * @throws GoDurationError with Go's message, e.g. `time: unknown unit "d" in duration "1d"`.
 */
export function parseGoDuration(s: string): number {
  const r = parseNanos(s);
  if (typeof r === 'string') throw new GoDurationError(r);
  return Number(r) / 1e6;
}

/** `parseGoDuration` for callers that only need to know whether Go accepts it: undefined where Go errs. */
export function tryParseGoDuration(s: string): number | undefined {
  const r = parseNanos(s);
  return typeof r === 'string' ? undefined : Number(r) / 1e6;
}

/**
 * Argo Rollouts' `RolloutPause.DurationSeconds()` (argoproj/argo-rollouts
 * pkg/apis/rollouts/v1alpha1/types.go): an integer is seconds; a string is read first as a base-10
 * int32 (`strconv.ParseInt(s, 10, 32)`), then as a Go duration truncated to whole seconds
 * (`int32(d.Seconds())`), and is -1 when neither parses. Undefined when there is no duration (Go's
 * nil, which the controller treats as an indefinite pause) or the value is neither int nor string.
 */
export function rolloutPauseSeconds(d: unknown): number | undefined {
  if (d === undefined || d === null) return undefined;
  if (typeof d === 'number') return Math.trunc(d);
  if (typeof d !== 'string') return undefined;
  if (/^[+-]?\d+$/.test(d)) {
    const n = Number(d);
    if (n >= -2147483648 && n <= 2147483647) return n;
  }
  const ms = tryParseGoDuration(d);
  return ms === undefined ? -1 : Math.trunc(ms / 1000);
}

/**
 * k8s.io/apimachinery HumanDuration: "45s", "3m20s", "12m", "3h59m", "20h", "7d", "3d4h", "400d", "2y3d".
 * @param ms a duration in milliseconds (now - creationTimestamp for an age)
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3600000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** The age of an object created at `created`, as `kubectl` prints it; '<unknown>' without a timestamp. */
export function ageOf(created: Date | undefined, now: Date): string {
  if (!created) return '<unknown>';
  return humanDuration(now.getTime() - created.getTime());
}

/** A number of seconds as a user would write it in a manifest: 30s, 5m, 1h30m (not Go's "1h30m0s"). */
export function formatSeconds(sec: number): string {
  if (sec <= 0) return '0s';
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.round(sec % 60);
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}
