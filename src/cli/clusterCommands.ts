/**
 * The subcommands that talk to a cluster (`status` and the actions), the entry point of the
 * separately bundled dist/cliCluster.js. Only these pay for @kubernetes/client-node: src/cli/commands.ts
 * requires this module on first use, so `rollout-lens lint` never loads it.
 */
import type { CliCommand } from './command';
import { STATUS_COMMAND } from './status';
import { ACTION_COMMANDS } from './actions';

export const CLUSTER_COMMANDS: CliCommand[] = [STATUS_COMMAND, ...ACTION_COMMANDS];

/** For `lint --schema-from-context`, which requires this module only when the flag is given. */
export { readContextSchemas } from './contextSchemas';
