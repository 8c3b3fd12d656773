import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { artifactUri, sarifLog } from '../../../../src/cli/lint/sarif';
import { FINDING_CODES } from '../../../../src/core/validation/findingCodes';
import { NASTY, lintOutput, lintRepo, nastyRun } from './lintRunFixture';

// The SARIF 2.1.0 JSON schema (draft-04), vendored with its attribution in test/fixtures/sarif/README.md.
const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
// unicodeRegExp off: the schema's `language` pattern is valid only as a non-unicode RegExp.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv); // uri, uri-reference and date-time are checked, not ignored
const validate = ajv.compile(schema);

function assertValid(log: unknown): void {
  const ok = validate(log);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
}

interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
}

describe('lint --format sarif', () => {
  it('writes a SARIF 2.1.0 log the published schema accepts, with the catalogue as rules and a result per finding', async () => {
    const dir = lintRepo();
    const { code, out } = await lintOutput(dir, ['.', '--format', 'sarif']);
    assert.equal(code, 1);
    const log = JSON.parse(out);
    assertValid(log);
    assert.equal(log.version, '2.1.0');
    const [run] = log.runs;
    const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[];
    assert.deepEqual(
      rules.map((r) => r.id),
      FINDING_CODES.map((c) => c.code),
      'every catalogue code once, in catalogue order',
    );
    // A failed build or render has a described rule: the catalogue lists the render codes.
    assert.deepEqual(
      ['kustomize/build-failed', 'helm/render-failed'].map((id) => rules.find((r) => r.id === id)?.defaultConfiguration.level),
      ['error', 'error'],
    );
    for (const c of FINDING_CODES) {
      const r = rules.find((x) => x.id === c.code)!;
      assert.equal(r.shortDescription.text, c.description);
      assert.equal(r.defaultConfiguration.level, c.defaultSeverity === 'error' ? 'error' : c.defaultSeverity === 'warning' ? 'warning' : 'note');
    }
    const results = run.results as Result[];
    for (const r of results) assert.equal(rules[r.ruleIndex].id, r.ruleId, 'ruleIndex points at its rule');
    const byRule = Object.fromEntries(results.map((r) => [r.ruleId, r]));
    assert.deepEqual(Object.keys(byRule).sort(), ['references/unresolved', 'schema/type']);
    const typeError = byRule['schema/type'];
    assert.equal(typeError.level, 'error');
    assert.match(typeError.message.text, /^spec\.analysis\.iterations: expected number, got string "ten, or: eleven"$/);
    assert.deepEqual(typeError.locations[0].physicalLocation, {
      artifactLocation: { uri: 'apps/with%20space/bad.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 17, endLine: 12, endColumn: 34 },
    });
    assert.equal(byRule['references/unresolved'].level, 'warning');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.invocations, [{ executionSuccessful: true }]);
  });

  it('stays valid with I/O errors, skipped files, odd paths and messages, and a code the catalogue lacks', () => {
    const run = nastyRun();
    run.reports[0].findings.push({ ...run.reports[0].findings[0], code: 'helm/not-in-catalogue' });
    const log = sarifLog(run) as { runs: { results: Result[]; tool: { driver: { rules: { id: string }[] } }; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
    assertValid(log);
    const [r] = log.runs;
    assert.equal(r.results[0].message.text, NASTY, 'JSON carries the message as it is');
    assert.equal(r.results[0].locations[0].physicalLocation.artifactLocation.uri, 'dir%2Cwith%3Aodd%25chars/r.yaml');
    assert.equal(r.tool.driver.rules[r.results[2].ruleIndex].id, 'helm/not-in-catalogue');
    assert.equal(r.invocations[0].executionSuccessful, false);
    assert.deepEqual(
      r.invocations[0].toolExecutionNotifications.map((n) => [n.level, n.message.text]),
      [
        ['note', 'huge.yaml: Not validated: the file is larger than the 10 bytes limit'],
        ['error', 'missing.yaml: no such file or directory'],
      ],
    );
  });

  it('the schema check can fail: a log without a result message is rejected', () => {
    const log = sarifLog(nastyRun()) as { runs: { results: { message?: unknown }[] }[] };
    delete log.runs[0].results[0].message;
    assert.equal(validate(log), false);
  });

  it('turns paths into artifact URIs: relative under %SRCROOT%, absolute as file:// URIs', () => {
    assert.deepEqual(artifactUri('a b/c#d.yaml'), { uri: 'a%20b/c%23d.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactUri('/repo/x y.yaml'), { uri: 'file:///repo/x%20y.yaml' });
    assert.deepEqual(artifactUri('C:\\repo\\x.yaml'), { uri: 'file:///C:/repo/x.yaml' });
  });
});
