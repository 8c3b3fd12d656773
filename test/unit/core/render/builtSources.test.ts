import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { positionAt, lineStarts, type Finding } from '../../../../src/core/findings';
import { rangeForPath } from '../../../../src/core/manifest/manifestDocument';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';
import { mapBuiltFindings, type SourceFile } from '../../../../src/core/render/builtSources';

const BASE = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  paused: false\n';
const PATCH = 'kind: Rollout\nmetadata:\n  name: web\nspec:\n  paused: nope\n';
const BUILT = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: prod-web\n  namespace: prod\nspec:\n  paused: nope\n  replicas: 7\n';

const sources = (): SourceFile[] => [
  { file: 'overlay/patch.yaml', parsed: parseManifestFile(PATCH), role: 'patch' },
  { file: 'base/rollout.yaml', parsed: parseManifestFile(BASE), role: 'base' },
];

function findingAt(path: (string | number)[], prefer: 'key' | 'value'): Finding {
  const built = parseManifestFile(BUILT);
  return { code: 'schema/type', severity: 'error', message: 'm', range: rangeForPath(built.documents[0], path, prefer), path, source: 'schema' };
}

function lineCol(text: string, offset: number): string {
  const p = positionAt(lineStarts(text), offset);
  return `${p.line + 1}:${p.character + 1}`;
}

describe('mapBuiltFindings', () => {
  const run = (f: Finding) => mapBuiltFindings({ built: parseManifestFile(BUILT), findings: [f], sources: sources(), context: 'kustomize build overlay', fallback: { file: 'overlay/kustomization.yaml', range: { start: 0, end: 1 } } })[0];

  it('a field a patch sets goes to the patch, on the value when the finding was on the value (namePrefix allowed for)', () => {
    const m = run(findingAt(['spec', 'paused'], 'value'));
    assert.equal(m.file, 'overlay/patch.yaml');
    assert.equal(lineCol(PATCH, m.finding.range.start), '5:11');
    assert.equal(PATCH.slice(m.finding.range.start, m.finding.range.end), 'nope');
    assert.equal(m.finding.message, 'm (kustomize build overlay)');
  });

  it('a field whose built value no file holds literally goes to the base resource`s first line, with the built value', () => {
    // The base says replicas: 2, the build 7 (a replicas transformer): the base did not set it.
    const m = run(findingAt(['spec', 'replicas'], 'key'));
    assert.equal(m.file, 'base/rollout.yaml');
    assert.equal(lineCol(BASE, m.finding.range.start), '1:1');
    assert.equal(m.finding.message, 'm (in the output of kustomize build overlay, where spec.replicas is 7; no file sets it literally)');
  });

  it('a JSON 6902 operation that replaces the path is the setter; an object with no source goes to the fallback', () => {
    const ops = '- op: replace\n  path: /spec/replicas\n  value: 7\n';
    const m = mapBuiltFindings({
      built: parseManifestFile(BUILT),
      findings: [findingAt(['spec', 'replicas'], 'value')],
      sources: [{ file: 'overlay/ops.yaml', parsed: parseManifestFile(ops), role: 'patch' }, ...sources()],
      context: 'c',
      fallback: { file: 'k.yaml', range: { start: 0, end: 1 } },
    })[0];
    assert.deepEqual([m.file, lineCol(ops, m.finding.range.start)], ['overlay/ops.yaml', '3:10']);
    const orphan = mapBuiltFindings({ built: parseManifestFile(BUILT), findings: [findingAt(['spec', 'paused'], 'key')], sources: [], context: 'c', fallback: { file: 'k.yaml', range: { start: 0, end: 1 } } })[0];
    assert.equal(orphan.file, 'k.yaml');
  });
});
