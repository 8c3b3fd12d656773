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
  assert.deepEqual(Object.keys(setting?.properties ?? {}), FINDING_CODES.filter((c) => c.overridable).map((c) => c.code));
});

test('README: the code table between the markers is the catalogue (run `npm run contributions` if this fails)', () => {
  const text = read('README.md');
  assert.ok(text.includes(README_BEGIN) && text.includes(README_END), 'README.md has the finding-codes markers');
  assert.ok(withReadmeCodeTable(text) === text, 'README.md\'s code table differs from what the catalogue generates');
});

test('the generator replaces only its block', () => {
  const pkg = JSON.stringify({ name: 'x', contributes: { configuration: { properties: { other: { type: 'boolean' }, [SEVERITY_SETTING]: { type: 'object', properties: { stale: {} } } } } } }, null, 2) + '\n';
  const out = JSON.parse(withSeverityProperties(pkg)) as { name: string; contributes: { configuration: Section } };
  assert.deepEqual(out.contributes.configuration.properties.other, { type: 'boolean' });
  assert.deepEqual(out.contributes.configuration.properties[SEVERITY_SETTING].properties, severityProperties());
  assert.equal(out.name, 'x');
  const readme = `# Title\n\nbefore\n${README_BEGIN}\nstale\n${README_END}\nafter\n`;
  assert.equal(withReadmeCodeTable(readme), `# Title\n\nbefore\n${README_BEGIN}\n${readmeCodeTable()}\n${README_END}\nafter\n`);
  assert.throws(() => withReadmeCodeTable('# no markers\n'), /markers/);
  assert.throws(() => withSeverityProperties('{}'), /rolloutLens\.rules\.severity/);
});
