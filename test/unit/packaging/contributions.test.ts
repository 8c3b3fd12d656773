// package.json's `rolloutLens.rules.severity` properties and the README's code table are generated
// from the finding-code catalogue (npm run contributions); these fail when the committed files differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { README_BEGIN, README_END, SEVERITY_SETTING, readmeCodeTable, severityProperties, withReadmeCodeTable, withSeverityProperties } from '../../../scripts/contributionsGenerator';
import { FINDING_CODES } from '../../../src/core/validation/findingCodes';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (name: string) => fs.readFileSync(path.join(root, name), 'utf8');

interface Section {
  properties: Record<string, { properties?: Record<string, unknown> }>;
}

test('package.json: the severity setting lists exactly the catalogue (run `npm run contributions` if this fails)', () => {
  const text = read('package.json');
  assert.ok(withSeverityProperties(text) === text, 'package.json differs from what the catalogue generates');
  const configuration = (JSON.parse(text) as { contributes: { configuration: Section | Section[] } }).contributes.configuration;
  const setting = (Array.isArray(configuration) ? configuration : [configuration]).map((s) => s.properties[SEVERITY_SETTING]).find((p) => p);
  assert.deepEqual(
    Object.keys(setting?.properties ?? {}),
    FINDING_CODES.filter((c) => c.overridable).map((c) => c.code),
  );
});

test('README: the code table between the markers is the catalogue (run `npm run contributions` if this fails)', () => {
  const text = read('README.md');
  assert.ok(text.includes(README_BEGIN) && text.includes(README_END), 'README.md has the finding-codes markers');
  assert.ok(withReadmeCodeTable(text) === text, "README.md's code table differs from what the catalogue generates");
});

test('the generator replaces only its block, as text: the rest keeps its bytes', () => {
  const before = `{\n  "name": "x",\n  "contributes": {\n    "configuration": {\n      "properties": {\n        "other": { "type": "boolean", "properties": { "a": 1 } },\n        "${SEVERITY_SETTING}": {\n          "type": "object",\n          "additionalProperties": { "type": "string" },\n          "properties": { "stale": {} },\n          "order": 5\n        }\n      }\n    }\n  },\n  "walkthroughs": [ { "id": "w", "media": { "markdown": "{ \\"properties\\": 1 }" } } ]\n}\n`;
  const after = withSeverityProperties(before);
  const generated = JSON.stringify(severityProperties(), null, 2).replace(/\n/g, '\n          ');
  assert.equal(after, before.replace('{ "stale": {} }', generated));
  const parsed = JSON.parse(after) as { name: string; contributes: { configuration: Section } };
  assert.deepEqual(parsed.contributes.configuration.properties[SEVERITY_SETTING].properties, severityProperties());
  assert.equal(withSeverityProperties(after), after, 'generating twice changes nothing');
  // A file in JSON.stringify's form comes out as JSON.stringify would write it.
  const plain = JSON.parse(before) as { contributes: { configuration: Section } };
  const stringified = JSON.stringify(plain, null, 2) + '\n';
  plain.contributes.configuration.properties[SEVERITY_SETTING].properties = severityProperties();
  assert.equal(withSeverityProperties(stringified), JSON.stringify(plain, null, 2) + '\n');
  const readme = `# Title\n\nbefore\n${README_BEGIN}\nstale\n${README_END}\nafter\n`;
  assert.equal(withReadmeCodeTable(readme), `# Title\n\nbefore\n${README_BEGIN}\n${readmeCodeTable()}\n${README_END}\nafter\n`);
  assert.throws(() => withReadmeCodeTable('# no markers\n'), /markers/);
  assert.throws(() => withSeverityProperties('{}'), /rolloutLens\.rules\.severity/);
});
