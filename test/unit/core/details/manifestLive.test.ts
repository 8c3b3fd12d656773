import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareWithLive, stepDecorations, stepLabel } from '../../../../src/core/details/manifestLive';
import { parseManifestFile } from '../../../../src/core/manifest/manifestFile';

const NOW = new Date('2026-03-01T12:00:00Z');

const FILE = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: checkout
spec:
  template:
    spec:
      containers:
        - name: app
          image: shop/app:v2
  strategy:
    canary:
      steps:
        - setWeight: 20
        - pause: {}
        - setWeight: 50
        - pause: { duration: 1m }
`;

const STEPS = [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '1m' } }];

function live(image: string, status: Record<string, unknown>, steps: unknown[] = STEPS) {
  return {
    metadata: { name: 'checkout', namespace: 'payments', uid: 'ro', generation: 2, annotations: { 'rollout.argoproj.io/revision': '2' } },
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image }] } }, strategy: { canary: { steps } } },
    status: { observedGeneration: '2', ...status },
  };
}

const rs = (hash: string, image: string, replicas: number, revision: string) => ({
  metadata: { name: `checkout-${hash}`, uid: `rs-${hash}`, generation: 1, labels: { 'rollouts-pod-template-hash': hash }, annotations: { 'rollout.argoproj.io/revision': revision }, ownerReferences: [{ uid: 'ro' }] },
  spec: { replicas, template: { spec: { containers: [{ name: 'app', image }] } } },
  status: { replicas, availableReplicas: replicas, observedGeneration: 1 },
});

const PAUSED = { currentStepIndex: 1, phase: 'Paused', message: 'CanaryPauseStep', controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-03-01T11:57:00Z' }], stableRS: 'aaa', currentPodHash: 'bbb' };
const RELATED = { replicaSets: [rs('aaa', 'shop/app:v1', 2, '1'), rs('bbb', 'shop/app:v2', 1, '2')] };

describe('the manifest shows where its rollout is', () => {
  const md = parseManifestFile(FILE).documents[0];

  it('decorates done, current (with what it is doing) and pending steps at their items', () => {
    const decos = stepDecorations(md, live('shop/app:v2', PAUSED), NOW);
    assert.deepEqual(
      decos.map((d) => [d.index, d.state, d.label]),
      [
        [0, 'done', ''],
        [1, 'current', '◀ paused here · 3m'],
        [2, 'pending', ''],
        [3, 'pending', ''],
      ],
    );
    assert.equal(FILE.slice(decos[1].start, decos[1].end), 'pause: {}');
    assert.equal(FILE.slice(decos[3].start, decos[3].end), 'pause: { duration: 1m }');
  });

  it('a timed pause counts down; live steps that differ from the file are called out', () => {
    const timed = { ...PAUSED, currentStepIndex: 3, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-03-01T11:59:18Z' }] };
    assert.equal(stepDecorations(md, live('shop/app:v2', timed), NOW)[3].label, '◀ paused here · resumes in 18s');
    const other = stepDecorations(md, live('shop/app:v2', PAUSED, [{ setWeight: 10 }, { pause: {} }]), NOW);
    assert.equal(other[1].label, '◀ paused here · 3m (live steps differ from this file)');
  });

  it('no decorations without steps or live progress', () => {
    const bg = parseManifestFile(FILE.replace(/ {2}strategy:[\s\S]*$/, '  strategy:\n    blueGreen: { activeService: a }\n')).documents[0];
    assert.deepEqual(stepDecorations(bg, live('shop/app:v2', PAUSED), NOW), []);
    assert.deepEqual(stepDecorations(md, live('shop/app:v2', {}, []), NOW), []);
  });

  it('labels', () => {
    assert.deepEqual([stepLabel('waiting for promotion'), stepLabel('analysis running'), stepLabel('resuming')], ['◀ paused here', '◀ analysis running', '◀ paused here · resuming']);
  });

  it("compares the file's images with live: the canary runs it, the stable runs it, or it differs", () => {
    assert.deepEqual(compareWithLive(md.value, live('shop/app:v2', PAUSED), RELATED, NOW), { state: 'canary', text: 'live canary runs this file' });
    const older = parseManifestFile(FILE.replace('shop/app:v2', 'shop/app:v1')).documents[0];
    assert.deepEqual(compareWithLive(older.value, live('shop/app:v2', PAUSED), RELATED, NOW), { state: 'stable', text: 'live stable runs this file; the cluster is rolling out shop/app:v2' });
    const newer = parseManifestFile(FILE.replace('shop/app:v2', 'shop/app:v3')).documents[0];
    assert.deepEqual(compareWithLive(newer.value, live('shop/app:v2', PAUSED), RELATED, NOW), { state: 'differs', text: 'differs from live: image shop/app:v3 here, shop/app:v2 live' });
    const healthy = { stableRS: 'bbb', currentPodHash: 'bbb', phase: 'Healthy', currentStepIndex: 4 };
    assert.deepEqual(compareWithLive(md.value, live('shop/app:v2', healthy), { replicaSets: [rs('bbb', 'shop/app:v2', 2, '2')] }, NOW), { state: 'same', text: 'live stable runs this file' });
  });

  it('blue-green speaks of active and preview; a workloadRef is not compared', () => {
    const ro = live('shop/app:v2', { stableRS: 'aaa', currentPodHash: 'bbb', blueGreen: { activeSelector: 'aaa', previewSelector: 'bbb' } });
    (ro.spec as Record<string, unknown>).strategy = { blueGreen: { activeService: 'a', previewService: 'p' } };
    assert.deepEqual(compareWithLive(md.value, ro, RELATED, NOW), { state: 'canary', text: 'live preview runs this file' });
    assert.equal(compareWithLive({ spec: { workloadRef: { name: 'x' } } }, ro, RELATED, NOW).state, 'unknown');
  });
});
