/**
 * The pure parts of the status and actions oracles: parsing `kubectl argo rollouts get rollout` text
 * (a parser that read nothing would make the two sides agree on empty cells), comparing two parses,
 * and normalising a recorded write. The text is upstream's, from the fixtures' EXPECTED.md
 * (pkg/kubectl-argo-rollouts/cmd/get/get_test.go).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { compareGet, parseGet, type Capture } from '../../upstream/oracle/statusOracle';
import { normaliseWrite, outcomeOf } from '../../upstream/oracle/actionsOracle';

const expected = fs.readFileSync(path.resolve(__dirname, '../../fixtures/status/argo-rollouts/EXPECTED.md'), 'utf8');

/** The first ```text block after the heading `## name`. */
function block(name: string): string {
  const at = expected.indexOf(`## ${name}\n`);
  assert.ok(at >= 0, name);
  const start = expected.indexOf('```text\n', at) + '```text\n'.length;
  return expected.slice(start, expected.indexOf('```', start));
}

test('parseGet reads every header field, the second image line and the tree cut at the header columns', () => {
  const p = parseGet(block('TestGetCanaryRollout'));
  assert.deepEqual(p.header, {
    Name: 'canary-demo',
    Namespace: 'jesse-test',
    Status: '✖ Degraded',
    Message: 'ProgressDeadlineExceeded: ReplicaSet "canary-demo-65fb5ffc84" has timed out progressing.',
    Strategy: 'Canary',
    Step: '0/8',
    SetWeight: '20',
    ActualWeight: '0',
    Images: 'argoproj/rollouts-demo:does-not-exist (canary) | argoproj/rollouts-demo:green (stable)',
    Desired: '5',
    Current: '6',
    Updated: '1',
    Ready: '5',
    Available: '5',
  });
  assert.equal(p.rows.length, 13);
  assert.deepEqual(p.rows[0], { name: 'canary-demo', kind: 'Rollout', status: '✖ Degraded', info: '' });
  assert.deepEqual(p.rows[1], { name: 'revision:31', kind: '', status: '', info: '' });
  assert.deepEqual(p.rows[3], { name: 'canary-demo-65fb5ffc84-9wf5r', kind: 'Pod', status: '⚠ ImagePullBackOff', info: 'ready:0/1' });
  assert.deepEqual(p.rows[12], { name: 'canary-demo-859c99b45c', kind: 'ReplicaSet', status: '• ScaledDown', info: '' });
});

test('a delay left is normalised, a passed one is kept', () => {
  const left = parseGet(block('TestGetBlueGreenRolloutScaleDownDelay')).rows.find((r) => r.info.includes('delay'));
  assert.equal(left?.info, 'delay:<t>');
  const passed = parseGet(block('TestGetBlueGreenRolloutScaleDownDelayPassed')).rows.find((r) => r.info.includes('delay'));
  assert.equal(passed?.info, 'delay:passed');
});

test('compareGet agrees on the same text with other ages and column widths, and names a changed cell', () => {
  const text = block('TestGetCanaryRollout');
  const older = text.replace(/ 7d /g, ' 10d').replace(/ 7d\n/g, ' 10d\n');
  const capture = (plugin: string, ours: string) => ({ parsedPlugin: parseGet(plugin), parsedOurs: parseGet(ours) }) as Capture;
  assert.ok(compareGet(capture(text, older)).every((v) => v.agree));
  const changed = compareGet(capture(text, text.replace('ready:0/1', 'ready:1/1')));
  assert.deepEqual(
    changed.filter((v) => !v.agree).map((v) => v.field),
    ['tree: Pods'],
  );
});

test('normaliseWrite abstracts the twin name and the restart time and sorts body keys', () => {
  const w = { method: 'PATCH', path: '/apis/argoproj.io/v1alpha1/namespaces/ao-4/rollouts/twin-ours/status', contentType: 'application/merge-patch+json', body: '{"status":{"pauseConditions":null,"currentStepIndex":2}}' };
  assert.equal(normaliseWrite(w, 'twin-ours'), 'PATCH /apis/argoproj.io/v1alpha1/namespaces/ao-4/rollouts/NAME/status (application/merge-patch+json) {"status":{"currentStepIndex":2,"pauseConditions":null}}');
  const r = { ...w, path: '/apis/argoproj.io/v1alpha1/namespaces/ao-4/rollouts/twin-plugin', body: '{"spec":{"restartAt":"2026-12-03T08:33:59Z"}}' };
  assert.equal(normaliseWrite(r, 'twin-plugin'), 'PATCH /apis/argoproj.io/v1alpha1/namespaces/ao-4/rollouts/NAME (application/merge-patch+json) {"spec":{"restartAt":"<time>"}}');
});

test('outcomeOf reads what the actions write and what the controller answers', () => {
  const o = outcomeOf({
    spec: {
      paused: true,
      restartAt: '2026-12-03T08:33:59Z',
      template: {
        spec: {
          containers: [
            { name: 'app', image: 'app:v1' },
            { name: 'sidecar', image: 'proxy:2' },
          ],
        },
      },
    },
    status: { phase: 'Paused', message: 'manually paused', pauseConditions: [{ reason: 'CanaryPauseStep' }], controllerPause: true, currentStepIndex: 1, stableRS: 'a', currentPodHash: 'b' },
  });
  assert.deepEqual(o, {
    phase: 'Paused',
    message: 'manually paused',
    specPaused: true,
    restartAt: 'set',
    abort: false,
    promoteFull: false,
    pauseConditions: 'CanaryPauseStep',
    controllerPause: true,
    currentStepIndex: 1,
    fullyPromoted: false,
    restartedAt: 'unset',
    images: 'app=app:v1 sidecar=proxy:2',
  });
});
