import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { helmTemplate } from '../../../../src/render/renderTools';
import { lintOutput } from './lintRunFixture';

// The chart (test/fixtures/helm/README.md lists the planted errors) is rendered by the real helm,
// built from its Go module by test/upstream/build.mjs (cached after the first build).
const fixture = path.resolve(__dirname, '../../../fixtures/helm');
let env: NodeJS.ProcessEnv;

before(
  () => {
    let out: string;
    try {
      out = execFileSync(process.execPath, [path.resolve(__dirname, '../../../upstream/build.mjs'), '--json', 'helm'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20 });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new Error(`helm could not be built from test/upstream/helm (node test/upstream/build.mjs helm; needs Go 1.25+ and the Go module proxy): ${e.stderr?.trim() || e.message}`, { cause: err });
    }
    const { binaries } = JSON.parse(out) as { binaries: Record<string, string> };
    assert.ok(binaries.helm && fs.existsSync(binaries.helm), `build.mjs reported no helm binary: ${out}`);
    env = { ROLLOUT_LENS_HELM: binaries.helm };
  },
  { timeout: 90 * 60_000 },
); // a first build of helm takes minutes (half an hour on a loaded 2-core machine); cached after

describe('lint --helm CHART', () => {
  it('a typo in a literal template step is reported on the template line; the versioned AnalysisTemplate and the Services resolve (no other finding)', async () => {
    const { code, out } = await lintOutput(fixture, ['--helm', 'checkout'], env);
    assert.equal(code, 1);
    assert.deepEqual(out.trimEnd().split('\n'), [
      'checkout/templates/rollout.yaml:37:11 error schema/unknown-field spec.strategy.canary.steps[4].setWeigth: unknown field "setWeigth" in spec.strategy.canary.steps[4]; did you mean `setWeight`? (helm template checkout)',
    ]);
  });

  it('a bad value lands on the templated value with what it rendered to; a key from toYaml lands on its literal ancestor, "in the rendered output"', async () => {
    const { code, out } = await lintOutput(fixture, ['--helm', 'checkout', '-f', 'checkout/values-bad-replicas.yaml', '--values', 'checkout/values-bad-steps.yaml', '--format', 'json'], env);
    assert.equal(code, 1);
    const findings = (JSON.parse(out).files as { path: string; findings: { code: string; line: number; column: number; message: string }[] }[]).flatMap((f) =>
      f.findings.map((x) => ({ at: `${f.path}:${x.line}:${x.column}`, code: x.code, message: x.message })),
    );
    const ctx = 'helm template checkout -f checkout/values-bad-replicas.yaml -f checkout/values-bad-steps.yaml';
    assert.deepEqual(findings, [
      { at: 'checkout/templates/rollout.yaml:8:13', code: 'schema/type', message: `spec.replicas: expected integer, got string "three" (rendered by ${ctx} as "three")` },
      {
        at: 'checkout/templates/rollout.yaml:35:7',
        code: 'schema/unknown-field',
        message: `spec.strategy.canary.steps[1].pause.durration: unknown field "durration" in spec.strategy.canary.steps[1].pause; did you mean \`duration\`? (in the rendered output of ${ctx}, where spec.strategy.canary.steps[1].pause.durration is "5m")`,
      },
      { at: 'checkout/templates/rollout.yaml:37:11', code: 'schema/unknown-field', message: 'spec.strategy.canary.steps[2].setWeigth: unknown field "setWeigth" in spec.strategy.canary.steps[2]; did you mean `setWeight`? (' + ctx + ')' },
    ]);
  });

  it('a render error is one finding on the line and column helm names (on `required`), with its message', async () => {
    const { code, out } = await lintOutput(fixture, ['--helm', 'checkout', '-f', 'checkout/values-missing-image.yaml'], env);
    assert.equal(code, 1);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 1, out);
    assert.equal(
      lines[0],
      'checkout/templates/rollout.yaml:20:53 error helm/render-failed helm template checkout -f checkout/values-missing-image.yaml failed: execution error at (checkout/templates/rollout.yaml:20:52): image.tag is required',
    );
  });

  it('usage errors: no Chart.yaml, a missing values file, -f without --helm', async () => {
    assert.equal((await lintOutput(fixture, ['--helm', '.'], env)).code, 2);
    assert.equal((await lintOutput(fixture, ['--helm', 'checkout', '-f', 'nope.yaml'], env)).code, 2);
    const lone = await lintOutput(fixture, ['-f', 'checkout/values.yaml'], env);
    assert.equal(lone.code, 2);
    assert.match(lone.err, /-f gives a values file to the --helm chart before it; there is none/);
  });
});

describe('helm template --api-versions: what .Capabilities.APIVersions.Has finds', () => {
  const helm = () => env.ROLLOUT_LENS_HELM as string;

  it('the web chart renders a Rollout only for a cluster that serves argoproj.io/v1alpha1 (or its Rollout kind), else a Deployment', async () => {
    const kinds = async (apiVersions?: string[]) => {
      const r = await helmTemplate(path.join(fixture, 'web'), { helm: helm(), apiVersions });
      assert.ok(r.ok, r.ok ? '' : r.message);
      return [...r.output.matchAll(/^kind: (\w+)$/gm)].map((m) => m[1]);
    };
    assert.deepEqual(await kinds(), ['Deployment']);
    assert.deepEqual(await kinds(['argoproj.io/v1alpha1']), ['Rollout']);
    assert.deepEqual(await kinds(['argoproj.io/v1alpha1/Rollout', 'flagger.app/v1beta1']), ['Deployment']);
  });

  it('lint --api-versions changes what is validated: the Rollout branch and its typo only with the flag', async () => {
    const without = await lintOutput(fixture, ['--helm', 'web'], env);
    assert.deepEqual([without.code, without.out.trim()], [0, '']);
    const withFlag = await lintOutput(fixture, ['--helm', 'web', '--api-versions', 'argoproj.io/v1alpha1'], env);
    assert.equal(withFlag.code, 1);
    assert.deepEqual(withFlag.out.trimEnd().split('\n'), [
      'web/templates/workload.yaml:25:11 error schema/unknown-field spec.strategy.canary.steps[2].setWeigth: unknown field "setWeigth" in spec.strategy.canary.steps[2]; did you mean `setWeight`? (helm template web)',
    ]);
  });
});
