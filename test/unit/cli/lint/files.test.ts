import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../src/cli';
import type { CliIO } from '../../../../src/cli/command';
import { repositoryRoot } from '../../../../src/cli/lint/files';

function captured(cwd: string): CliIO & { out: () => string } {
  let out = '';
  return { stdout: (t) => void (out += t), stderr: () => {}, readStdin: () => Promise.resolve(''), isInteractive: false, prompt: () => Promise.resolve(''), cwd, env: {}, out: () => out };
}

/** A config repo: a base Rollout and a dev overlay that patches its analysis (issue 12 item 3). */
function configRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-repo-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  fs.mkdirSync(path.join(dir, '.git'));
  write('apps/web/base/kustomization.yaml', 'resources:\n- rollout.yaml\n- service.yaml\n');
  write(
    'apps/web/base/rollout.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
  strategy:
    canary:
      canaryService: web-canary
      steps:
      - setWeight: 20
      - pause: {duration: 1m}
`,
  );
  write('apps/web/base/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web-canary\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n');
  write('apps/web/overlays/dev/kustomization.yaml', 'resources:\n- ../../base\npatches:\n- path: rollout-analysis-patch.yaml\n');
  write(
    'apps/web/overlays/dev/rollout-analysis-patch.yaml',
    `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  strategy:
    canary:
      canaryService: web-canary
      analysis:
        templates:
        - templateName: success-rate
`,
  );
  write('apps/web/overlays/dev/analysis.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: success-rate\nspec:\n  metrics:\n  - name: ok\n    provider:\n      web: {url: "http://example/health"}\n');
  return dir;
}

describe("lint of files named alone, in their repository's context (issue 12 item 3)", () => {
  it("finds the repository root by .git, else uses the file's folder", () => {
    const dir = configRepo();
    try {
      const real = fs.realpathSync(dir);
      assert.equal(repositoryRoot(path.join(real, 'apps/web/overlays/dev/kustomization.yaml')), real);
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-norepo-'));
      assert.equal(repositoryRoot(path.join(outside, 'x.yaml')), outside);
      fs.rmSync(outside, { recursive: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives a patch fragment named alone the result it gets when its folder is linted, reporting only that file', async () => {
    const dir = configRepo();
    try {
      const alone = captured(dir);
      const code = await main(['lint', '--format', 'json', 'apps/web/overlays/dev/rollout-analysis-patch.yaml'], alone);
      const folder = captured(dir);
      await main(['lint', '--format', 'json', 'apps/web/overlays/dev'], folder);
      const findingsOf = (out: string, file: string) => JSON.stringify((JSON.parse(out) as { files: { path: string; findings: unknown[] }[] }).files.find((f) => f.path === file)?.findings ?? null);
      const patch = path.join('apps', 'web', 'overlays', 'dev', 'rollout-analysis-patch.yaml');
      assert.equal(code, 0, alone.out());
      assert.equal(findingsOf(alone.out(), patch), findingsOf(folder.out(), patch));
      assert.deepEqual(
        (JSON.parse(alone.out()) as { files: { path: string }[] }).files.map((f) => f.path),
        [patch],
        'only the named file is reported',
      );
      // --root says where the repository is when there is no .git.
      fs.rmSync(path.join(dir, '.git'), { recursive: true });
      const rooted = captured(dir);
      assert.equal(await main(['lint', '--root', 'apps/web', patch], rooted), 0, rooted.out());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
