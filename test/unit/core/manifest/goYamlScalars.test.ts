/**
 * Plain scalars as kubectl reads them. The expected values come from two independent places:
 * a table recorded from kubectl's own decoder (test/fixtures/goyaml/plainScalars.json: apimachinery's
 * YAMLOrJSONDecoder over sigs.k8s.io/yaml and go.yaml.in/yaml/v2), and, for generated scalars, a
 * restatement of go-yaml v2's resolve.go written here with regular expressions for Go's strconv
 * grammar (the module under test parses procedurally).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { formatGoFloat32, goMapKey, resolveGoScalar, resolvePlainScalar } from '../../../../src/core/manifest/goYamlScalars';
import { modelResolve } from './goYamlModel';

const table = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'fixtures', 'goyaml', 'plainScalars.json'), 'utf8')) as {
  rows: [string, unknown, string | { error: string }][];
};

describe('plain scalars as kubectl decodes them', () => {
  it('match the values and keys recorded from kubectl’s decoder', () => {
    assert.ok(table.rows.length > 100);
    for (const [raw, value, key] of table.rows) {
      const got = resolvePlainScalar(raw);
      if (value && typeof value === 'object' && 'error' in value) {
        // kubectl fails on NaN and ±Inf (json: unsupported value); we resolve them to those numbers.
        assert.ok(typeof got === 'number' && !Number.isFinite(got), `${raw}: kubectl fails, got ${String(got)}`);
      } else {
        assert.deepEqual(JSON.parse(JSON.stringify(got)), value, `value of ${JSON.stringify(raw)}`);
      }
      const k = goMapKey(resolveGoScalar(raw));
      if (typeof key === 'object') {
        if (raw === '<<') continue; // a merge key, not a scalar key (kubectlValue.test.ts)
        assert.ok('error' in k, `${raw}: kubectl refuses the key (${key.error}), got ${JSON.stringify(k)}`);
      } else assert.deepEqual(k, { key }, `key ${JSON.stringify(raw)}`);
    }
  });

  it('read paused: yes/on/y as booleans and 0755 as octal, and leave 1:30 and timestamps as strings', () => {
    assert.equal(resolvePlainScalar('yes'), true);
    assert.equal(resolvePlainScalar('On'), true);
    assert.equal(resolvePlainScalar('n'), false);
    assert.equal(resolvePlainScalar('0755'), 493);
    assert.equal(resolvePlainScalar('1:30'), '1:30');
    assert.equal(resolvePlainScalar('2001-12-14'), '2001-12-14');
    assert.equal(resolvePlainScalar('~'), null);
  });

  it('format float keys as Go’s FormatFloat(f, g, -1, 32)', () => {
    for (const [f, s] of [
      [1.5, '1.5'],
      [1e6, '1e+06'],
      [123456, '123456'],
      [1234567, '1.234567e+06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [3.14159265358979, '3.1415927'],
      [-2.5e10, '-2.5e+10'],
      [-0, '-0'],
    ] as const) {
      assert.equal(formatGoFloat32(f), s, String(f));
    }
  });

  it('agree with a restatement of go-yaml v2’s resolve() on generated scalars', () => {
    const chars = fc.constantFrom(...'0123456789_.+-eExXoObBaAfFyYnN~:'.split(''));
    const scalar = fc.oneof(
      fc.string({ unit: chars, minLength: 1, maxLength: 8 }),
      fc.constantFrom('yes', 'No', 'on', 'OFF', 'y', 'N', 'true', 'Null', '~', '.inf', '-.Inf', '.NaN', '9223372036854775808', '18446744073709551616', '0x8000000000000000', '-0b1', '0b-1'),
    );
    fc.assert(
      fc.property(scalar, (raw) => {
        assert.deepStrictEqual(resolvePlainScalar(raw), modelResolve(raw), JSON.stringify(raw));
      }),
      { numRuns: 5000, seed: 12 },
    );
  });
});
