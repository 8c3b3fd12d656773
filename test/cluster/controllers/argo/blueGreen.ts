/**
 * The blue-green strategy (upstream `rollout/bluegreen.go`, `rollout/service.go`):
 *
 * - a new template gets its ReplicaSet scaled to `previewReplicaCount` (default: replicas) and the
 *   preview selector (`status.blueGreen.previewSelector`) pointed at it;
 * - once it is available, with `autoPromotionEnabled: false` the rollout pauses with a BlueGreenPause
 *   pause condition and `controllerPause: true` until someone clears the pause conditions (promote);
 *   with `autoPromotionSeconds` it pauses the same way and promotes itself when the time passes;
 *   otherwise it promotes at once;
 * - promotion scales the new ReplicaSet to full, switches `activeSelector` and `stableRS` to it, and
 *   scales the previous active ReplicaSet down after `scaleDownDelaySeconds` (default 30), recorded
 *   as upstream does in the `scale-down-deadline` annotation (no prefix: v1alpha1.DefaultReplicaSetScaleDownDeadlineAnnotationKey);
 * - `status.abort` points the preview back at the active ReplicaSet and scales the new one down;
 *   `status.promoteFull` skips the pause.
 */
import type { KubeObject } from '../../store/objectStore';
import { GVR, rfc3339 } from '../kube';
import type { RolloutContext } from './rolloutController';
import { replicasOf } from './rolloutSpec';
import { hashOf } from './rolloutStatus';

const SCALE_DOWN_DEADLINE = 'scale-down-deadline';
const available = (rs: KubeObject | undefined): number => Number(rs?.status?.availableReplicas ?? 0);

export function reconcileBlueGreen(ctx: RolloutContext): void {
  const { ro, status, podHash } = ctx;
  const bg = ro.spec.strategy.blueGreen;
  const replicas = replicasOf(ro);
  status.blueGreen.activeSelector ??= status.stableRS;
  const active = ctx.allRS.find((rs) => hashOf(rs) === status.blueGreen.activeSelector);

  if (status.stableRS === podHash && status.blueGreen.activeSelector === podHash) {
    ctx.scale(ctx.newRS, replicas);
    if (bg.previewService) status.blueGreen.previewSelector = podHash;
    else delete status.blueGreen.previewSelector;
    if (!ro.spec?.paused) {
      delete status.pauseConditions;
      status.controllerPause = false;
    }
    delete status.promoteFull;
    scaleDownOld(ctx, Number(bg.scaleDownDelaySeconds ?? 30) * 1000);
    ctx.completeMessage = ctx.revision === 1 ? 'Initial deploy' : 'Completed blue-green update';
    return;
  }

  ctx.scale(active, replicas);
  for (const rs of ctx.allRS) if (rs !== active && hashOf(rs) !== podHash) scaleDownOld(ctx, Number(bg.scaleDownDelaySeconds ?? 30) * 1000, rs);

  if (status.abort) {
    status.abortedAt ??= rfc3339(ctx.now);
    ctx.scale(ctx.newRS, 0);
    if (bg.previewService) status.blueGreen.previewSelector = status.blueGreen.activeSelector;
    delete status.pauseConditions;
    status.controllerPause = false;
    return;
  }

  const full = !!status.promoteFull;
  const previewReplicas = full ? replicas : Number(bg.previewReplicaCount ?? replicas);
  ctx.scale(ctx.newRS, previewReplicas);
  if (bg.previewService) status.blueGreen.previewSelector = podHash;
  if (available(ctx.newRS) < previewReplicas) return;
  if (ro.spec?.paused && !full) return;

  const conds: any[] = status.pauseConditions ?? [];
  const cond = conds.find((c) => c.reason === 'BlueGreenPause');
  const autoSeconds = bg.autoPromotionSeconds !== undefined ? Number(bg.autoPromotionSeconds) : undefined;
  const waitsForPromotion = bg.autoPromotionEnabled === false || autoSeconds !== undefined;
  let promote = full || !waitsForPromotion;
  if (!promote) {
    if (!cond && status.controllerPause)
      promote = true; // pause condition cleared by promote
    else if (!cond) {
      status.pauseConditions = [...conds, { reason: 'BlueGreenPause', startTime: rfc3339(ctx.now) }];
      status.controllerPause = true;
      if (autoSeconds !== undefined && bg.autoPromotionEnabled !== false) ctx.requeueAfter(autoSeconds * 1000);
    } else if (autoSeconds !== undefined && bg.autoPromotionEnabled !== false) {
      const remaining = Date.parse(cond.startTime) + autoSeconds * 1000 - ctx.now.getTime();
      if (remaining <= 0) promote = true;
      else ctx.requeueAfter(remaining);
    }
  }
  if (!promote) return;
  if (previewReplicas < replicas) {
    ctx.scale(ctx.newRS, replicas);
    if (available(ctx.newRS) < replicas) return;
  }
  status.blueGreen.activeSelector = podHash;
  status.stableRS = podHash;
  delete status.pauseConditions;
  delete status.promoteFull;
  status.controllerPause = false;
  if (active) scaleDownOld(ctx, Number(bg.scaleDownDelaySeconds ?? 30) * 1000, active);
}

/** Scales a previously active ReplicaSet down once its scale-down deadline has passed. */
function scaleDownOld(ctx: RolloutContext, delayMs: number, only?: KubeObject): void {
  const targets = only ? [only] : ctx.allRS.filter((rs) => hashOf(rs) !== ctx.podHash);
  for (const rs of targets) {
    const current = ctx.store.get(GVR.replicaSets, rs.metadata.namespace, rs.metadata.name);
    if (!current || Number(current.spec?.replicas ?? 0) === 0) continue;
    const deadline = current.metadata.annotations?.[SCALE_DOWN_DEADLINE];
    if (!deadline) {
      ctx.store.update(GVR.replicaSets, {
        ...current,
        metadata: { ...current.metadata, annotations: { ...(current.metadata.annotations ?? {}), [SCALE_DOWN_DEADLINE]: rfc3339(new Date(ctx.now.getTime() + delayMs)) } },
      });
      ctx.requeueAfter(delayMs);
      continue;
    }
    const remaining = Date.parse(deadline) - ctx.now.getTime();
    if (remaining > 0) {
      ctx.requeueAfter(remaining);
      continue;
    }
    const fresh = ctx.store.get(GVR.replicaSets, rs.metadata.namespace, rs.metadata.name)!;
    const annotations = { ...(fresh.metadata.annotations ?? {}) };
    delete annotations[SCALE_DOWN_DEADLINE];
    ctx.store.update(GVR.replicaSets, { ...fresh, metadata: { ...fresh.metadata, annotations }, spec: { ...fresh.spec, replicas: 0 } });
  }
}
