import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintKustomization } from '../../../../src/cli/lint/kustomize';
import { ValidationEngine } from '../../../../src/core/validation/engine';
import { DEFAULT_MAX_FILE_BYTES } from '../../../../src/core/validation/limits';
import { findOnPath } from '../../../../src/render/renderTools';
import { lintOutput } from './lintRunFixture';

// The fixture (test/fixtures/kustomize/README.md lists the planted errors) is built by the machine's
// kubectl (kustomize v5), as the CLI builds it.
const fixture = path.resolve(__dirname, '../../../fixtures/kustomize');

describe('lint --kustomize DIR', () => {
  it('needs kubectl or kustomize on the PATH (the test runs the real build)', () => {
    assert.ok(findOnPath('kubectl') ?? findOnPath('kustomize'), 'install kubectl (it embeds kustomize) to run these tests');
  });

  it('reports each planted error of the production overlay on the file and line that set it', async () => {
    const { code, out } = await lintOutput(fixture, ['--kustomize', 'overlays/production']);
    assert.equal(code, 1);
    assert.deepEqual(out.trimEnd().split('\n'), [
      // In the base only: seen through the overlay, reported on the base.
      'base/rollout.yaml:8:20 error schema/type spec.minReadySeconds: expected integer, got string "soon" (kustomize build overlays/production)',
      // A JSON 6902 operation: on its value.
      'overlays/production/replicas.json6902.yaml:3:10 error schema/type spec.replicas: expected integer, got string "ten" (kustomize build overlays/production)',
      // The patch replaces the steps: the typo is on the patch's line, a full check of the fragment.
      'overlays/production/rollout-steps.yaml:11:11 error schema/unknown-field spec.strategy.canary.steps[2].setWeigth: unknown field "setWeigth" in spec.strategy.canary.steps[2]; did you mean `setWeight`? (kustomize build overlays/production)',
    ]);
  });

  it('the staging overlay: its strategic-merge patch, and the shared base once', async () => {
    const { code, out } = await lintOutput(fixture, ['--kustomize', 'overlays/staging', '--format', 'json']);
    assert.equal(code, 1);
    const files = JSON.parse(out).files as { path: string; findings: { code: string; line: number; column: number }[] }[];
    assert.deepEqual(
      files.map((f) => [f.path, f.findings.map((x) => `${x.code}@${x.line}:${x.column}`)]),
      [
        ['base/rollout.yaml', ['schema/type@8:20']],
        ['overlays/staging/rollout-patch.yaml', ['schema/type@6:13']],
      ],
    );
  });

  it('linting the patch file alone stays quiet about what only the build shows (it is a fragment)', async () => {
    const { code } = await lintOutput(fixture, ['overlays/production/rollout-steps.yaml', '--severity', 'schema/unknown-field=off']);
    assert.equal(code, 0);
  });

  it('a build that fails is one error on the kustomization file with the tool message; no kustomization is a usage error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-kustomize-'));
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), '# an overlay\nresources:\n  - missing.yaml\n');
    const engine = new ValidationEngine({ argoSchemaVersion: 'latest', maxFileBytes: DEFAULT_MAX_FILE_BYTES });
    const reports = await lintKustomization({ dir, cwd: dir, engine, severityOverrides: {}, build: () => Promise.resolve({ ok: false, tool: 'kubectl kustomize', message: "accumulating resources: 'missing.yaml' not found" }) });
    assert.ok(Array.isArray(reports));
    assert.deepEqual(
      reports.map((r) => [r.path, r.findings.map((f) => [f.code, f.message, f.range.start])]),
      [['kustomization.yaml', [['kustomize/build-failed', "kubectl kustomize failed: accumulating resources: 'missing.yaml' not found", 0]]]],
    );
    const real = await lintOutput(dir, ['--kustomize', '.']);
    assert.equal(real.code, 1);
    assert.match(real.out, /^kustomization\.yaml:1:1 error kustomize\/build-failed kubectl kustomize failed: .*missing\.yaml/m);
    // The code is in the catalogue, so --severity takes it like any other: a repository whose overlays
    // need what only CI has can make a failed build a warning (exit 0) or silence it.
    const warned = await lintOutput(dir, ['--kustomize', '.', '--severity', 'kustomize/build-failed=warning']);
    assert.equal(warned.code, 0);
    assert.match(warned.out, /^kustomization\.yaml:1:1 warning kustomize\/build-failed /m);
    const off = await lintOutput(dir, ['--kustomize', '.', '--severity', 'kustomize/build-failed=off']);
    assert.deepEqual([off.code, off.out.includes('kustomize/build-failed')], [0, false]);
    const none = await lintOutput(os.tmpdir(), ['--kustomize', path.basename(dir) + '-nope']);
    assert.equal(none.code, 2);
    assert.match(none.err, /no kustomization\.yaml in that directory/);
  });
});
