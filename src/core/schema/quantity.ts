/**
 * Kubernetes' quantity grammar, as `resource.ParseQuantity` and `Quantity.UnmarshalJSON` apply it
 * (k8s.io/apimachinery v0.35.4, pkg/api/resource/quantity.go and suffix.go), so a value is accepted
 * exactly when the controller's decoder accepts it, with the decoder's own error text:
 * - JSON `null` is a zero quantity; a JSON number is parsed from its text, which always succeeds;
 * - a string is trimmed and scanned by `parseQuantityString` (sign, digits, `.` digits, then a
 *   suffix made of `eEinumkKMGTP` optionally followed by a signed exponent): anything else is
 *   ErrFormatWrong, which quotes the regular expression below;
 * - the suffix must be one of "", n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or e/E + an int64
 *   exponent: otherwise ErrSuffix;
 * - a number part with no digits that reaches the big-decimal path (`-.5Ki`) is ErrNumeric.
 * Any other JSON value (true, a list, a mapping) reaches the same scanner as its raw text and fails
 * with ErrFormatWrong.
 */

export const QUANTITY_REGEXP = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEXP}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const SUFFIX_CHARS = 'eEinumkKMGTP';
const DECIMAL_SUFFIXES = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E']);
const BINARY_SUFFIXES = new Set(['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);
const INT64_MAX = 9223372036854775807n;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** The decoder's error for a value decoded into a resource.Quantity, or undefined when it decodes. */
export function quantityError(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : ERR_FORMAT_WRONG;
  if (typeof value !== 'string') return ERR_FORMAT_WRONG;
  return parseQuantityError(value.trim());
}

/** `resource.ParseQuantity(str)`'s error, or undefined. */
export function parseQuantityError(str: string): string | undefined {
  if (str.length === 0) return ERR_FORMAT_WRONG;
  if (str === '0') return undefined;
  const scanned = scan(str);
  if (typeof scanned === 'string') return scanned;
  const { value, num, denom, suffix } = scanned;
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) return ERR_SUFFIX;
  // ParseQuantity's fast path (int64 arithmetic, scale >= nano) needs only num + denom; the
  // big-decimal path parses `value` (sign, digits, point) and fails when it has no digit at all.
  const { binary, exponent } = interpreted;
  const fastPath = binary ? denom.length === 0 && exponent >= 0 && 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 >= 0 : 18 - (num.length + denom.length) >= 0 && exponent - denom.length >= -9;
  if (fastPath) return undefined;
  return /[0-9]/.test(value) ? undefined : ERR_NUMERIC;
}

interface Scanned {
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** `parseQuantityString`: the scanner, step for step. */
function scan(str: string): Scanned | string {
  let pos = 0;
  const end = str.length;
  if (str[0] === '-' || str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_CHARS.includes(str[i])) i++;
  if (i >= end) return { value, num, denom, suffix: str.slice(suffixStart) };
  pos = i;
  if (str[pos] === '-' || str[pos] === '+') pos++;
  for (i = pos; i < end; i++) if (!isDigit(str[i])) return ERR_FORMAT_WRONG;
  return { value, num, denom, suffix: str.slice(suffixStart) };
}

/** `quantitySuffixer.interpret`: the known suffixes, or e/E followed by an int64 exponent. */
function interpretSuffix(suffix: string): { binary: boolean; exponent: number } | undefined {
  if (DECIMAL_SUFFIXES.has(suffix)) return { binary: false, exponent: 0 };
  if (BINARY_SUFFIXES.has(suffix)) return { binary: true, exponent: 10 * (['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'].indexOf(suffix) + 1) };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const n = BigInt(digits);
    if (n > INT64_MAX || n < -INT64_MAX - 1n) return undefined;
    // Go keeps int32(exponent): the int64 is truncated, not rejected.
    return { binary: false, exponent: Number(BigInt.asIntN(32, n)) };
  }
  return undefined;
}
