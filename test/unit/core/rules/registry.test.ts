// The rules against upstream's own fixtures: kubectl-argo-rollouts lint test data (copied under
// test/fixtures/rules/argo-lint, see ATTRIBUTION.md) and, when present, the whole corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { lineStarts, positionAt } from '../../../../src/core/findings';
import { RULES } from '../../../../src/core/rules/registry';
import { lint, underlined } from './ruleTestKit';

const LINT = 'test/fixtures/rules/argo-lint';
const read = (f: string) => fs.readFileSync(path.join(LINT, f), 'utf8');

test('rule ids are unique, namespaced, and each rule says what it checks', () => {
  const ids = RULES.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const r of RULES) {
    assert.match(r.id, /^(argo|flagger)\/[a-z0-9-]+$/);
    assert.ok(r.description.length > 10 && r.kinds.length > 0);
  }
});

// lint_test.go TestLintInvalidRollout: the first error upstream prints, and the line it belongs to.
const INVALID: [file: string, message: string, line: number, text: string][] = [
  ['invalid.yml', 'spec.strategy.maxSurge: Invalid value: 0: MaxSurge and MaxUnavailable both can not be zero', 12, '0'],
  ['invalid-multiple-docs.yml', 'spec.strategy.maxSurge: Invalid value: 0: MaxSurge and MaxUnavailable both can not be zero', 25, '0'],
  ['invalid-empty-rollout-vsvc.yml', "spec.selector: Required value: Rollout has missing field '.spec.selector'", 2, 'Rollout'],
  // The fixture's stored status is an older controller's (`map[string]string{...}`); v1.9.1's
  // apimachinery writes the value as JSON, as `kubectl argo rollouts lint` v1.9.1 prints it (lintOracle).
  ['info-rollout-invalid.yaml', 'spec.template.metadata.labels: Invalid value: {"app":"doesnt-match"}: `selector` does not match template `labels`', 21, 'labels'],
];

for (const [file, message, line, text] of INVALID) {
  test(`upstream invalid fixture ${file}: first error is upstream's, on the field at fault`, () => {
    const src = read(file);
    const errors = lint(src).filter((f) => f.severity === 'error');
    assert.ok(errors.length > 0, 'expected an error');
    const first = errors[0];
    assert.ok(first.message.startsWith(message), first.message);
    assert.equal(positionAt(lineStarts(src), first.range.start).line + 1, line);
    assert.equal(underlined(src, first), text);
  });
}

test('upstream valid lint fixtures produce no rule errors', () => {
  const valid = fs.readdirSync(LINT).filter((f) => f.startsWith('valid'));
  assert.ok(valid.length >= 13);
  for (const f of valid)
    assert.deepEqual(
      lint(read(f))
        .filter((x) => x.severity === 'error')
        .map((x) => x.message),
      [],
      f,
    );
});

const CORPUS = 'test/fixtures/corpus';
test('every corpus file expected valid produces no rule errors', { skip: !fs.existsSync(path.join(CORPUS, 'INDEX.json')) && 'corpus not copied into test/fixtures/corpus' }, () => {
  const index = JSON.parse(fs.readFileSync(path.join(CORPUS, 'INDEX.json'), 'utf8')) as { file: string; expected: string }[];
  const valid = index.filter((e) => e.expected === 'valid');
  assert.ok(valid.length > 100);
  const problems: string[] = [];
  for (const e of valid) {
    for (const f of lint(fs.readFileSync(path.join(CORPUS, e.file), 'utf8'))) if (f.severity === 'error') problems.push(`${e.file}: ${f.message}`);
  }
  assert.deepEqual(problems, []);
});

test('the severity setting offers every rule id (settings completion) with the allowed values', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const props = pkg.contributes.configuration.properties['rolloutLens.rules.severity'].properties as Record<string, { enum: string[] }>;
  for (const r of RULES) assert.deepEqual(props[r.id]?.enum, ['error', 'warning', 'info', 'off'], r.id);
});
