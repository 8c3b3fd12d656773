/**
 * A `yaml` Document's value as go-yaml v2 (through sigs.k8s.io/yaml) decodes it: merges in document
 * order, last duplicate wins, keys as JSON strings, and go-yaml's alias budget (decode.go
 * allowedAliasRatio), which is what bounds the work on an alias bomb.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { KubectlDecodeError, kubectlValue } from '../../../../src/core/manifest/kubectlValue';

const value = (text: string) => kubectlValue(parseDocument(text, { uniqueKeys: false }));

describe('kubectlValue', () => {
  it('merges as go-yaml v2: a merged key replaces an earlier explicit one, a later explicit key wins, earlier maps of a list win', () => {
    assert.deepEqual(value('b: &b {x: 1, y: 2}\nm:\n  y: 0\n  <<: *b\n'), { b: { x: 1, true: 2 }, m: { true: 2, x: 1 } });
    assert.deepEqual(value('b: &b {x: 1}\nm:\n  <<: *b\n  x: 0\n'), { b: { x: 1 }, m: { x: 0 } });
    assert.deepEqual(value('p: &p {x: 1}\nq: &q {x: 2, z: 2}\nm:\n  <<: [*p, *q]\n'), { p: { x: 1 }, q: { x: 2, z: 2 }, m: { x: 1, z: 2 } });
    assert.deepEqual(value("m:\n  '<<': literal\n"), { m: { '<<': 'literal' } });
    assert.throws(() => value('m:\n  <<: 1\n'), /map merge requires map or sequence of maps/);
  });

  it('keeps the last of duplicate keys and converts keys to strings as sigs.k8s.io/yaml does', () => {
    assert.deepEqual(value('a: 1\na: 2\n'), { a: 2 });
    assert.deepEqual(value('1: a\n0x10: b\ntrue: c\n1.5: d\n'), { '1': 'a', '16': 'b', true: 'c', '1.5': 'd' });
    assert.throws(
      () => value('~: a\n'),
      (e: unknown) => e instanceof KubectlDecodeError && /unsupported map key of type: <nil>/.test(e.message),
    );
    assert.throws(() => value('? [a]\n: b\n'), /invalid map key/);
  });

  it('refuses what JSON cannot carry, and an alias inside its own anchor', () => {
    assert.throws(() => value('a: .nan\n'), /json: unsupported value: NaN/);
    assert.throws(() => value('a: &a [*a]\n'), /anchor 'a' value contains itself/);
  });

  it('expands aliases until go-yaml’s budget says "excessive aliasing", with bounded work', () => {
    const laughs = (levels: number) => {
      let s = 'l0: &l0 [lol, lol]\n';
      for (let i = 1; i <= levels; i++)
        s += `l${i}: &l${i} [${Array(9)
          .fill(`*l${i - 1}`)
          .join(', ')}]\n`;
      return s;
    };
    // 3 levels: 9^3 * 2 values, within the 99% alias share go-yaml allows; kubectl decodes it.
    assert.equal((value(laughs(3)) as { l3: unknown[][][] }).l3.flat(3).length, 9 ** 3 * 2);
    // 30 levels would expand to 2 * 9^30 values; go-yaml (and this) stop after a few thousand steps.
    assert.throws(
      () => value(laughs(30)),
      (e: unknown) => e instanceof KubectlDecodeError && e.range !== undefined && /^document contains excessive aliasing \(4,060 of 4,101 values decoded so far come from aliases\)$/.test(e.message),
    );
  });
});

describe('kubectlValue tags', () => {
  it('decodes !!binary to its text and keeps !!str and local tags as strings, as go-yaml does', () => {
    assert.deepEqual(value('a: !!binary aGVsbG8=\nb: !!str yes\nc: !Ref x\n'), { a: 'hello', b: 'yes', c: 'x' });
  });
});
