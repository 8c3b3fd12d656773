/**
 * Differential test of the fast value path (src/core/manifest/fastCompose.ts) against the `yaml`
 * Document path it replaces for valid manifests: over every document of the corpus, corpus documents
 * mutated line by line, and fast-check generated YAML (anchors/aliases, block scalars with chomping,
 * flow collections, quoted escapes, multi-line plain scalars, tags, comments, duplicate keys, broken
 * indentation, YAML 1.1 scalars). Whenever the fast path accepts a text, the `yaml` parse must have
 * no errors and the same value as the full path's kubectl reading (kubectlValue.ts); and the ManifestDocument built either way must give identical syntax, schema and rule
 * findings (codes, ranges, messages, paths, fixes).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { fastComposeValue } from '../../../../src/core/manifest/fastCompose';
import { kubectlValue } from '../../../../src/core/manifest/kubectlValue';
import { parseManifestDocument, type ManifestDocument } from '../../../../src/core/manifest/manifestDocument';
import { splitDocuments } from '../../../../src/core/manifest/splitDocuments';
import { schemaFindings } from '../../../../src/core/validation/schemaFindings';
import { ValidationEngine } from '../../../../src/core/validation/engine';
import { DEFAULT_RULE_CONTEXT, RULES } from '../../../../src/core/rules/registry';

const corpusDir = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'corpus');
const index = JSON.parse(fs.readFileSync(path.join(corpusDir, 'INDEX.json'), 'utf8')) as { file: string }[];
const corpusTexts = index.map((e) => fs.readFileSync(path.join(corpusDir, e.file), 'utf8'));
const OPTIONS = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: true, strict: false, intAsBigInt: false, logLevel: 'error' } as const;

/** What a document means to the rest of the engine: its fields and every finding produced from it. */
function observable(md: ManifestDocument) {
  const rules = md.known ? RULES.filter((r) => r.kinds.includes(md.known!.kind)).flatMap((r) => [...r.check(md, DEFAULT_RULE_CONTEXT)].map((f) => ({ rule: r.id, ...f }))) : [];
  return {
    fields: { index: md.index, offset: md.offset, text: md.text, value: md.value, apiVersion: md.apiVersion, kind: md.kind, name: md.name, namespace: md.namespace, known: md.known, templated: md.templated, empty: md.empty },
    syntax: md.syntaxFindings,
    schema: schemaFindings(md, 'latest'),
    rules,
  };
}

/** Returns whether the fast path took the text (so tests can show it is exercised, not bypassed). */
function checkChunk(text: string, offset = 0): boolean {
  const fast = fastComposeValue(text);
  if (fast) {
    const doc = parseDocument(text, OPTIONS);
    assert.deepEqual(
      doc.errors.map((e) => e.message),
      [],
      `fast path accepted text the yaml package rejects:\n${text}`,
    );
    assert.deepStrictEqual(fast.value, kubectlValue(doc), `different value for:\n${text}`);
  }
  const viaFast = parseManifestDocument(text, offset, 0);
  const reference = parseManifestDocument(text, offset, 0, false);
  assert.deepStrictEqual(observable(viaFast), observable(reference), `different findings for:\n${text}`);
  return fast !== undefined;
}

describe('fastComposeValue against the yaml Document path', () => {
  it('agrees on every document of the corpus, and takes most of them', () => {
    let chunks = 0;
    let taken = 0;
    for (const text of corpusTexts) {
      for (const c of splitDocuments(text)) {
        chunks++;
        if (checkChunk(c.text, c.start)) taken++;
      }
    }
    assert.ok(taken > chunks / 2, `fast path took only ${taken} of ${chunks} documents`);
  });

  it('agrees on the whole-file validation of every corpus file', () => {
    const options = { argoSchemaVersion: 'latest' as const, maxFileBytes: 10_000_000 };
    for (const [i, text] of corpusTexts.entries()) {
      const result = new ValidationEngine(options).validate(`f${i}.yaml`, text);
      // Reference: the same findings computed from documents parsed without the fast path.
      const expected = splitDocuments(text).flatMap((c, k) => {
        const md = parseManifestDocument(c.text, c.start, k, false);
        return md.syntaxFindings.length + schemaFindings(md, 'latest').length;
      });
      const got = result.file.documents.map((md) => md.syntaxFindings.length + schemaFindings(md, 'latest').length);
      assert.deepStrictEqual(got, expected, index[i].file);
    }
  });

  it('agrees on corpus documents with lines deleted, re-indented or replaced by other YAML', () => {
    const snippets = [
      '[]',
      '{}',
      '[1, 2]',
      '{a: 1}',
      '"te\\"xt"',
      "'it''s'",
      '42',
      '-1.5',
      '0x1F',
      '0o17',
      '1e3',
      '.inf',
      '-.Inf',
      '.NaN',
      'true',
      'False',
      'NULL',
      '~',
      '""',
      '*alias',
      '&anchor x',
      '!!str 5',
      '|\n  block',
      '>-\n  folded\n  text',
      'a: b',
      'x # c',
      'x#y',
      '- a',
      'k:',
      '"unterminated',
      "'a'  # c",
      '"a" b',
      '-',
      '- - a',
      '? q',
      ': v',
      '@x',
      '`x',
      '%x',
      'a:b',
      'a :b',
      'b,c',
      '"a":',
      '1: x',
      '__proto__: x',
      '<<: {}',
      '{a: 1, b: x}',
      '{ }',
      '{  }',
      '{a: 1,}',
      '{a:1}',
      '{a: 1, a: 2}',
      '{"a": 1}',
      '{a: b c}',
      '{a: -1}',
      '{a: [1]}',
      '{a: {b: 1}}',
      '{a}',
      '{a: }',
      '{1: a}',
      '{ a : 1 }',
      '{a: 1} # c',
      '{a: 1}x',
      '{duration: 10s}',
      '{ duration: 0x1F, n: ~ }',
      '{a: -}',
      '{a: b:c}',
      '{a: 1, , b: 2}',
      '{a: .inf}',
      '{__proto__: 1}',
      'yes',
      'off',
      'N',
      '0755',
      '1:30',
      '0b11',
      '1_0',
      "'multi\nline'",
      '{on: 1}',
      '{paused: yes}',
    ];
    let taken = 0;
    const pick = fc.tuple(fc.nat(corpusTexts.length - 1), fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...snippets)), { minLength: 1, maxLength: 4 }));
    fc.assert(
      fc.property(pick, ([f, edits]) => {
        const lines = corpusTexts[f].split('\n');
        for (const [p, op, s] of edits) {
          const i = p % lines.length;
          if (op === 0) lines.splice(i, 1);
          else if (op === 1) lines[i] = ' ' + lines[i];
          else if (op === 2) lines[i] = lines[i].replace(/^(\s*(?:- )?[^:#]+:)\s.*$/, `$1 ${s}`).replace(/^(\s*- )[^:]*$/, `$1${s}`);
          else lines.splice(i, 0, lines[i].replace(/\S.*$/, '') + s);
        }
        for (const c of splitDocuments(lines.join('\n'))) if (checkChunk(c.text, c.start)) taken++;
      }),
      { numRuns: 400, seed: 20261122 },
    );
    assert.ok(taken > 100, `fast path took only ${taken} mutated documents`);
  });

  it('agrees on generated YAML of every shape', () => {
    const plain = fc.constantFrom(
      'a',
      'name',
      'x y',
      'a:b',
      'b,c',
      'http://h/p',
      '1',
      '-1',
      '+1',
      '007',
      '0o17',
      '0x1f',
      '1.5',
      '1.',
      '.5',
      '1e5',
      '-1E-2',
      '.inf',
      '.nan',
      'true',
      'True',
      'TRUE',
      'yes',
      'no',
      'null',
      'Null',
      '~',
      'y',
      '-a',
      '.x',
      '$v',
      '~x',
      'a#b',
      'é',
      'a  b',
      'on',
      'Off',
      'Y',
      'N',
      'NO',
      '0755',
      '08',
      '1_000',
      '1:30',
      '2001-12-14',
      '0b101',
      '-0x1F',
      '+.5',
      '.5_5',
      '1e400',
      '9223372036854775808',
    );
    const quoted = fc.constantFrom('"a"', '"a b"', '"a\\nb"', '"\\u00e9"', "'a'", "'it''s'", "''", '""', '"a # b"', "'x: y'");
    const other = fc.constantFrom(
      '[]',
      '{}',
      '[a, b]',
      '{a: 1}',
      '[ ]',
      '&a x',
      '*a',
      '!!str 1',
      '!t x',
      '|',
      '|-',
      '|+',
      '>',
      '>-',
      '"multi\n  line"',
      'x\n  continued',
      '- x',
      '? x',
      '@x',
      '`x',
      '%x',
      '[a,\n b]',
      '&a',
      'x: y',
      '{a: 1, b: x}',
      '{ }',
      '{  }',
      '{a: 1,}',
      '{a:1}',
      '{a: 1, a: 2}',
      '{"a": 1}',
      '{a: b c}',
      '{a: -1}',
      '{a: [1]}',
      '{a: {b: 1}}',
      '{a}',
      '{a: }',
      '{1: a}',
      '{ a : 1 }',
      '{a: 1} # c',
      '{a: 1}x',
      '{duration: 10s}',
      '{ duration: 0x1F, n: ~ }',
      '{a: -}',
      '{a: b:c}',
      '{a: 1, , b: 2}',
      '{a: .inf}',
      '{__proto__: 1}',
    );
    const scalar = fc.oneof({ weight: 4, arbitrary: plain }, { weight: 2, arbitrary: quoted }, { weight: 1, arbitrary: other });
    const comment = fc.constantFrom('', '', ' # c', '  #c', '#c');
    const key = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'c', 'name', 'spec', 'x y') },
      { weight: 1, arbitrary: fc.constantFrom('"q"', "'s'", '1', 'true', 'null', '~', '__proto__', '<<', '? k', '[k]', '-k', 'a:b', 'y', 'on', 'no', '0x10', '1.5') },
    );
    type Tree = { t: 'map'; entries: [string, Tree | string][] } | { t: 'seq'; items: (Tree | string)[] };
    const { tree } = fc.letrec<{ tree: Tree; node: Tree | string }>((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('tree')),
      tree: fc.oneof(
        { depthSize: 'small' },
        fc.record({ t: fc.constant('map' as const), entries: fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 }) }),
        fc.record({ t: fc.constant('seq' as const), items: fc.array(tie('node'), { minLength: 1, maxLength: 4 }) }),
      ),
    }));
    const render = (t: Tree, indent: number, seqUnderKey: boolean, c: string[], block: string[]): string[] => {
      const pad = ' '.repeat(indent);
      const out: string[] = [];
      const child = (n: Tree | string, prefix: string, deeper: number, allowSameIndentSeq: boolean) => {
        if (typeof n === 'string') out.push(`${prefix} ${n}${c[out.length % c.length]}`);
        else if (n.t === 'seq' && allowSameIndentSeq && block[out.length % block.length] === 'same') {
          out.push(prefix);
          out.push(...render(n, indent, true, c, block));
        } else {
          out.push(prefix);
          out.push(...render(n, indent + deeper, false, c, block));
        }
      };
      if (t.t === 'map') for (const [k, v] of t.entries) child(v, `${pad}${k}:`, 2, true);
      else for (const v of t.items) child(v, `${pad}-`, block[out.length % block.length] === 'odd' ? 3 : 2, false);
      void seqUnderKey;
      return out;
    };
    let taken = 0;
    const extras = fc.array(fc.tuple(fc.nat(), fc.constantFrom('', '# note', '  # indented note', '---', '...', '\t', ' ', '%YAML 1.2')), { maxLength: 2 });
    fc.assert(
      fc.property(tree, fc.array(comment, { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom('same', 'deep', 'odd'), { minLength: 1, maxLength: 3 }), extras, fc.boolean(), (t, c, block, ex, marker) => {
        const lines = render(t, 0, false, c, block);
        for (const [p, s] of ex) lines.splice(p % (lines.length + 1), 0, s);
        const text = (marker ? '---\n' : '') + lines.join('\n') + '\n';
        if (checkChunk(text)) taken++;
      }),
      { numRuns: 1500, seed: 7 },
    );
    // The generator must exercise both sides: texts the fast path takes and texts it declines.
    assert.ok(taken > 150 && taken < 1350, `fast path took ${taken} of 1500 generated texts`);
  });

  it('takes typical manifests and leaves everything unusual to the yaml package', () => {
    assert.ok(fastComposeValue('apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  replicas: 3 # three\n  args: []\n  list:\n  - name: "a"\n    value: \'b\'\n'));
    for (const text of ['a: &x 1\nb: *x\n', 'a: |\n  x\n', 'a: [1]\n', 'a: "\\n"\n', 'a: b\n  c\n', 'a: 1\na: 2\n', 'a:\tb\n', 'a: !!str 1\n', '1: a\n', 'a: b: c\n', '%YAML 1.2\n---\na: 1\n', '', `${'k'.repeat(1100)}: 1\n`]) {
      assert.equal(fastComposeValue(text), undefined, JSON.stringify(text));
      checkChunk(text);
    }
  });
});
