/**
 * Every cluster action, once: its id, engine, the kinds it acts on, title, plan builder, whether it changes
 * the spec, its VS Code command and, when it has one, its `rollout-lens` subcommand with flags and help.
 * The editor commands, the tree's context values, the CLI and the summaries' availability all read this
 * table; nothing else lists the actions.
 *
 * The order is the order summaries list the actions in (and `rollout-lens --help` lists the commands in).
 */
import { abortPlan, pausePlan, promoteFullPlan, promotePlan, restartPlan, resumePlan, retryExperimentPlan, retryPlan, terminatePlan } from './argo';
import { approvePlan, closeGatePlan, rollbackPlan, skipAnalysisPlan, suspendPlan, type GatePlan } from './flagger';
import { ActionError, type ActionId, type ActionPlan, type ResourceTarget } from './plan';
import { undoPlan } from './undo';
import { parseContainerImage, setImagePlan } from './setImage';
import { asBool, asObject } from '../util/json';
import { rolloutSpec } from '../status/argoPhase';
import { resourceOf, type WorkloadKind } from '../kinds';

export type ActionEngine = 'argo' | 'flagger';

/** The kinds actions act on. */
export type ActionKind = WorkloadKind | 'AnalysisRun' | 'Experiment';

export const KIND_RESOURCES: Readonly<Record<ActionKind, Omit<ResourceTarget, 'namespace' | 'name'>>> = {
  Rollout: resourceOf('Rollout'),
  Canary: resourceOf('Canary'),
  AnalysisRun: resourceOf('AnalysisRun'),
  Experiment: resourceOf('Experiment'),
};

export function targetOf(kind: ActionKind, namespace: string, name: string): ResourceTarget {
  return { ...KIND_RESOURCES[kind], namespace, name };
}

/** What a caller may pass, or is asked for: restart's delay, undo's revision. */
export interface ActionArgs {
  /** restart: a Go duration ("" or undefined: now). */
  delay?: string;
  /** undo: the revision to go back to (0 or undefined: the previous one). */
  revision?: number;
  /** set image: the container's name, or `*` for every container. */
  container?: string;
  /** set image: the image to set. */
  image?: string;
}

/** Everything a plan builder reads: the object read fresh, the time, the arguments and related objects. */
export interface ActionInput extends ActionArgs {
  kind: ActionKind;
  obj: unknown;
  now: Date;
  /** undo: the ReplicaSets of the rollout's namespace (its history). */
  replicaSets?: readonly unknown[];
  /** set image: the Deployment of the rollout's `spec.workloadRef`, read fresh (undefined: none, or not found). */
  workload?: unknown;
}

export interface CliFlag {
  name: string;
  alias?: string;
  takesValue: boolean;
  /** The value's placeholder in `--help` ("DURATION"). */
  value?: string;
  /** The line `--help` prints. */
  help: string;
}

export interface CliEntry {
  /** The subcommand: `rollout-lens <name> …`. */
  name: string;
  summary: string;
  flags: readonly CliFlag[];
  /** Past tense for the result line ("Promoted Rollout shop/web in context dev: …"). */
  done: string;
  /**
   * For actions on several kinds, the word before the name (`terminate analysisrun NAME`), as upstream
   * spells it and its aliases.
   */
  kindWords?: Readonly<Record<string, ActionKind>>;
  /** The command's flags as the action's arguments and id; a string is a usage error. */
  args?(flags: Readonly<Record<string, string | boolean>>): { args?: ActionArgs; action?: ActionId } | string;
  /** The word after the command, as upstream spells it: `set image NAME …`. */
  word?: string;
  /** One positional after the name (`CONTAINER=IMAGE`): its placeholder and its parse; a string is a usage error. */
  operand?: { value: string; parse(text: string): ActionArgs | string };
}

export interface ActionDef {
  id: ActionId;
  engine: ActionEngine;
  kinds: readonly ActionKind[];
  /** Also the button, menu and confirmation word. */
  title: string;
  /** The VS Code command; its argument is an `ActionRef` (see src/core/actions/flow.ts). */
  command: string;
  /** Changes the spec: GitOps may revert it, and it can be done in the manifest instead. */
  specChange: boolean;
  /** Related objects the plan needs beyond the object itself (workload: the Deployment of `spec.workloadRef`). */
  needs?: 'replicaSets' | 'workload';
  /** Arguments the user is asked for when the caller passes none (image: the container and the image). */
  asks?: 'delay' | 'revision' | 'image';
  plan(input: ActionInput): ActionPlan | GatePlan;
  /**
   * Whether summaries list the action (available, or unavailable with the reason). Undo needs the history and
   * a chosen revision, set image a container and an image, terminate acts on AnalysisRuns and Experiments:
   * they are offered on their own.
   */
  summarized: boolean;
  /** Summaries leave it out entirely (suspend on a suspended canary: unsuspend is listed instead). */
  hiddenFor?(obj: unknown): boolean;
  /** Why a summary does not offer it although its plan would send something (resume at a pause step). */
  notOffered?(obj: unknown): string | undefined;
  cli?: CliEntry;
}

const suspended = (canary: unknown) => asObject(asObject(canary).spec).suspend === true;

function revisionArg(flags: Readonly<Record<string, string | boolean>>): { args?: ActionArgs } | string {
  const v = flags['to-revision'];
  if (v === undefined) return {};
  if (typeof v !== 'string' || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) return `--to-revision needs a revision number (0: the previous one), not '${String(v)}'`;
  return { args: { revision: Number(v) } };
}

const CATALOGUE: readonly ActionDef[] = [
  {
    id: 'promote',
    engine: 'argo',
    kinds: ['Rollout'],
    title: 'Promote',
    command: 'rolloutLens.promote',
    specChange: false,
    summarized: true,
    plan: ({ obj }) => promotePlan(obj),
    cli: {
      name: 'promote',
      summary: 'Promote a paused Argo Rollout to its next step (--full: to the end)',
      done: 'Promoted',
      flags: [{ name: 'full', takesValue: false, help: 'skip every remaining step, pause and analysis' }],
      args: (f) => (f.full ? { action: 'promote-full' } : {}),
    },
  },
  { id: 'promote-full', engine: 'argo', kinds: ['Rollout'], title: 'Promote full', command: 'rolloutLens.promoteFull', specChange: false, summarized: true, plan: ({ obj }) => promoteFullPlan(obj) },
  {
    id: 'resume',
    engine: 'argo',
    kinds: ['Rollout'],
    title: 'Resume',
    command: 'rolloutLens.resume',
    specChange: false,
    summarized: true,
    plan: ({ obj }) => resumePlan(obj),
    // At a pause step it is the same request as Promote, so only a manual pause offers it.
    notOffered: (obj) => (asBool(rolloutSpec(obj).paused) ? undefined : 'Paused at a step: Promote continues it (Resume only clears a manual pause).'),
    cli: { name: 'resume', summary: 'Resume a paused Argo Rollout without skipping a step', done: 'Resumed', flags: [] },
  },
  {
    id: 'pause',
    engine: 'argo',
    kinds: ['Rollout'],
    title: 'Pause',
    command: 'rolloutLens.pause',
    specChange: false,
    summarized: true,
    plan: ({ obj }) => pausePlan(obj),
    cli: { name: 'pause', summary: 'Pause an Argo Rollout (spec.paused)', done: 'Paused', flags: [] },
  },
  {
    id: 'abort',
    engine: 'argo',
    kinds: ['Rollout'],
    title: 'Abort',
    command: 'rolloutLens.abort',
    specChange: false,
    summarized: true,
    plan: ({ obj }) => abortPlan(obj),
    cli: { name: 'abort', summary: 'Abort the update of an Argo Rollout (back to stable)', done: 'Aborted', flags: [] },
  },
  {
    id: 'retry',
    engine: 'argo',
    kinds: ['Rollout'],
    title: 'Retry',
    command: 'rolloutLens.retry',
    specChange: false,
    summarized: true,
    plan: ({ obj }) => retryPlan(obj),
    cli: { name: 'retry', summary: 'Retry an aborted Argo Rollout', done: 'Retried', flags: [] },
  },
  {
    id: 'restart',
    engine: 'argo',
    kinds: ['Rollout'],
    title: 'Restart',
    command: 'rolloutLens.restart',
    specChange: false,
    summarized: true,
    asks: 'delay',
    plan: ({ obj, now, delay }) => restartPlan(obj, now, delay),
    cli: {
      name: 'restart',
      summary: "Restart an Argo Rollout's pods (now or --in DURATION)",
      done: 'Restarted',
      flags: [{ name: 'in', takesValue: true, value: 'DURATION', help: 'restart after a Go duration (30s, 5m, 1h30m)' }],
      args: (f) => ({ args: { delay: typeof f.in === 'string' ? f.in : undefined } }),
    },
  },
  {
    id: 'undo',
    engine: 'argo',
    kinds: ['Rollout'],
    title: 'Undo',
    command: 'rolloutLens.undo',
    specChange: true,
    summarized: false,
    needs: 'replicaSets',
    asks: 'revision',
    plan: ({ obj, replicaSets, revision }) => undoPlan(obj, replicaSets ?? [], revision ?? 0),
    cli: {
      name: 'undo',
      summary: 'Roll an Argo Rollout back to its previous (or --to-revision) pod template',
      done: 'Undid',
      flags: [{ name: 'to-revision', takesValue: true, value: 'N', help: 'the revision to go back to (default 0: the previous one)' }],
      args: revisionArg,
    },
  },
  {
    id: 'set-image',
    engine: 'argo',
    kinds: ['Rollout'],
    title: 'Set image',
    command: 'rolloutLens.setImage',
    specChange: true,
    summarized: false,
    needs: 'workload',
    asks: 'image',
    plan: ({ obj, container, image, workload }) => setImagePlan(obj, container, image, workload),
    cli: {
      name: 'set',
      word: 'image',
      summary: "Set the image of an Argo Rollout's container (set image NAME CONTAINER=IMAGE; '*' for every container)",
      done: 'Set the image of',
      flags: [],
      operand: { value: 'CONTAINER=IMAGE', parse: parseContainerImage },
    },
  },
  {
    id: 'approve',
    engine: 'flagger',
    kinds: ['Canary'],
    title: 'Approve',
    command: 'rolloutLens.approve',
    specChange: false,
    summarized: true,
    plan: ({ obj }) => approvePlan(obj),
    cli: { name: 'approve', summary: "Open a Flagger canary's loadtester gate", done: 'Approved', flags: [] },
  },
  {
    id: 'gate-close',
    engine: 'flagger',
    kinds: ['Canary'],
    title: 'Close gate',
    command: 'rolloutLens.closeGate',
    specChange: false,
    summarized: true,
    plan: ({ obj }) => closeGatePlan(obj),
    cli: { name: 'gate-close', summary: "Close a Flagger canary's loadtester gate", done: 'Closed the gate of', flags: [] },
  },
  {
    id: 'rollback',
    engine: 'flagger',
    kinds: ['Canary'],
    title: 'Roll back',
    command: 'rolloutLens.rollback',
    specChange: false,
    summarized: true,
    plan: ({ obj }) => rollbackPlan(obj),
    cli: { name: 'rollback', summary: "Open a Flagger canary's rollback gate", done: 'Rolled back', flags: [] },
  },
  { id: 'skip-analysis', engine: 'flagger', kinds: ['Canary'], title: 'Skip analysis', command: 'rolloutLens.skipAnalysis', specChange: true, summarized: true, plan: ({ obj }) => skipAnalysisPlan(obj, true) },
  { id: 'suspend', engine: 'flagger', kinds: ['Canary'], title: 'Suspend', command: 'rolloutLens.suspend', specChange: true, summarized: true, hiddenFor: suspended, plan: ({ obj }) => suspendPlan(obj, true) },
  { id: 'unsuspend', engine: 'flagger', kinds: ['Canary'], title: 'Unsuspend', command: 'rolloutLens.unsuspend', specChange: true, summarized: true, hiddenFor: (o) => !suspended(o), plan: ({ obj }) => suspendPlan(obj, false) },
  {
    id: 'terminate',
    engine: 'argo',
    kinds: ['AnalysisRun', 'Experiment'],
    title: 'Terminate',
    command: 'rolloutLens.terminate',
    specChange: false,
    summarized: false,
    plan: ({ obj, kind }) => terminatePlan(obj, kind === 'Experiment' ? 'Experiment' : 'AnalysisRun'),
    cli: {
      name: 'terminate',
      summary: 'Terminate a running AnalysisRun or Experiment',
      done: 'Terminated',
      flags: [],
      kindWords: { analysisrun: 'AnalysisRun', analysisruns: 'AnalysisRun', ar: 'AnalysisRun', experiment: 'Experiment', experiments: 'Experiment', exp: 'Experiment' },
    },
  },
  { id: 'retry-experiment', engine: 'argo', kinds: ['Experiment'], title: 'Retry experiment', command: 'rolloutLens.retryExperiment', specChange: false, summarized: false, plan: ({ obj }) => retryExperimentPlan(obj) },
];

export const ACTIONS: readonly ActionDef[] = CATALOGUE;

export function actionDef(id: ActionId): ActionDef {
  const def = CATALOGUE.find((a) => a.id === id);
  if (!def) throw new ActionError(`unknown action ${id}`);
  return def;
}

/** The definition behind a VS Code command id. */
export function actionByCommand(command: string): ActionDef | undefined {
  return CATALOGUE.find((a) => a.command === command);
}

export const ACTION_TITLES: Readonly<Record<ActionId, string>> = Object.fromEntries(CATALOGUE.map((a) => [a.id, a.title])) as Record<ActionId, string>;

/** The actions with a `rollout-lens` subcommand, in catalogue order. */
export function cliActions(): (ActionDef & { cli: CliEntry })[] {
  return CATALOGUE.filter((a): a is ActionDef & { cli: CliEntry } => a.cli !== undefined);
}

/** The actions summaries leave out for a kind (undo on a Rollout): menus offer them on every object of the kind. */
export function unsummarizedFor(kind: ActionKind): ActionDef[] {
  return CATALOGUE.filter((a) => !a.summarized && a.kinds.includes(kind));
}

/** Whether a plan is a Flagger gate plan (sent through the service proxy) rather than patches. */
export function isGatePlan(plan: ActionPlan | GatePlan): plan is GatePlan {
  return 'canary' in plan;
}
