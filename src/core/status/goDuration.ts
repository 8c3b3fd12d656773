/**
 * Go's duration grammar and Kubernetes' age formatting, because both tools we mirror speak them:
 * - `parseGoDuration` follows Go `time.ParseDuration` (what `kubectl argo rollouts restart --in` and Flagger's
 *   `analysis.interval` accept): an optional sign, then one or more `<decimal><unit>` terms with units
 *   ns, us, µs, μs, ms, s, m, h; a bare "0" is valid. Upstream panics on a bad `--in`; we throw a clear Error
 *   with Go's own wording so the CLI and the editor can show it.
 * - `humanDuration` follows k8s.io/apimachinery `util/duration.HumanDuration`, used for the AGE column
 *   of `kubectl argo rollouts get` and for the scale-down delay.
 */

const UNIT_NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC Greek small letter mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's int64 nanosecond limit (about 292 years). */
const MAX_NANOS = 9223372036854775807;

export class GoDurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoDurationError';
  }
}

/** Go's strconv.Quote for the characters that can appear in a command-line value. */
function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * Parses a Go duration string into milliseconds (fractional milliseconds kept).
 * @throws GoDurationError with Go's message, e.g. `time: unknown unit "d" in duration "1d"`.
 */
export function parseGoDuration(input: string): number {
  const orig = input;
  let s = input;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new GoDurationError(`time: invalid duration ${quote(orig)}`);
  let nanos = 0;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = num?.[1] ?? '';
    const frac = num?.[2];
    if (whole === '' && (frac === undefined || frac === '')) {
      throw new GoDurationError(`time: invalid duration ${quote(orig)}`);
    }
    s = s.slice(num![0].length);
    const unitMatch = /^[^\d.]+/.exec(s);
    if (!unitMatch) throw new GoDurationError(`time: missing unit in duration ${quote(orig)}`);
    const unit = unitMatch[0];
    const scale = UNIT_NANOS[unit];
    if (scale === undefined) throw new GoDurationError(`time: unknown unit ${quote(unit)} in duration ${quote(orig)}`);
    s = s.slice(unit.length);
    const value = Number(`${whole === '' ? '0' : whole}.${frac ?? '0'}`) * scale;
    nanos += value;
    if (!Number.isFinite(nanos) || nanos > MAX_NANOS) throw new GoDurationError(`time: invalid duration ${quote(orig)}`);
  }
  return (negative ? -nanos : nanos) / 1e6;
}

/** Whether `s` is a valid Go duration (no exception). */
export function isGoDuration(s: string): boolean {
  try {
    parseGoDuration(s);
    return true;
  } catch {
    return false;
  }
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
