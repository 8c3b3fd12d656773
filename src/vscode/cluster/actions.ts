/**
 * The rollout actions as commands: from the tree's context menu (the node), a code lens (a
 * WorkloadRef) or the palette (a quick pick of live rollouts/canaries). Every action follows the
 * same path, and nothing is retried blindly:
 *   1. read the object fresh from the API server (plans are built from current state, as upstream does);
 *   2. build the plan (core/actions); say so and stop when it would change nothing or is unavailable;
 *   3. check permissions (SelfSubjectAccessReview) and stop with the reason when denied;
 *   4. for spec changes on GitOps-managed objects, offer to edit the manifest instead;
 *   5. confirm (modal naming context, namespace, kind, name and what changes; typed name in production);
 *   6. send with progress; report what changed, or a short error with "Show Log".
 */
import * as vscode from 'vscode';
import { abortPlan, pausePlan, promoteFullPlan, promotePlan, restartPlan, resumePlan, retryPlan, rolloutTarget } from '../../core/actions/argo';
import { confirmationFor, isProductionContext } from '../../core/actions/confirm';
import { approvePlan, canaryTarget, closeGatePlan, rollbackPlan, skipAnalysisPlan, suspendPlan, type GatePlan } from '../../core/actions/flagger';
import { ACTION_TITLES, type ActionId, type ActionPlan } from '../../core/actions/plan';
import { parseGoDuration } from '../../core/util/goDuration';
import { workloadKey } from '../../core/tree/workloadKeys';
import type { ActionOutcome } from '../../k8s/index';
import type { SettingsStore } from '../config';
import { errorText } from '../../core/util/errors';
import type { Logger } from '../../core/util/logger';
import type { ClusterSession } from './clusterSession';
import type { WorkloadKind } from './clusterView';
import type { Confirmer } from './confirm';

export interface WorkloadRef {
  context: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

interface ActionSpec {
  id: ActionId;
  command: string;
  kinds: WorkloadKind[];
  /** Changes the spec (may be reverted by GitOps; can be done in the manifest instead). */
  specChange?: boolean;
  plan(obj: unknown, extra: { delay?: string }): ActionPlan | GatePlan;
}

export const ACTIONS: ActionSpec[] = [
  { id: 'promote', command: 'rolloutLens.promote', kinds: ['Rollout'], plan: (o) => promotePlan(o) },
  { id: 'promote-full', command: 'rolloutLens.promoteFull', kinds: ['Rollout'], plan: (o) => promoteFullPlan(o) },
  { id: 'abort', command: 'rolloutLens.abort', kinds: ['Rollout'], plan: (o) => abortPlan(o) },
  { id: 'retry', command: 'rolloutLens.retry', kinds: ['Rollout'], plan: (o) => retryPlan(o) },
  { id: 'pause', command: 'rolloutLens.pause', kinds: ['Rollout'], plan: (o) => pausePlan(o) },
  { id: 'resume', command: 'rolloutLens.resume', kinds: ['Rollout'], plan: (o) => resumePlan(o) },
  { id: 'restart', command: 'rolloutLens.restart', kinds: ['Rollout'], plan: (o, x) => restartPlan(o, new Date(), x.delay) },
  { id: 'approve', command: 'rolloutLens.approve', kinds: ['Canary'], plan: (o) => approvePlan(o) },
  { id: 'gate-close', command: 'rolloutLens.closeGate', kinds: ['Canary'], plan: (o) => closeGatePlan(o) },
  { id: 'rollback', command: 'rolloutLens.rollback', kinds: ['Canary'], plan: (o) => rollbackPlan(o) },
  { id: 'skip-analysis', command: 'rolloutLens.skipAnalysis', kinds: ['Canary'], specChange: true, plan: (o) => skipAnalysisPlan(o, true) },
  { id: 'suspend', command: 'rolloutLens.suspend', kinds: ['Canary'], specChange: true, plan: (o) => suspendPlan(o, true) },
  { id: 'unsuspend', command: 'rolloutLens.unsuspend', kinds: ['Canary'], specChange: true, plan: (o) => suspendPlan(o, false) },
];

export function actionSpec(id: string): ActionSpec | undefined {
  return ACTIONS.find((a) => a.id === id);
}

function isGatePlan(p: ActionPlan | GatePlan): p is GatePlan {
  return 'canary' in p;
}

export interface ActionDeps {
  session: ClusterSession;
  settings: SettingsStore;
  confirmer: Confirmer;
  log: Logger;
  showLog(): void;
  /** Opens the manifest and applies the same change there; resolves false when no manifest was found. */
  editManifestInstead(ref: WorkloadRef, path: string[], value: unknown): Promise<boolean>;
}

export class ActionRunner {
  constructor(private readonly deps: ActionDeps) {}

  /** Resolves a command argument (tree node, lens ref, nothing) to a workload, asking with a quick pick if needed. */
  async resolve(arg: unknown, spec: ActionSpec | undefined, title: string): Promise<WorkloadRef | undefined> {
    const a = arg as Partial<WorkloadRef> & { workloadKind?: WorkloadKind; kind?: string };
    if (a && typeof a === 'object' && a.context && a.namespace !== undefined && a.name) {
      const kind = (a.workloadKind ?? a.kind) as WorkloadKind;
      if (kind === 'Rollout' || kind === 'Canary') return { context: a.context, kind, namespace: a.namespace, name: a.name };
    }
    return pickWorkload(this.deps.session, spec, title);
  }

  async run(spec: ActionSpec, arg: unknown): Promise<void> {
    const { session, log } = this.deps;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Rollout Lens: cluster actions require a trusted workspace.');
      return;
    }
    session.ensureStarted();
    const title = ACTION_TITLES[spec.id];
    const ref = await this.resolve(arg, spec, title);
    if (!ref) return;
    if (!spec.kinds.includes(ref.kind)) {
      void vscode.window.showWarningMessage(`${title} applies to ${spec.kinds.join('/')} objects, not ${ref.kind} ${ref.namespace}/${ref.name}.`);
      return;
    }
    const where = `${ref.kind} ${ref.namespace}/${ref.name} in context ${ref.context}`;
    const executor = session.executor(ref.context);
    if (!executor) {
      void vscode.window.showErrorMessage(`Rollout Lens: context ${ref.context} is not in the kubeconfig.`);
      return;
    }
    let extra: { delay?: string } = {};
    if (spec.id === 'restart') {
      const delay = await askRestartDelay(where);
      if (delay === undefined) return;
      extra = { delay };
    }
    try {
      // 1-2: fresh object, then the plan.
      const live = session.anyModel(ref.context)?.get(workloadKey(ref.kind, ref.namespace, ref.name));
      const target = ref.kind === 'Rollout' ? rolloutTarget(live ?? { metadata: ref }) : canaryTarget(live ?? { metadata: ref });
      const obj = await executor.get(live ? target : { ...target, namespace: ref.namespace, name: ref.name });
      const plan = spec.plan(obj, extra);
      if (isGatePlan(plan)) {
        if (!plan.request) {
          void vscode.window.showInformationMessage(`${title} is not available for ${where}: ${plan.unavailable ?? 'no gate webhook'}`);
          return;
        }
      } else if (plan.noop) {
        void vscode.window.showInformationMessage(`Nothing to do for ${where}: ${plan.noop}`);
        return;
      }
      // 3: permissions.
      const perm = isGatePlan(plan) ? await gatePermitted(executor, plan) : await executor.permitted(plan);
      if (!perm.allowed) {
        log.warn(`${spec.id} ${where}: not permitted: ${perm.reason ?? 'RBAC denies it'}`);
        void vscode.window.showErrorMessage(`You may not ${title.toLowerCase()} ${where}: ${perm.reason ?? 'RBAC denies it'}.`);
        return;
      }
      // 4: GitOps-managed spec change → offer the manifest edit.
      if (!isGatePlan(plan) && spec.specChange && plan.warning && plan.manifestEdit) {
        const patch = 'Patch the cluster anyway';
        const edit = 'Change the manifest instead';
        const test = this.deps.confirmer.testAnswer;
        const choice = test ? (test === 'accept' ? patch : undefined) : await vscode.window.showWarningMessage(`${title} ${where}?`, { modal: true, detail: `${plan.warning}\n\n${plan.describe}` }, edit, patch);
        if (choice === edit) {
          if (!(await this.deps.editManifestInstead(ref, plan.manifestEdit.path, plan.manifestEdit.value))) {
            void vscode.window.showWarningMessage(`No manifest for ${ref.kind} ${ref.namespace}/${ref.name} was found in the workspace.`);
          }
          return;
        }
        if (choice !== patch) return;
      }
      // 5: confirmation.
      const s = this.deps.settings.current.cluster;
      const production = isProductionContext(ref.context, s.productionContexts);
      const confirmation = confirmationFor(plan, { context: ref.context, productionPatterns: s.productionContexts });
      if (!(await this.deps.confirmer.confirm(confirmation, title, { production, skipNonProduction: s.skipConfirmationForNonProduction }))) {
        log.info(`${spec.id} ${where}: cancelled by the user`);
        return;
      }
      // 6: send.
      const outcome: ActionOutcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `${title} ${where}…`, cancellable: false },
        () => (isGatePlan(plan) ? executor.runGate(plan) : executor.execute(plan)),
      );
      this.report(title, where, outcome);
    } catch (err) {
      const e = err as { kind?: string; message?: string; detail?: string };
      log.error(`${spec.id} ${where} failed: ${e.detail ?? errorText(err)}`);
      this.showError(`${title} ${where} failed: ${e.message ?? String(err)}`);
    }
  }

  private report(title: string, where: string, outcome: ActionOutcome): void {
    if (outcome.ok) {
      const msg = outcome.noop ? `Nothing to do for ${where}: ${outcome.noop}` : `${title} ${where}: ${outcome.changed}`;
      void vscode.window.showInformationMessage(msg);
      return;
    }
    this.showError(outcome.message ?? `${title} ${where} failed.`);
  }

  private showError(message: string): void {
    void vscode.window.showErrorMessage(message, 'Show Log').then((a) => {
      if (a) this.deps.showLog();
    });
  }
}

type Executor = NonNullable<ReturnType<ClusterSession['executor']>>;

/** The service proxy needs `create services/proxy` on each loadtester service; the executor checks them all. */
export function gatePermitted(executor: Executor, plan: GatePlan): Promise<{ allowed: boolean; reason?: string }> {
  return executor.gatePermitted(plan);
}

async function askRestartDelay(where: string): Promise<string | undefined> {
  const now = { label: 'Restart now', delay: '' };
  const later = { label: 'Restart after a delay…', delay: 'ask' };
  const pick = await vscode.window.showQuickPick([now, later], { title: `Restart ${where}` });
  if (!pick) return undefined;
  if (pick.delay === '') return '';
  return vscode.window.showInputBox({
    title: `Restart ${where} after`,
    prompt: 'A Go duration, e.g. 30s, 5m, 1h30m',
    validateInput: (v) => {
      try {
        return parseGoDuration(v.trim()) > 0 ? undefined : 'Use a positive duration';
      } catch (e) {
        return (e as Error).message;
      }
    },
  }).then((v) => v?.trim());
}

interface WorkloadPick extends vscode.QuickPickItem {
  ref: WorkloadRef;
  unavailable?: string;
}

/** The palette's quick pick: live workloads of the action's kinds across the watched contexts. */
export async function pickWorkload(session: ClusterSession, spec: ActionSpec | undefined, title: string): Promise<WorkloadRef | undefined> {
  session.ensureStarted();
  const items: WorkloadPick[] = [];
  for (const context of session.watchedContexts()) {
    const model = session.model(context);
    if (!model) continue;
    for (const [kind, objs] of [['Rollout', model.rollouts()], ['Canary', model.canaries()]] as const) {
      if (spec && !spec.kinds.includes(kind)) continue;
      for (const o of objs) {
        const name = o?.metadata?.name;
        const namespace = o?.metadata?.namespace ?? '';
        if (!name) continue;
        const s = session.summary(kind, o);
        const reason = spec ? s.unavailableActions.find((u) => u.action === spec.id)?.reason : undefined;
        items.push({
          label: `${reason ? '$(circle-slash) ' : ''}${name}`,
          description: `${kind} · ${context}/${namespace}`,
          detail: reason ? `${s.description} — not available: ${reason}` : s.description,
          ref: { context, kind, namespace, name },
          unavailable: reason,
        });
      }
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`Rollout Lens: no live ${spec ? spec.kinds.join(' or ').toLowerCase() : 'rollouts or canaries'} in the watched contexts.`);
    return undefined;
  }
  items.sort((a, b) => Number(!!a.unavailable) - Number(!!b.unavailable) || a.label.localeCompare(b.label));
  const pick = await vscode.window.showQuickPick(items, { title: `Rollout Lens: ${title}`, placeHolder: 'Pick the object', matchOnDescription: true, matchOnDetail: true });
  if (!pick) return undefined;
  if (pick.unavailable) {
    void vscode.window.showInformationMessage(`${title} is not available for ${pick.ref.kind} ${pick.ref.namespace}/${pick.ref.name}: ${pick.unavailable}`);
    return undefined;
  }
  return pick.ref;
}
