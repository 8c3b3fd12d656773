import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { CRD_SOURCES, generateSchemas, reindentQuotedContinuations, schemaFileName } from '../../../../scripts/schemaGenerator';
import { linkSchema, rootSchema, schemaFileFor, type SchemaNode } from '../../../../src/core/schema/catalog';
import { KNOWN_KINDS } from '../../../../src/core/kinds';
import { DECODED_AS } from '../../../../src/core/schema/embeddedCore';

const schemasDir = path.resolve(__dirname, '..', '..', '..', '..', 'schemas');

describe('generated JSON Schemas (npm run schemas)', () => {
  const generated = generateSchemas(schemasDir);

  it('are up to date with the vendored CRDs and the generator (run `npm run schemas` if this fails)', () => {
    for (const [name, text] of generated) {
      const file = path.join(schemasDir, name);
      assert.ok(fs.existsSync(file), `schemas/${name} is missing`);
      assert.ok(fs.readFileSync(file, 'utf8') === text, `schemas/${name} is stale`);
    }
    const committed = fs.readdirSync(schemasDir).filter((n) => n.endsWith('.json'));
    assert.deepEqual(committed.sort(), [...generated.keys()].sort(), 'schemas/ holds JSON files the generator does not make');
  });

  it('cover all eight kinds for both Argo versions', () => {
    for (const k of KNOWN_KINDS) {
      for (const v of ['latest', 'v1.9.1'] as const) {
        const file = schemaFileFor(k.kind, v);
        assert.ok(file, `${k.kind} ${v}`);
        assert.equal(rootSchema(k, v)?.type, 'object');
      }
    }
    assert.notEqual(schemaFileFor('Rollout', 'latest'), schemaFileFor('Rollout', 'v1.9.1'));
    assert.equal(schemaFileFor('Canary', 'latest'), schemaFileFor('Canary', 'v1.9.1'));
  });

  it('expand back to exactly the upstream openAPIV3Schema (de-duplication loses nothing)', () => {
    for (const src of CRD_SOURCES) {
      const crd = parse(reindentQuotedContinuations(fs.readFileSync(path.join(schemasDir, 'upstream', src.folder, src.file), 'utf8')));
      const upstream = crd.spec.versions[0].schema.openAPIV3Schema;
      const generatedSchema = JSON.parse(generated.get(schemaFileName(src))!) as SchemaNode & Record<string, unknown>;
      const { $schema, $id, title, $comment, ...rest } = generatedSchema;
      // The only addition: markers on the pod-template nodes the CRD leaves unchecked (embeddedCore.ts).
      const expanded = JSON.parse(JSON.stringify(linkSchema(rest), (k, v: unknown) => (k === DECODED_AS ? undefined : v)));
      assert.deepEqual(expanded, upstream, src.file);
    }
  });

  it('stay small enough to ship (de-duplicated)', () => {
    let total = 0;
    for (const text of generated.values()) total += Buffer.byteLength(text);
    assert.ok(total < 1.5 * 1024 * 1024, `generated schemas total ${total} bytes`);
  });

  it('parse Flagger descriptions continued on under-indented lines like Go YAML does', () => {
    const text = "a:\n  description: 'first line\n  second line'\n  type: string\n";
    assert.deepEqual(parse(reindentQuotedContinuations(text)), { a: { description: 'first line second line', type: 'string' } });
  });
});
