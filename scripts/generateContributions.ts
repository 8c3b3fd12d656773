/**
 * `npm run contributions`: regenerates, from the finding-code catalogue, the
 * `rolloutLens.rules.severity` properties in package.json and the README's code table
 * (scripts/contributionsGenerator.ts). Each file is read and written back at once, so edits others
 * made to the rest of it are kept.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withReadmeCodeTable, withSeverityProperties } from './contributionsGenerator';

const root = path.join(__dirname, '..');
for (const [name, generate] of [
  ['package.json', withSeverityProperties],
  ['README.md', withReadmeCodeTable],
] as const) {
  const file = path.join(root, name);
  const before = fs.readFileSync(file, 'utf8');
  const after = generate(before);
  if (after !== before) fs.writeFileSync(file, after);
  console.log(`${name}: ${after === before ? 'up to date' : 'regenerated'}`);
}
