import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findOnPath, helmTemplate, kustomizeBuild } from '../../../src/render/renderTools';

/** A fake tool on a private PATH that prints the arguments it received, one per line. */
function fakeTools(names: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-tools-'));
  for (const n of names) {
    fs.writeFileSync(path.join(dir, n), `#!${process.execPath}\nconsole.log(JSON.stringify(process.argv.slice(2)));\nif (process.argv.includes('fail')) { console.error('boom from ${n}'); process.exit(1); }\n`);
    fs.chmodSync(path.join(dir, n), 0o755);
  }
  return dir;
}

describe('render tools: fixed argument vectors, never a shell', () => {
  it('kustomize: kubectl kustomize DIR when kubectl is there, else kustomize build DIR; a hostile directory name stays one argument', async () => {
    const hostile = 'overlays/prod; touch /tmp/pwned $(id)';
    const both = fakeTools(['kubectl', 'kustomize']);
    const r = await kustomizeBuild(hostile, { pathEnv: both });
    assert.deepEqual(r.ok && JSON.parse(r.output), ['kustomize', hostile]);
    const only = fakeTools(['kustomize']);
    const s = await kustomizeBuild(hostile, { pathEnv: only });
    assert.deepEqual(s.ok && [s.tool, JSON.parse(s.output)], ['kustomize build', ['build', hostile]]);
    const none = await kustomizeBuild('x', { pathEnv: fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-empty-')) });
    assert.equal(none.ok, false);
  });

  it('helm template: values in order, the chart after --, stderr as the failure message', async () => {
    const dir = fakeTools(['helm']);
    const r = await helmTemplate('--chart', { pathEnv: dir, valueFiles: ['a.yaml', 'b c.yaml'] });
    assert.deepEqual(r.ok && JSON.parse(r.output), ['template', '--namespace', 'default', '--values', 'a.yaml', '--values', 'b c.yaml', '--', 'release', '--chart']);
    const k = await helmTemplate('chart', { pathEnv: dir, kubeVersion: 'v1.32.4' });
    assert.deepEqual(k.ok && JSON.parse(k.output), ['template', '--namespace', 'default', '--kube-version', 'v1.32.4', '--', 'release', 'chart']);
    const a = await helmTemplate('chart', { pathEnv: dir, apiVersions: ['argoproj.io/v1alpha1', 'argoproj.io/v1alpha1/Rollout'] });
    assert.deepEqual(a.ok && JSON.parse(a.output), ['template', '--namespace', 'default', '--api-versions', 'argoproj.io/v1alpha1', '--api-versions', 'argoproj.io/v1alpha1/Rollout', '--', 'release', 'chart']);
    const f = await helmTemplate('fail', { helm: path.join(dir, 'helm') });
    assert.deepEqual(f, { ok: false, message: 'boom from helm', tool: 'helm template' });
    assert.equal(findOnPath('helm', dir), path.join(dir, 'helm'));
    assert.equal(findOnPath('helm', ''), undefined);
  });
});
