import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alignTabs } from '../../../../src/core/status/tabWriter';

describe('alignTabs (Go text/tabwriter, padding 2)', () => {
  it('aligns terminated cells; the trailing cell is free', () => {
    assert.equal(alignTabs('a\tbb\tc\nccc\td\te\n'), 'a    bb  c\nccc  d   e\n');
  });
  it('counts code points, not UTF-16 units or bytes', () => {
    assert.equal(alignTabs('✔ x\ty\n𝔸\tz\n'), '✔ x  y\n𝔸    z\n');
  });
  it('a line without the column ends the block', () => {
    assert.equal(alignTabs('aaaa\tb\nc\nd\te\n'), 'aaaa  b\nc\nd  e\n');
  });
});
