import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { experimentInfo, interpretRollout } from '../../../../src/core/status/argoInfo';
import { renderExperimentGet, renderRolloutGet } from '../../../../src/core/status/argoRender';
import { FIXTURES, loadExpected, loadFixture, NOW, rfc3339, stripTrailingSpaces } from './fixtures';

/** The edits upstream's tests make before calling `get` (see EXPECTED.md). */
const PREPARE: Record<string, (objs: ReturnType<typeof loadFixture>) => void> = {
  TestGetBlueGreenRolloutScaleDownDelay: (o) => {
    o.replicaSets[2].metadata.annotations['scale-down-deadline'] = rfc3339(NOW.getTime() + 4 * 3600 * 1000);
    delete o.replicaSets[2].metadata.labels['rollouts-pod-template-hash'];
  },
  TestGetBlueGreenRolloutScaleDownDelayPassed: (o) => {
    o.replicaSets[2].metadata.annotations['scale-down-deadline'] = rfc3339(NOW.getTime() - 3600 * 1000);
    delete o.replicaSets[2].metadata.labels['rollouts-pod-template-hash'];
  },
};

describe('kubectl argo rollouts get: every upstream fixture renders exactly as EXPECTED.md', () => {
  const views = loadExpected();
  for (const view of views) {
    it(`${view.test} (${view.folder}/)`, () => {
      const objs = loadFixture(view.folder);
      PREPARE[view.test]?.(objs);
      const name = /^Name:\s+(\S+)/.exec(view.output)![1];
      let actual: string;
      if (view.command === 'rollout') {
        const ro = objs.rollouts.find((r) => r.metadata.name === name);
        assert.ok(ro, `rollout ${name} in ${view.folder}`);
        actual = renderRolloutGet(interpretRollout(ro, objs, NOW));
      } else {
        const exp = objs.experiments.find((e) => e.metadata.name === name);
        assert.ok(exp, `experiment ${name} in ${view.folder}`);
        actual = renderExperimentGet(experimentInfo(exp, objs, NOW));
      }
      assert.equal(stripTrailingSpaces(actual), stripTrailingSpaces(view.output));
    });
  }

  it('covers every fixture folder', () => {
    const folders = fs
      .readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const covered = new Set(views.map((v) => v.folder));
    assert.deepEqual(
      folders.filter((f) => !covered.has(f)),
      [],
    );
    assert.ok(folders.length >= 6);
  });
});
