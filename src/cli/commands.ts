/**
 * The registry of `rollout-lens` subcommands; each lives in its own module under src/cli/.
 *
 * `lint` is bundled into dist/cli.js itself. The cluster commands (./clusterCommands: `status` and
 * the actions, which need @kubernetes/client-node) are bundled apart as dist/cliCluster.js and
 * required only when one of them runs or the full list is shown, so linting starts as fast as the
 * validation engine allows. scripts/build.mjs maps the `require('./clusterCommands')` below to
 * `require('./cliCluster.js')`; from source (tsx) it loads the TypeScript module directly.
 */
import type { CliCommand } from './command';
import { LINT_COMMAND } from './lint';

type ClusterCommandsModule = typeof import('./clusterCommands');

let clusterModule: ClusterCommandsModule | undefined;

function clusterCommands(): CliCommand[] {
  clusterModule ??= require('./clusterCommands') as ClusterCommandsModule;
  return clusterModule.CLUSTER_COMMANDS;
}

/** Every subcommand, in the order `rollout-lens --help` lists them (loads the cluster commands). */
export function allCommands(): CliCommand[] {
  return [LINT_COMMAND, ...clusterCommands()];
}

/** The subcommand called `name`; the cluster commands are loaded only when it is not `lint`. */
export function findCommand(name: string): CliCommand | undefined {
  if (name === LINT_COMMAND.name) return LINT_COMMAND;
  return clusterCommands().find((c) => c.name === name);
}
