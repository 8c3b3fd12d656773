/**
 * The re-indentation that lets the `yaml` package read what go-yaml reads (quoted scalars and flow
 * collections continued on under-indented lines), its offset mapping, and its guard: inserted
 * spaces must land inside a quoted scalar or a flow collection.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { insertionsInsideFlow, reindentFlowContinuations, remapRanges, toOriginalOffset } from '../../../../src/core/manifest/flowContinuations';

describe('reindentFlowContinuations', () => {
  it('indents continuation lines of quoted scalars and flow collections one column past their collection', () => {
    const text = 'spec:\n  a: \'one\n  two\'\n  b: "x\ny"\n  c: [1,\n2]\n  d: ok\n';
    const r = reindentFlowContinuations(text)!;
    assert.equal(r.text, 'spec:\n  a: \'one\n   two\'\n  b: "x\n   y"\n  c: [1,\n   2]\n  d: ok\n');
    assert.deepEqual(parseDocument(r.text).toJS(), { spec: { a: 'one two', b: 'x y', c: [1, 2], d: 'ok' } });
    assert.ok(insertionsInsideFlow(parseDocument(r.text), r.insertions));
  });

  it('leaves block scalars, comments, plain scalars and quotes inside words alone', () => {
    const text = "a: |\n  it's\n  'not a quote\nb: it's plain\n# 'comment\nc: 'x\n  y'\n";
    assert.equal(reindentFlowContinuations(text), undefined); // nothing under-indented
    const under = "a: |\n  'block\nb: 'x\ny'\n";
    assert.equal(reindentFlowContinuations(under)!.text, "a: |\n  'block\nb: 'x\n y'\n");
  });

  it('gives up where go-yaml fails too: an unclosed quote, a multi-line key', () => {
    assert.equal(reindentFlowContinuations("a: 'open\nb: c\n"), undefined);
    assert.equal(reindentFlowContinuations("'multi\nline': v\n"), undefined);
  });

  it('maps positions of the re-indented text back, inserted spaces to their line start', () => {
    const text = "k:\n  a: 'one\n  two'\n  b: x\n";
    const r = reindentFlowContinuations(text)!;
    assert.deepEqual(r.insertions, [{ at: text.indexOf('  two'), count: 1 }]);
    const doc = parseDocument(r.text);
    remapRanges(doc, r.insertions);
    const b = (doc.getIn(['k', 'b'], true) as { range: number[] }).range;
    assert.equal(text.slice(b[0], b[1]), 'x');
    assert.equal(toOriginalOffset(r.insertions, r.text.indexOf(' two') - 2), text.indexOf('  two'));
  });

  it('rejects an insertion that fell outside flow content (the parse of a misread structure)', () => {
    const doc = parseDocument('a: b\nc: d\n');
    assert.equal(insertionsInsideFlow(doc, [{ at: 5, count: 1 }]), false);
    const quoted = parseDocument("a: 'b\n c'\n");
    assert.equal(insertionsInsideFlow(quoted, [{ at: 6, count: 1 }]), true);
  });
});
