/**
 * Plain scalars as kubectl reads them. kubectl decodes manifests with sigs.k8s.io/yaml (v1.6.0 in
 * Kubernetes v1.35), which unmarshals with go.yaml.in/yaml/v2 into `interface{}` and converts the
 * result to JSON. go-yaml v2 resolves plain scalars by YAML 1.1 rules, not the YAML 1.2 core schema
 * the `yaml` package uses, so `paused: yes` is `true`, `mode: 0755` is 493 and `y:` as a key is
 * "true". This module restates go-yaml v2's `resolve()` (resolve.go) and sigs.k8s.io/yaml's
 * key conversion (`convertToJSONableObject`), including their oddities:
 *
 * - booleans: y Y yes Yes YES true True TRUE on On ON, and n N no No NO false False FALSE off Off OFF;
 *   nulls: the empty scalar, ~, null, Null, NULL; .nan / [+-].inf (which JSON cannot carry: kubectl fails);
 * - the first character picks the candidates: a sign or digit tries int, then uint64, then float;
 *   `.` tries a float; anything else is a string. Ints use Go's `strconv.ParseInt(s, 0, 64)` after
 *   removing every `_`: 0x/0o/0b prefixes (any case), a leading 0 means octal (`0755` = 493, and
 *   `08`, not octal, falls through to the float rule: 8);
 * - sexagesimal (`1:30`) and timestamps stay strings (go-yaml v2 leaves timestamps as strings in
 *   `interface{}`);
 * - map keys become strings: ints in decimal, floats as Go's `FormatFloat(f, 'g', -1, 32)`,
 *   booleans as true/false; a null or uint64 key makes kubectl fail.
 */

export type GoScalar = { kind: 'str'; value: string } | { kind: 'null'; value: null } | { kind: 'bool'; value: boolean } | { kind: 'int'; value: bigint } | { kind: 'uint'; value: bigint } | { kind: 'float'; value: number };

const WORDS = new Map<string, GoScalar>();
for (const w of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) WORDS.set(w, { kind: 'bool', value: true });
for (const w of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) WORDS.set(w, { kind: 'bool', value: false });
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, { kind: 'null', value: null });
for (const w of ['.nan', '.NaN', '.NAN']) WORDS.set(w, { kind: 'float', value: NaN });
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) WORDS.set(w, { kind: 'float', value: Infinity });
for (const w of ['-.inf', '-.Inf', '-.INF']) WORDS.set(w, { kind: 'float', value: -Infinity });

/** go-yaml's resolveTable: which first characters can start a non-string. */
function hint(c: number): 'S' | 'D' | 'M' | '.' | undefined {
  if (c === 43 || c === 45) return 'S';
  if (c >= 48 && c <= 57) return 'D';
  if (c === 46) return '.';
  // y Y n N t T f F o O ~
  if (c === 121 || c === 89 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 111 || c === 79 || c === 126) return 'M';
  return undefined;
}

/** A plain (unquoted, untagged) scalar resolved as go-yaml v2 does. */
export function resolveGoScalar(raw: string): GoScalar {
  const h = raw.length === 0 ? 'M' : hint(raw.charCodeAt(0));
  if (!h) return { kind: 'str', value: raw };
  const word = WORDS.get(raw);
  if (word) return word;
  if (h === 'M') return { kind: 'str', value: raw };
  if (h === '.') {
    // strconv.ParseFloat(in, 64) on the text as written: Go accepts `_` between digits here.
    if (DOT_FLOAT.test(raw)) {
      const f = Number(raw.replace(/_/g, ''));
      if (Number.isFinite(f)) return { kind: 'float', value: f };
    }
    return { kind: 'str', value: raw };
  }
  const plain = raw.replace(/_/g, '');
  const i = parseGoInt(plain, 0);
  if (i !== undefined) return { kind: 'int', value: i };
  const u = parseGoUint(plain, 0);
  if (u !== undefined) return { kind: 'uint', value: u };
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return { kind: 'float', value: f };
  }
  if (plain.startsWith('0b')) {
    const b = parseGoInt(plain.slice(2), 2);
    if (b !== undefined) return { kind: 'int', value: b };
    const ub = parseGoUint(plain.slice(2), 2);
    if (ub !== undefined) return { kind: 'uint', value: ub };
  } else if (plain.startsWith('-0b')) {
    const b = parseGoInt('-' + plain.slice(3), 2);
    if (b !== undefined) return { kind: 'int', value: b };
  }
  return { kind: 'str', value: raw };
}

/** The JSON value kubectl sends for a plain scalar (numbers as JavaScript numbers). */
export function resolvePlainScalar(raw: string): unknown {
  // Most scalars are words: answer those without building a GoScalar.
  const h = raw.length === 0 ? 'M' : hint(raw.charCodeAt(0));
  if (!h) return raw;
  if (h === 'M') {
    const w = WORDS.get(raw);
    return w ? w.value : raw;
  }
  const s = resolveGoScalar(raw);
  return s.kind === 'int' || s.kind === 'uint' ? Number(s.value) : s.value;
}

/** go-yaml's yamlStyleFloat, applied after `_` are removed. */
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** What strconv.ParseFloat accepts from text that starts with `.` (underscores only between digits). */
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/** strconv.ParseUint(s, base, 64) for text without underscores; base 0 reads Go's prefixes. */
export function parseGoUint(s: string, base: 0 | 2): bigint | undefined {
  if (s.length === 0) return undefined;
  let b: number = base;
  let digits = s;
  if (base === 0) {
    b = 10;
    if (s[0] === '0') {
      const p = s.length >= 3 ? s[1].toLowerCase() : '';
      if (p === 'b') [b, digits] = [2, s.slice(2)];
      else if (p === 'o') [b, digits] = [8, s.slice(2)];
      else if (p === 'x') [b, digits] = [16, s.slice(2)];
      else [b, digits] = [8, s.slice(1)];
      if (digits.length === 0) return b === 8 ? 0n : undefined; // "0"
    }
  }
  if (!DIGITS[b].test(digits)) return undefined;
  const prefix = b === 2 ? '0b' : b === 8 ? '0o' : b === 16 ? '0x' : '';
  const v = BigInt(prefix + digits);
  return v > UINT64_MAX ? undefined : v;
}

/** strconv.ParseInt(s, base, 64): an optional sign, then ParseUint, within int64. */
export function parseGoInt(s: string, base: 0 | 2): bigint | undefined {
  if (s.length === 0) return undefined;
  const neg = s[0] === '-';
  const body = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  const u = parseGoUint(body, base);
  if (u === undefined) return undefined;
  if (neg) return u > INT64_MAX + 1n ? undefined : -u;
  return u > INT64_MAX ? undefined : u;
}

/**
 * The string a resolved scalar becomes as a map key (sigs.k8s.io/yaml), or an error message when
 * kubectl refuses the key.
 */
export function goMapKey(s: GoScalar): { key: string } | { error: string } {
  switch (s.kind) {
    case 'str':
      return { key: s.value };
    case 'bool':
      return { key: s.value ? 'true' : 'false' };
    case 'int':
      return { key: s.value.toString() };
    case 'float':
      return { key: formatGoFloat32(s.value) };
    case 'uint':
      return { error: `unsupported map key of type: uint64, key: 0x${s.value.toString(16)}` };
    case 'null':
      return { error: 'unsupported map key of type: <nil>' };
  }
}

/** Go's strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that round-trip as float32. */
export function formatGoFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  const v = Math.fround(f);
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (!Number.isFinite(v)) return v > 0 ? '.inf' : '-.inf'; // beyond float32: FormatFloat gives ±Inf
  let digits = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const e = Math.abs(v).toExponential(p - 1);
    if (Math.fround(Number(e)) === Math.abs(v)) {
      const [m, x] = e.split('e');
      digits = m.replace('.', '');
      exp = Number(x);
      break;
    }
  }
  digits = digits.replace(/0+$/, '') || '0';
  const sign = v < 0 ? '-' : '';
  // %e when the exponent is < -4 or >= 6 (the precision 'g' uses for the shortest format).
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const ex = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ex}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}
