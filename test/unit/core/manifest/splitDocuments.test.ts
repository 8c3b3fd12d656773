import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { splitDocuments } from '../../../../src/core/manifest/splitDocuments';
import { ManifestFileParser } from '../../../../src/core/manifest/manifestFile';
import { rangeForPath } from '../../../../src/core/manifest/manifestDocument';

test('splits at document markers and keeps every character', () => {
  const text = 'a: 1\n---\nb: 2\n--- # c\nc: 3\n...\nd: 4\n';
  const chunks = splitDocuments(text);
  assert.equal(chunks.map((c) => c.text).join(''), text);
  assert.deepEqual(
    chunks.map((c) => parseDocument(c.text).toJS()),
    [{ a: 1 }, { b: 2 }, { c: 3 }, { d: 4 }],
  );
});

test('does not split on --- inside a line or an indented block scalar line', () => {
  const text = 'a: |\n  ---\n  x\nb: "---"\nc: ---x\n';
  assert.equal(splitDocuments(text).length, 1);
});

test('directive-only chunk is merged into its document', () => {
  const chunks = splitDocuments('%YAML 1.2\n---\na: 1\n');
  assert.equal(chunks.length, 1);
  assert.deepEqual(parseDocument(chunks[0].text).toJS(), { a: 1 });
});

test('an edit re-parses only the touched document', () => {
  const docs = Array.from({ length: 5 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`);
  const parser = new ManifestFileParser();
  const before = parser.parse(docs.join('---\n'));
  docs[2] = docs[2].replace('c2', 'changed');
  const after = parser.parse(docs.join('---\n'));
  assert.equal(after.documents[2].name, 'changed');
  assert.equal(after.documents[0].doc, before.documents[0].doc);
  assert.notEqual(after.documents[2].doc, before.documents[2].doc);
  // Documents after the edit moved: same parse, new offset.
  assert.equal(after.documents[3].doc, before.documents[3].doc);
  assert.equal(after.documents[3].offset, before.documents[3].offset + 'changed'.length - 'c2'.length);
});

test('rangeForPath points at the key, and at the nearest ancestor when missing', () => {
  const text = '---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  strategy:\n    canry: {}\n';
  const md = new ManifestFileParser().parse(text).documents[0];
  const r = rangeForPath(md, ['spec', 'strategy', 'canry']);
  assert.equal(text.slice(r.start, r.end), 'canry');
  const missing = rangeForPath(md, ['spec', 'template', 'spec']);
  assert.equal(text.slice(missing.start, missing.end), 'spec');
  assert.equal(md.known?.kind, 'Rollout');
});
