/**
 * go-yaml's rules restated for the tests, independently of src/core/manifest: what a plain scalar
 * resolves to (resolve.go) and how a multi-line quoted scalar folds (scannerc.go
 * yaml_parser_scan_flow_scalar). Checked against kubectl's decoder when the tests were written
 * (test/fixtures/goyaml/ holds what it answered).
 */

/**
 * go-yaml v2 resolve() for an untagged plain scalar, restated: the map of YAML 1.1 words first (only
 * for scalars starting with one of `+-0-9.yYnNtTfFoO~`), then for a sign or digit Go's ParseInt(s, 0,
 * 64), ParseUint(s, 0, 64) and the yamlStyleFloat rule with every `_` removed, then the 0b/-0b forms;
 * for a dot, ParseFloat on the text as written. Numbers as JSON carries them.
 */
export function modelResolve(raw: string): unknown {
  const words: Record<string, unknown> = {};
  for (const w of 'y Y yes Yes YES true True TRUE on On ON'.split(' ')) words[w] = true;
  for (const w of 'n N no No NO false False FALSE off Off OFF'.split(' ')) words[w] = false;
  for (const w of ['', '~', 'null', 'Null', 'NULL']) words[w] = null;
  for (const w of ['.nan', '.NaN', '.NAN']) words[w] = NaN;
  for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) words[w] = Infinity;
  for (const w of ['-.inf', '-.Inf', '-.INF']) words[w] = -Infinity;
  if (raw !== '' && !/^[-+0-9.yYnNtTfFoO~]/.test(raw)) return raw;
  if (Object.prototype.hasOwnProperty.call(words, raw)) return words[raw];
  if (/^[yYnNtTfFoO~]/.test(raw)) return raw;
  if (raw.startsWith('.')) {
    if (/^\.\d+(_\d+)*([eE][-+]?\d+(_\d+)*)?$/.test(raw) && Number.isFinite(Number(raw.replace(/_/g, '')))) return Number(raw.replace(/_/g, ''));
    return raw;
  }
  const s = raw.replace(/_/g, '');
  const goUint = /^(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
  const toBig = (u: string) => {
    const m = /^0([bBoOxX])(.*)$/.exec(u);
    if (m) return BigInt(`0${m[1].toLowerCase()}${m[2]}`);
    if (u.length > 1 && u[0] === '0') return BigInt(`0o${u.slice(1)}`);
    return BigInt(u);
  };
  const int = /^([-+]?)(.*)$/.exec(s)!;
  if (goUint.test(int[2])) {
    const v = (int[1] === '-' ? -1n : 1n) * toBig(int[2]);
    if (v >= -(2n ** 63n) && v < 2n ** 63n) return Number(v);
  }
  if (goUint.test(s) && toBig(s) < 2n ** 64n) return Number(toBig(s));
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(s) && Number.isFinite(Number(s))) return Number(s);
  const bin = /^0b([-+]?)([01]+)$/.exec(s) ?? /^-0b()([01]+)$/.exec(s);
  if (bin) {
    const neg = bin[1] === '-' || s.startsWith('-0b');
    const v = BigInt(`0b${bin[2]}`);
    if (neg ? v <= 2n ** 63n : v < 2n ** 64n) return Number(neg ? -v : v);
  }
  return raw;
}

/**
 * The value of a quoted scalar written over several lines, as go-yaml folds it: blanks before a line
 * break and at the start of a continuation line are dropped (those after the opening quote and
 * before the closing one stay); a single line break becomes a space, n > 1 consecutive breaks
 * become n - 1 newlines. `lines` are the source lines between the quotes, escapes already applied.
 */
export function modelFold(lines: string[]): string {
  const last = lines.length - 1;
  const body = lines.map((l, i) => {
    let t = i > 0 ? l.replace(/^[ \t]+/, '') : l;
    if (i < last) t = t.replace(/[ \t]+$/, '');
    return t;
  });
  let out = body[0];
  let breaks = 0;
  for (let i = 1; i <= last; i++) {
    breaks++;
    if (body[i] === '' && i < last) continue;
    out += (breaks === 1 ? ' ' : '\n'.repeat(breaks - 1)) + body[i];
    breaks = 0;
  }
  return out;
}
