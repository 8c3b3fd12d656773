import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { RULES } from '../../../../src/core/rules/registry';
import { ValidationEngine } from '../../../../src/core/validation/engine';
import { fileFindings } from '../../../../src/core/validation/fileFindings';
import { FINDING_CODES, findingCode, overridableCodes } from '../../../../src/core/validation/findingCodes';
import { WorkspaceIndex } from '../../../../src/core/workspace/workspaceIndex';

const root = path.resolve(__dirname, '..', '..', '..', '..');
// helm/ and kustomize/: a failed render or build (src/core/validation/renderCodes.ts).
const CODE = /^(yaml|schema|argo|flagger|references|engine|helm|kustomize)\/[a-z0-9-]+$/;

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full, ext) : ext.test(e.name) ? [full] : [];
  });
}

test('codes are unique and namespaced; each has a one-line description and says who reports it', () => {
  const codes = FINDING_CODES.map((c) => c.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const c of FINDING_CODES) {
    assert.match(c.code, CODE);
    assert.ok(c.description.length > 10 && !c.description.includes('\n'), c.code);
    assert.ok(c.reportedBy.length > 0, c.code);
  }
  for (const family of ['yaml/', 'schema/', 'argo/', 'flagger/', 'references/', 'engine/', 'helm/', 'kustomize/']) {
    assert.ok(
      codes.some((c) => c.startsWith(family)),
      `no ${family} code`,
    );
  }
});

test("the rules' entries are read from the rule registry: id, default severity, description", () => {
  for (const r of RULES) {
    const c = findingCode(r.id);
    assert.ok(c, r.id);
    assert.equal(c.defaultSeverity, r.defaultSeverity, r.id);
    assert.equal(c.description, r.description, r.id);
    assert.ok(c.reportedBy.includes('rules'), r.id);
  }
  assert.deepEqual(findingCode('argo/selector-template-mismatch')?.reportedBy, ['rules', 'references'], 'a code two checkers report is one entry');
});

test('every finding code written in src/ is in the catalogue', () => {
  const missing = new Set<string>();
  for (const file of filesUnder(path.join(root, 'src'), /\.ts$/)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/['"`]((?:yaml|schema|argo|flagger|references|engine)\/[a-z0-9-]+)['"`]/g)) {
      if (!findingCode(m[1])) missing.add(`${m[1]} (${path.relative(root, file)})`);
    }
  }
  assert.deepEqual([...missing], []);
});

// The rules' upstream fixtures and the status fixtures (the corpus is left to test/unit/corpus: it takes seconds).
test('every finding the engine and the index make over the test fixtures has a catalogued code and its default severity', () => {
  const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: 2 << 20 });
  const index = new WorkspaceIndex();
  const files = ['rules', 'status'].flatMap((d) => filesUnder(path.join(root, 'test', 'fixtures', d), /\.ya?ml$/));
  const validated = files.map((f) => {
    const text = fs.readFileSync(f, 'utf8');
    const validation = engine.validate(f, text);
    engine.forget(f);
    if (!validation.skipped) index.setFile(f, text, validation.file);
    return { f, text, validation };
  });
  const seen = new Set<string>();
  const offDefault = new Set<string>();
  for (const { f, text, validation } of validated) {
    for (const x of fileFindings({ uri: f, validation, textLength: text.length, crossFile: index })) {
      seen.add(x.code);
      // yaml/syntax is a warning in documents of other kinds (kubectlYaml.ts), as its description says.
      const variant = x.code === 'yaml/syntax' && x.severity === 'warning';
      if (!variant && findingCode(x.code) && findingCode(x.code)?.defaultSeverity !== x.severity) offDefault.add(`${x.code}: ${x.severity}`);
    }
  }
  assert.ok(seen.size >= 8, `only ${seen.size} codes seen`);
  assert.deepEqual(
    [...seen].filter((c) => !findingCode(c)),
    [],
  );
  assert.deepEqual([...offDefault], [], "a finding made with another severity than its code's default");
});

test('every code but the oversized-file notice takes a severity override', () => {
  assert.deepEqual(
    FINDING_CODES.filter((c) => !c.overridable).map((c) => c.code),
    ['engine/file-too-large'],
  );
  assert.equal(overridableCodes().length, FINDING_CODES.length - 1);
});
