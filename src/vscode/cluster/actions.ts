/**
 * The actions as VS Code commands, one per catalogue entry (src/core/actions/catalogue.ts), invoked from
 * the tree's context menu (the node), a code lens or the details panel (an `ActionRef`-shaped argument),
 * or the palette (a quick pick). Every command runs the action flow the CLI runs
 * (src/core/actions/flow.ts: fresh object → arguments → plan → permission → GitOps → confirm → send);
 * this module supplies only the editor's way to ask (quick picks, modals, the Confirmer) and to print
 * (notifications, "Show Log").
 *
 * Command argument: `{ context, kind, namespace, name }` (`kind` Rollout, Canary, AnalysisRun or
 * Experiment; a tree node's `workloadKind` is read too), plus `delay` (restart: a Go duration, '' for
 * now), `revision` (undo: the revision number, 0 for the previous one) or `container` and `image` (set
 * image; `container` `*` for every container); what is missing is asked for.
 */
import * as vscode from 'vscode';
import { ACTIONS, KIND_RESOURCES, type ActionArgs, type ActionDef, type ActionInput, type ActionKind } from '../../core/actions/catalogue';
import type { GatePlan } from '../../core/actions/flagger';
import { actionRefFromArgument, runActionFlow, whereOf, type ActionAsk, type ActionRef, type FlowResult } from '../../core/actions/flow';
import type { ActionId, ManifestPath } from '../../core/actions/plan';
import { rolloutRevisions } from '../../core/actions/undo';
import { imageProblem, templateContainers } from '../../core/actions/setImage';
import { asArray, asObject, asString, metadataOf } from '../../core/util/json';
import { parseGoDuration } from '../../core/util/goDuration';
import type { SettingsStore } from '../config';
import { errorMessage, errorText } from '../../core/util/errors';
import type { Logger } from '../../core/util/logger';
import type { ClusterSession } from './clusterSession';
import type { WorkloadKind } from '../../core/kinds';
import type { Confirmer } from './confirm';

export interface WorkloadRef {
  context: string;
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

export { ACTIONS };

export function actionSpec(id: ActionId): ActionDef | undefined {
  return ACTIONS.find((a) => a.id === id);
}

export interface ActionDeps {
  session: ClusterSession;
  settings: SettingsStore;
  confirmer: Confirmer;
  log: Logger;
  showLog(): void;
  /** Opens the manifest and applies the same change there; resolves false when no manifest was found. */
  editManifestInstead(ref: WorkloadRef, path: ManifestPath, value: unknown): Promise<boolean>;
}

/** A command argument as a target and its arguments (see `actionRefFromArgument`). */
export const refFromArgument = actionRefFromArgument;

export class ActionRunner {
  constructor(private readonly deps: ActionDeps) {}

  /** Resolves a command argument (tree node, lens ref, nothing) to a workload, asking with a quick pick if needed. */
  async resolve(arg: unknown, spec: ActionDef | undefined, title: string): Promise<WorkloadRef | undefined> {
    const ref = refFromArgument(arg);
    if (ref && (ref.kind === 'Rollout' || ref.kind === 'Canary')) return { context: ref.context, kind: ref.kind, namespace: ref.namespace, name: ref.name };
    return pickWorkload(this.deps.session, spec, title);
  }

  async run(def: ActionDef, arg: unknown): Promise<void> {
    const { session, log } = this.deps;
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Rollout Lens: cluster actions require a trusted workspace.');
      return;
    }
    session.ensureStarted();
    const ref: (ActionRef & ActionArgs) | undefined = refFromArgument(arg) ?? (await this.pickTarget(def));
    if (!ref) return;
    const where = whereOf(ref);
    const executor = session.executor(ref.context);
    if (!executor) {
      void vscode.window.showErrorMessage(`Rollout Lens: context ${ref.context} is not in the kubeconfig.`);
      return;
    }
    const s = this.deps.settings.current.cluster;
    const ask: ActionAsk = {
      args: (d, input) => (d.asks ? ASKERS[d.asks](where, input) : Promise.resolve({})),
      gitOps: async (plan) => {
        if (!plan.manifestEdit) return 'patch';
        const patch = 'Patch the cluster anyway';
        const edit = 'Change the manifest instead';
        const choice = await this.deps.confirmer.choose(`${def.title} ${where}?`, `${plan.warning}\n\n${plan.describe}`, [edit, patch], patch);
        return choice === edit ? 'manifest' : choice === patch ? 'patch' : 'cancel';
      },
      confirm: (_plan, confirmation) => this.deps.confirmer.confirm(confirmation, def.title),
      sending: (_plan, send) => Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${def.title} ${where}…`, cancellable: false }, send)),
      reviewFailed: (e) => log.warn(`${def.id} ${where}: could not check permissions: ${e.detail}`),
    };
    let r: FlowResult;
    try {
      r = await runActionFlow(def.id, ref, executor, ask, {
        args: { delay: ref.delay, revision: ref.revision, container: ref.container, image: ref.image },
        productionPatterns: s.productionContexts,
        skipConfirmationForNonProduction: s.skipConfirmationForNonProduction,
      });
    } catch (err) {
      log.error(`${def.id} ${where} failed: ${errorText(err)}`);
      this.showError(`${def.title} ${where} failed: ${errorMessage(err)}`);
      return;
    }
    await this.report(r, ref);
  }

  private async report(r: FlowResult, ref: ActionRef): Promise<void> {
    const { def, where } = r;
    const { log } = this.deps;
    switch (r.status) {
      case 'done':
        void vscode.window.showInformationMessage(r.outcome.noop ? `Nothing to do for ${where}: ${r.outcome.noop}` : `${def.title} ${where}: ${r.outcome.changed}`);
        return;
      case 'nothing':
        void vscode.window.showInformationMessage(`Nothing to do for ${where}: ${r.message}`);
        return;
      case 'unavailable':
        void vscode.window.showInformationMessage(`${def.title} is not available for ${where}: ${r.message}`);
        return;
      case 'invalid':
        void vscode.window.showWarningMessage(r.message);
        return;
      case 'denied':
        log.warn(`${def.id} ${where}: not permitted: ${r.reason}`);
        void vscode.window.showErrorMessage(`You may not ${def.title.toLowerCase()} ${where}: ${r.reason}.`);
        return;
      case 'cancelled':
        log.info(`${def.id} ${where}: cancelled by the user`);
        return;
      case 'manifest': {
        const edit = r.plan.manifestEdit;
        if (!edit || (ref.kind !== 'Rollout' && ref.kind !== 'Canary')) return;
        if (!(await this.deps.editManifestInstead({ context: ref.context, kind: ref.kind, namespace: ref.namespace, name: ref.name }, edit.path, edit.value))) {
          void vscode.window.showWarningMessage(`No manifest for ${ref.kind} ${ref.namespace}/${ref.name} was found in the workspace.`);
        }
        return;
      }
      case 'notFound':
      case 'failed':
        log.error(`${def.id} ${where} failed: ${'detail' in r && r.detail ? r.detail : r.message}`);
        this.showError(r.status === 'failed' && r.plan ? r.message : `${def.title} ${where} failed: ${r.message}`);
        return;
    }
  }

  /** The palette: a live Rollout or Canary; for terminate and retry-experiment, then one of its runs. */
  private async pickTarget(def: ActionDef): Promise<ActionRef | undefined> {
    const runKinds = def.kinds.filter((k): k is 'AnalysisRun' | 'Experiment' => k === 'AnalysisRun' || k === 'Experiment');
    if (runKinds.length === 0) return pickWorkload(this.deps.session, def, def.title);
    const rollout = await pickWorkload(this.deps.session, { kinds: ['Rollout'] }, `${def.title}: the rollout whose run to pick`);
    if (!rollout) return undefined;
    return pickRun(this.deps.session, rollout, runKinds, def.title);
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

/** How the editor asks for each kind of argument a catalogue entry `asks` for (a new kind needs one here). */
const ASKERS: Record<NonNullable<ActionDef['asks']>, (where: string, input: ActionInput) => Promise<ActionArgs | undefined>> = {
  delay: (where) => askRestartDelay(where),
  revision: (where, input) => askRevision(where, input.obj, input.replicaSets ?? []),
  image: (where, input) => askContainerImage(where, input),
};

async function askRestartDelay(where: string): Promise<ActionArgs | undefined> {
  const now = { label: 'Restart now', delay: '' };
  const later = { label: 'Restart after a delay…', delay: 'ask' };
  const pick = await vscode.window.showQuickPick([now, later], { title: `Restart ${where}` });
  if (!pick) return undefined;
  if (pick.delay === '') return { delay: '' };
  const delay = await vscode.window.showInputBox({
    title: `Restart ${where} after`,
    prompt: 'A Go duration, e.g. 30s, 5m, 1h30m',
    validateInput: (v) => {
      try {
        return parseGoDuration(v.trim()) > 0 ? undefined : 'Use a positive duration';
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  return delay === undefined ? undefined : { delay: delay.trim() };
}

/** Undo: the revisions in the rollout's history, the previous one first (upstream's default). */
async function askRevision(where: string, rollout: unknown, replicaSets: readonly unknown[]): Promise<ActionArgs | undefined> {
  const history = rolloutRevisions(rollout, replicaSets);
  // No earlier revision: let the plan say so.
  if (history.length < 2) return { revision: 0 };
  const items = history.slice(1).map((r) => ({ label: `Revision ${r.revision}`, description: r.images.join(', '), detail: `ReplicaSet ${r.replicaSet}${r.created ? ` · created ${r.created}` : ''}`, revision: r.revision }));
  const pick = await vscode.window.showQuickPick(items, { title: `Undo ${where}: go back to`, placeHolder: `Current: revision ${history[0].revision} (${history[0].images.join(', ')})` });
  return pick ? { revision: pick.revision } : undefined;
}

/**
 * Set image: the container (each of the template's, the workloadRef's Deployment's for such a rollout, or
 * `*` for all of them) unless the caller named one, then the image, prefilled with the current one.
 */
async function askContainerImage(where: string, input: ActionInput): Promise<ActionArgs | undefined> {
  const containers = templateContainers(input.workload ?? input.obj);
  // No containers: let the plan say so.
  if (containers.length === 0) return { container: input.container ?? '*', image: input.image ?? '' };
  let container = input.container;
  if (container === undefined) {
    const items: (vscode.QuickPickItem & { container: string })[] = containers.map((c) => ({ label: c.name, description: c.image ?? '(no image)', detail: c.list === 'containers' ? undefined : c.list, container: c.name }));
    if (containers.length > 1) items.push({ label: '*', description: 'every container', detail: containers.map((c) => c.name).join(', '), container: '*' });
    const pick = await vscode.window.showQuickPick(items, { title: `Set image of ${where}: which container` });
    if (!pick) return undefined;
    container = pick.container;
  }
  const current = containers.find((c) => container === '*' || c.name === container)?.image ?? '';
  const image = await vscode.window.showInputBox({
    title: `Set image of ${where}: ${container === '*' ? 'every container' : `container ${container}`}`,
    prompt: '[registry/]name[:tag][@digest]',
    value: input.image ?? current,
    validateInput: (v) => {
      const problem = imageProblem(v.trim());
      return problem ? `${problem.charAt(0).toUpperCase()}${problem.slice(1)}` : v.trim() === current && container !== '*' ? { message: `${container} already runs ${current}`, severity: vscode.InputBoxValidationSeverity.Info } : undefined;
    },
  });
  return image === undefined ? undefined : { container, image: image.trim() };
}

/** The AnalysisRuns and Experiments a rollout owns, running ones first. */
async function pickRun(session: ClusterSession, rollout: WorkloadRef, kinds: ('AnalysisRun' | 'Experiment')[], title: string): Promise<ActionRef | undefined> {
  const executor = session.executor(rollout.context);
  if (!executor) return undefined;
  const items: (vscode.QuickPickItem & { ref: ActionRef; done: boolean })[] = [];
  try {
    const owner = metadataOf(await executor.get({ ...KIND_RESOURCES.Rollout, namespace: rollout.namespace, name: rollout.name })).uid;
    for (const kind of kinds) {
      for (const o of await executor.list(KIND_RESOURCES[kind], rollout.namespace)) {
        const m = metadataOf(o);
        if (!m.ownerUids.includes(owner)) continue;
        const phase = asString(asObject(asObject(o).status).phase) || 'Pending';
        const done = ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(phase);
        const metrics = asArray(asObject(asObject(o).spec).metrics).length;
        items.push({
          label: m.name,
          description: `${kind} · ${phase}`,
          detail: kind === 'AnalysisRun' ? `${metrics} metric${metrics === 1 ? '' : 's'}` : undefined,
          ref: { context: rollout.context, kind, namespace: rollout.namespace, name: m.name },
          done,
        });
      }
    }
  } catch (err) {
    void vscode.window.showErrorMessage(`Rollout Lens: could not list the runs of ${rollout.kind} ${rollout.namespace}/${rollout.name}: ${errorMessage(err)}`);
    return undefined;
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`${rollout.kind} ${rollout.namespace}/${rollout.name} has no ${kinds.join(' or ')}.`);
    return undefined;
  }
  items.sort((a, b) => Number(a.done) - Number(b.done) || a.label.localeCompare(b.label));
  const pick = await vscode.window.showQuickPick(items, { title: `Rollout Lens: ${title}`, placeHolder: 'Pick the run', matchOnDescription: true });
  return pick?.ref;
}

interface WorkloadPick extends vscode.QuickPickItem {
  ref: WorkloadRef;
  unavailable?: string;
}

/** The palette's quick pick: live workloads of the action's kinds across the watched contexts. */
export async function pickWorkload(session: ClusterSession, spec: { kinds: readonly ActionKind[]; id?: ActionId } | undefined, title: string): Promise<WorkloadRef | undefined> {
  session.ensureStarted();
  const items: WorkloadPick[] = [];
  for (const context of session.watchedContexts()) {
    const model = session.model(context);
    if (!model) continue;
    for (const [kind, objs] of [
      ['Rollout', model.rollouts()],
      ['Canary', model.canaries()],
    ] as const) {
      if (spec && !spec.kinds.includes(kind)) continue;
      for (const o of objs) {
        const name = o.metadata?.name;
        const namespace = o.metadata?.namespace ?? '';
        if (!name) continue;
        const s = session.summary(kind, o);
        const reason = spec?.id ? s.unavailableActions.find((u) => u.action === spec.id)?.reason : undefined;
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
