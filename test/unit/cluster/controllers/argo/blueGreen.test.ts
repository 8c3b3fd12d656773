/** Blue-green transitions of the simulated Argo Rollouts controller. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GVR } from '../../../../cluster/controllers/index';
import { canaryRollout, harness, setImage, type Harness } from '../harness';

function blueGreen(h: Harness, bg: Record<string, unknown>) {
  const ro = canaryRollout('pay', 'payments', []);
  ro.spec.replicas = 3;
  ro.spec.strategy = { blueGreen: { activeService: 'pay-active', previewService: 'pay-preview', ...bg } };
  h.store.create(GVR.rollouts, ro);
  h.until('revision 1 healthy', () => h.rollout('payments', 'pay').status?.phase === 'Healthy');
  setImage(h, GVR.rollouts, 'payments', 'pay', 'argoproj/rollouts-demo:green');
}

const rs = (h: Harness, hash: string) => h.store.get(GVR.replicaSets, 'payments', `pay-${hash}`)!;

test('blue/green awaiting promotion → promote → active switches, old active scaled down after the delay', () => {
  const h = harness();
  blueGreen(h, { autoPromotionEnabled: false });
  h.until('paused for promotion', () => h.rollout('payments', 'pay').status?.phase === 'Paused');
  let s = h.rollout('payments', 'pay').status;
  const oldHash = s.stableRS;
  assert.equal(s.message, 'BlueGreenPause');
  assert.equal(s.pauseConditions[0].reason, 'BlueGreenPause');
  assert.equal(s.controllerPause, true);
  assert.equal(s.blueGreen.activeSelector, oldHash);
  assert.equal(s.blueGreen.previewSelector, s.currentPodHash);
  assert.equal(s.selector, `app=pay,rollouts-pod-template-hash=${oldHash}`);
  assert.equal(rs(h, s.currentPodHash).status.availableReplicas, 3);
  assert.equal(s.replicas, 6);
  assert.equal(s.updatedReplicas, 3);
  assert.equal(s.availableReplicas, 3, 'availability counts the active ReplicaSet');
  assert.equal(s.HPAReplicas, 3);
  assert.equal(s.currentStepHash, undefined);

  // kubectl argo rollouts promote: pause conditions present → {"status":{"pauseConditions":null}}.
  h.patch(GVR.rollouts, 'payments', 'pay', { status: { pauseConditions: null } }, 'status');
  h.run(0);
  s = h.rollout('payments', 'pay').status;
  assert.equal(s.blueGreen.activeSelector, s.currentPodHash);
  assert.equal(s.stableRS, s.currentPodHash);
  assert.equal(s.controllerPause, undefined, 'omitempty: false is not written');
  assert.equal(s.phase, 'Healthy');
  assert.ok(rs(h, oldHash).metadata.annotations?.['scale-down-deadline'], 'old active gets a scale-down deadline');
  assert.equal(rs(h, oldHash).spec.replicas, 3, 'still up during scaleDownDelaySeconds');
  h.run(29_000);
  assert.equal(rs(h, oldHash).spec.replicas, 3);
  h.until('old active scaled down', () => rs(h, oldHash).spec.replicas === 0, 5000);
  assert.equal(h.rollout('payments', 'pay').status.selector, `app=pay,rollouts-pod-template-hash=${s.currentPodHash}`);
  h.stop();
});

test('autoPromotionSeconds pauses and then promotes by itself', () => {
  const h = harness();
  blueGreen(h, { autoPromotionSeconds: 20 });
  h.until('paused', () => h.rollout('payments', 'pay').status?.phase === 'Paused');
  h.run(10_000);
  assert.equal(h.rollout('payments', 'pay').status.phase, 'Paused');
  h.until('promoted', () => h.rollout('payments', 'pay').status?.phase === 'Healthy', 15_000);
  const s = h.rollout('payments', 'pay').status;
  assert.equal(s.blueGreen.activeSelector, s.currentPodHash);
  h.stop();
});

test('default blue/green promotes as soon as the preview is available', () => {
  const h = harness();
  blueGreen(h, {});
  h.until('promoted', () => {
    const s = h.rollout('payments', 'pay').status;
    return s?.phase === 'Healthy' && s.blueGreen.activeSelector === s.currentPodHash;
  });
  h.stop();
});

test('blue/green abort: Degraded, preview back on the active, new ReplicaSet scaled down', () => {
  const h = harness();
  blueGreen(h, { autoPromotionEnabled: false });
  h.until('paused', () => h.rollout('payments', 'pay').status?.phase === 'Paused');
  const before = h.rollout('payments', 'pay').status;
  h.patch(GVR.rollouts, 'payments', 'pay', { status: { abort: true } }, 'status');
  h.run(0);
  const s = h.rollout('payments', 'pay').status;
  assert.equal(s.phase, 'Degraded');
  assert.equal(s.message, 'RolloutAborted: Rollout aborted update to revision 2');
  assert.equal(s.blueGreen.previewSelector, before.stableRS);
  assert.equal(rs(h, before.currentPodHash).spec.replicas, 0);
  h.stop();
});

test('promote --full on a blue/green skips the pause', () => {
  const h = harness();
  blueGreen(h, { autoPromotionEnabled: false, previewReplicaCount: 1 });
  h.until('paused', () => h.rollout('payments', 'pay').status?.phase === 'Paused');
  h.patch(GVR.rollouts, 'payments', 'pay', { status: { promoteFull: true } }, 'status');
  h.until('promoted', () => h.rollout('payments', 'pay').status?.phase === 'Healthy');
  const s = h.rollout('payments', 'pay').status;
  assert.equal(s.blueGreen.activeSelector, s.currentPodHash);
  assert.equal(rs(h, s.currentPodHash).spec.replicas, 3, 'scaled from previewReplicaCount to full');
  h.stop();
});
