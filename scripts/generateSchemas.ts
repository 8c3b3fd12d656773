/**
 * `npm run schemas`: regenerates schemas/*.json from the vendored CRDs in schemas/upstream/.
 * Deterministic; test/unit/core/schema/generatedSchemas.test.ts fails when the committed files differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateSchemas } from './schemaGenerator';

const dir = path.join(__dirname, '..', 'schemas');
const files = generateSchemas(dir);
const wanted = new Set(files.keys());
for (const name of fs.readdirSync(dir)) {
  if (name.endsWith('.json') && !wanted.has(name)) fs.rmSync(path.join(dir, name));
}
let total = 0;
for (const [name, text] of files) {
  fs.writeFileSync(path.join(dir, name), text);
  total += Buffer.byteLength(text);
  console.log(`${name.padEnd(44)} ${(Buffer.byteLength(text) / 1024).toFixed(1).padStart(8)} KiB`);
}
console.log(`${files.size} files, ${(total / 1024).toFixed(1)} KiB`);
