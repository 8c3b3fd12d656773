import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX, quantityError } from '../../../../src/core/schema/quantity';

/**
 * Expected results are what k8s.io/apimachinery v0.35.4 returns for `json.Unmarshal(value, &q)` with
 * `q resource.Quantity` (a Go program over the module cache, run once while writing quantity.ts; over
 * these cases and 20,000 random strings of digits, signs, `.`, suffix letters, `X`, `B` and blanks the
 * two agreed on every value and error text).
 */
const OK = undefined;
const CASES: [unknown, string | undefined][] = [
  ['0', OK],
  ['1', OK],
  ['100m', OK],
  ['0.5', OK],
  ['1.5Gi', OK],
  ['12Ki', OK],
  ['1e3', OK],
  ['1E3', OK],
  ['1E', OK],
  ['1Ei', OK],
  ['1P', OK],
  ['1e+21', OK],
  ['1e-10', OK],
  ['1n', OK],
  ['1u', OK],
  [' 1Gi ', OK],
  ['1.', OK],
  ['.5', OK],
  ['1.G', OK],
  ['.', OK],
  ['-.', OK],
  ['-.Ki', OK],
  ['-', OK],
  ['Gi', OK],
  ['-0', OK],
  ['00000', OK],
  ['123456789012345678901234567890', OK],
  ['0.000000000001', OK],
  ['1e4294967296', OK],
  ['12XB', ERR_FORMAT_WRONG],
  ['12KB', ERR_FORMAT_WRONG],
  ['1GB', ERR_FORMAT_WRONG],
  ['1.5.5', ERR_FORMAT_WRONG],
  ['', ERR_FORMAT_WRONG],
  [' ', ERR_FORMAT_WRONG],
  ['1µ', ERR_FORMAT_WRONG],
  ['true', ERR_FORMAT_WRONG],
  ['0x10', ERR_FORMAT_WRONG],
  ['1_000', ERR_FORMAT_WRONG],
  ['12K', ERR_SUFFIX],
  ['1ee3', ERR_SUFFIX],
  ['e', ERR_SUFFIX],
  ['1e', ERR_SUFFIX],
  ['1Ti5', ERR_SUFFIX],
  ['1e-', ERR_SUFFIX],
  ['5Gi+', ERR_SUFFIX],
  ['1e99999999999999999999', ERR_SUFFIX],
  ['.e-20', ERR_NUMERIC],
  ['.e4294967286', ERR_NUMERIC],
  // Values that are not strings reach the same scanner as their JSON text.
  [1, OK],
  [1.5, OK],
  [-3, OK],
  [1e21, OK],
  [null, OK],
  [true, ERR_FORMAT_WRONG],
  [false, ERR_FORMAT_WRONG],
  [[1, 2], ERR_FORMAT_WRONG],
  [['a', 'b'], ERR_FORMAT_WRONG],
  [{ a: 1 }, ERR_FORMAT_WRONG],
];

describe('quantityError: Kubernetes quantity grammar as the decoder applies it', () => {
  it('accepts and rejects exactly what resource.Quantity.UnmarshalJSON does, with its error text', () => {
    for (const [value, expected] of CASES) assert.equal(quantityError(value), expected, JSON.stringify(value));
  });

  it('quotes the regular expression the API server prints', () => {
    assert.equal(ERR_FORMAT_WRONG, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  });
});
